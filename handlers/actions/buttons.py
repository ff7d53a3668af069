""""More" re-runs the same command from the next cursor; "Share" re-posts it visibly."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dispatch import run_command
from bot.render.answers import ActionValue, to_message
from handlers import command_context

logger = logging.getLogger(__name__)

CANNOT_POST = {
    "not_in_channel": "I am not a member of this channel. Invite me with "
    "`/invite @Quotedesk`, then press *Share in channel* again.",
    "channel_not_found": "I cannot see this channel (a private channel or a conversation "
    "I am not part of). Invite me with `/invite @Quotedesk`, then try again.",
    "is_archived": "This channel is archived, so I cannot post in it.",
    "restricted_action": "This workspace does not let me post in this channel.",
    "msg_too_long": "That answer is too long to share; narrow the search and try again.",
}


def _button(body: dict[str, Any]) -> tuple[ActionValue | None, str | None, str | None]:
    """(value, user id, channel id) of the pressed button."""
    actions = body.get("actions") or [{}]
    try:
        value: ActionValue | None = ActionValue.decode(str(actions[0].get("value") or ""))
    except ValueError:
        value = None
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return value, user, channel


def _stale(respond: Respond) -> None:
    respond(
        response_type="ephemeral",
        replace_original=False,
        text="Sorry, that button no longer works. Please run the command again.",
    )


def handle_more(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    value, user, channel = _button(body)
    if value is None:
        _stale(respond)
        return
    ctx = command_context(context, user_id=user, channel_id=channel, cursor=value.cursor)
    answer = run_command(ctx, value.command, value.query)
    respond(response_type="ephemeral", replace_original=False,
            **to_message(answer, cursor=value.cursor))


def handle_share(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    ack()
    value, user, channel = _button(body)
    if value is None or channel is None:
        _stale(respond)
        return
    ctx = command_context(context, user_id=user, channel_id=channel, cursor=value.cursor)
    answer = run_command(ctx, value.command, value.query)
    message = to_message(answer, cursor=value.cursor, shared_by=user, interactive=False)
    try:
        client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False,
                                **message)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "")
        if error not in CANNOT_POST:
            raise
        logger.info("share refused in %s: %s", channel, error)
        respond(response_type="ephemeral", replace_original=False, text=CANNOT_POST[error])
        return
    respond(delete_original=True)
