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

from bot.config import DEFAULT_SEEDS_DIR
from bot.ingest import IngestError, iter_articles
from bot.nlp import Extractor
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
    start: int = -1
    end: int = -1
    rule: str | None = None


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
    """The shared scorer's rule: the same name, or (for names over three letters) the same
    last word, accents folded."""
    if not prediction.speaker:
        return gold.get("speaker") == "unknown"
    said = fold(prediction.speaker)
    for name in _acceptable(gold):
        if said == name or (len(said) > 3 and said.split()[-1] == name.split()[-1]):
            return True
    return False


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


def predict(paths: list[Path], seeds_dir: Path) -> tuple[list[Prediction], dict[str, str]]:
    """Run the real ingest + extraction on ``paths`` (files or folders); the predictions and
    each article's analysed text."""

    extractor = Extractor(seeds_dir)
    articles = [a for p in paths for a in iter_articles(p) if not isinstance(a, IngestError)]
    predictions: list[Prediction] = []
    bodies: dict[str, str] = {}
    for article, analysis in extractor.analyze_many(articles):
        bodies[article.doc] = article.text
        predictions.extend(
            Prediction(article.doc, st.speaker, st.text, st.red_line, st.said_on,
                       st.start, st.end, st.rule)
            for st in analysis.statements)
    return predictions, bodies


def locate(snippet: str, body: str) -> tuple[int, int] | None:
    """Where a gold snippet stands in an article's text (quotation marks, apostrophes and
    white space compared loosely)."""
    parts = []
    for word in snippet.split():
        parts.append("".join(
            "[\"«»“”„]\\s*" if ch in '"«»“”„' else "['’‘]" if ch in "'’‘" else re.escape(ch)
            for ch in word))
    found = re.search("\\s*".join(parts), body, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def by_rule(result: Scores, predictions: list[Prediction]) -> list[tuple[str, tuple[int, int]]]:
    """For each extraction rule: predictions matching a gold statement, predictions made."""
    wrong = {id(p) for p in result.unmatched}
    counts: dict[str, list[int]] = {}
    for p in predictions:
        right_total = counts.setdefault(p.rule or "?", [0, 0])
        right_total[0] += int(id(p) not in wrong)
        right_total[1] += 1
    return sorted(((rule, (r, t)) for rule, (r, t) in counts.items()), key=lambda x: -x[1][1])


def failure_classes(
    result: Scores, predictions: list[Prediction], bodies: dict[str, str]
) -> dict[str, list[str]]:
    """Each miss in one class: no candidate near the words, a candidate cutting them (span),
    no speaker, a wrong speaker; and each extra prediction: overlapping gold words (span) or
    not a statement at all."""
    classes: dict[str, list[str]] = {
        "no candidate": [], "wrong span": [], "no speaker": [], "wrong speaker": [],
        "extra: overlaps a gold statement": [], "extra: not a statement": []}
    gold_places: list[tuple[str, int, int]] = []
    for item in result.missed:
        where = locate(item["snippet"], bodies.get(item["doc"], ""))
        line = f'{item["doc"][:3]} {item["kind"]:8} {item["speaker"]} | {item["snippet"]}'
        if where is None:
            classes["no candidate"].append(line + "  (snippet not in the analysed text)")
            continue
        gold_places.append((item["doc"], *where))
        near = [p for p in predictions if p.doc == item["doc"]
                and p.start < where[1] and where[0] < p.end]
        if near:
            classes["wrong span"].append(line + f"  <- got {near[0].text[:80]!r}")
        else:
            classes["no candidate"].append(line)
    for item, got in result.wrong_speaker:
        line = f'{item["doc"][:3]} {item["kind"]:8} {item["speaker"]} got {got} | {item["snippet"]}'
        classes["no speaker" if not any(got) else "wrong speaker"].append(line)
    for p in result.unmatched:
        line = f"{p.doc[:3]} {p.rule} {p.speaker} | {p.text[:110]}"
        overlaps = any(d == p.doc and p.start < e and s < p.end for d, s, e in gold_places)
        classes["extra: overlaps a gold statement" if overlaps
                else "extra: not a statement"].append(line)
    return classes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlp.evaluate", description=__doc__)
    parser.add_argument("articles", type=Path, nargs="+")
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    predictions, bodies = predict(args.articles, args.seeds)
    docs = set(bodies)
    gold = [g for g in load_gold(args.gold) if g["doc"] in docs]
    result = score(predictions, gold)
    print(result.summary())
    classes = failure_classes(result, predictions, bodies)
    print("failure classes:", ", ".join(f"{name} {len(lines)}" for name, lines in classes.items()))
    print("precision by rule:", ", ".join(
        f"{rule} {right}/{total}" for rule, (right, total) in by_rule(result, predictions)))
    if args.verbose:
        for name, lines in classes.items():
            for line in lines:
                print(f"{name.upper():34}", line)
        for item, flagged in result.red_line_errors:
            print("REDLINE ", item["doc"][:3], "got", flagged, "|", item["snippet"])
        for item, said in result.date_errors:
            print("DATE    ", item["doc"][:3], item["said_on"], "got", said, "|", item["snippet"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
