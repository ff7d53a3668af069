"""Ingestion through the real Pipeline into real SQLite files (extraction stubbed out:
these tests are about getting articles in, not about what extraction finds)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLES_DIR, SEEDS_DIR
from test_ingest_dedup import ORIGINAL, REWRITTEN, SAME_TOPIC
from test_ingest_sources import forbid_reading, sparse

from bot.ingest import IngestError, iter_articles
from bot.models import Analysis, Article
from bot.pipeline import MAX_ARTICLE_CHARS, Pipeline
from store import Store
from store.articles import list_articles
from store.terms import index_terms


class NoExtraction:
    """Extractor stand-in for ingest-only tests."""

    def analyze(self, article: Article) -> Analysis:
        return Analysis()

    def analyze_many(
        self, articles: Iterable[Article], n_process: int = 1
    ) -> Iterator[tuple[Article, Analysis]]:
        for article in articles:
            yield article, Analysis()


def make_pipeline(path: Path) -> Pipeline:
    return Pipeline(Store(path), SEEDS_DIR, extractor=NoExtraction())  # type: ignore[arg-type]


def rows(pipeline: Pipeline) -> dict[str, dict[str, Any]]:
    return {row["doc"]: row for row in list_articles(pipeline.store.db)}


def bodies(pipeline: Pipeline) -> dict[str, str]:
    return dict(pipeline.store.db.execute("SELECT doc, body FROM articles").fetchall())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    pipeline = make_pipeline(tmp_path_factory.mktemp("seeds") / "quotedesk.db")
    report = pipeline.ingest([ARTICLES_DIR])
    assert not report.errors and len(report.stored) == 5
    yield pipeline
    pipeline.store.close()


def test_seed_articles_dates_and_outlets(seeded: Pipeline) -> None:
    found = {doc[:3]: row for doc, row in rows(seeded).items()}
    dates = {k: (r["published_on"], r["date_precision"]) for k, r in found.items()}
    assert dates == {
        "000": ("2025-03", "month"),
        "001": ("2025-02", "month"),
        "002": (None, "none"),
        "003": (None, "none"),
        "004": ("2022-01-14", "day"),
    }
    outlets = {k: r["source"] for k, r in found.items()}
    assert outlets == {
        "000": None,  # 'l'agence officielle russe Tass' is an agency quoted, not the outlet
        "001": None,
        "002": "Reuters",
        "003": "Brut",
        "004": "Sputnik France",
    }
    assert found["002"]["authors"] == ["Vladimir Soldatkin", "Alexander Marrow"]


def test_seed_bodies_are_clean(seeded: Pipeline) -> None:
    texts = {doc[:3]: body for doc, body in bodies(seeded).items()}
    everything = "\n".join(texts.values())
    for junk in ("Crédit", "Getty", "voir également", "A voir aussi", "Coffee", "Internet pioneer",
                 "Intervision", "Sputnik France", "Par Vladimir Soldatkin"):
        assert junk not in everything, junk
    assert "M.Lavrov" not in texts["004"] and "M. Lavrov" in texts["004"]
    assert not re.search(r"[a-zà-ÿ]{2}\.[A-ZÀ-Þ]", everything)  # no glued sentences left
    assert "en Ukraine\n\nLe chef" in texts["004"]  # glued heading split out
    # The body keeps what was said, including the header-glued first paragraph of 000.
    assert texts["000"].startswith("Le déploiement potentiel de troupes")
    assert "n’acceptera pas un éventuel déploiement" in texts["004"]


def test_seed_headings_are_kept(seeded: Pipeline) -> None:
    import json

    blocks = dict(seeded.store.db.execute("SELECT doc, blocks FROM articles").fetchall())
    headings = {
        doc[:3]: [b["text"] for b in json.loads(raw) if b["kind"] == "heading"]
        for doc, raw in blocks.items()
    }
    assert headings["001"] == [
        'Les Etats-Unis commencent à "mieux comprendre" la position de la Russie',
        "Levées d'obstacles entre les deux pays",
    ]
    assert headings["004"] == [
        'Moscou veut un "équilibre des intérêts"',
        'Des "centaines" de militaires occidentaux en Ukraine',
    ]
    assert headings["003"] == ["De nombreux sujets à l'ordre du jour"]


def test_ingesting_again_changes_nothing(seeded: Pipeline) -> None:
    before = seeded.store.db.execute("SELECT * FROM articles ORDER BY id").fetchall()
    report = seeded.ingest([ARTICLES_DIR])
    assert report.stored == [] and len(report.unchanged) == 5 and report.errors == []
    after = seeded.store.db.execute("SELECT * FROM articles ORDER BY id").fetchall()
    assert before == after


def test_seeds_folder_yields_only_the_articles() -> None:
    items = list(iter_articles(SEEDS_DIR))
    articles = [i for i in items if isinstance(i, Article)]
    assert sorted(a.doc for a in articles) == sorted(p.name for p in ARTICLES_DIR.glob("*.txt"))
    assert all(isinstance(i, IngestError) for i in items if not isinstance(i, Article))


def test_bad_files_do_not_stop_the_batch_nor_lose_data(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path / "q.db")
    first = tmp_path / "lot1"
    first.mkdir()
    shutil.copy(ARTICLES_DIR / "003_c79a57e1712ef34b.txt", first)
    assert len(pipeline.ingest([first]).stored) == 1

    batch = tmp_path / "lot2"
    batch.mkdir()
    (batch / "a_vide.txt").write_bytes(b"")
    (batch / "b_binaire.txt").write_bytes(bytes(range(256)) * 4)
    (batch / "c_entete.txt").write_text(" date 2024-05\n")
    (batch / "d_latin1.txt").write_bytes(("Rome et l'été\n\n" + SAME_TOPIC).encode("latin-1"))
    with (batch / "e_enorme.txt").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    report = pipeline.ingest([batch, tmp_path / "absent.txt"])
    assert [doc for doc, _, _ in report.stored] == ["d_latin1.txt"]
    assert len(report.errors) == 5
    assert all("\n" not in str(e) for e in report.errors)
    stored = rows(pipeline)
    assert set(stored) == {"003_c79a57e1712ef34b.txt", "d_latin1.txt"}
    assert "l'été" in stored["d_latin1.txt"]["title"]
    pipeline.store.close()


def test_too_large_file_is_refused_before_reading_and_stored_articles_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = make_pipeline(tmp_path / "q.db")
    shutil.copy(ARTICLES_DIR / "003_c79a57e1712ef34b.txt", tmp_path / "bon.txt")
    assert len(pipeline.ingest([tmp_path / "bon.txt"]).stored) == 1
    before = pipeline.store.db.execute("SELECT * FROM articles").fetchall()

    big = sparse(tmp_path / "gros.txt", MAX_ARTICLE_CHARS * 4 + 1)  # a bit over the limit
    forbid_reading(monkeypatch, big)
    report = pipeline.ingest([big])
    assert not report.stored and len(report.errors) == 1
    [error] = report.errors
    assert error.source == str(big)
    assert error.message.startswith(
        "file too large (800,001 bytes, limit 800,000 bytes for a .txt file;"
    )
    assert pipeline.store.db.execute("SELECT * FROM articles").fetchall() == before
    pipeline.store.close()


def test_rewritten_copy_is_linked_not_indexed_twice(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path / "q.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_original.txt").write_text(f"Plan d'aide aux agriculteurs\n\n{ORIGINAL}")
    (folder / "b_autre.txt").write_text(f"Bruxelles s'inquiète\n\n{SAME_TOPIC}")
    (folder / "c_copie.txt").write_text(f"Rome aide ses agriculteurs\n\n{REWRITTEN}")
    report = pipeline.ingest([folder])  # original and copy in the same batch
    assert [doc for doc, _, _ in report.stored] == ["a_original.txt", "b_autre.txt"]
    stored = rows(pipeline)
    original_id = stored["a_original.txt"]["id"]
    assert report.duplicates == [("c_copie.txt", original_id)]
    assert stored["c_copie.txt"]["duplicate_of"] == original_id
    assert stored["b_autre.txt"]["duplicate_of"] is None

    # A later rewrite is linked too, and searching the body finds the original only once.
    (folder / "d_copie2.txt").write_text(
        "Encore une copie\n\n" + REWRITTEN.replace("dévoilé", "présenté")
    )
    again = pipeline.ingest([folder])
    assert again.duplicates == [("d_copie2.txt", original_id)]
    assert len(again.unchanged) == 3
    stem = index_terms("Pouilles")
    hits = pipeline.store.db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [f'body_terms : "{stem}"']
    ).fetchall()
    assert hits == [(original_id,)]  # copies keep their text but are not indexed for search
    pipeline.store.close()


def _normalized(text: str) -> str:
    for a, b in (("’", "'"), ("‘", "'"), ("«", '"'), ("»", '"'), ("“", '"'), ("”", '"')):
        text = text.replace(a, b)
    return " ".join(text.lower().split())


def test_cleaning_keeps_every_gold_statement(seeded: Pipeline) -> None:
    """Whatever cleaning removes or repairs, every statement of the gold set is still in the
    body the extractor reads (normalised as in tests/data/eval/README.md)."""
    import json

    from conftest import EVAL_DIR

    texts = {doc: _normalized(body) for doc, body in bodies(seeded).items()}
    gold = [json.loads(line) for line in (EVAL_DIR / "seeds_gold.jsonl").read_text().splitlines()]
    missing = [g["snippet"] for g in gold if _normalized(g["snippet"]) not in texts[g["doc"]]]
    assert len(gold) == 50 and missing == []
