"""A safe FTS5 MATCH expression builder: user text never reaches MATCH raw.

Every alternative is reduced to index terms (``[^\\W_]+`` word stems, see store.terms) and
written as an FTS5 string (double quotes, inner quotes doubled), so operators (``AND``,
``NEAR(``, ``*``, ``-``, ``^``, ``:``) typed by a user are only ever searched as words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from bot.search.expand import TopicGroup, expand_words
from bot.search.query import parse_query

#: The statements_fts columns a topic is matched in (stems of the words, context, title).
STATEMENT_TERM_COLUMNS = ("text_terms", "context_terms", "title_terms")
_WORD_TOKEN = re.compile(r"[^\W_]+")
_COLUMN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fts_string(text: str) -> str:
    """``text`` as one FTS5 string token (a phrase when it holds several words)."""
    return '"' + text.replace('"', '""') + '"'


def _alternative(terms: str) -> str | None:
    # Keep only word tokens, so a caller passing raw text cannot smuggle syntax either.
    clean = " ".join(_WORD_TOKEN.findall(terms))
    return fts_string(clean) if clean else None


def build_match(
    groups: Sequence[TopicGroup | Sequence[str]],
    mode: Literal["all", "any"] = "all",
    columns: Iterable[str] | None = STATEMENT_TERM_COLUMNS,
) -> str | None:
    """An FTS5 MATCH expression: every group (``all``) or any (``any``) must match.

    A group is a :class:`TopicGroup` or a list of alternatives; each alternative is an
    index-term string (``"lign roug"`` → the phrase ``"lign roug"``). ``columns`` restricts
    each group to those FTS columns. Returns None when nothing searchable is left.
    """
    parts: list[str] = []
    for group in groups:
        alternatives = group.alternatives if isinstance(group, TopicGroup) else group
        quoted = [q for q in (_alternative(a) for a in alternatives) if q]
        quoted = list(dict.fromkeys(quoted))
        if not quoted:
            continue
        inner = quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
        if columns:
            names = [c for c in columns if _COLUMN_NAME.match(c)]
            inner = "{" + " ".join(names) + "} : " + inner
        parts.append(inner)
    if not parts:
        return None
    joiner = " AND " if mode == "all" else " OR "
    return joiner.join(parts)


def topic_match(
    text: str,
    mode: Literal["all", "any"] = "all",
    columns: Iterable[str] | None = STATEMENT_TERM_COLUMNS,
) -> str | None:
    """Topic text (words, "quoted phrases") → an EN⇄FR expanded, safe MATCH expression.

    For alert keywords too: ``topic_match('"mer d\\'Azov"')``. None if nothing searchable.
    """
    parsed = parse_query(text)
    return build_match(expand_words(parsed.words, parsed.phrases), mode, columns)
