"""What a document's container says about it (HTML metadata, Markdown front matter)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import DatePrecision


@dataclass
class Metadata:
    """What the container told us (HTML metadata, the caller), before the text is read."""

    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published_on: str | None = None
    date_precision: DatePrecision = "none"
    outlet: str | None = None
