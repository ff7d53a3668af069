"""HTML pages → Article, with trafilatura for the main text and the page metadata."""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from bot.ingest.build import Metadata, build_article
from bot.ingest.errors import IngestError
from bot.ingest.rules import Rules, default_rules
from bot.ingest.structure import markdown_units
from bot.models import Article

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def article_from_html(
    html: str,
    url: str,
    *,
    doc: str | None = None,
    path: str | None = None,
    rules: Rules | None = None,
) -> Article:
    """Extract the article of an HTML page and clean it like any other text."""
    rules = rules or default_rules()
    source = doc or url
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_formatting=True,
            output_format="python",  # text in Markdown, headings marked
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors
        raise IngestError(source, f"cannot parse HTML ({type(exc).__name__})") from exc
    if extracted is None:
        raise IngestError(source, "no article text found in the HTML page")
    data: dict[str, Any] = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = str(data.get("text") or "")
    if not text.strip():
        raise IngestError(source, "no article text found in the HTML page")
    meta = Metadata(
        title=str(data.get("title") or "").strip() or None,
        url=url or None,
        authors=_authors(data.get("author")),
        outlet=_sitename(data, url),
    )
    day = str(data.get("date") or "")
    if _ISO_DAY.match(day):  # from the page's metadata or URL; None when it states none
        meta.published_on, meta.date_precision = day, "day"
    units = markdown_units(text)
    return build_article(source, "", rules, path=path, units=units, meta=meta)


def _sitename(data: dict[str, Any], url: str) -> str | None:
    """The site's own name; a bare host name or address is not one."""
    name = str(data.get("sitename") or "").strip()
    if not name or (url and name.lower() in url.lower()):
        return None
    return name


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in re.split(r";|,|\bet\b|\band\b", value) if a.strip()]
