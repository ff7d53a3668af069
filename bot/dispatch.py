"""The command registry and dispatcher shared by Slack handlers, `ask` and `console`.

Each slash command maps to one function ``(ctx, text) -> Answer`` in bot.search, bot.alerts
or bot.feeds; alert buttons are answered here too (``alert_open`` re-runs a command).
:func:`run_command` and :func:`handle_alert_action` never raise: bad input gets a polite
message.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from bot import alerts, search
from bot.context import CommandContext, CommandHandler
from bot.feeds import feeds_command
from bot.models import Answer

logger = logging.getLogger(__name__)

MAX_COMMAND_CHARS = 4000


@dataclass(frozen=True)
class CommandSpec:
    name: str  # "/quote"
    description: str
    usage_hint: str
    examples: tuple[str, ...]


COMMANDS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec(
            "/quote",
            "Find what someone said about a topic, newest and most relevant first",
            "[actor] topic [since:YYYY-MM] [until:YYYY-MM-DD] [source:x] [kind:direct]",
            ('/quote Peskov truce', '/quote Lavrov "ligne rouge" since:2022-01'),
        ),
        CommandSpec(
            "/who",
            "Who said something about a topic, grouped by speaker",
            "topic",
            ("/who truce", "/who ligne rouge"),
        ),
        CommandSpec(
            "/timeline",
            "An actor's statements over time",
            "actor [topic]",
            ("/timeline Lavrov", "/timeline Peskov Trump"),
        ),
        CommandSpec(
            "/actors",
            "Known actors, their aliases and statement counts",
            "[prefix]",
            ("/actors", "/actors Pes"),
        ),
        CommandSpec(
            "/subscribe",
            "Alert this channel about an actor, a red line or a keyword",
            'actor | redline <name> | redlines | keyword "phrase" [only:direct]',
            ("/subscribe Peskov", "/subscribe redlines", '/subscribe keyword "mer d\'Azov"'),
        ),
        CommandSpec(
            "/unsubscribe",
            "Stop an alert subscription in this channel",
            'actor | redline <name> | redlines | keyword "phrase"',
            ("/unsubscribe Peskov", "/unsubscribe redlines"),
        ),
        CommandSpec(
            "/subscriptions",
            "List this channel's alert subscriptions",
            "",
            ("/subscriptions",),
        ),
        CommandSpec(
            "/redline",
            "Manage tracked red lines (named sets of patterns)",
            "add <name> <pattern>; <pattern>… | list | remove <name> | test <name>",
            ("/redline list", "/redline add azov-weapons armes offensives; mer d'Azov"),
        ),
        CommandSpec(
            "/digest",
            "This channel's daily digest",
            "at HH:MM [Area/City] | now | off",
            ("/digest at 08:00 Europe/Paris", "/digest now", "/digest off"),
        ),
        CommandSpec(
            "/feeds",
            "RSS/Atom feeds polled for new articles",
            "add <url> | list | remove <url>",
            ("/feeds add https://example.org/rss.xml", "/feeds list"),
        ),
    )
}


def help_answer(command: str) -> Answer:
    spec = COMMANDS.get(command)
    if spec is None:
        names = ", ".join(sorted(COMMANDS))
        return Answer(command, "", message=f"Unknown command {command}. Try one of: {names}.")
    examples = "\n".join(f"• `{e}`" for e in spec.examples)
    usage = f"`{spec.name} {spec.usage_hint}`".replace(" `", "`")
    return Answer(
        command,
        "help",
        title=f"{spec.name} — help",
        message=f"{spec.description}.\nUsage: {usage}\nExamples:\n{examples}",
    )


HANDLERS: dict[str, CommandHandler] = {
    "/quote": search.quote,
    "/who": search.who,
    "/timeline": search.timeline,
    "/actors": search.actors,
    "/subscribe": alerts.subscribe,
    "/unsubscribe": alerts.unsubscribe,
    "/subscriptions": alerts.subscriptions,
    "/redline": alerts.redline,
    "/digest": alerts.digest,
    "/feeds": feeds_command,
}


def run_command(ctx: CommandContext, command: str, text: str) -> Answer:
    """Answer one slash command. Never raises; errors become a polite message."""
    command = command.strip().lower()
    if not command.startswith("/"):
        command = "/" + command
    text = (text or "").strip()
    handler = HANDLERS.get(command)
    if handler is None:
        return help_answer(command)
    if text.lower() in {"help", "aide", "?"} or (not text and command in _NEEDS_ARGS):
        return help_answer(command)
    if len(text) > MAX_COMMAND_CHARS:
        return Answer(
            command,
            text[:80],
            message=f"That query is too long ({len(text)} characters); "
            f"please keep it under {MAX_COMMAND_CHARS}.",
            is_error=True,
        )
    try:
        return handler(ctx, text)
    except Exception:
        logger.exception("command %s %r failed", command, text[:200])
        return Answer(
            command,
            text,
            message="Sorry, something went wrong while answering that. "
            "The team has been notified; please try again or rephrase.",
            is_error=True,
        )


_NEEDS_ARGS = {"/quote", "/who", "/timeline", "/subscribe", "/unsubscribe", "/redline"}


def parse_slash(line: str) -> tuple[str, str]:
    """Split ``"/quote Peskov truce"`` into ``("/quote", "Peskov truce")``."""
    line = line.strip()
    if not line:
        return "", ""
    head, _, rest = line.partition(" ")
    if not head.startswith("/"):
        return "/quote", line
    return head.lower(), rest.strip()


OPEN_COMMANDS = {"/quote", "/timeline", "/who"}  # what an alert's "open" button may run


def handle_alert_action(ctx: CommandContext, action_id: str, value: str) -> Answer:
    """Answer a click on an alert button (action ids start with ``alert_``)."""
    try:
        data: Any = json.loads(value or "{}")
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    if action_id == "alert_open":
        command = str(data.get("command") or "/quote")
        if command not in OPEN_COMMANDS:
            command = "/quote"
        return run_command(ctx, command, str(data.get("text") or ""))
    if action_id.startswith("alert_mute"):
        return alerts.mute_from_button(ctx, action_id, data)
    return Answer("alert", action_id, message="Sorry, I don't know that button.", is_error=True)
