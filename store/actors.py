"""Actors (people, institutions, countries) and their aliases."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from store.terms import fold


def upsert_actor(
    db: sqlite_utils.Database,
    name: str,
    kind: str = "person",
    aliases: list[str] | None = None,
    roles: list[dict[str, Any]] | None = None,
    origin: str = "seed",
) -> int:
    """Create the actor if new (or update kind/roles for seed actors); add aliases. Returns id."""
    row = db.execute("SELECT id, origin FROM actors WHERE name = ?", [name]).fetchone()
    if row is None:
        cursor = db.execute(
            "INSERT INTO actors (name, kind, roles, origin) VALUES (?, ?, ?, ?)",
            [name, kind, json.dumps(roles or [], ensure_ascii=False), origin],
        )
        assert cursor.lastrowid is not None
        actor_id = int(cursor.lastrowid)
    else:
        actor_id = int(row[0])
        if origin == "seed":
            db.execute(
                "UPDATE actors SET kind = ?, roles = ?, origin = 'seed' WHERE id = ?",
                [kind, json.dumps(roles or [], ensure_ascii=False), actor_id],
            )
    for alias in [name, *(aliases or [])]:
        db.execute(
            "INSERT OR IGNORE INTO aliases (actor_id, alias, folded) VALUES (?, ?, ?)",
            [actor_id, alias, fold(alias)],
        )
    return actor_id


def actor_id_by_name(db: sqlite_utils.Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM actors WHERE name = ?", [name]).fetchone()
    return int(row[0]) if row else None


def all_aliases(db: sqlite_utils.Database) -> list[tuple[int, str, str, str]]:
    """(actor_id, actor name, alias, folded alias) for every alias — for fuzzy resolution."""
    rows = db.execute(
        """
        SELECT a.id, a.name, al.alias, al.folded
        FROM aliases al JOIN actors a ON a.id = al.actor_id
        ORDER BY a.id
        """
    ).fetchall()
    return [(int(r[0]), r[1], r[2], r[3]) for r in rows]


def list_actors(db: sqlite_utils.Database, prefix: str | None = None) -> list[dict[str, Any]]:
    """Actors with aliases and statement counts, most quoted first."""
    where, args = "", []
    if prefix:
        where = "WHERE a.id IN (SELECT actor_id FROM aliases WHERE folded LIKE ? ESCAPE '\\')"
        escaped = fold(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args = [escaped + "%"]
    rows = db.execute(
        f"""
        SELECT a.id, a.name, a.kind,
               (SELECT group_concat(alias, '|') FROM aliases WHERE actor_id = a.id),
               (SELECT count(*) FROM statements s WHERE s.actor_id = a.id) AS n
        FROM actors a {where}
        ORDER BY n DESC, a.name
        """,
        args,
    ).fetchall()
    return [
        {
            "id": r[0],
            "name": r[1],
            "kind": r[2],
            "aliases": [x for x in (r[3] or "").split("|") if x and x != r[1]],
            "statements": r[4],
        }
        for r in rows
    ]
