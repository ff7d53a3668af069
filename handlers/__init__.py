"""Slack listeners only. Each package (commands, actions, events) exposes ``register(app)``.

Listeners are thin: ack → parse → call bot/ → render → respond. They find the store and the
settings in the Bolt context (``context["quotedesk"]``, set by a middleware in bot/app.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.context import CommandContext
from store import Store

CONTEXT_KEY = "quotedesk"


@dataclass(frozen=True)
class Services:
    """What listeners need from the composition root."""

    store: Store
    settings: Settings


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
    found = services(context)
    return CommandContext(
        store=found.store,
        settings=found.settings,
        team_id=str(context.get("team_id") or context.get("enterprise_id") or "local"),
        channel_id=channel_id or "unknown",
        user_id=user_id or "unknown",
        cursor=cursor,
    )
