"""Extraction in spaCy's worker processes (``n_process=2``) gives exactly what the serial
path gives, on the seed and dev articles."""

from __future__ import annotations

from pathlib import Path

from bot.config import DEFAULT_SEEDS_DIR
from bot.ingest import IngestError, iter_articles
from bot.nlp import Extractor
from bot.nlp.component import RESULT_KEY, from_data, to_data

DEV_DIR = Path(__file__).resolve().parent / "data" / "dev"


def test_two_processes_give_identical_analyses(extractor: Extractor) -> None:
    articles = [a for folder in (DEFAULT_SEEDS_DIR / "articles", DEV_DIR)
                for a in iter_articles(folder) if not isinstance(a, IngestError)]
    serial = [(a.doc, analysis) for a, analysis in extractor.analyze_many(articles)]
    parallel = [(a.doc, analysis) for a, analysis in extractor.analyze_many(articles,
                                                                            n_process=2)]
    assert [doc for doc, _ in parallel] == [doc for doc, _ in serial]
    assert parallel == serial
    assert sum(len(analysis.statements) for _, analysis in serial) > 100
    # the serial path again, after the component joined the shared pipeline: unchanged
    again = [(a.doc, analysis) for a, analysis in extractor.analyze_many(articles[:3])]
    assert again == serial[:3]


def test_component_is_inert_without_an_article(extractor: Extractor) -> None:
    doc = extractor.nlp("Le ministre a déclaré que tout allait bien.")
    assert RESULT_KEY not in doc.user_data


def test_result_survives_the_round_trip(extractor: Extractor) -> None:
    article = next(a for a in iter_articles(DEV_DIR) if not isinstance(a, IngestError))
    analysis = extractor.analyze(article)
    assert from_data(to_data(analysis)) == analysis
