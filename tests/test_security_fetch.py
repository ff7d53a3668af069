"""No internal address is ever fetched on a user's behalf, and feeds stay with their workspace.

A local web server on 127.0.0.1 stands for an internal service and counts every request it
gets; name resolution is injected where a test needs a name to resolve somewhere.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from alerts_helpers import TEAM, ctx_for, seed_actors, settings_for

from bot.dispatch import run_command
from bot.feeds import poll_due_feeds
from bot.ingest.errors import IngestError
from bot.ingest.rules import default_rules
from bot.ingest.sources import iter_source
from bot.net import BlockedAddress, Fetcher, redact_url
from store import Store
from store import feeds as feed_store

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Intranet</title>'
    "<link>http://intranet/</link><description>d</description><item><title>Secret</title>"
    "<link>{link}</link><guid>1</guid><description>short</description></item>"
    "</channel></rss>"
)


class Internal:
    """A web server standing for an internal service: counts hits, can redirect."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.redirect_to = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits.append(self.path)
                if self.path.startswith("/redirect") and outer.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", outer.redirect_to)
                    self.end_headers()
                    return
                body = (RSS.format(link=f"{outer.url}/redirect-item") if self.path == "/feed.xml"
                        else "<html><body><p>internal secret page</p></body></html>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html" if "html" in self.path
                                 else "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal() -> Iterator[Internal]:
    server = Internal()
    yield server
    server.close()


def resolver(table: dict[str, list[str]]) -> Any:
    def resolve(host: str, port: int, **kw: Any) -> list[tuple[Any, ...]]:
        if host not in table:
            return socket.getaddrinfo(host, port, **kw)  # numeric forms: no DNS involved
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in table[host]]
    return resolve


def refused_urls(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/feed.xml", f"http://localhost:{port}/feed.xml",
        f"http://[::1]:{port}/", f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://2130706433:{port}/", f"http://0x7f.1:{port}/", f"http://0.0.0.0:{port}/",
        "http://10.0.0.8/", "http://172.16.3.4/", "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
        "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/",
        "http://internal.example/", "http://mixed.example/", "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ]


def test_non_public_hosts_are_never_contacted(internal: Internal) -> None:
    fetcher = Fetcher(resolve=resolver({
        "localhost": ["127.0.0.1"], "internal.example": ["10.1.2.3"],
        "mixed.example": ["93.184.216.34", "10.1.2.3"],  # one bad answer is enough
    }))
    refused = []
    for url in refused_urls(internal.port):
        with pytest.raises((BlockedAddress, ValueError)):
            fetcher.get(url)
        refused.append(url)
    print(f"\nSSRF refused ({len(refused)}): " + ", ".join(refused))
    assert internal.hits == []


def test_redirects_are_checked_at_every_hop(internal: Internal) -> None:
    fetcher = Fetcher(("127.0.0.1",))  # this one host is allowed (an on-premises setting)
    for target in ["http://127.0.0.2/", "http://169.254.169.254/latest/meta-data/",
                   "http://[::1]/", "http://10.0.0.1/"]:
        internal.redirect_to = target
        with pytest.raises(BlockedAddress):
            fetcher.get(f"{internal.url}/redirect")
    assert internal.hits == ["/redirect"] * 4  # the allowed first hop only


def test_a_name_that_changes_its_answer_is_checked_at_connection(internal: Internal) -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # public when checked, then internal

    def rebinding(host: str, port: int, **kw: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    with pytest.raises(BlockedAddress):
        Fetcher(resolve=rebinding).get(f"http://rebind.example:{internal.port}/feed.xml")
    assert internal.hits == []


def test_url_ingestion_refuses_internal_pages(internal: Internal) -> None:
    items = list(iter_source(f"{internal.url}/secret.html", default_rules()))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert "not a public address" in items[0].message
    assert internal.hits == []


@pytest.fixture
def env(tmp_path: Path):
    settings = settings_for(tmp_path)
    store = Store(settings.db_path)
    seed_actors(store)
    yield store, settings
    store.close()


def ask(ctx: Any, line: str) -> tuple[bool, str]:
    command, _, text = line.partition(" ")
    answer = run_command(ctx, command, text)
    return answer.is_error, f"{answer.title}\n{answer.message or ''}"


def test_feeds_add_refuses_internal_addresses(env, internal: Internal) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    for url in [f"{internal.url}/feed.xml", f"http://localhost:{internal.port}/feed.xml",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/rss"]:
        error, shown = ask(ctx, f"/feeds add {url}")
        assert error and "not a public address" in shown, shown
    assert feed_store.list_feeds(store.db) == []


class NoPipeline:
    def __init__(self) -> None:
        self.articles: list[Any] = []

    def ingest_articles(self, articles: list[Any]) -> Any:
        self.articles.extend(articles)
        raise AssertionError("nothing should reach ingestion")


def test_polling_never_fetches_internal_feeds_or_pages(env, internal: Internal) -> None:
    """Rows that got in some other way (an older version, a private-host setting since
    removed) are refused when polled, and the reason is what the list shows."""
    store, settings = env
    feed_store.add_feed(store.db, f"{internal.url}/feed.xml", TEAM, "U1")
    pipeline = NoPipeline()
    report = poll_due_feeds(store, settings, pipeline)
    assert report.ingested == 0 and internal.hits == []
    _, listing = ask(ctx_for(store, settings), "/feeds list")
    assert "refused" in listing and "connection refused" not in listing.lower()
    # The feed host allowed (on-premises setting), but its item's page redirects elsewhere
    # inside: the redirect is refused, nothing is ingested.
    internal.redirect_to = "http://169.254.169.254/latest/meta-data/"
    store.db.execute("UPDATE alert_feeds SET next_poll_at = NULL, error_count = 0")
    store.db.conn.commit()
    report = poll_due_feeds(store, settings, pipeline, Fetcher(("127.0.0.1/32",)))
    assert internal.hits == ["/feed.xml", "/redirect-item"]
    assert len(report.errors) == 1 and "not a public address" in report.errors[0]
    assert pipeline.articles == []


def test_feeds_belong_to_their_workspace_and_credentials_never_show(
    env, caplog: pytest.LogCaptureFixture
) -> None:
    store, settings = env
    mine = ctx_for(store, settings, team="T0MINE")
    theirs = ctx_for(store, settings, team="T0THEIRS")
    url = "https://reader:s3cr3t-pass@feeds.example/private.xml"
    caplog.set_level(logging.DEBUG)
    error, shown = ask(mine, f"/feeds add {url}")
    assert not error and "s3cr3t" not in shown and "***@feeds.example" in shown
    error, listing = ask(mine, "/feeds list")
    assert "feeds.example" in listing and "s3cr3t" not in listing
    _, their_listing = ask(theirs, "/feeds list")
    assert "feeds.example" not in their_listing
    for attempt in [f"/feeds remove {url}", "/feeds remove 1",
                    "/feeds remove https://feeds.example/private.xml"]:
        error, shown = ask(theirs, attempt)
        assert error and "s3cr3t" not in shown
    assert len(feed_store.list_feeds(store.db, "T0MINE")) == 1
    # the same URL added by another workspace is theirs too, and removing it leaves mine
    assert not ask(theirs, f"/feeds add {url}")[0]
    assert not ask(theirs, f"/feeds remove {url}")[0]
    assert len(feed_store.list_feeds(store.db, "T0MINE")) == 1
    # polling it fails (no such host here): the error and the log never carry the password
    report = poll_due_feeds(store, settings, pipeline=None)
    assert report.errors and all("s3cr3t" not in e for e in report.errors)
    assert "s3cr3t" not in ask(mine, "/feeds list")[1]
    assert "s3cr3t" not in caplog.text
    assert redact_url(url) == "https://***@feeds.example/private.xml"
