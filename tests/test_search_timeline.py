"""An actor-only /timeline for a name several actors share (real SQLite file).

The store merges one date-ordered walk of ``idx_statements_actor_timeline`` per actor
instead of reading and sorting all their statements (store/search.py ``_latest_sql``). The
answer must be that of the plain query over all of them: the ``FILTER_SCAN`` latest
statements by date said (then id), shown oldest first by date said or else the article's,
undated last, then article, position and id; paged by the cursor without gap or repeat.
The data makes a wrong merge visible: one actor's statements are all older than the cut,
dates tie across actors, some statements have no date said (they sort last in the walk but
take the article's date on the page), one article is a near-duplicate.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

import store.search
from bot.config import Settings
from bot.context import CommandContext
from bot.dispatch import run_command
from bot.search import MAX_PAGES, PAGE_SIZE
from bot.search.rank import FILTER_SCAN, WINDOW, statement_query
from store import Store
from store.actors import upsert_actor
from store.search import StatementQuery, ranked_ids, timeline_statements

FIRST_NAMES = ["Alain", "Claire", "Denis", "Hélène", "Louis", "Sophie"]


def _day(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _build(db: sqlite_utils.Database) -> list[int]:
    """Six prolific actors called ``… Martin`` (about 1,500 statements: more than the
    FILTER_SCAN window) and one other; returns the Martins' ids."""
    rng = random.Random(11)
    with db.conn:
        martins = [upsert_actor(db, f"{name} Martin", "person", []) for name in FIRST_NAMES]
        other = upsert_actor(db, "Paul Durand", "person", [])
        statement_id = 0
        for article_id in range(1, 301):
            published = _day(rng, 2019, 2024)
            db.execute(
                "INSERT INTO articles (id, doc, title, source, published_on, content_hash, "
                "duplicate_of, ingested_at) VALUES (?, ?, ?, 'AFP', ?, ?, ?, '2025-01-01')",
                [article_id, f"a{article_id}.txt", f"Article {article_id}", published,
                 f"hash{article_id}", 1 if article_id == 150 else None],
            )
            for position in range(6):
                statement_id += 1
                actor = rng.choice([*martins, other])
                if actor == martins[0]:
                    said: str | None = _day(rng, 2005, 2008)  # all older than the cut
                elif rng.random() < 0.12:
                    said = None
                elif rng.random() < 0.5:
                    said = published  # many ties, across actors too
                else:
                    said = _day(rng, 2019, 2024)
                db.execute(
                    'INSERT INTO statements (id, article_id, actor_id, kind, text, start, "end", '
                    "said_on, red_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [statement_id, article_id, actor, rng.choice(["direct", "indirect"]),
                     f"Déclaration {statement_id}.", 100 - 10 * position, 105 - 10 * position,
                     said, int(rng.random() < 0.2)],
                )
    return martins


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CommandContext, list[int]]]:
    path: Path = tmp_path_factory.mktemp("timeline") / "timeline.db"
    opened = Store(path)
    martins = _build(opened.db)
    yield CommandContext(store=opened, settings=Settings(db_path=path)), martins
    opened.close()


