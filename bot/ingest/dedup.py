"""Idempotency (content hash) and near-duplicate detection (rapidfuzz on normalised text)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
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
# First filter: a rewrite shares ~70% of its 3-word sequences with the original, different
# articles on the same subject under 10%.
MIN_SHINGLE_OVERLAP = 0.25

_NON_WORD = re.compile(r"[^\w]+")
_SENTENCE = re.compile(r"(?<=[.!?…»\"”])\s+|\n+")


def content_hash(article: Article) -> str:
    """Stable hash of what the article says (whitespace and case insensitive)."""
    normalized = " ".join(article.body.split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def normalize_for_comparison(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class Signature:
    plain: str  # normalised text
    sorted_sentences: str  # its normalised sentences in sorted order
    shingles: frozenset[int]  # hashes of its 3-word sequences, for a cheap first filter


@lru_cache(maxsize=8192)
def signature(text: str) -> Signature:
    sentences = sorted(
        n for n in (normalize_for_comparison(s) for s in _SENTENCE.split(text)) if n
    )
    plain = normalize_for_comparison(text)
    tokens = plain.split()
    shingles = frozenset(hash(tuple(tokens[i : i + 3])) for i in range(len(tokens) - 2))
    return Signature(plain, " ".join(sentences), shingles)


def shingle_overlap(a: Signature, b: Signature) -> float:
    """Share of the smaller text's 3-word sequences found in the other (0–1)."""
    smaller, larger = sorted((a.shingles, b.shingles), key=len)
    if not smaller:
        return 0.0
    return len(smaller & larger) / len(smaller)


def similarity(a: str, b: str, score_cutoff: float = 0.0) -> float:
    """0–100: how much ``b`` is a rewrite of ``a`` (insensitive to sentence order)."""
    sig_a, sig_b = signature(a), signature(b)
    return max(
        fuzz.ratio(sig_a.plain, sig_b.plain, score_cutoff=score_cutoff),
        fuzz.ratio(sig_a.sorted_sentences, sig_b.sorted_sentences, score_cutoff=score_cutoff),
    )


def find_near_duplicate(
    article: Article,
    candidates: list[dict[str, Any]],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> int | None:
    """Id of a stored article that ``article`` rewrites, if any (the most similar wins)."""
    body = article.body
    own = signature(body)
    length = len(own.plain)
    if length < MIN_CHARS:
        return None
    best_id: int | None = None
    best_score = threshold
    for candidate in candidates:
        other = str(candidate.get("body") or "")
        theirs = signature(other)
        shorter, longer = sorted((length, len(theirs.plain)))
        if not longer or shorter / longer < MIN_LENGTH_RATIO:
            continue
        if shingle_overlap(own, theirs) < MIN_SHINGLE_OVERLAP:
            continue
        score = similarity(body, other, score_cutoff=best_score)
        if score > best_score or (best_id is None and score >= best_score):
            best_id, best_score = int(candidate["id"]), score
    return best_id
