"""Sources → Article: files and folders, feeds and URLs; cleaning, dates, dedup.

Public interface used by the pipeline:
- :func:`iter_articles` yields an :class:`~bot.models.Article` or an :class:`IngestError`
  per document of a source (a file, a folder, later a URL or feed);
- :func:`content_hash` is the idempotency key;
- :func:`find_near_duplicate` links rewritten copies to their original.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.models import Article, Block


class IngestError(Exception):
    """One document could not be ingested; ``source`` says which, ``str()`` says why."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


TEXT_SUFFIXES = {".txt", ".html", ".htm", ".md"}


def iter_articles(source: str | Path) -> Iterator[Article | IngestError]:
    """Every article of ``source`` (a file or a folder, recursively)."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
    elif path.exists():
        files = [path]
    else:
        yield IngestError(str(source), "no such file or folder")
        return
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield IngestError(str(file), f"cannot read: {exc}")
            continue
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        if not paragraphs:
            yield IngestError(str(file), "no text")
            continue
        yield Article(
            doc=file.name,
            title=paragraphs[0][:200],
            blocks=[Block("paragraph", p) for p in paragraphs],
            path=str(file),
        )


def content_hash(article: Article) -> str:
    """Stable hash of what the article says (whitespace and case insensitive)."""
    normalized = " ".join(article.body.split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def find_near_duplicate(article: Article, candidates: list[dict[str, Any]]) -> int | None:
    """Id of a stored article that ``article`` rewrites, if any."""
    return None
