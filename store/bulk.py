"""Archive import: many already-analysed articles into a fresh database, fast.

:func:`store.ingest.save_article` commits one article per transaction, which is right for
live ingest (a crash never leaves half an article) but makes FTS5 flush its index after every
article. An archive import (or a benchmark corpus of 100k articles) instead:

- wraps ``batch_size`` articles in one transaction (each ``save_article`` becomes a savepoint,
  so every row the live path writes is written the same way);
- drops the triggers that keep the FTS5 indexes in step with their content tables while it
  loads, then rebuilds those indexes in one pass and recreates the triggers.

Meant for a database that nothing else writes to during the load. If the load is
interrupted, the FTS indexes are incomplete: run :func:`restore_fts` (or load again into a
new file).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import sqlite_utils

from bot.models import Analysis, Article
from store.ingest import save_article

_CONTENT = re.compile(r"content\s*=\s*['\"]?(\w+)", re.IGNORECASE)


def fts_tables(db: sqlite_utils.Database) -> dict[str, str]:
    """FTS5 external-content tables and the table each indexes: ``{fts: content}``."""
    found = {}
    for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING FTS5%'"
    ).fetchall():
        match = _CONTENT.search(sql or "")
        if match:
            found[name] = match.group(1)
    return found


def fts_triggers(db: sqlite_utils.Database) -> dict[str, str]:
    """Triggers that write to an FTS5 table: ``{name: CREATE TRIGGER sql}``."""
    names = list(fts_tables(db))
    triggers = {}
    for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    ).fetchall():
        if any(re.search(rf"\b{re.escape(fts)}\b", sql or "") for fts in names):
            triggers[name] = sql
    return triggers


def restore_fts(db: sqlite_utils.Database, triggers: dict[str, str]) -> None:
    """Rebuild (and merge) every external-content FTS5 index and recreate the given
    triggers."""
    with db.atomic():
        for fts in fts_tables(db):
            db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('rebuild')")
            # one segment instead of the dozen a rebuild leaves: each query term is then
            # looked up once, not once per segment
            db.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")
        existing = {r[0] for r in db.execute("SELECT name FROM sqlite_master").fetchall()}
        for name, sql in triggers.items():
            if name not in existing:
                db.execute(sql)


def bulk_load(
    db: sqlite_utils.Database,
    items: Iterable[tuple[Article, str, Analysis]],
    batch_size: int = 2000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Store ``(article, content hash, analysis)`` items; returns how many were stored.

    ``on_batch`` is called with the running count after each committed batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    triggers = fts_triggers(db)
    with db.atomic():
        for name in triggers:
            db.execute(f"DROP TRIGGER [{name}]")
    stored = 0
    try:
        batch: list[tuple[Article, str, Analysis]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                stored += _store_batch(db, batch)
                batch = []
                if on_batch:
                    on_batch(stored)
        if batch:
            stored += _store_batch(db, batch)
            if on_batch:
                on_batch(stored)
    finally:
        restore_fts(db, triggers)
    return stored


def _store_batch(db: sqlite_utils.Database, batch: list[tuple[Article, str, Analysis]]) -> int:
    with db.atomic():
        for article, digest, analysis in batch:
            save_article(db, article, digest, analysis)
    return len(batch)
