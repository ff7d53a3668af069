"""The speaker token in statements_fts (migration 003) and the actor timeline index.

Checked on real SQLite files: statements stored after the migration carry their speaker's
token, a database created before it gets the token for every existing statement, and the
searches that rely on them return the same statements as a plain ``actor_id`` filter.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import sqlite_utils

from bot.models import Analysis, Article, Block, Statement
from bot.search import topic_match
from bot.search.rank import statement_query
from store import connect
from store.actors import upsert_actor
from store.db import Database, _migration_sets
from store.ingest import save_article
from store.schema import add_red_line_kind
from store.schema import migrations as core_migrations
from store.search import actor_token, search_statements, timeline_statements

MIGRATION = "003_statement_speaker_search"
TODAY = "2025-06-01"
_n = itertools.count()


def _store_article(
    db: sqlite_utils.Database, said: list[tuple[str | None, str, str | None]]
) -> list[int]:
    """One article whose statements are ``(speaker, text, said_on)``; returns their ids."""
    texts = [text for _, text, _ in said]
    article = Article(doc=f"s{next(_n)}.txt", title="Ukraine : la trêve en question",
                      blocks=[Block("paragraph", " ".join(texts))], published_on="2024-05-02")
    statements = []
    for speaker, text, said_on in said:
        start = article.body.index(text)
        statements.append(Statement(
            kind="direct", text=text, start=start, end=start + len(text), speaker=speaker,
            speaker_text=speaker, speaker_kind="person", paragraph=article.body,
            said_on=said_on, said_precision="day" if said_on else "none",
        ))
    _, ids = save_article(db, article, f"speaker-{article.doc}", Analysis(statements))
    return ids


def _corpus(db: sqlite_utils.Database) -> dict[str, int]:
    """Two speakers, one unknown speaker; returns actor ids by name."""
    with db.atomic():
        peskov = upsert_actor(db, "Dmitri Peskov", "person", ["Peskov"], [])
        lavrov = upsert_actor(db, "Sergueï Lavrov", "person", ["Lavrov"], [])
    for day in range(1, 7):
        _store_article(db, [
            ("Dmitri Peskov", f"La trêve numéro {day} est une illusion", f"2024-03-{day:02d}"),
            ("Sergueï Lavrov", f"La trêve numéro {day} sera respectée", f"2024-04-{day:02d}"),
            (None, f"Les troupes avancent encore, jour {day}", None),
        ])
    _store_article(db, [("Dmitri Peskov", "Les négociations sont au point mort", None)])
    return {"peskov": peskov, "lavrov": lavrov}


def _by_token(db: sqlite_utils.Database, actor_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rowid",
        [f"{{actor_terms}} : {actor_token(actor_id)}"],
    ).fetchall()]


def _by_column(db: sqlite_utils.Database, actor_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM statements WHERE actor_id = ? ORDER BY id", [actor_id]
    ).fetchall()]


def _check_tokens(db: sqlite_utils.Database, actors: dict[str, int]) -> None:
    for actor_id in actors.values():
        assert _by_token(db, actor_id) == _by_column(db, actor_id) != []
    unknown = db.execute(
        "SELECT actor_terms FROM statements WHERE actor_id IS NULL"
    ).fetchall()
    assert unknown and all(row[0] == "" for row in unknown)
    db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")


def test_new_statements_carry_their_speaker_token(fresh_db: sqlite_utils.Database) -> None:
    actors = _corpus(fresh_db)
    _check_tokens(fresh_db, actors)


def test_token_follows_a_changed_speaker(fresh_db: sqlite_utils.Database) -> None:
    actors = _corpus(fresh_db)
    moved = _by_column(fresh_db, actors["peskov"])[0]
    with fresh_db.atomic():
        fresh_db.execute("UPDATE statements SET actor_id = ? WHERE id = ?",
                         [actors["lavrov"], moved])
    assert moved in _by_token(fresh_db, actors["lavrov"])
    assert moved not in _by_token(fresh_db, actors["peskov"])
    _check_tokens(fresh_db, actors)


def test_migration_indexes_statements_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(str(path))
    for migration_set in _migration_sets():
        if migration_set is core_migrations:
            migration_set.apply(old, stop_before=MIGRATION)
        else:
            migration_set.apply(old)
    columns = {row[1] for row in old.execute("PRAGMA table_xinfo(statements)").fetchall()}
    assert "actor_terms" not in columns  # really the schema from before the migration
    add_red_line_kind(old)  # the columns today's ingestion writes (a later, idempotent step)
    actors = _corpus(old)
    old.conn.close()

    db = connect(path)  # applies the migration
    assert MIGRATION in {m.name for m in core_migrations.applied(db)}
    _check_tokens(db, actors)
    indexes = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'statements'"
    ).fetchall()}
    assert "idx_statements_actor_timeline" in indexes
    assert "idx_statements_actor_said" not in indexes
    # statements stored after the migration are indexed by the recreated triggers
    later = _store_article(db, [("Dmitri Peskov", "La trêve tiendra", "2024-06-01")])
    assert set(later) <= set(_by_token(db, actors["peskov"]))
    db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")


@pytest.fixture
def corpus_db(fresh_db: sqlite_utils.Database) -> tuple[sqlite_utils.Database, dict[str, int]]:
    return fresh_db, _corpus(fresh_db)


def test_actor_and_topic_keeps_only_the_actor(
    corpus_db: tuple[sqlite_utils.Database, dict[str, int]],
) -> None:
    db, actors = corpus_db
    query = statement_query(topic_match("trêve"), {actors["peskov"]: 1.0}, today=TODAY)
    rows = search_statements(db, query, 50)
    assert {r["actor_id"] for r in rows} == {actors["peskov"]}
    assert len(rows) == 7  # the title speaks of the truce: every Peskov statement matches
    both = statement_query(topic_match("trêve"), {actors["peskov"]: 1.0, actors["lavrov"]: 0.6},
                           today=TODAY, primary_actors=frozenset({actors["peskov"]}))
    rows = search_statements(db, both, 50)
    assert [r["actor_id"] for r in rows] == [actors["peskov"]] * 7 + [actors["lavrov"]] * 6
    nobody = statement_query(topic_match("trêve"), {}, today=TODAY)
    assert search_statements(db, nobody, 50) == []


def test_actor_timeline_pages_match_a_plain_sort(
    corpus_db: tuple[sqlite_utils.Database, dict[str, int]],
) -> None:
    db, actors = corpus_db
    query = statement_query(None, {actors["peskov"]: 1.0}, today=TODAY)
    expected = [r[0] for r in db.execute(
        "SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id "
        "WHERE s.actor_id = ? ORDER BY coalesce(s.said_on, a.published_on) IS NULL, "
        "coalesce(s.said_on, a.published_on), s.article_id, s.start, s.id",
        [actors["peskov"]],
    ).fetchall()]
    pages = [timeline_statements(db, query, 3, offset) for offset in (0, 3, 6)]
    got = [r["statement_id"] for page in pages for r in page]
    assert got == expected and len(got) == 7
    assert all(r["score"] > 0 for page in pages for r in page)
    ranked = search_statements(db, query, 10)
    assert sorted(r["statement_id"] for r in ranked) == sorted(expected)


def test_actor_timeline_reads_the_covering_index(
    corpus_db: tuple[sqlite_utils.Database, dict[str, int]],
) -> None:
    db, actors = corpus_db
    plan = " | ".join(str(r[3]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT s.id FROM statements s WHERE s.actor_id = ? "
        "ORDER BY s.said_on DESC, s.id DESC LIMIT 10", [actors["peskov"]],
    ).fetchall())
    assert "COVERING INDEX idx_statements_actor_timeline" in plan
    assert "TEMP B-TREE" not in plan
