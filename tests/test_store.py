"""The store: migrations, WAL, per-thread connections, terms."""

from __future__ import annotations

import threading
from pathlib import Path

from folding import fold
from store import Store, connect
from store.terms import index_terms


def test_connect_creates_schema_in_wal_mode(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    tables = set(db.table_names())
    assert {"articles", "statements", "actors", "aliases", "mentions"} <= tables
    assert "articles_fts" in tables and "statements_fts" in tables
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    connect(tmp_path / "a.db")
    db = connect(tmp_path / "a.db")
    assert db["articles"].count == 0


def test_store_gives_each_thread_its_own_connection(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    seen: list[object] = []  # keep the objects alive so their ids cannot be reused

    def grab() -> None:
        seen.append(store.db)

    threads = [threading.Thread(target=grab) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seen.append(store.db)
    assert len({id(db) for db in seen}) == 4


def test_fold_and_terms_match_inflections() -> None:
    assert fold("Sergueï ÉTATS") == "serguei etats"
    assert index_terms("troupes") == index_terms("Troupe")
    assert index_terms("déclaré") == index_terms("déclarer")
    assert index_terms("l'Otan") == index_terms("Otan")
