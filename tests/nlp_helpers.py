"""Helpers for the NLP tests: build articles from plain text and read them with the session's
extractor (the ``extractor`` fixture in ``conftest.py`` hands it over with :func:`use`)."""

from __future__ import annotations

from bot.models import Analysis, Article, Block, DatePrecision, Statement
from bot.nlp import Extractor

_session: list[Extractor] = []


def use(extractor: Extractor) -> None:
    """Called once by the session fixture: the helpers below read with this extractor."""
    _session[:] = [extractor]


def _extractor() -> Extractor:
    assert _session, "the session fixture `extractor` (conftest.py) has not run"
    return _session[0]


def article(
    text: str, published_on: str | None = None, precision: DatePrecision = "none"
) -> Article:
    """Paragraphs are separated by blank lines; a paragraph starting with '# ' is a heading."""
    blocks = []
    for part in text.strip().split("\n\n"):
        part = part.strip()
        if part.startswith("# "):
            blocks.append(Block("heading", part[2:]))
        else:
            blocks.append(Block("paragraph", part))
    return Article(doc="test.txt", title=blocks[0].text, blocks=blocks,
                   published_on=published_on, date_precision=precision)


def analyze(text: str, published_on: str | None = None,
            precision: DatePrecision = "none") -> Analysis:
    return _extractor().analyze(article(text, published_on, precision))


def statements(text: str, published_on: str | None = None,
               precision: DatePrecision = "none") -> list[Statement]:
    return analyze(text, published_on, precision).statements


def only(text: str, published_on: str | None = None,
         precision: DatePrecision = "none") -> Statement:
    found = statements(text, published_on, precision)
    assert len(found) == 1, [(s.speaker, s.text) for s in found]
    return found[0]


def by_text(found: list[Statement], words: str) -> Statement:
    """The statement whose words contain ``words`` (StopIteration when none does)."""
    return next(s for s in found if words in s.text)
