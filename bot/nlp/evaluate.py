"""Scoring extraction against a gold file (tests/data/eval/README.md describes the scheme).

    python -m bot.nlp.evaluate seeds/articles tests/data/eval/seeds_gold.jsonl [-v]

A prediction matches a gold statement when it comes from the same document and its text
contains the gold snippet after normalisation (lower case, whitespace collapsed, ’ ‘ → ',
« » “ ” → "). Recall counts gold statements matched with an acceptable speaker; precision
counts predictions matching some gold statement; speaker accuracy is the share of matched gold
statements whose match has an acceptable speaker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.nlp.text import fold

_QUOTES = str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"'})


def normalize(text: str) -> str:
    text = text.translate(_QUOTES).lower()
    return " ".join(text.split())


def _loose(text: str) -> str:
    """Normalised text with spaces around quotation marks removed (« x » vs "x")."""
    return re.sub(r'\s*"\s*', '"', normalize(text))


@dataclass
class Prediction:
    doc: str
    speaker: str | None
    text: str
    red_line: bool = False
    said_on: str | None = None


@dataclass
class Scores:
    gold: int
    predicted: int
    recall: float
    precision: float
    speaker_accuracy: float
    red_line_f1: float
    invented_dates: int
    date_accuracy: float
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong_speaker: list[tuple[dict[str, Any], list[str | None]]] = field(default_factory=list)
    unmatched: list[Prediction] = field(default_factory=list)
    red_line_errors: list[tuple[dict[str, Any], bool]] = field(default_factory=list)
    date_errors: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"gold={self.gold} predicted={self.predicted} recall={self.recall:.3f} "
                f"precision={self.precision:.3f} speaker_accuracy={self.speaker_accuracy:.3f} "
                f"red_line_f1={self.red_line_f1:.3f} invented_dates={self.invented_dates} "
                f"date_accuracy={self.date_accuracy:.3f}")


def load_gold(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _acceptable(gold: dict[str, Any]) -> set[str]:
    names = [gold.get("speaker") or "unknown", *gold.get("speaker_alternatives", [])]
    return {fold(n) for n in names}


def _speaker_ok(prediction: Prediction, gold: dict[str, Any]) -> bool:
    return fold(prediction.speaker or "unknown") in _acceptable(gold)


def _matches(prediction: Prediction, gold: dict[str, Any]) -> bool:
    return prediction.doc == gold["doc"] and _loose(gold["snippet"]) in _loose(prediction.text)


def score(predictions: list[Prediction], gold: list[dict[str, Any]]) -> Scores:
    matched_gold = 0
    right_speaker = 0
    tp = fp = fn = 0
    invented = 0
    dates_right = 0
    result = Scores(len(gold), len(predictions), 0.0, 0.0, 0.0, 0.0, 0, 0.0)
    for item in gold:
        matches = [p for p in predictions if _matches(p, item)]
        if not matches:
            result.missed.append(item)
            fn += int(bool(item.get("red_line")))
            continue
        matched_gold += 1
        good = [p for p in matches if _speaker_ok(p, item)]
        if good:
            right_speaker += 1
        else:
            result.wrong_speaker.append((item, [p.speaker for p in matches]))
        best = (good or matches)[0]
        flagged, expected = best.red_line, bool(item.get("red_line"))
        tp += int(flagged and expected)
        fp += int(flagged and not expected)
        fn += int(expected and not flagged)
        if flagged != expected:
            result.red_line_errors.append((item, flagged))
        if item.get("said_on") is None and best.said_on is not None:
            invented += 1
        if best.said_on == item.get("said_on"):
            dates_right += 1
        else:
            result.date_errors.append((item, best.said_on))
    result.unmatched = [p for p in predictions if not any(_matches(p, g) for g in gold)]
    fp += sum(1 for p in result.unmatched if p.red_line)
    matched_predictions = len(predictions) - len(result.unmatched)
    result.recall = right_speaker / len(gold) if gold else 0.0
    result.precision = matched_predictions / len(predictions) if predictions else 0.0
    result.speaker_accuracy = right_speaker / matched_gold if matched_gold else 0.0
    result.red_line_f1 = 2 * tp / (2 * tp + fp + fn) if (tp or fp or fn) else 1.0
    result.invented_dates = invented
    result.date_accuracy = dates_right / matched_gold if matched_gold else 0.0
    return result


def predict(paths: list[Path], seeds_dir: Path) -> list[Prediction]:
    """Run the real ingest + extraction on ``paths`` (files or folders)."""
    from bot.ingest import IngestError, iter_articles
    from bot.nlp import Extractor

    extractor = Extractor(seeds_dir)
    articles = [a for p in paths for a in iter_articles(p) if not isinstance(a, IngestError)]
    return [
        Prediction(article.doc, st.speaker, st.text, st.red_line, st.said_on)
        for article, analysis in extractor.analyze_many(articles)
        for st in analysis.statements
    ]


def main(argv: list[str] | None = None) -> int:
    from bot.config import DEFAULT_SEEDS_DIR

    parser = argparse.ArgumentParser(prog="python -m bot.nlp.evaluate", description=__doc__)
    parser.add_argument("articles", type=Path, nargs="+")
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    result = score(predict(args.articles, args.seeds), load_gold(args.gold))
    print(result.summary())
    if args.verbose:
        for item in result.missed:
            print("MISSED  ", item["doc"][:3], item["speaker"], "|", item["snippet"])
        for item, got in result.wrong_speaker:
            print("SPEAKER ", item["doc"][:3], item["speaker"], "got", got, "|", item["snippet"])
        for p in result.unmatched:
            print("EXTRA   ", p.doc[:3], p.speaker, "|", p.text[:110])
        for item, flagged in result.red_line_errors:
            print("REDLINE ", item["doc"][:3], "got", flagged, "|", item["snippet"])
        for item, said in result.date_errors:
            print("DATE    ", item["doc"][:3], item["said_on"], "got", said, "|", item["snippet"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
