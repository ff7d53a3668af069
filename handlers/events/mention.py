"""@Quotedesk <question> in a channel: answered in a thread as a /quote search."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.commands import help_answer, run_command
from bot.render import to_message
from folding import fold
from handlers import command_context, services

FILLER_FILE = "mention_filler.json"
_MENTION = re.compile(r"<[@#!][^>]*>")
_TOKEN = re.compile(r"\"[^\"]+\"|«[^»]+»|\S+")
_EDGE_PUNCT = "?!.,;:()[]…"


@lru_cache(maxsize=8)
def load_filler(path: Path) -> frozenset[str]:
    """Folded filler words from a seeds file (``{"words": [...]}``); empty if missing."""
    try:
        words = json.loads(path.read_text(encoding="utf-8")).get("words", [])
    except (OSError, ValueError):
        return frozenset()
    return frozenset(fold(word.strip()) for word in words if word.strip())


def question_to_query(text: str, filler: frozenset[str]) -> str:
    """"<@U1> what did Lavrov say about troops?" → "Lavrov troops" (quoted phrases kept)."""
    text = _MENTION.sub(" ", text)
    kept: list[str] = []
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
        if token[0] in "\"«":
            kept.append(token)
            continue
        word = token.strip(_EDGE_PUNCT)
        if not word:
            continue
        folded = fold(word)
        elided = folded.split("'", 1)[1] if "'" in folded[:3] else folded
        if _name_particle(word, tokens[index + 1 : index + 2]):
            kept.append(word)  # 'Le' of Le Maire, 'De' of De Croo
            continue
        if folded in filler or elided in filler or not elided:
            continue
        kept.append(word if folded == elided else word[len(word) - len(elided):])
    return " ".join(kept)


def _name_particle(word: str, following: list[str]) -> bool:
    """A capitalised particle opening a surname ('Le Maire', 'De Croo', 'La Fontaine')."""
    return (
        fold(word) in {"le", "la", "de", "du", "des", "van", "von", "al", "el", "ben"}
        and word[:1].isupper()
        and bool(following)
        and following[0][:1].isupper()
    )


def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    settings = services(context).settings
    query = question_to_query(str(event.get("text") or ""),
                              load_filler(settings.seeds_dir / FILLER_FILE))
    channel = str(event.get("channel") or "")
    ctx = command_context(context, user_id=event.get("user"), channel_id=channel)
    answer = run_command(ctx, "/quote", query) if query else help_answer("/quote")
    client.chat_postMessage(
        channel=channel,
        thread_ts=event.get("thread_ts") or event.get("ts"),
        unfurl_links=False,
        unfurl_media=False,
        **to_message(answer, interactive=False),
    )
