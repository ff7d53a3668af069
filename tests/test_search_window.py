"""The newest-matches window and its two indexes (migration 005 and the relaxed walk).

On a real SQLite store built from the bench corpus: /quote's first tier and /who read
statement_words_fts (own words and speaker only), and a phrase holding a frequent token is
walked without it and checked exactly on each candidate's terms. Whatever the walk, the
window holds the same statements as a plain FTS5 MATCH of the exact expression on
statements_fts, newest first — with filters, with a speaker, when the relaxed walk runs out
of its candidate budget, and for every column set.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from bench.build import build_store
from bench.corpus import Corpus, CorpusConfig
from bot.config import DEFAULT_SEEDS_DIR
from bot.search import build_match
from bot.search.expand import expand_words
from bot.search.rank import statement_query
from store import connect
from store.search import (
    StatementQuery,
    TopicTerms,
    doc_count,
    ranked_ids,
    speaker_counts,
)

TOPICS = ["force de maintien de la paix", "garanties de sécurité", "ligne rouge",
          "peace talks", "cessez-le-feu", "negotiations red line", "la paix"]
OWN = ("text_terms",)
ANYWHERE = ("text_terms", "context_terms", "title_terms")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    corpus = Corpus(CorpusConfig(seed=3, seeds_dir=DEFAULT_SEEDS_DIR, synthetic_actors=40))
    built = build_store(corpus, 150, tmp_path_factory.mktemp("window"))
    return connect(built.path)


def _query(topic: str, mode: str, columns: tuple[str, ...], **extra: object) -> StatementQuery:
    groups = expand_words(topic.split())
    base = statement_query(None, today="2025-06-01")
    return replace(base, match=build_match(groups, mode, columns=columns),  # type: ignore[arg-type]
                   topic=TopicTerms(tuple(tuple(g.alternatives) for g in groups), columns,
                                    mode),  # type: ignore[arg-type]
                   bm25=False, candidates=40, scan_limit=60, **extra)


def _reference(db: sqlite_utils.Database, query: StatementQuery, keep: int) -> list[int]:
    """The newest ``keep`` statements matching the exact expression (and the filters)."""
    assert query.match is not None
    match = query.match
    if query.actor_weights is not None:
        tokens = " OR ".join(f"actor{i}" for i in sorted(query.actor_weights))
        match = f"{{actor_terms}} : ({tokens}) AND ({match})"
    rows = db.execute(
        "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rowid DESC",
        [match],
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    if query.red_line is not None or query.since is not None:
        ids = ids[: query.scan_limit]
        wanted = []
        for statement_id in ids:
            row = db.execute(
                "SELECT s.red_line, coalesce(s.said_on, a.published_on) FROM statements s "
                "JOIN articles a ON a.id = s.article_id WHERE s.id = ?", [statement_id]
            ).fetchone()
            if query.red_line is not None and bool(row[0]) != query.red_line:
                continue
            if query.since is not None and not (row[1] and row[1] >= query.since):
                continue
            wanted.append(statement_id)
        ids = wanted
    return ids[:keep]


def _window(db: sqlite_utils.Database, query: StatementQuery) -> list[int]:
    return sorted((i for i, _ in ranked_ids(db, query, 1000)), reverse=True)


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("mode", ["all", "any"])
@pytest.mark.parametrize("columns", [OWN, ANYWHERE])
def test_relaxed_walk_keeps_the_exact_window(
    db: sqlite_utils.Database, topic: str, mode: str, columns: tuple[str, ...]
) -> None:
    exact = _query(topic, mode, columns)
    expected = sorted(_reference(db, exact, exact.candidates), reverse=True)
    assert _window(db, exact) == expected
    for words_only in ((False, True) if columns == OWN else (False,)):
        # every token frequent (the rarest is walked alone), then only the common ones (the
        # others are walked within the phrase's span); plenty of candidates, then few: the
        # exact walk continues where the relaxed one stopped
        for frequent, scan in itertools.product((1, 40), (2000, 7, 1)):
            relaxed = replace(exact, frequent_docs=frequent, relaxed_scan=scan,
                              words_only=words_only)
            assert _window(db, relaxed) == expected, (words_only, frequent, scan)


@pytest.mark.parametrize("filters", [{"red_line": True}, {"since": "2023-06"},
                                     {"red_line": False, "since": "2021"}])
def test_relaxed_walk_applies_filters_like_the_exact_one(
    db: sqlite_utils.Database, filters: dict[str, object]
) -> None:
    for topic in TOPICS:
        exact = _query(topic, "any", ANYWHERE, **filters)
        expected = sorted(_reference(db, exact, exact.candidates), reverse=True)
        assert _window(db, exact) == expected
        for frequent, scan in itertools.product((1, 40), (2000, 5)):
            relaxed = replace(exact, frequent_docs=frequent, relaxed_scan=scan)
            assert _window(db, relaxed) == expected, (topic, scan)


def test_speaker_restriction_and_who_counts_are_unchanged(db: sqlite_utils.Database) -> None:
    speakers = [int(r[0]) for r in db.execute(
        "SELECT actor_id FROM statements WHERE actor_id IS NOT NULL GROUP BY actor_id "
        "ORDER BY count(*) DESC LIMIT 3").fetchall()]
    for topic in TOPICS:
        exact = _query(topic, "any", OWN, actor_weights={a: 1.0 for a in speakers})
        expected = sorted(_reference(db, exact, exact.candidates), reverse=True)
        for words_only, frequent in ((False, 10**9), (True, 10**9), (True, 1)):
            query = replace(exact, words_only=words_only, frequent_docs=frequent)
            assert _window(db, query) == expected
        who = replace(_query(topic, "all", OWN), scan_limit=50)
        counts = speaker_counts(db, who, 100)
        for words_only, frequent, scan in ((True, 1, 2000), (True, 1, 3), (False, 1, 2000)):
            again = replace(who, words_only=words_only, frequent_docs=frequent,
                            relaxed_scan=scan)
            assert [(a, n) for a, n, _ in speaker_counts(db, again, 100)] == [
                (a, n) for a, n, _ in counts]


def test_doc_count_stops_at_its_cap(db: sqlite_utils.Database) -> None:
    total = db.execute("SELECT count(*) FROM statement_words_fts WHERE "
                       "statement_words_fts MATCH '\"de\"'").fetchone()[0]
    assert total > 10
    assert doc_count(db, "statement_words_fts", "de", cap=10) == 10
    assert doc_count(db, "statement_words_fts", "de", cap=10**9) == total
    assert doc_count(db, "statement_words_fts", "zzzunseen", cap=10**9) == 0
    newest = db.execute("SELECT max(id) FROM statements").fetchone()[0]
    recent = db.execute("SELECT count(*) FROM statement_words_fts WHERE "
                        "statement_words_fts MATCH '\"de\"' AND rowid > ?", [newest - 100]
                        ).fetchone()[0]
    assert doc_count(db, "statement_words_fts", "de", cap=10**9, above=newest - 100) == recent


def test_words_index_follows_inserts_updates_and_deletes(tmp_path: Path) -> None:
    db = connect(tmp_path / "w.db")
    db.execute("INSERT INTO articles (id, doc, content_hash, ingested_at) "
               "VALUES (1, 'a.txt', 'h', '2025-01-01')")
    db.execute("INSERT INTO actors (id, name) VALUES (7, 'Dmitri Peskov')")
    db.execute("INSERT INTO statements (id, article_id, actor_id, kind, text, start, \"end\", "
               "text_terms, context_terms) VALUES (1, 1, 7, 'direct', 'x', 0, 1, 'trev fragil', "
               "'sommet')")

    def hits(expr: str) -> list[int]:
        return [r[0] for r in db.execute(
            "SELECT rowid FROM statement_words_fts WHERE statement_words_fts MATCH ?", [expr])]

    assert hits('"trev"') == [1] and hits("actor7") == [1]
    assert hits('"sommet"') == []  # context is not in the own-words index
    db.execute("UPDATE statements SET text_terms = 'cess le feu', actor_id = NULL WHERE id = 1")
    assert hits('"trev"') == [] and hits('"cess le feu"') == [1] and hits("actor7") == []
    db.execute("DELETE FROM statements WHERE id = 1")
    assert hits('"cess le feu"') == []
    db.execute("INSERT INTO statement_words_fts(statement_words_fts) VALUES ('integrity-check')")


def test_migrations_index_statements_stored_before_them(tmp_path: Path) -> None:
    """A database from before 005/006 gets its statements into the own-words index and the
    speaker index when it is opened, and /who counts from them."""
    from store.db import Database, _migration_sets
    from store.schema import migrations as core_migrations

    path = tmp_path / "old.db"
    old = Database(str(path))
    for migration_set in _migration_sets():
        if migration_set is core_migrations:
            migration_set.apply(old, stop_before="005_statement_words_search")
        else:
            migration_set.apply(old)
    old.execute("INSERT INTO articles (id, doc, content_hash, ingested_at) "
                "VALUES (1, 'a.txt', 'h', '2025-01-01')")
    old.execute("INSERT INTO actors (id, name) VALUES (7, 'Dmitri Peskov')")
    for i, terms in enumerate(["la trev est fragil", "pas de trev", "sommet"], start=1):
        old.execute("INSERT INTO statements (id, article_id, actor_id, kind, text, start, "
                    "\"end\", text_terms) VALUES (?, 1, 7, 'direct', 'x', 0, 1, ?)", [i, terms])
    old.conn.commit()
    old.conn.close()
    db = connect(path)
    rows = db.execute("SELECT rowid FROM statement_words_fts WHERE statement_words_fts "
                      "MATCH '\"trev\"' ORDER BY rowid").fetchall()
    assert [r[0] for r in rows] == [1, 2]
    query = _query("trêve", "all", OWN, words_only=True)
    assert [(a, n) for a, n, _ in speaker_counts(db, query, 10)] == [(7, 2)]
