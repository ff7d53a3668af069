"""The benchmarks keep working: the corpus generator, the bulk store build, and each bench at a
tiny size (no timing assertions — speed goals are measured by ``quotedesk bench``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main as bench_main
from bench.build import build_store
from bench.corpus import Corpus, CorpusConfig, article_file_text, describe
from bench.query import make_queries
from bench.report import percentile
from bot.config import DEFAULT_SEEDS_DIR
from store import connect

CONFIG = CorpusConfig(seed=1, seeds_dir=DEFAULT_SEEDS_DIR, synthetic_actors=50)


def test_corpus_is_deterministic_and_offsets_are_exact() -> None:
    first = [a for a, _ in Corpus(CONFIG).iter_articles(5)]
    again = [a for a, _ in Corpus(CONFIG).iter_articles(5)]
    assert [a.body for a in first] == [a.body for a in again]
    assert Corpus(CONFIG).article(3)[0].body == first[3].body  # article i alone is the same
    for article, analysis in Corpus(CONFIG).iter_articles(20):
        assert analysis.statements
        for st in analysis.statements:
            assert article.body[st.start : st.end] == st.text
            assert st.speaker and st.kind in {"direct", "indirect", "mixed"}
            assert st.text in st.sentence and st.sentence in st.paragraph
        for mention in analysis.mentions:
            assert article.body[mention.start : mention.end] == mention.text
        assert article_file_text(article).count("\n\n") >= len(article.blocks)
    figures = describe(Corpus(CONFIG), 50)
    assert 5 <= figures["statements_per_article"] <= 20


def test_corpus_uses_french_reporting_structures() -> None:
    text = " ".join(a.body for a, _ in Corpus(CONFIG).iter_articles(40))
    for marker in ("«", "»", "Selon ", ", selon ", " a-t-il ", " que "):
        assert marker in text


def test_bulk_built_store_matches_the_corpus(tmp_path: Path) -> None:
    corpus = Corpus(CONFIG)
    built = build_store(corpus, 40, tmp_path)
    expected = sum(len(an.statements) for _, an in corpus.iter_articles(40))
    assert (built.articles, built.statements, built.cached) == (40, expected, False)
    db = connect(built.path)
    db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"statements_ai", "articles_ai"} <= triggers  # restored after the load
    hit = db.execute(
        "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?", ['"trev"']
    ).fetchone()[0]
    assert hit >= 0
    db.conn.close()
    assert build_store(corpus, 40, tmp_path).cached


def test_queries_are_varied() -> None:
    queries = make_queries(Corpus(CONFIG), 300)
    assert {q.command for q in queries} == {"/quote", "/who", "/timeline"}
    assert len({q.text for q in queries}) > 250
    assert any(":" in q.text for q in queries) and any('"' in q.text for q in queries)


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50 and percentile(values, 99) == 99
    assert percentile([], 50) == 0.0


def test_bench_main_tiny_run_without_spacy(tmp_path: Path) -> None:
    status = bench_main(["--sizes", "60", "--only", "build,query,alerts", "--queries", "40",
                         "--subscriptions", "200", "--alert-articles", "5", "--out",
                         str(tmp_path)])
    assert status == 0
    payload = json.loads((tmp_path / "latest.json").read_text())
    names = {f["name"] for f in payload["figures"]}
    assert {"/quote p50", "all p99", "p50 / raw FTS5 MATCH, expanded p50", "match p50"} <= names
    assert "failed" not in names


@pytest.mark.slow
def test_bench_main_tiny_run_of_ingest_and_http(tmp_path: Path) -> None:
    status = bench_main(["--sizes", "30", "--only", "ingest,http", "--ingest-articles", "4",
                         "--http-requests", "6", "--n-process", "1", "--out", str(tmp_path)])
    payload = json.loads((tmp_path / "latest.json").read_text())
    figures = {f["name"]: f for f in payload["figures"]}
    assert status == 0, figures.get("failed")
    assert figures["full pipeline"]["value"] > 0 and figures["raw nlp.pipe"]["value"] > 0
    assert figures["c=1 failures"]["value"] == 0 and figures["c=20 failures"]["value"] == 0
