"""Slack listeners only. Each package (commands, actions, events) exposes ``register(app)``.

Listeners are thin: ack → parse → call bot/ → render → respond. They find the services
(bot.services: settings, store…) in the Bolt context (``context["quotedesk"]``, set by a
middleware in bot/app.py).
"""

from __future__ import annotations

from typing import Any

from bot.context import CommandContext
from bot.services import Services

CONTEXT_KEY = "quotedesk"


def services(context: Any) -> Services:
    found = context.get(CONTEXT_KEY)
    if not isinstance(found, Services):
        raise RuntimeError("Quotedesk services missing from the Bolt context")
    return found


def command_context(
    context: Any,
    *,
    user_id: str | None,
    channel_id: str | None,
    cursor: str | None = None,
) -> CommandContext:
    """The bot-side context for one Slack request."""
    return services(context).context(
        team_id=str(context.get("team_id") or context.get("enterprise_id") or "local"),
        channel_id=channel_id or "unknown",
        user_id=user_id or "unknown",
        cursor=cursor,
    )
