"""Red-line sets: named lists of patterns a workspace tracks (built-in ones are visible to
every workspace), their compiled expressions, and the statements they match.

A built-in set may have no pattern: it then stands for the extraction flag's kind of the
same name (``statements.red_line_kind``: threat, ultimatum…).
"""

from __future__ import annotations

import json
from typing import TypedDict

import sqlite_utils

from store.errors import NotFound
from store.params import ids_json, now_iso
from store.patterns import Compiled, column_expr, compile_any, phrase, set_anchors

BUILTIN_TEAM = ""  # team_id of built-in red lines (visible to every workspace)


class RedLineSet(TypedDict):
    """A red-line set as listed: built-in ones first, then the workspace's own."""

    id: int
    name: str
    description: str
    builtin: bool
    created_by: str | None
    created_at: str
    patterns: list[str]


class FoundRedLineSet(RedLineSet):
    """One set looked up by name: also whose it is and its compiled expression."""

    team_id: str
    expr: str


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    """A value of ``alert_meta`` (the fingerprint of the built-in sets last loaded)."""
    row = db.execute("SELECT value FROM alert_meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO alert_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def compile_groups(groups: list[list[str]]) -> Compiled:
    """A built-in set's already-stemmed groups → an expression: every group must match (AND),
    through any one of its alternatives (OR); an alternative of several stems is a phrase.

    The anchors are the longest stem of each alternative of the smallest group: any statement
    that matches contains at least one of them.
    """
    cleaned = [
        [alt for alt in dict.fromkeys(" ".join(a.split()) for a in group) if alt]
        for group in groups
    ]
    cleaned = [group for group in cleaned if group]
    if not cleaned:
        raise ValueError("nothing to look for")
    parts = []
    for group in cleaned:
        alternatives = " OR ".join(phrase(alt.split()) for alt in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    smallest = min(cleaned, key=len)
    anchors = tuple(dict.fromkeys(max(alt.split(), key=len) for alt in smallest))
    return Compiled("(" + " AND ".join(parts) + ")", anchors)


def save_redline(
    db: sqlite_utils.Database,
    team_id: str,
    name: str,
    patterns: list[tuple[str, Compiled]],
    *,
    description: str = "",
    builtin: bool = False,
    created_by: str | None = None,
) -> int:
    """Create or replace a red line and its (pattern, compiled) pairs; caller owns the
    transaction. Returns the red line's id.

    A built-in red line may have no pattern: it then stands for the extraction flag's kind of
    the same name (``statements.red_line_kind``: threat, ultimatum…) and matches only by it.
    """
    if not patterns and not builtin:
        raise ValueError("a red line needs at least one pattern")
    rows = [(pattern, compiled.expr) for pattern, compiled in patterns]
    whole = compile_any([c for _, c in patterns]) if patterns else Compiled("", ())
    existing = db.execute(
        "SELECT id FROM alert_redlines WHERE team_id = ? AND name = ?", [team_id, name]
    ).fetchone()
    if existing is None:
        cursor = db.execute(
            "INSERT INTO alert_redlines (team_id, name, description, builtin, expr, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [team_id, name, description, int(builtin), whole.expr, created_by, now_iso()],
        )
        redline_id = int(cursor.lastrowid or 0)
    else:
        redline_id = int(existing[0])
        db.execute(
            "UPDATE alert_redlines SET description = ?, expr = ?, builtin = ? WHERE id = ?",
            [description, whole.expr, int(builtin), redline_id],
        )
        db.execute("DELETE FROM alert_redline_patterns WHERE redline_id = ?", [redline_id])
    for pattern, expr in rows:
        db.execute(
            "INSERT INTO alert_redline_patterns (redline_id, pattern, expr) VALUES (?, ?, ?)",
            [redline_id, pattern, expr],
        )
    set_anchors(db, "redline", redline_id, whole.anchors)
    return redline_id


def find_redline(db: sqlite_utils.Database, team_id: str, name: str) -> FoundRedLineSet | None:
    """The team's own red line called ``name``, else the built-in one."""
    row = db.execute(
        """
        SELECT id, team_id, name, description, builtin, expr, created_by, created_at
        FROM alert_redlines WHERE name = ? AND team_id IN (?, ?)
        ORDER BY team_id = ? DESC LIMIT 1
        """,
        [name, team_id, BUILTIN_TEAM, BUILTIN_TEAM],
    ).fetchone()
    if row is None:
        return None
    patterns = [
        str(r[0])
        for r in db.execute(
            "SELECT pattern FROM alert_redline_patterns WHERE redline_id = ? ORDER BY id",
            [row[0]],
        ).fetchall()
    ]
    return FoundRedLineSet(
        id=int(row[0]), team_id=row[1], name=row[2], description=row[3], builtin=bool(row[4]),
        expr=row[5], created_by=row[6], created_at=row[7], patterns=patterns,
    )


def list_redlines(db: sqlite_utils.Database, team_id: str) -> list[RedLineSet]:
    """Built-in red lines and the team's own, with their patterns."""
    rows = db.execute(
        """
        SELECT r.id, r.name, r.description, r.builtin, r.created_by, r.created_at,
               (SELECT json_group_array(pattern) FROM
                   (SELECT pattern FROM alert_redline_patterns p
                    WHERE p.redline_id = r.id ORDER BY p.id))
        FROM alert_redlines r WHERE r.team_id IN (?, ?)
        ORDER BY r.builtin DESC, r.name
        """,
        [team_id, BUILTIN_TEAM],
    ).fetchall()
    return [
        RedLineSet(
            id=int(r[0]), name=r[1], description=r[2], builtin=bool(r[3]), created_by=r[4],
            created_at=r[5], patterns=json.loads(r[6] or "[]"),
        )
        for r in rows
    ]


def remove_redline(db: sqlite_utils.Database, team_id: str, name: str) -> int:
    """Delete the team's own red line (and its subscriptions). Returns subscriptions removed.

    Raises NotFound if the team has no such red line, ValueError for a built-in one.
    """
    row = db.execute(
        "SELECT id FROM alert_redlines WHERE team_id = ? AND name = ?", [team_id, name]
    ).fetchone()
    if row is None:
        if find_redline(db, team_id, name) is not None:
            raise ValueError(f"{name} is a built-in red line; it cannot be removed")
        raise NotFound(name)
    redline_id = int(row[0])
    with db.atomic():
        removed = db.execute(
            "DELETE FROM alert_subscriptions WHERE team_id = ? AND kind = 'redline'"
            " AND redline_id = ?",
            [team_id, redline_id],
        ).rowcount
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'redline' AND target_id = ?",
            [redline_id],
        )
        db.execute("DELETE FROM alert_redlines WHERE id = ?", [redline_id])
    return int(removed)


def remove_stale_builtins(db: sqlite_utils.Database, keep: set[str]) -> int:
    """Delete built-in red lines no longer defined (caller owns the transaction), except those
    a channel still subscribes to. Returns how many were removed."""
    rows = db.execute(
        "SELECT id, name FROM alert_redlines r WHERE team_id = ? AND builtin = 1 AND NOT EXISTS"
        " (SELECT 1 FROM alert_subscriptions s WHERE s.redline_id = r.id)",
        [BUILTIN_TEAM],
    ).fetchall()
    stale = [int(r[0]) for r in rows if r[1] not in keep]
    for redline_id in stale:
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'redline' AND target_id = ?",
            [redline_id],
        )
        db.execute("DELETE FROM alert_redlines WHERE id = ?", [redline_id])
    return len(stale)


