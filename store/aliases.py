"""Actor resolution's alias data: every alias with its actor, and a cheap change marker for
the resolver's cache (bot/search/actors.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class AliasRow:
    actor_id: int
    name: str
    kind: str
    roles: list[dict[str, Any]]
    alias: str


def alias_version(db: sqlite_utils.Database) -> tuple[int, int, int]:
    """Cheap change marker for the alias cache: (max alias id, max actor id, alias count)."""
    row = db.execute(
        "SELECT (SELECT max(id) FROM aliases), (SELECT max(id) FROM actors), "
        "(SELECT count(*) FROM aliases)"
    ).fetchone()
    return (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))


def alias_rows(db: sqlite_utils.Database) -> list[AliasRow]:
    """Every alias with its actor's name, kind and roles."""
    rows = db.execute(
        """
        SELECT a.id, a.name, a.kind, a.roles, al.alias
        FROM aliases al JOIN actors a ON a.id = al.actor_id
        ORDER BY a.id, al.id
        """
    ).fetchall()
    result = []
    for actor_id, name, kind, roles, alias in rows:
        try:
            parsed = json.loads(roles or "[]")
        except ValueError:
            parsed = []
        if not isinstance(parsed, list):
            parsed = []
        result.append(
            AliasRow(int(actor_id), name, kind, [r for r in parsed if isinstance(r, dict)], alias)
        )
    return result
