"""Sources that arrive by themselves: RSS/Atom feeds and the watched inbox folder.

A feed belongs to the workspaces that added it (``/feeds`` lists and removes only the asking
workspace's feeds); the articles it brings join the install's one shared corpus. Feeds and the
pages of their items are fetched through :class:`bot.net.Fetcher`, which refuses every host
that is not public (at each redirect too) unless ``QUOTEDESK_FETCH_ALLOW_PRIVATE`` allows it;
credentials written in a feed's URL are used but never shown or logged.

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
from urllib.parse import urlparse

import feedparser
import requests

from bot.config import Settings
from bot.context import CommandContext
from bot.models import Answer, Article
from bot.net import BlockedAddress, Fetcher, redact_text, redact_url
from store import Store
from store import feeds as feed_store
from store import inbox as inbox_store
from store.feeds import Feed

logger = logging.getLogger(__name__)

POLL_EVERY = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
MIN_CONTENT_CHARS = 400  # shorter feed content is a summary: fetch the page
MAX_ITEMS_PER_POLL = 50
TIMEOUT_SECONDS = 20
MAX_BYTES = 5_000_000
USER_AGENT = "Quotedesk/0.1 (+feed poller)"
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
    return timedelta(seconds=settings.feed_poll_seconds)


def feed_fetcher(settings: Settings) -> Fetcher:
    """The fetcher for feeds and their pages: public hosts, plus the allowed private ones."""
    return Fetcher(settings.fetch_allow_private, timeout=TIMEOUT_SECONDS, max_bytes=MAX_BYTES,
                   user_agent=USER_AGENT)


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


def entry_article(
    entry: Any, feed_title: str | None, fetcher: Fetcher | None = None
) -> Article:
    """The article of one feed item: its full content if the feed has it, else its page.

    Raises IngestError, BlockedAddress (or requests errors) when neither gives an article.
    """
    from bot.ingest.html import article_from_html  # lazy: trafilatura is slow to import

    link = str(entry.get("link") or "")
    title = str(entry.get("title") or "")
    content = _entry_content(entry)
    if _text_length(content) >= MIN_CONTENT_CHARS:
        page = (
            f"<html><head><title>{html_lib.escape(title)}</title></head><body><article>"
            f"<h1>{html_lib.escape(title)}</h1>{content}</article></body></html>"
        )
        shown = redact_url(link)
        article = article_from_html(page, shown, doc=shown or None)
    else:
        if not link.startswith(("http://", "https://")):
            raise ValueError("the item has only a summary and no link to its page")
        answer = (fetcher or Fetcher(user_agent=USER_AGENT)).get(link)
        if answer.status_code >= 400:
            raise requests.HTTPError(f"HTTP {answer.status_code}")
        article = article_from_html(answer.text, redact_url(link))
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


def _feed_error(exc: Exception) -> str:
    """One line for the feed list and the log: what went wrong, never a credential."""
    if isinstance(exc, BlockedAddress):
        return f"refused: {redact_text(str(exc))}"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return redact_text(str(exc))[:300]


def poll_feed(
    store: Store,
    settings: Settings,
    feed: Feed,
    pipeline: Any,
    report: FeedReport,
    fetcher: Fetcher | None = None,
) -> None:
    """Poll one feed, ingest its new items, record the outcome (backoff on errors)."""
    db = store.db
    fetcher = fetcher or feed_fetcher(settings)
    feed_id = int(feed["id"])
    shown = redact_url(str(feed["url"]))
    headers: dict[str, str] = {}
    if feed.get("etag"):
        headers["If-None-Match"] = str(feed["etag"])
    if feed.get("modified"):
        headers["If-Modified-Since"] = str(feed["modified"])
    report.polled += 1
    try:
        response = fetcher.get(str(feed["url"]), headers)
        if response.status_code == 304:
            report.not_modified += 1
            feed_store.feed_polled(
                db, feed_id, next_poll=datetime.now(UTC) + _poll_every(settings)
            )
            return
        if response.status_code >= 400:
            raise ValueError(f"HTTP {response.status_code}")
        parsed = feedparser.parse(response.content)
        if parsed.bozo and not parsed.entries:
            raise ValueError(f"not an RSS/Atom feed ({parsed.get('bozo_exception')})")
    except Exception as exc:
        count = int(feed.get("error_count") or 0) + 1
        error = _feed_error(exc)
        feed_store.feed_failed(db, feed_id, error, backoff(count, _poll_every(settings)))
        report.errors.append(f"{shown}: {error}")
        return
    feed_title = parsed.feed.get("title") or None
    entries = {g: e for e in parsed.entries[:MAX_ITEMS_PER_POLL] if (g := _guid(e))}
    new = feed_store.unseen_guids(db, feed_id, list(entries))
    report.new_items += len(new)
    articles: list[Article] = []
    done: list[str] = []
    for guid in new:
        try:
            articles.append(entry_article(entries[guid], feed_title, fetcher))
            done.append(guid)
        except requests.RequestException as exc:  # transient: try this item again next poll
            report.errors.append(f"{redact_url(guid)}: {_feed_error(exc)}")
        except Exception as exc:  # this item will never make an article: do not refetch it
            report.errors.append(f"{redact_url(guid)}: {_feed_error(exc)}")
            done.append(guid)
    stored = 0
    if articles:
        result = pipeline.ingest_articles(articles)
        stored = len(result.stored)
        report.errors.extend(str(e) for e in result.errors)
    feed_store.mark_guids_seen(db, feed_id, done)
    report.ingested += stored
    feed_store.feed_polled(
        db,
        feed_id,
        next_poll=datetime.now(UTC) + _poll_every(settings),
        etag=response.headers.get("ETag"),
        modified=response.headers.get("Last-Modified"),
        title=feed_title,
        ingested=stored,
    )


def poll_due_feeds(
    store: Store, settings: Settings, pipeline: Any, fetcher: Fetcher | None = None
) -> FeedReport:
    report = FeedReport()
    fetcher = fetcher or feed_fetcher(settings)
    for feed in feed_store.due_feeds(store.db):
        poll_feed(store, settings, feed, pipeline, report, fetcher)
    return report


def poll_inbox(store: Store, settings: Settings, pipeline: Any) -> int:
    """Ingest files of the watched folder that are new or changed; returns articles stored."""
    from bot.ingest.sources import list_documents  # lazy: imports trafilatura

    folder = settings.inbox_dir
    if folder is None or not Path(folder).is_dir():
        return 0
    db = store.db
    fresh: list[tuple[Path, int, int]] = []
    for path in list_documents(Path(folder)):
        stat = path.stat()
        if time.time() - stat.st_mtime < 1.0:
            continue  # still being written; next poll
        if not inbox_store.inbox_file_known(db, str(path), stat.st_mtime_ns, stat.st_size):
            fresh.append((path, stat.st_mtime_ns, stat.st_size))
    if not fresh:
        return 0
    report = pipeline.ingest([p for p, _, _ in fresh])
    for path, mtime_ns, size in fresh:
        inbox_store.mark_inbox_file(db, str(path), mtime_ns, size)
    return len(report.stored)


# --------------------------------------------------------------------------------------------
# /feeds
# --------------------------------------------------------------------------------------------


def _feeds_message(text: str, message: str, *, error: bool = False, title: str = "") -> Answer:
    return Answer("/feeds", text, message=message, is_error=error, title=title)


def _feed_line(feed: Feed) -> str:
    shown = redact_url(str(feed["url"]))
    state = (f"failing ({feed['error_count']}×: {feed['last_error']})" if feed["error_count"]
             else f"last polled {feed['last_polled_at'] or 'never'}")
    return (f"• {feed['title'] or shown} — {shown} — {state}, "
            f"{feed['items_ingested']} items ingested")


def feeds_command(ctx: CommandContext, text: str) -> Answer:
    """``/feeds add <url>``, ``/feeds list``, ``/feeds remove <url|id>``: the asking
    workspace's feeds only."""
    action, _, rest = text.strip().partition(" ")
    action = action.lower()
    url = rest.strip().strip("<>")
    db = ctx.store.db
    if action in {"list", "ls", ""}:
        items = feed_store.list_feeds(db, ctx.team_id)
        if not items:
            return _feeds_message(text, "No feeds yet. Add one with `/feeds add <url>`.")
        return _feeds_message(text, "\n".join(_feed_line(f) for f in items),
                              title=f"{len(items)} feeds")
    if action == "add":
        return _add_feed(ctx, text, url)
    if action in {"remove", "rm", "delete"}:
        if not url:
            return _feeds_message(text, "Which feed? `/feeds remove <url>`.", error=True)
        if feed_store.remove_feed(db, ctx.team_id, url):
            return _feeds_message(text, f"Removed {redact_url(url)}.")
        return _feeds_message(text, f"No feed {redact_url(url)} here. See `/feeds list`.",
                              error=True)
    return _feeds_message(text, "Usage: `/feeds add <url>`, `/feeds list`, "
                          "`/feeds remove <url>`.", error=True)


def _add_feed(ctx: CommandContext, text: str, url: str) -> Answer:
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return _feeds_message(text, "Give the feed's http(s) address: `/feeds add "
                              "https://example.org/rss.xml`.", error=True)
    reason = feed_fetcher(ctx.settings).policy.check_url(url, unresolved_ok=True)
    if reason is not None:
        return _feeds_message(text, f"Cannot add {redact_url(url)}: {reason}.", error=True)
    _, created = feed_store.add_feed(ctx.store.db, url, ctx.team_id, ctx.user_id)
    if not created:
        return _feeds_message(text, f"{redact_url(url)} is already one of this workspace's "
                              "feeds.")
    return _feeds_message(text, f"Added {redact_url(url)}; it will be polled within minutes.")