def patterns_matching(
    db: sqlite_utils.Database, redline_id: int, statement_ids: list[int]
) -> dict[int, list[str]]:
    """For each of ``statement_ids``, the red line's patterns it matches (in pattern order)."""
    patterns = db.execute(
        "SELECT pattern, expr FROM alert_redline_patterns WHERE redline_id = ? ORDER BY id",
        [redline_id],
    ).fetchall()
    found: dict[int, list[str]] = {sid: [] for sid in statement_ids}
    for pattern, expr in patterns:
        rows = db.execute(
            "SELECT rowid FROM statements_fts WHERE statements_fts MATCH :expr"
            " AND rowid IN (SELECT value FROM json_each(:ids))",
            {"expr": column_expr(str(expr)), "ids": ids_json(statement_ids)},
        ).fetchall()
        for row in rows:
            found[int(row[0])].append(str(pattern))
    return found


def statements_matching(
    db: sqlite_utils.Database, expr: str, kind: str | None = None, limit: int = 10
) -> tuple[int, list[int]]:
    """(total, newest statement ids) matching ``expr`` over the whole corpus, or flagged with
    ``red_line_kind = kind`` by extraction."""
    by_rule = "SELECT id FROM statements WHERE red_line = 1 AND red_line_kind = :rule"
    by_expr = "SELECT rowid FROM statements_fts WHERE statements_fts MATCH :expr"
    if expr and kind:
        sql = f"{by_expr} UNION {by_rule}"
    elif expr:
        sql = by_expr
    elif kind:
        sql = by_rule
    else:
        return 0, []
    rows = db.execute(sql, {"expr": column_expr(expr), "rule": kind}).fetchall()
    ids = sorted((int(r[0]) for r in rows), reverse=True)
    return len(ids), ids[:limit]
