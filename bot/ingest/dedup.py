"""Idempotency (content hash) and near-duplicate detection (rapidfuzz on normalised text)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from bot.models import Article
from folding import fold

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
    return _signature_similarity(signature(a), signature(b), score_cutoff)


def _signature_similarity(a: Signature, b: Signature, score_cutoff: float) -> float:
    return max(
        fuzz.ratio(a.plain, b.plain, score_cutoff=score_cutoff),
        fuzz.ratio(a.sorted_sentences, b.sorted_sentences, score_cutoff=score_cutoff),
    )


@dataclass(frozen=True)
class _Entry:
    id: int
    signature: Signature


class NearDuplicateIndex:
    """Stored originals, searchable for the one an article rewrites.

    An inverted map (3-word-sequence hash → entries holding it) yields only the entries that
    share at least ``MIN_SHINGLE_OVERLAP`` of their sequences with the article, so the cost of
    a lookup follows the number of texts that share wording with it, not the number indexed.
    The decision is that of a scan of every entry, newest first: same length and overlap
    filters, same threshold, the most similar wins and, between equal scores, the newest.
    ``limit`` keeps only the ``limit`` newest entries in play (a sliding window of originals).
    """

    def __init__(
        self, threshold: float = NEAR_DUPLICATE_THRESHOLD, limit: int | None = None
    ) -> None:
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be positive or None, not {limit}")
        self.threshold = threshold
        self.limit = limit
        self._entries: list[_Entry] = []  # oldest first; position = insertion order
        self._postings: dict[int, list[int]] = {}  # shingle hash -> entry positions

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, article_id: int, body: str) -> None:
        """Index ``body`` as the newest original, known as ``article_id``."""
        position = len(self._entries)
        entry = _Entry(int(article_id), signature(body))
        self._entries.append(entry)
        postings = self._postings
        for shingle in entry.signature.shingles:
            found = postings.get(shingle)
            if found is None:
                postings[shingle] = [position]
            else:
                found.append(position)

    def find(self, article: Article) -> int | None:
        """Id of the indexed original that ``article`` rewrites, if any."""
        return self.find_body(article.body)

    def find_body(self, body: str) -> int | None:
        own = signature(body)
        length = len(own.plain)
        if length < MIN_CHARS or not own.shingles:
            return None  # without shared shingles, no overlap reaches the filter
        oldest = 0 if self.limit is None else max(0, len(self._entries) - self.limit)
        best_id: int | None = None
        best_score = self.threshold
        for position in self._candidates(own, oldest):
            theirs = self._entries[position].signature
            shorter, longer = sorted((length, len(theirs.plain)))
            if not longer or shorter / longer < MIN_LENGTH_RATIO:
                continue
            score = _signature_similarity(own, theirs, best_score)
            if score > best_score or (best_id is None and score >= best_score):
                best_id, best_score = self._entries[position].id, score
        return best_id

    def _candidates(self, own: Signature, oldest: int) -> list[int]:
        """Positions (newest first) of entries passing the shingle-overlap filter."""
        shared: dict[int, int] = {}
        postings = self._postings
        for shingle in own.shingles:
            for position in postings.get(shingle, ()):
                shared[position] = shared.get(position, 0) + 1
        mine = len(own.shingles)
        kept = []
        for position, count in shared.items():
            if position < oldest:
                continue
            smaller = min(mine, len(self._entries[position].signature.shingles))
            if count / smaller >= MIN_SHINGLE_OVERLAP:
                kept.append(position)
        kept.sort(reverse=True)
        return kept


def find_near_duplicate(
    article: Article,
    candidates: list[dict[str, Any]],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> int | None:
    """Id of a stored article that ``article`` rewrites, if any (the most similar wins;
    between equal scores, the one listed first)."""
    index = NearDuplicateIndex(threshold)
    for candidate in reversed(candidates):  # the index scans newest (last added) first
        index.add(int(candidate["id"]), str(candidate.get("body") or ""))
    return index.find(article)
