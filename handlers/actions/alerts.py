"""Buttons on alert and digest messages (action ids ``alert_…``): open the query, mute."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.dispatch import handle_alert_action
from bot.render.answers import to_message
from handlers import command_context

ALERT_ACTIONS = re.compile(r"^alert_")


def handle_alert_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
    context: BoltContext,
) -> None:
    ack()
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    ctx = command_context(context, user_id=(body.get("user") or {}).get("id"),
                          channel_id=channel)
    answer = handle_alert_action(ctx, str(action.get("action_id") or ""),
                                 str(action.get("value") or ""))
    respond(response_type="ephemeral", replace_original=False, **to_message(answer))
