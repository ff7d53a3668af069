"""Subscriptions, red lines, outbox delivery, digests, feeds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.models import Answer

if TYPE_CHECKING:
    from bot.commands import CommandContext


def subscribe(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def unsubscribe(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def subscriptions(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def redline(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def digest(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError


def feeds(ctx: CommandContext, text: str) -> Answer:
    raise NotImplementedError
