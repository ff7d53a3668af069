"""Sources → Article: files and folders, web pages; cleaning, dates, dedup.

Public interface used by the pipeline and the feeds:
- :func:`iter_articles` yields an :class:`~bot.models.Article` or an :class:`IngestError`
  per document of a source (a file, a folder recursively, an http(s) URL);
- :func:`article_from_html` builds an Article from an HTML page (trafilatura + cleaning);
- :func:`content_hash` is the idempotency key;
- :func:`find_near_duplicate` links rewritten copies to their original.

Modules: ``sources`` (files, folders, URLs), ``decode`` (encodings, binary, size limit),
``header`` (header line, dates, byline, dateline, outlet), ``clean`` (credits, promos, teasers,
bios, glued text), ``structure`` (paragraphs and headings), ``html`` (trafilatura),
``build`` (the order the rules run in), ``dedup``; lexicons in ``seeds/ingest_rules.json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.ingest.dedup import content_hash, find_near_duplicate
from bot.ingest.errors import IngestError
from bot.ingest.html import article_from_html
from bot.ingest.rules import Rules, default_rules
from bot.ingest.sources import TEXT_SUFFIXES, iter_source
from bot.models import Article


def iter_articles(
    source: str | Path, rules: Rules | None = None
) -> Iterator[Article | IngestError]:
    """Every article of ``source`` (a file, a folder recursively, or an http(s) URL)."""
    try:
        active = rules or default_rules()
    except ValueError as exc:
        yield IngestError(str(source), str(exc))
        return
    yield from iter_source(source, active)


__all__ = [
    "TEXT_SUFFIXES",
    "IngestError",
    "article_from_html",
    "content_hash",
    "find_near_duplicate",
    "iter_articles",
]
