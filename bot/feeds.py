"""Sources that arrive by themselves: RSS/Atom feeds and the watched inbox folder.

Feeds are fetched with conditional requests (ETag / Last-Modified) and parsed by feedparser;
an item whose feed carries only a summary has its page fetched and cleaned (trafilatura, through
bot.ingest.article_from_html). A failing feed backs off exponentially. Items already seen (by
GUID) are never fetched again, and the pipeline's content hash makes re-ingestion harmless.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import requests

from bot.config import Settings
from bot.models import Article
from store import Store
from store import alerts as alert_store

logger = logging.getLogger(__name__)

POLL_EVERY = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
MIN_CONTENT_CHARS = 400  # shorter feed content is a summary: fetch the page
MAX_ITEMS_PER_POLL = 50
TIMEOUT_SECONDS = 20
MAX_BYTES = 5_000_000
USER_AGENT = "Quotedesk/0.1 (+feed poller)"
TEST_POLL_EVERY = "QUOTEDESK_TEST_FEED_POLL_SECONDS"
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FeedReport:
    polled: int = 0
    not_modified: int = 0
    new_items: int = 0
    ingested: int = 0  # articles stored (new statements may have been alerted)
    errors: list[str] = field(default_factory=list)


def backoff(error_count: int, base: timedelta = POLL_EVERY) -> timedelta:
    """Delay before polling a feed again after ``error_count`` consecutive errors (≥ 1)."""
    delay = base * (2 ** max(0, error_count - 1))
    return min(delay, MAX_BACKOFF)


def _poll_every(settings: Settings) -> timedelta:
    value = settings.extra.get(TEST_POLL_EVERY)
    return timedelta(seconds=float(value)) if value else POLL_EVERY


def _get(url: str, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.get(
        url,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        timeout=TIMEOUT_SECONDS,
    )
    if len(response.content) > MAX_BYTES:
        raise ValueError(f"{url} is larger than {MAX_BYTES} bytes")
    return response


def _text_length(html: str) -> int:
    return len(" ".join(html_lib.unescape(_TAG.sub(" ", html)).split()))


def _entry_content(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    return str(best)


def _entry_day(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"


def entry_article(entry: Any, feed_title: str | None) -> Article:
    """The article of one feed item: its full content if the feed has it, else its page.

    Raises IngestError (or requests errors) when neither gives an article.
    """
    from bot.ingest.html import article_from_html

    link = str(entry.get("link") or "")
    title = str(entry.get("title") or "")
    content = _entry_content(entry)
    if _text_length(content) >= MIN_CONTENT_CHARS:
        page = (
            f"<html><head><title>{html_lib.escape(title)}</title></head><body><article>"
            f"<h1>{html_lib.escape(title)}</h1>{content}</article></body></html>"
        )
        article = article_from_html(page, link, doc=link or None)
    else:
        if not link.startswith(("http://", "https://")):
            raise ValueError("the item has only a summary and no link to its page")
        response = _get(link)
        response.raise_for_status()
        article = article_from_html(response.text, link)
    if not article.title and title:
        article.title = title
    if article.published_on is None:
        day = _entry_day(entry)
        if day:
            article.published_on, article.date_precision = day, "day"
    if not article.source and feed_title:
        article.source = feed_title
    return article


def _guid(entry: Any) -> str:
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def poll_feed(
    store: Store, settings: Settings, feed: dict[str, Any], pipeline: Any, report: FeedReport
) -> None:
    """Poll one feed, ingest its new items, record the outcome (backoff on errors)."""
    db = store.db
    feed_id = int(feed["id"])
    headers: dict[str, str] = {}
    if feed.get("etag"):
        headers["If-None-Match"] = str(feed["etag"])
    if feed.get("modified"):
        headers["If-Modified-Since"] = str(feed["modified"])
    report.polled += 1
    try:
        response = _get(str(feed["url"]), headers)
        if response.status_code == 304:
            report.not_modified += 1
            alert_store.feed_polled(
                db, feed_id, next_poll=datetime.now(UTC) + _poll_every(settings)
            )
            return
        response.raise_for_status()
        parsed = feedparser.parse(response.content)
        if parsed.bozo and not parsed.entries:
            raise ValueError(f"not an RSS/Atom feed ({parsed.get('bozo_exception')})")
    except Exception as exc:
        count = int(feed.get("error_count") or 0) + 1
        alert_store.feed_failed(db, feed_id, str(exc), backoff(count, _poll_every(settings)))
        report.errors.append(f"{feed['url']}: {exc}")
        return
    feed_title = parsed.feed.get("title") or None
    entries = {g: e for e in parsed.entries[:MAX_ITEMS_PER_POLL] if (g := _guid(e))}
    new = alert_store.unseen_guids(db, feed_id, list(entries))
    report.new_items += len(new)
    articles: list[Article] = []
    done: list[str] = []
    for guid in new:
        try:
            articles.append(entry_article(entries[guid], feed_title))
            done.append(guid)
        except requests.RequestException as exc:  # transient: try this item again next poll
            report.errors.append(f"{guid}: {exc}")
        except Exception as exc:  # this item will never make an article: do not refetch it
            report.errors.append(f"{guid}: {exc}")
            done.append(guid)
    stored = 0
    if articles:
        result = pipeline.ingest_articles(articles)
        stored = len(result.stored)
        report.errors.extend(str(e) for e in result.errors)
    alert_store.mark_guids_seen(db, feed_id, done)
    report.ingested += stored
    alert_store.feed_polled(
        db,
        feed_id,
        next_poll=datetime.now(UTC) + _poll_every(settings),
        etag=response.headers.get("ETag"),
        modified=response.headers.get("Last-Modified"),
        title=feed_title,
        ingested=stored,
    )


def poll_due_feeds(store: Store, settings: Settings, pipeline: Any) -> FeedReport:
    report = FeedReport()
    for feed in alert_store.due_feeds(store.db):
        poll_feed(store, settings, feed, pipeline, report)
    return report


def poll_inbox(store: Store, settings: Settings, pipeline: Any) -> int:
    """Ingest files of the watched folder that are new or changed; returns articles stored."""
    from bot.ingest.sources import list_documents

    folder = settings.inbox_dir
    if folder is None or not Path(folder).is_dir():
        return 0
    db = store.db
    fresh: list[tuple[Path, int, int]] = []
    for path in list_documents(Path(folder)):
        stat = path.stat()
        if time.time() - stat.st_mtime < 1.0:
            continue  # still being written; next poll
        if not alert_store.inbox_file_known(db, str(path), stat.st_mtime_ns, stat.st_size):
            fresh.append((path, stat.st_mtime_ns, stat.st_size))
    if not fresh:
        return 0
    report = pipeline.ingest([p for p, _, _ in fresh])
    for path, mtime_ns, size in fresh:
        alert_store.mark_inbox_file(db, str(path), mtime_ns, size)
    return len(report.stored)
