"""The ranking formula of bot/search/rank.py, checked on the real SQL (store/search.py)."""

from __future__ import annotations

import itertools

import pytest
import sqlite_utils

from bot.models import Analysis, Article, Block, Statement
from bot.search import topic_match
from bot.search.rank import statement_query
from store.actors import upsert_actor
from store.ingest import save_article
from store.search import search_statements, timeline_statements

TODAY = "2025-06-01"
_n = itertools.count()


def _article(
    db: sqlite_utils.Database,
    title: str,
    heading: str,
    text: str,
    speaker: str,
    kind: str = "indirect",
    said_on: str | None = "2025-01-10",
    filler: str = "",
) -> int:
    paragraph = f"{text}. {filler}".strip()
    article = Article(
        doc=f"r{next(_n)}.txt",
        title=title,
        blocks=[Block("heading", heading), Block("paragraph", paragraph)],
        published_on=said_on,
    )
    start = article.body.index(text)
    statement = Statement(
        kind=kind,  # type: ignore[arg-type]
        text=text, start=start, end=start + len(text), speaker=speaker, speaker_text=speaker,
        paragraph=paragraph, heading=heading, said_on=said_on,
        said_precision="day" if said_on else "none",
    )
    _, ids = save_article(db, article, f"rank-{article.doc}", Analysis([statement]))
    return ids[0]


def _ids(db: sqlite_utils.Database, topic: str | None, weights: dict[int, float] | None = None,
         **kw: object) -> list[int]:
    match = topic_match(topic) if topic else None
    query = statement_query(match, weights, today=TODAY, **kw)  # type: ignore[arg-type]
    return [row["statement_id"] for row in search_statements(db, query, 20)]


@pytest.fixture
def db(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    with fresh_db.conn:
        upsert_actor(fresh_db, "Dmitri Peskov", "person", ["Peskov"],
                     [{"role": "porte-parole du Kremlin"}])
        upsert_actor(fresh_db, "Kremlin", "institution", [])
    return fresh_db


def test_own_words_beat_context_beat_title(db: sqlite_utils.Database) -> None:
    in_title = _article(db, "Un gazoduc en question", "Réunion à Berlin",
                        "les experts se sont réunis hier soir", "Dmitri Peskov")
    in_text = _article(db, "Une réunion à Berlin", "Réunion à Berlin",
                       "le gazoduc sera réparé hier soir", "Dmitri Peskov")
    in_heading = _article(db, "Une réunion à Berlin", "Le gazoduc à Berlin",
                          "les experts se sont réunis hier soir", "Dmitri Peskov")
    assert _ids(db, "gazoduc") == [in_text, in_heading, in_title]
    assert _ids(db, "pipeline") == [in_text, in_heading, in_title]  # EN → FR


def test_direct_slightly_above_reported_at_equal_relevance(db: sqlite_utils.Database) -> None:
    reported = _article(db, "Titre", "Intertitre", "le blocus doit cesser", "Dmitri Peskov")
    direct = _article(db, "Titre", "Intertitre", "le blocus doit cesser", "Dmitri Peskov",
                      kind="direct")
    mixed = _article(db, "Titre", "Intertitre", "le blocus doit cesser", "Dmitri Peskov",
                     kind="mixed")
    assert _ids(db, "blockade") == [direct, mixed, reported]


def test_kind_bonus_never_beats_a_clearly_better_match(db: sqlite_utils.Database) -> None:
    direct_title_only = _article(db, "Le blocus continue", "Intertitre",
                                 "nous verrons bien demain matin", "Dmitri Peskov", kind="direct")
    reported_own_words = _article(db, "Titre", "Intertitre",
                                  "le blocus doit cesser demain matin", "Dmitri Peskov")
    assert _ids(db, "blocus") == [reported_own_words, direct_title_only]


def test_recency_breaks_equal_relevance_and_undated_last(db: sqlite_utils.Database) -> None:
    old = _article(db, "Titre", "Intertitre", "la dissuasion reste entière", "Dmitri Peskov",
                   said_on="2019-03-01")
    undated = _article(db, "Titre", "Intertitre", "la dissuasion reste entière",
                       "Dmitri Peskov", said_on=None)
    recent = _article(db, "Titre", "Intertitre", "la dissuasion reste entière",
                      "Dmitri Peskov", said_on="2025-05")
    assert _ids(db, "deterrence") == [recent, old, undated]


def test_actor_weight_puts_linked_institution_below_the_person(
    db: sqlite_utils.Database,
) -> None:
    kremlin = _article(db, "Titre", "Intertitre", "la trêve est examinée", "Kremlin",
                       kind="direct", said_on="2025-05-01")
    peskov = _article(db, "Titre", "Intertitre", "la trêve est examinée", "Dmitri Peskov",
                      said_on="2025-01-01")
    other = _article(db, "Titre", "Intertitre", "la trêve est examinée", "Quelqu'un")
    peskov_id, kremlin_id = 1, 2
    ids = _ids(db, "truce", {peskov_id: 1.0, kremlin_id: 0.6})
    assert ids == [peskov, kremlin]  # filtered to the two actors, person first
    assert other in _ids(db, "truce")


def test_filters_and_no_topic(db: sqlite_utils.Database) -> None:
    a = _article(db, "Titre", "Intertitre", "premier propos", "Dmitri Peskov",
                 said_on="2024-02-10")
    b = _article(db, "Titre", "Intertitre", "second propos", "Dmitri Peskov", kind="direct",
                 said_on="2025-02")
    c = _article(db, "Titre", "Intertitre", "troisième propos", "Dmitri Peskov", said_on=None)
    assert _ids(db, None, {1: 1.0}) == [b, a, c]  # no topic: recency, undated last
    assert _ids(db, None, {1: 1.0}, since="2025") == [b]
    assert _ids(db, None, {1: 1.0}, until="2024-02") == [a]
    assert _ids(db, None, {1: 1.0}, kinds=("direct",)) == [b]
    query = statement_query(None, {1: 1.0}, today=TODAY)
    assert [r["statement_id"] for r in timeline_statements(db, query, 10)] == [a, b, c]


def test_candidate_cap_bounds_the_work(db: sqlite_utils.Database) -> None:
    ids = [_article(db, "Titre", "Intertitre", f"la sanction numéro {i} tombe", "Kremlin")
           for i in range(12)]
    query = statement_query(topic_match("sanctions"), None, today=TODAY)
    query.candidates = 5
    assert len(search_statements(db, query, 20)) == 5
    query.candidates = 1000
    assert {r["statement_id"] for r in search_statements(db, query, 20)} == set(ids)


def test_primary_actor_listed_before_linked_institution_even_when_less_relevant(
    db: sqlite_utils.Database,
) -> None:
    kremlin = _article(db, "Titre", "Intertitre", "la trêve est examinée", "Kremlin",
                       kind="direct")
    peskov = _article(db, "Titre", "La trêve en question", "nous verrons demain",
                      "Dmitri Peskov")
    query = statement_query(topic_match("truce"), {1: 1.0, 2: 0.6}, today=TODAY)
    by_score = [r["statement_id"] for r in search_statements(db, query, 5)]
    assert by_score == [kremlin, peskov]  # own words beat context, even at ×0.6
    query.primary_actors = frozenset({1})
    assert [r["statement_id"] for r in search_statements(db, query, 5)] == [peskov, kremlin]
