"""Idempotency (content hash) and near-duplicate detection (rapidfuzz on normalised text)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rapidfuzz import fuzz

from bot.ingest.rules import fold
from bot.models import Article

# Rewritten copies of one article score ≥ 85 (a few words changed, a paragraph moved or
# dropped); two articles about the same event by different outlets score well below 70.
NEAR_DUPLICATE_THRESHOLD = 85.0
MIN_LENGTH_RATIO = 0.6
MIN_CHARS = 200

_NON_WORD = re.compile(r"[^\w]+")


def content_hash(article: Article) -> str:
    """Stable hash of what the article says (whitespace and case insensitive)."""
    normalized = " ".join(article.body.split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def normalize_for_comparison(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def similarity(a: str, b: str, score_cutoff: float = 0.0) -> float:
    """0–100: the better of character-level and word-order-insensitive similarity."""
    return max(
        fuzz.ratio(a, b, score_cutoff=score_cutoff),
        fuzz.token_sort_ratio(a, b, score_cutoff=score_cutoff),
    )


def find_near_duplicate(
    article: Article,
    candidates: list[dict[str, Any]],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> int | None:
    """Id of a stored article that ``article`` rewrites, if any (best match wins)."""
    text = normalize_for_comparison(article.body)
    if len(text) < MIN_CHARS:
        return None
    best_id: int | None = None
    best_score = threshold
    for candidate in candidates:
        other = normalize_for_comparison(str(candidate.get("body") or ""))
        shorter, longer = sorted((len(text), len(other)))
        if not longer or shorter / longer < MIN_LENGTH_RATIO:
            continue
        score = similarity(text, other, score_cutoff=best_score)
        if score >= best_score and (best_id is None or score > best_score):
            best_id, best_score = int(candidate["id"]), score
    return best_id
