"""Index terms: what FTS5 sees for a text and for a query.

Both sides go through the same function, so that French inflections meet: words are
lower-cased, accents folded and reduced to their Snowball French stem (``troupes`` and
``troupe`` → ``troup``; ``déclaré`` and ``déclarer`` → ``declar``). Elisions (``l'``, ``d'``,
``qu'``) are dropped. The raw text keeps its own FTS column for exact phrase matches.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

from folding import fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's stemmer: Snowball stemmers keep state while stemming, so threads that
    shared one would corrupt each other's stems (Bolt listeners and ingest run in parallel)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded French stem of one word."""
    return fold(_stemmer().stemWord(word.casefold()))


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (elisions removed), as written."""
    return _WORD.findall(_ELISION.sub(" ", text))


def index_terms(text: str) -> str:
    """Space-separated folded stems of ``text``, for an FTS5 ``*_terms`` column."""
    return " ".join(stem(word) for word in words(text))
