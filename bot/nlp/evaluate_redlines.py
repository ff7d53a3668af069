"""Scoring the red-line flag on its own, whatever the extractor finds.

    python -m bot.nlp.evaluate_redlines ARTICLES_DIR --gold GOLD.jsonl [--docs a01-a20,b01-b20] [-v]
    python -m bot.nlp.evaluate_redlines ARTICLES_DIR --gold GOLD.jsonl --extracted [...]

Each gold statement is located in its article (the gold snippet, normalised as in
:mod:`bot.nlp.evaluate`); the flag is computed on the sentence(s) holding it — the whole
quotation when the snippet lies inside one, with the sentence that reports it — and compared
with the gold ``red_line``. Precision and recall of the flag over the located statements are
printed; statements whose snippet cannot be found are counted apart.

With ``--extracted`` the flag is scored instead over what the extractor finds: precision and
recall of the flag over the extracted statements that match a gold statement (a flagged
extracted statement that matches none counts against precision), and red-line F1 over all
gold statements as :mod:`bot.nlp.evaluate` computes it (a missed red line counts as missed).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_SEEDS_DIR
from bot.ingest import IngestError, iter_articles
from bot.nlp.evaluate import _matches, load_gold, predict, score
from bot.nlp.model import load_model
from bot.nlp.redline_flag import RedLineFlagger

_MARKS = str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"'})


@dataclass
class FlagScores:
    located: int = 0
    not_found: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[tuple[dict[str, Any], str, str | None]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0

    def summary(self) -> str:
        return (f"located={self.located} not_found={self.not_found} red_lines="
                f"{self.tp + self.fn} flagged={self.tp + self.fp} precision={self.precision:.3f} "
                f"recall={self.recall:.3f} f1={self.f1:.3f}")


def _normalised(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with quotation marks unified, spaces collapsed and spaces around
    quotation marks dropped, and for each of its characters the offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_MARKS).lower()):
        if ch.isspace():
            if not out or out[-1] in ' "':
                continue
            ch = " "
        elif ch == '"' and out and out[-1] == " ":
            out.pop()
            where.pop()
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate(text: str, snippet: str) -> tuple[int, int] | None:
    """Character span of ``snippet`` in ``text`` (normalised comparison), or None."""
    norm, where = _normalised(text)
    needle, _ = _normalised(snippet)
    needle = needle.strip()
    at = norm.find(needle)
    if at < 0 or not needle:
        return None
    return where[at], where[at + len(needle) - 1] + 1


_OPEN_CLOSE = {"«": "»", "“": "”", '"': '"'}


def _quotation_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quotation (same paragraph) enclosing ``start:end``, marks included."""
    para_start = text.rfind("\n\n", 0, start) + 1
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    for opener, closer in _OPEN_CLOSE.items():
        left = text.rfind(opener, para_start, start)
        if left < 0:
            continue
        if opener != closer and text.rfind(closer, left + 1, start) >= 0:
            continue
        if opener == closer and text.count('"', para_start, start) % 2 == 0:
            continue
        right = text.find(closer, end, para_end)
        if right >= 0:
            return left, right + 1
    return None


def statement_context(text: str, sentence_spans: list[tuple[int, int]], start: int,
                      end: int) -> tuple[int, int]:
    """The sentences covering the snippet, widened to its whole quotation if it has one."""
    quoted = _quotation_around(text, start, end)
    if quoted is not None:
        start, end = min(start, quoted[0]), max(end, quoted[1])
    first = next((s for s in sentence_spans if s[0] <= start < s[1]), (start, end))
    last = next((s for s in sentence_spans if s[0] < end <= s[1]), (start, end))
    return first[0], max(last[1], first[1])


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    doc = load_model()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]


def _in_docs(doc: str, ranges: list[tuple[str, str]]) -> bool:
    stem = doc.rsplit(".", 1)[0]
    return not ranges or any(lo <= stem <= hi and len(stem) == len(lo) for lo, hi in ranges)


