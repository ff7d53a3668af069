"""Red-line flags: threats, red lines, "unacceptable" — rules from seeds/redline_lexicon.json."""

from __future__ import annotations

from bot.nlp.lexicons import RedLineRule
from bot.nlp.text import fold

_QUOTES = str.maketrans({ch: " " for ch in '"«»“”„'})


def red_line_rule(text: str, rules: list[RedLineRule]) -> str | None:
    """Name of the first rule whose pattern matches ``text`` (accent-folded), else None."""
    folded = " ".join(fold(text).translate(_QUOTES).split())
    for rule in rules:
        if any(pattern.search(folded) for pattern in rule.patterns):
            return rule.name
    return None
