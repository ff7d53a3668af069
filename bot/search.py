"""/quote, /who, /timeline, /actors: query parsing, actor resolution, EN⇄FR expansion, ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.models import Answer

if TYPE_CHECKING:
    from bot.commands import CommandContext


def quote(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def who(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def timeline(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def actors(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError
