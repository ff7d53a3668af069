"""spaCy pipeline: quotes, speakers, actor resolution, statement dates, red-line flags.

Public interface used by the pipeline and the CLI:
- :class:`Extractor` (loads ``fr_core_news_md`` lazily, once) with ``analyze(article)`` and
  ``analyze_many(articles)``;
- :func:`load_actor_records` reads ``seeds/actors.json``.
"""

from __future__ import annotations

from bot.nlp.actors import load_actor_records
from bot.nlp.extractor import Extractor

__all__ = ["Extractor", "load_actor_records"]
