"""Slash commands: every command of bot.commands.COMMANDS, registered generically."""

from __future__ import annotations

from slack_bolt import App

from bot.commands import COMMANDS
from handlers.commands.slash import handle_slash_command


def register(app: App) -> None:
    for name in COMMANDS:
        app.command(name)(handle_slash_command)
