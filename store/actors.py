"""Actors (people, institutions, countries) and their aliases."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from folding import fold


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
