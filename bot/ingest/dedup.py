"""Idempotency (content hash) and near-duplicate detection (rapidfuzz on normalised text)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from bot.ingest.rules import fold
from bot.models import Article

# Scores are 0–100 on text folded to lower case without accents or punctuation, the larger of
# (a) the plain character ratio and (b) the ratio of the article's sentences sorted, so that
# moving a paragraph does not hide a copy. Measured (tests/test_ingest_dedup.py): a rewritten
# copy (words swapped, a paragraph moved, a sentence shortened) scores 90; different articles
# on the same subject score 45–50.
NEAR_DUPLICATE_THRESHOLD = 80.0
MIN_LENGTH_RATIO = 0.6
MIN_CHARS = 200

_NON_WORD = re.compile(r"[^\w]+")
_SENTENCE = re.compile(r"(?<=[.!?…»\"”])\s+|\n+")


def content_hash(article: Article) -> str:
    """Stable hash of what the article says (whitespace and case insensitive)."""
    normalized = " ".join(article.body.split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def normalize_for_comparison(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


@lru_cache(maxsize=8192)
def signature(text: str) -> tuple[str, str]:
    """(normalised text, its normalised sentences in sorted order)."""
    sentences = sorted(
        n for n in (normalize_for_comparison(s) for s in _SENTENCE.split(text)) if n
    )
    return normalize_for_comparison(text), " ".join(sentences)


def similarity(a: str, b: str, score_cutoff: float = 0.0) -> float:
    """0–100: how much ``b`` is a rewrite of ``a`` (insensitive to sentence order)."""
    plain_a, sorted_a = signature(a)
    plain_b, sorted_b = signature(b)
    return max(
        fuzz.ratio(plain_a, plain_b, score_cutoff=score_cutoff),
        fuzz.ratio(sorted_a, sorted_b, score_cutoff=score_cutoff),
    )


def find_near_duplicate(
    article: Article,
    candidates: list[dict[str, Any]],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> int | None:
    """Id of a stored article that ``article`` rewrites, if any (the most similar wins)."""
    body = article.body
    length = len(signature(body)[0])
    if length < MIN_CHARS:
        return None
    best_id: int | None = None
    best_score = threshold
    for candidate in candidates:
        other = str(candidate.get("body") or "")
        other_length = len(signature(other)[0])
        shorter, longer = sorted((length, other_length))
        if not longer or shorter / longer < MIN_LENGTH_RATIO:
            continue
        score = similarity(body, other, score_cutoff=best_score)
        if score > best_score or (best_id is None and score >= best_score):
            best_id, best_score = int(candidate["id"]), score
    return best_id
