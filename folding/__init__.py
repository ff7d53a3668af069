"""Text folding, the one used by every layer (store, ingestion, extraction, search, Slack).

A package of its own, below both ``store`` and ``bot``, so that extraction folds text exactly
as the index does without importing the store.
"""

from __future__ import annotations

import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics, straighten apostrophes: ``Sergueï d’A`` → ``serguei d'a``."""
    lowered = text.translate(_APOSTROPHES).casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
