"""Extraction quality on the dev set: twelve articles written in the style of French news outlets
(AFP dispatch, Le Monde analysis with a quotation over several paragraphs, France 24 live blog,
Le Figaro interview, Libération reportage; diplomacy, energy, EU trade, health; then a wire
dispatch of short attributed paragraphs, a sports interview with expressive cue verbs, a court
report with police and prosecutor sources, a parliamentary story), annotated by hand before the
extractor was run on them (tests/data/dev/, same scheme as tests/data/eval/README.md). They
guard the rules against fitting the seed articles only.

Measured with ``python -m bot.nlp.evaluate tests/data/dev/*.txt --gold
tests/data/dev/dev_gold.jsonl -v``: gold=121 predicted=110 recall=0.934 precision=1.000
speaker_accuracy=1.000 red_line_f1=0.889 invented_dates=0. First run of the eight first
articles: recall 0.513, precision 0.964, speaker accuracy 0.727, red-line F1 0.571; first run
of the four later ones (dev_b1..b4, 43 statements): recall 0.698, precision 1.000, speaker
accuracy 0.833, red-line F1 0.000. The floors below sit a little under the measured figures:
a regression guard, not a target.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import IngestError, iter_articles
from bot.nlp import Extractor
from bot.nlp.evaluate import Prediction, Scores, load_gold, score

DEV_DIR = Path(__file__).resolve().parent / "data" / "dev"


@pytest.fixture(scope="module")
def scores(extractor: Extractor) -> Scores:
    articles = [a for a in iter_articles(DEV_DIR) if not isinstance(a, IngestError)]
    assert len(articles) == 12
    predictions = [
        Prediction(article.doc, st.speaker, st.text, st.red_line, st.said_on)
        for article, analysis in extractor.analyze_many(articles)
        for st in analysis.statements
    ]
    return score(predictions, load_gold(DEV_DIR / "dev_gold.jsonl"))


def test_dev_gold_size(scores: Scores) -> None:
    assert scores.gold == 121


def test_dev_recall(scores: Scores) -> None:
    assert scores.recall >= 0.91, (scores.summary(), scores.missed, scores.wrong_speaker)


def test_dev_precision(scores: Scores) -> None:
    assert scores.precision >= 0.95, (scores.summary(), scores.unmatched)


def test_dev_speaker_accuracy(scores: Scores) -> None:
    assert scores.speaker_accuracy >= 0.95, (scores.summary(), scores.wrong_speaker)


def test_dev_red_line_f1(scores: Scores) -> None:
    assert scores.red_line_f1 >= 0.85, (scores.summary(), scores.red_line_errors)


def test_dev_no_invented_dates(scores: Scores) -> None:
    assert scores.invented_dates == 0, (scores.summary(), scores.date_errors)
