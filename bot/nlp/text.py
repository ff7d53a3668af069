"""Small text helpers shared by the extraction modules (folding, quotation marks)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})
QUOTE_CHARS = set('"«»“”„')


def fold(text: str) -> str:
    """Lower case, accents stripped, apostrophes and spaces normalised."""
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Quote:
    """A quotation in a text: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end].strip()

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


def find_quotes(text: str) -> list[Quote]:
    """Balanced quotations (« », “ ”, "…") within each paragraph; unbalanced marks are ignored."""
    quotes: list[Quote] = []
    guillemets: list[int] = []
    curly: int | None = None
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            if (i + 1 < len(text) and text[i + 1] == "\n") or (i > 0 and text[i - 1] == "\n"):
                guillemets, curly, straight = [], None, None
            continue
        if ch == "«":
            guillemets.append(i)
        elif ch == "»" and guillemets:
            start = guillemets.pop()
            if not guillemets:
                quotes.append(Quote(start, i + 1))
        elif ch in "“„":
            curly = i
        elif ch == "”":
            if curly is not None:
                quotes.append(Quote(curly, i + 1))
                curly = None
            else:
                curly = i
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                quotes.append(Quote(straight, i + 1))
                straight = None
    quotes.sort(key=lambda q: q.start)
    return _outermost(quotes)


def _outermost(quotes: list[Quote]) -> list[Quote]:
    kept: list[Quote] = []
    for quote in quotes:
        if kept and quote.start < kept[-1].end:
            continue
        kept.append(quote)
    return kept


def word_count(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalnum() for ch in w)])
