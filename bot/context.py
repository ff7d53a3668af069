"""What every command answers with: who is asking, where, and with which store and settings.

Below the command modules (bot.search, bot.alerts, bot.feeds) and the registry that
dispatches to them (bot.dispatch), so that none of them imports another to know its type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.models import Answer
from store import Store


@dataclass
class CommandContext:
    """Who is asking, where, and with which store."""

    store: Store
    settings: Settings
    team_id: str = "local"
    channel_id: str = "console"
    user_id: str = "console"
    cursor: str | None = None


CommandHandler = Callable[[CommandContext, str], Answer]
"""One slash command: ``(ctx, text) -> Answer``."""
