"""The App Home tab's content: corpus figures, example commands, and the alerts a user may see.

Which alerts: those of the channels the bot is in that are public, or private with the user
as a member (asked of Slack), so the tab never shows a private channel's alerts to others.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dispatch import COMMANDS
from bot.render.home import home_view
from store import Store
from store.articles import corpus_stats
from store.subscriptions import list_subscriptions

logger = logging.getLogger(__name__)

MAX_CHANNELS = 100


def _is_member(client: WebClient, channel_id: str, user_id: str) -> bool:
    try:
        members = client.conversations_members(channel=channel_id, limit=1000)
    except SlackApiError:
        return False
    return user_id in (members.get("members") or [])


def visible_subscriptions(
    client: WebClient, store: Store, team_id: str, user_id: str
) -> list[tuple[str, str]] | None:
    """Alerts of the channels the bot is in: public ones, and private ones the user is in.

    None when Slack does not let the bot list its channels (e.g. a missing scope).
    """
    try:
        response = client.users_conversations(
            types="public_channel,private_channel", exclude_archived=True, limit=MAX_CHANNELS
        )
    except SlackApiError as exc:
        logger.info("App Home without alerts: %s", exc.response.get("error"))
        return None
    found: list[tuple[str, str]] = []
    for channel in (response.get("channels") or [])[:MAX_CHANNELS]:
        subs = list_subscriptions(store.db, team_id, str(channel["id"]))
        if not subs:
            continue
        if channel.get("is_private") and not _is_member(client, channel["id"], user_id):
            continue
        for sub in subs:
            status = "" if sub["status"] == "active" else f" ({sub['status']})"
            found.append((str(channel["id"]), f"{sub['label']}{status}"))
    return found


def home_tab(client: WebClient, store: Store, team_id: str, user_id: str) -> dict[str, Any]:
    """The Home tab view for ``user_id``."""
    examples = [example for spec in COMMANDS.values() for example in spec.examples[:1]]
    return home_view(corpus_stats(store.db), examples,
                     visible_subscriptions(client, store, team_id, user_id))
