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
from bot.ingest.decode import decode_bytes, normalize_text, read_document, text_file_limit
from bot.ingest.errors import IngestError
from bot.ingest.html import article_from_html
from bot.ingest.rules import Rules
from bot.ingest.structure import front_matter, markdown_units
from bot.models import Article
from bot.net import (
    DEFAULT_MAX_BYTES,
    BlockedAddress,
    Fetcher,
    TooLarge,
    read_limited,
    redact_url,
)

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
        for entry in list_entries(path):
            yield _document(entry, rules)
    elif path.is_file():
        yield _guard(str(path), lambda: article_from_file(path, rules))
    else:
        yield IngestError(str(source), not_a_file(path) or "not a regular file")


def _document(path: Path, rules: Rules) -> Article | IngestError:
    """One entry of a folder: its article, or why it is not one."""
    reason = not_a_file(path)
    if reason:
        return IngestError(str(path), reason)
    return _guard(str(path), partial(article_from_file, path, rules))


def not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a document, or ``None`` for a regular file."""
    if path.is_file():
        return None
    if path.is_symlink() and not path.exists():
        return f"broken link (it points to {_link_target(path)}, which does not exist)"
    if path.is_dir():
        return "a folder, not a file"
    if not path.exists():
        return "no such file or folder"
    return "not a regular file"


def _link_target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "nothing readable"


def _guard(source: str, make: Callable[[], Article]) -> Article | IngestError:
    """Run one document's ingestion; any failure becomes that document's IngestError."""
    try:
        return make()
    except IngestError as exc:
        return exc
    except Exception as exc:  # one broken document must never stop the batch
        return IngestError(source, f"could not ingest ({type(exc).__name__}: {exc})")


def list_entries(folder: Path) -> list[Path]:
    """Everything under ``folder`` named like a text, HTML or Markdown document, sorted, hidden
    names skipped: regular files, but also folders and broken links, to be reported."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def list_documents(folder: Path) -> list[Path]:
    """Text, HTML and Markdown files under ``folder``, sorted; hidden files skipped."""
    return [p for p in list_entries(folder) if p.is_file()]


def file_limit(path: Path, rules: Rules) -> int:
    """The most bytes a document file may have: an HTML file may hold what a downloaded page
    may, a text file no more than the longest article needs."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return min(rules.max_file_bytes, DEFAULT_MAX_BYTES)
    return text_file_limit(rules.max_file_bytes)


def article_from_file(path: Path, rules: Rules) -> Article:
    text = read_document(path, file_limit(path, rules))
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
