"""Extraction quality on the gold seed statements, through the real ingest and extractor.

Scoring (tests/data/eval/README.md) lives in bot.nlp.evaluate; the same figures come from
``python -m bot.nlp.evaluate seeds/articles --gold tests/data/eval/seeds_gold.jsonl -v``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_SEEDS_DIR
from bot.ingest import IngestError, iter_articles
from bot.nlp import Extractor
from bot.nlp.evaluate import Prediction, Scores, load_gold, score

EVAL_DIR = Path(__file__).resolve().parent / "data" / "eval"
ARTICLES_DIR = DEFAULT_SEEDS_DIR / "articles"


@pytest.fixture(scope="module")
def scores(extractor: Extractor) -> Scores:
    articles = [a for a in iter_articles(ARTICLES_DIR) if not isinstance(a, IngestError)]
    predictions = [
        Prediction(article.doc, st.speaker, st.text, st.red_line, st.said_on)
        for article, analysis in extractor.analyze_many(articles)
        for st in analysis.statements
    ]
    return score(predictions, load_gold(EVAL_DIR / "seeds_gold.jsonl"))


def test_recall(scores: Scores) -> None:
    assert scores.recall >= 0.95, (scores.summary(), scores.missed, scores.wrong_speaker)


def test_precision(scores: Scores) -> None:
    assert scores.precision >= 0.90, (scores.summary(), scores.unmatched)


def test_speaker_accuracy(scores: Scores) -> None:
    assert scores.speaker_accuracy >= 0.95, (scores.summary(), scores.wrong_speaker)


def test_red_line_f1(scores: Scores) -> None:
    assert scores.red_line_f1 >= 0.90, (scores.summary(), scores.red_line_errors)


def test_no_invented_dates(scores: Scores) -> None:
    assert scores.invented_dates == 0, (scores.summary(), scores.date_errors)


# --- the scorer itself must be able to fail ------------------------------------------------

GOLD = [
    {"doc": "a.txt", "speaker": "Kremlin", "speaker_alternatives": ["Dmitri Peskov"],
     "snippet": "la « trêve » est fragile", "said_on": None, "red_line": False},
    {"doc": "a.txt", "speaker": "unknown", "speaker_alternatives": [],
     "snippet": "ligne rouge", "said_on": "2025-03", "red_line": True},
]


def test_scorer_perfect_and_normalised_quotes() -> None:
    predictions = [
        Prediction("a.txt", "Dmitri Peskov", 'Il a dit que la "trêve"  est fragile'),
        Prediction("a.txt", None, "une ligne rouge", red_line=True, said_on="2025-03"),
    ]
    result = score(predictions, GOLD)
    assert (result.recall, result.precision, result.speaker_accuracy, result.red_line_f1) == \
        (1.0, 1.0, 1.0, 1.0)


def test_scorer_counts_errors() -> None:
    predictions = [
        Prediction("a.txt", "Vladimir Poutine", 'la "trêve" est fragile', said_on="2025-03-01"),
        Prediction("b.txt", None, "une ligne rouge", red_line=True),
        Prediction("a.txt", None, "rien à voir"),
    ]
    result = score(predictions, GOLD)
    assert result.recall == 0.0
    assert result.precision == pytest.approx(1 / 3)
    assert result.speaker_accuracy == 0.0
    assert result.invented_dates == 1
    assert result.red_line_f1 == 0.0
