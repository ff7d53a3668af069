"""Parsing a search command's text into words, phrases and filters (pure: no database).

Grammar (whitespace separated; anything else is a plain word)::

    text    := item*
    item    := filter | phrase | word
    filter  := ("since" | "until" | "source" | "kind" | "redline") ":" (value | phrase)
    phrase  := '"' … '"'  |  '«' … '»'  |  '“' … '”'

Nothing a user types is an error except a filter with a bad value (``since:tomorrow``), which
gets a clear message. Quotes that never close, ``*``, ``-``, ``NEAR(``, ``AND``, emoji, SQL…
are ordinary text: words are later reduced to index terms, so no FTS5 syntax survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from folding import fold

FILTER_KEYS = ("since", "until", "source", "kind", "redline")

_OPEN_CLOSE = {'"': '"', "«": "»", "“": "”", "„": "“"}
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?$")
_KINDS = {
    "direct": ("direct",),
    "verbatim": ("direct",),
    "quote": ("direct",),
    "indirect": ("indirect",),
    "reported": ("indirect", "mixed"),
    "mixed": ("mixed",),
}
_YES = {"yes", "y", "true", "1", "oui", "on"}
_NO = {"no", "n", "false", "0", "non", "off"}


@dataclass
class ParsedQuery:
    """What the user asked for, before actor resolution and expansion.

    ``words`` are the free words in order (as typed); ``phrases`` the quoted phrases;
    ``lead`` the words typed before any phrase or filter (where an actor name may sit).
    """

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    source: str | None = None
    kinds: tuple[str, ...] | None = None
    red_line: bool | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return any(
            v is not None for v in (self.since, self.until, self.source, self.kinds, self.red_line)
        )


def normalize_date(value: str) -> str | None:
    """``2025-1`` → ``2025-01``; ``2025/03/15`` → ``2025-03-15``; invalid → None."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not 1000 <= int(year) <= 2999:
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _tokens(text: str) -> list[tuple[str, str]]:
    """Split into ("word", w) and ("phrase", p) tokens; an unclosed quote is just text."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _OPEN_CLOSE:
            close = text.find(_OPEN_CLOSE[ch], i + 1)
            if close > i:
                tokens.append(("phrase", text[i + 1 : close]))
                i = close + 1
                continue
            i += 1  # a lone quote mark: skip it, the rest is words
            continue
        j = i
        while j < n and not text[j].isspace():
            # key:"value with spaces" stays one token
            if text[j] in _OPEN_CLOSE and j > i and text[j - 1] == ":":
                close = text.find(_OPEN_CLOSE[text[j]], j + 1)
                if close > j:
                    j = close + 1
                    continue
            j += 1
        tokens.append(("word", text[i:j]))
        i = j
    return tokens


def _strip_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] in _OPEN_CLOSE and value[-1] == _OPEN_CLOSE[value[0]]:
        return value[1:-1]
    return value


def _apply_filter(query: ParsedQuery, key: str, raw: str) -> None:
    value = _strip_quotes(raw).strip()
    if key in ("since", "until"):
        date = normalize_date(value)
        if date is None:
            query.errors.append(
                f"`{key}:` expects a date like 2025, 2025-01 or 2025-03-15 (got {value[:40]!r})."
            )
        elif key == "since":
            query.since = date
        else:
            query.until = date
    elif key == "source":
        if value:
            query.source = value[:100]
        else:
            query.errors.append("`source:` expects an outlet name, e.g. source:reuters.")
    elif key == "kind":
        kinds = _KINDS.get(fold(value))
        if kinds is None:
            query.errors.append(
                "`kind:` expects direct, indirect, mixed or reported "
                f"(got {value[:40]!r})."
            )
        else:
            query.kinds = kinds
    elif key == "redline":
        folded = fold(value)
        if folded in _YES:
            query.red_line = True
        elif folded in _NO:
            query.red_line = False
        else:
            query.errors.append(f"`redline:` expects yes or no (got {value[:40]!r}).")


def parse_query(text: str) -> ParsedQuery:
    """Parse a /quote, /who or /timeline text. Never raises."""
    query = ParsedQuery()
    in_lead = True
    for kind, value in _tokens(text or ""):
        if kind == "phrase":
            in_lead = False
            if value.strip():
                query.phrases.append(value.strip())
            continue
        key, sep, rest = value.partition(":")
        if sep and fold(key) in FILTER_KEYS and rest:
            in_lead = False
            _apply_filter(query, fold(key), rest)
            continue
        query.words.append(value)
        if in_lead:
            query.lead.append(value)
    if query.since and query.until and query.since > query.until + "~":
        query.errors.append(f"`since:{query.since}` is after `until:{query.until}`.")
    return query
