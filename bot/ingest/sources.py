"""Where documents come from: a file, a folder (recursively) or a web page URL.

Web pages are fetched through :class:`bot.net.Fetcher`: public addresses only, at every
redirect; by default nothing private is allowed (pass a fetcher built from the settings'
``fetch_allow_private`` to allow an intranet host).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import requests

from bot.ingest.build import build_article
from bot.ingest.decode import decode_bytes, normalize_text, read_document
from bot.ingest.errors import IngestError
from bot.ingest.html import article_from_html
from bot.ingest.rules import Rules
from bot.ingest.structure import front_matter, markdown_units
from bot.models import Article
from bot.net import BlockedAddress, Fetcher, TooLarge, read_limited, redact_url

TEXT_SUFFIXES = {".txt", ".html", ".htm", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
FETCH_TIMEOUT = 20.0


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def iter_source(
    source: str | Path, rules: Rules, fetcher: Fetcher | None = None
) -> Iterator[Article | IngestError]:
    if is_url(source):
        shown = redact_url(str(source))
        yield _guard(shown, lambda: fetch_article(str(source), rules, fetcher))
        return
    path = Path(source)
    if path.is_dir():
        for file in list_documents(path):
            yield _guard(str(file), partial(article_from_file, file, rules))
    elif path.is_file():
        yield _guard(str(path), lambda: article_from_file(path, rules))
    elif path.exists():
        yield IngestError(str(source), "not a regular file")
    else:
        yield IngestError(str(source), "no such file or folder")


def _guard(source: str, make: Callable[[], Article]) -> Article | IngestError:
    """Run one document's ingestion; any failure becomes that document's IngestError."""
    try:
        return make()
    except IngestError as exc:
        return exc
    except Exception as exc:  # one broken document must never stop the batch
        return IngestError(source, f"could not ingest ({type(exc).__name__}: {exc})")


def list_documents(folder: Path) -> list[Path]:
    """Text, HTML and Markdown files under ``folder``, sorted; hidden files skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in TEXT_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def article_from_file(path: Path, rules: Rules) -> Article:
    text = read_document(path, rules.max_file_bytes)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return article_from_html(text, "", doc=path.name, path=str(path), rules=rules)
    if suffix == ".md":
        meta, text = front_matter(text)
        units = markdown_units(text)
        return build_article(path.name, text, rules, path=str(path), units=units, meta=meta)
    return build_article(path.name, text, rules, path=str(path))


def fetch_article(url: str, rules: Rules, fetcher: Fetcher | None = None) -> Article:
    """Download one page (HTML or plain text) and build its article."""
    fetcher = fetcher or Fetcher(timeout=FETCH_TIMEOUT)
    shown = redact_url(url)
    try:
        with fetcher.stream(url) as response:
            if response.status_code >= 400:
                raise IngestError(shown, f"could not fetch the page (HTTP {response.status_code})")
            content_type = response.headers.get("Content-Type", "").lower()
            if content_type and not any(k in content_type for k in ("text/", "html", "xml")):
                raise IngestError(shown, f"not an article page ({content_type.split(';')[0]})")
            data = read_limited(response, rules.max_file_bytes)
            encoding = response.encoding if "charset" in content_type else None
    except BlockedAddress as exc:
        raise IngestError(shown, f"refused: {exc}") from None
    except TooLarge:
        raise IngestError(shown, f"page too large (limit {rules.max_file_bytes // 1_048_576} MB)"
                          ) from None
    except requests.RequestException as exc:
        raise IngestError(shown, f"could not fetch the page ({type(exc).__name__})") from None
    if not data:
        raise IngestError(shown, "empty page")
    text = _decode_page(data, encoding, shown)
    if "html" in content_type or text.lstrip()[:1] == "<":
        return article_from_html(text, shown, rules=rules)
    article = build_article(shown, text, rules)
    article.url = article.url or shown
    return article


def _decode_page(data: bytes, encoding: str | None, url: str) -> str:
    if encoding:
        try:
            return normalize_text(data.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, url)
