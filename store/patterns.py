"""Alert patterns → FTS5 expressions over ``statements_fts.text_terms``, and their anchors.

A compiled pattern is an FTS5 expression (column-filtered, every term quoted) plus the index
terms (anchors) any matching statement contains: red-line sets and keyword subscriptions are
found through ``alert_anchors`` by the terms of a new article, never by a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from store.terms import index_terms

_QUOTED = re.compile(r"[\"«“]([^\"»”]+)[\"»”]")


@dataclass(frozen=True)
class Compiled:
    """An FTS5 expression (always column-filtered, every term quoted) and its anchor terms."""

    expr: str
    anchors: tuple[str, ...]


def phrase(stems: list[str]) -> str:
    return '"' + " ".join(s.replace('"', "") for s in stems) + '"'


def compile_pattern(pattern: str, *, as_phrase: bool = False) -> Compiled:
    """One pattern → an expression over folded stems.

    Bare words must all occur in the statement (AND); a quoted part ("mer d'Azov") must occur
    as a phrase. ``as_phrase`` treats the whole pattern as one phrase (keyword subscriptions).
    Raises ValueError when the pattern has no word.
    """
    units: list[list[str]] = []
    if as_phrase:
        stems = index_terms(pattern).split()
        if stems:
            units.append(stems)
    else:
        for quoted in _QUOTED.findall(pattern):
            stems = index_terms(quoted).split()
            if stems:
                units.append(stems)
        for word in index_terms(_QUOTED.sub(" ", pattern)).split():
            units.append([word])
    if not units:
        raise ValueError(f"the pattern {pattern!r} has no word to look for")
    anchor = max((s for unit in units for s in unit), key=len)
    expr = " AND ".join(phrase(unit) for unit in units)
    return Compiled(f"({expr})", (anchor,))


def compile_any(options: list[Compiled]) -> Compiled:
    """Any of several compiled expressions (OR), with all their anchors."""
    if not options:
        raise ValueError("no pattern given")
    exprs = list(dict.fromkeys(o.expr for o in options))
    anchors = tuple(dict.fromkeys(a for o in options for a in o.anchors))
    return Compiled(" OR ".join(exprs), anchors)


def column_expr(expr: str) -> str:
    return "{text_terms} : (" + expr + ")"


def set_anchors(
    db: sqlite_utils.Database, kind: str, target_id: int, anchors: tuple[str, ...]
) -> None:
    db.execute(
        "DELETE FROM alert_anchors WHERE target_kind = ? AND target_id = ?", [kind, target_id]
    )
    for term in anchors:
        db.execute(
            "INSERT OR IGNORE INTO alert_anchors (term, target_kind, target_id) VALUES (?, ?, ?)",
            [term, kind, target_id],
        )
