"""Slash commands: every command of bot.dispatch.COMMANDS, registered generically."""

from __future__ import annotations

from slack_bolt import App

from bot.dispatch import COMMANDS
from handlers.slash.listener import handle_slash_command


def register(app: App) -> None:
    for name in COMMANDS:
        app.command(name)(handle_slash_command)
