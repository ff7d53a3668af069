"""One listener for every slash command: ack, run the command, answer privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.dispatch import run_command
from bot.render.answers import to_message
from handlers import command_context


def handle_slash_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    ack()
    ctx = command_context(
        context, user_id=command.get("user_id"), channel_id=command.get("channel_id")
    )
    answer = run_command(ctx, str(command.get("command") or ""), str(command.get("text") or ""))
    respond(response_type="ephemeral", **to_message(answer))