def _reference(db: sqlite_utils.Database, actors: list[int], scan: int,
               where: str = "1", args: tuple[object, ...] = ()) -> list[int]:
    """The plain query: every statement of the actors read and sorted, the ``scan`` latest by
    date said, in timeline order."""
    marks = ", ".join("?" for _ in actors)
    rows = db.execute(
        f"""
        SELECT id FROM (
            SELECT s.id, coalesce(s.said_on, a.published_on) AS date, s.article_id, s.start
            FROM statements s JOIN articles a ON a.id = s.article_id
            WHERE s.actor_id IN ({marks}) AND a.duplicate_of IS NULL AND {where}
            ORDER BY s.said_on DESC, s.id DESC LIMIT ?
        ) ORDER BY date IS NULL, date, article_id, start, id
        """,
        [*actors, *args, scan],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _query(actors: list[int], **filters: object) -> StatementQuery:
    """What /timeline asks the store for, without a topic."""
    base = statement_query(None, {a: 1.0 for a in actors}, primary_actors=frozenset(actors),
                           **filters)  # type: ignore[arg-type]
    return replace(base, bm25=False, candidates=WINDOW, scan_limit=FILTER_SCAN)


def test_timeline_of_a_shared_name_pages_like_the_plain_query(
    desk: tuple[CommandContext, list[int]],
) -> None:
    ctx, martins = desk
    db = ctx.store.db
    expected = _reference(db, martins, FILTER_SCAN)[: MAX_PAGES * PAGE_SIZE]
    # the cut matters: some of the Martins' statements are left out, the oldest actor's all
    total = db.execute(
        f"SELECT count(*) FROM statements WHERE actor_id IN ({', '.join('?' for _ in martins)})",
        martins,
    ).fetchone()[0]
    assert len(expected) == FILTER_SCAN < total
    first_actor = {int(r[0]) for r in db.execute(
        "SELECT id FROM statements WHERE actor_id = ?", [martins[0]]).fetchall()}
    assert first_actor and not first_actor & set(expected)

    seen: list[int] = []
    cursor = None
    for _ in range(MAX_PAGES + 1):
        ctx.cursor = cursor
        try:
            answer = run_command(ctx, "/timeline", "Martin")
        finally:
            ctx.cursor = None
        assert answer.kind == "results", answer.message
        if not seen:
            assert "Several actors fit that name" in (answer.message or "")
        assert len(answer.hits) == PAGE_SIZE
        seen.extend(h.statement_id for h in answer.hits)
        cursor = answer.next_cursor
        if cursor is None:
            break
    assert seen == expected


@pytest.mark.parametrize(
    "filters, where, args",
    [
        ({}, "1", ()),
        ({"since": "2022-03"}, "coalesce(s.said_on, a.published_on) >= ?", ("2022-03",)),
        ({"until": "2020"}, "coalesce(s.said_on, a.published_on) <= ?", ("2020~",)),
        ({"red_line": True}, "s.red_line = 1", ()),
        ({"kinds": ["indirect"]}, "s.kind = 'indirect'", ()),
    ],
)
@pytest.mark.parametrize("scan", [1, 7, 250, 2000])
def test_store_timeline_pages_match_the_plain_query(
    desk: tuple[CommandContext, list[int]], filters: dict[str, object], where: str,
    args: tuple[object, ...], scan: int,
) -> None:
    ctx, martins = desk
    db = ctx.store.db
    actors = martins[:4]  # the first is older than any cut, except the largest
    query = replace(_query(actors, **filters), scan_limit=scan)
    expected = _reference(db, actors, scan, where, args)
    assert expected
    if scan > FILTER_SCAN and not filters:
        # past every dated statement: the undated ones, placed by their article's date
        undated = {int(r[0]) for r in db.execute(
            "SELECT id FROM statements WHERE said_on IS NULL").fetchall()}
        assert undated & set(expected[:-50])
    for page_size in (1, 6, 100):
        pages: list[int] = []
        for offset in range(0, len(expected) + page_size, page_size):
            pages.extend(h["statement_id"]
                         for h in timeline_statements(db, query, page_size, offset))
        assert pages == expected
    # actor-only /quote reads the same window, newest first
    newest = [i for i, _ in ranked_ids(db, query, len(expected) + 5, newest_first=True)]
    assert sorted(newest) == sorted(expected)


def test_several_actors_are_merged_not_sorted(desk: tuple[CommandContext, list[int]]) -> None:
    """The plan: one walk of the actor index per actor, merged, no temporary sort."""
    ctx, martins = desk
    p = store.search._Params()
    sql = store.search._latest_sql(_query(martins), p, "s.id AS id")
    plan = " | ".join(str(r[3]) for r in ctx.store.db.execute(f"EXPLAIN QUERY PLAN {sql}", p))
    assert "MERGE (UNION ALL)" in plan
    assert plan.count("idx_statements_actor_timeline") == len(martins)
    assert "TEMP B-TREE" not in plan
