"""spaCy pipeline: quotes, speakers, actor resolution, statement dates, red-line flags.

Public interface used by the pipeline and the CLI:
- :class:`Extractor` (loads ``fr_core_news_md`` lazily, once) with ``analyze(article)`` and
  ``analyze_many(articles)``;
- :func:`load_actor_records` reads ``seeds/actors.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.models import ActorRecord, Analysis, Article


def load_actor_records(seeds_dir: Path) -> list[ActorRecord]:
    """Actors known in advance (seeds/actors.json)."""
    return []


class Extractor:
    """Finds statements and mentions in articles."""

    def __init__(self, seeds_dir: Path) -> None:
        self.seeds_dir = seeds_dir

    def analyze(self, article: Article) -> Analysis:
        return Analysis()

    def analyze_many(
        self, articles: Iterable[Article], n_process: int = 1
    ) -> Iterator[tuple[Article, Analysis]]:
        for article in articles:
            yield article, self.analyze(article)
