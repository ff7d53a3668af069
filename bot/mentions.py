"""@Quotedesk <question>: the question becomes a /quote search (filler words dropped).

The filler words are data (``seeds/mention_filler.json``); quoted phrases and the particles
of surnames ('Le Maire', 'De Croo') are kept.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from bot.context import CommandContext
from bot.dispatch import help_answer, run_command
from bot.models import Answer
from folding import fold

FILLER_FILE = "mention_filler.json"
_MENTION = re.compile(r"<[@#!][^>]*>")
_TOKEN = re.compile(r"\"[^\"]+\"|«[^»]+»|\S+")
_EDGE_PUNCT = "?!.,;:()[]…"
_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "al", "el", "ben"})


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
        fold(word) in _PARTICLES
        and word[:1].isupper()
        and bool(following)
        and following[0][:1].isupper()
    )


def answer_question(ctx: CommandContext, text: str) -> Answer:
    """The /quote answer to a mention's text (the /quote help when nothing is left to ask)."""
    query = question_to_query(text, load_filler(ctx.settings.seeds_dir / FILLER_FILE))
    return run_command(ctx, "/quote", query) if query else help_answer("/quote")