def parse_docs(spec: str) -> list[tuple[str, str]]:
    """``a01-a20,b01-b20`` → [("a01", "a20"), ("b01", "b20")]."""
    ranges = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        lo, _, hi = part.partition("-")
        ranges.append((lo, hi or lo))
    return ranges


def article_texts(folder: Path) -> dict[str, str]:
    """Title and body of every article of ``folder`` as ingestion cleans them, by doc."""
    texts = {}
    for article in iter_articles(folder):
        if isinstance(article, IngestError):
            continue
        texts[article.doc] = article.title + "\n\n" + article.body
    return texts


Flagger = Callable[[str], tuple[str, str] | None]  # text → (kind, trigger) or None


def score_flags(
    texts: dict[str, str], gold: list[dict[str, Any]], flag: Flagger,
    split: Callable[[str], list[tuple[int, int]]] | None = None,
) -> FlagScores:
    """The flag on each gold statement's sentences (``split`` gives a text's sentence spans;
    spaCy's by default)."""
    split = split or _sentence_spans
    result = FlagScores()
    spans_by_doc: dict[str, list[tuple[int, int]]] = {}
    for item in gold:
        text = texts.get(item["doc"])
        where = locate(text, item["snippet"]) if text is not None else None
        if text is None or where is None:
            result.not_found += 1
            continue
        if item["doc"] not in spans_by_doc:
            spans_by_doc[item["doc"]] = split(text)
        start, end = statement_context(text, spans_by_doc[item["doc"]], *where)
        context = re.sub(r"\s+", " ", text[start:end]).strip()
        result.located += 1
        got = flag(context)
        expected = bool(item.get("red_line"))
        result.tp += int(bool(got) and expected)
        result.fp += int(bool(got) and not expected)
        result.fn += int(expected and not got)
        if bool(got) != expected:
            result.errors.append((item, context, f"{got[0]}: {got[1]}" if got else None))
    return result


def score_extracted(folder: Path, gold: list[dict[str, Any]], seeds: Path) -> str:
    """The flag over the statements the extractor finds in ``folder``'s gold documents."""
    docs = {g["doc"] for g in gold}
    paths = sorted(p for p in folder.iterdir() if p.name in docs)
    predictions, _ = predict(paths, seeds)
    result = FlagScores()
    for prediction in predictions:
        matched = [g for g in gold if _matches(prediction, g)]
        if not matched:
            result.fp += int(prediction.red_line)
            continue
        result.located += 1
        expected = any(bool(g.get("red_line")) for g in matched)
        result.tp += int(prediction.red_line and expected)
        result.fp += int(prediction.red_line and not expected)
        result.fn += int(expected and not prediction.red_line)
    overall = score(predictions, gold)
    return (f"extracted={len(predictions)} matched={result.located} "
            f"precision={result.precision:.3f} recall={result.recall:.3f} "
            f"red_line_f1_over_gold={overall.red_line_f1:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlp.evaluate_redlines",
                                     description=__doc__)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--docs", default="", help="doc ranges, e.g. a01-a20,b01-b20")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR)
    parser.add_argument("--extracted", action="store_true",
                        help="score the flag over the statements the extractor finds")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    ranges = parse_docs(args.docs)
    gold = [g for g in load_gold(args.gold) if _in_docs(g["doc"], ranges)]
    if args.extracted:
        print(score_extracted(args.articles, gold, args.seeds))
        return 0
    flagger = RedLineFlagger.load(args.seeds)

    def flag(text: str) -> tuple[str, str] | None:
        found = flagger.flag(text)
        return (found.kind, found.trigger) if found else None

    result = score_flags(article_texts(args.articles), gold, flag)
    print(result.summary())
    if args.verbose:
        for item, context, got in result.errors:
            label = f"FP {got}" if got else "FN"
            print(f"{label:<40} {item['doc'][:3]} | {context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
