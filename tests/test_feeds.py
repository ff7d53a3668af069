"""Feeds and the inbox folder: a local RSS feed on 127.0.0.1 gains an item → the scheduler
fetches the item's page, ingests it and alerts the subscribed channel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from alerts_helpers import CHANNEL, TEAM, ask, ctx_for

from bot import scheduler as sched
from bot.feeds import backoff, poll_due_feeds
from bot.models import Analysis, Article, Statement
from bot.pipeline import Pipeline
from bot.services import build_services
from store import feeds as feed_store

SPEECH = re.compile(r"(?P<who>Dmitri Peskov|Sergueï Lavrov)[^«»]{0,120}?«\s*(?P<words>[^»]+?)\s*»")


class QuoteFinder:
    """A small stand-in for the extractor: «…» quotes right after a known name. The feed
    tests are about feeds → ingest → alerts, not about extraction."""

    def analyze(self, article: Article) -> Analysis:
        body = article.body
        statements = []
        for m in SPEECH.finditer(body):
            statements.append(Statement(
                kind="direct", text=m.group("words"), start=m.start("words"),
                end=m.end("words"), speaker=m.group("who"), speaker_text=m.group("who"),
                speaker_kind="person", sentence=m.group(0), paragraph=m.group(0),
                said_on=article.published_on, said_precision=article.date_precision,
            ))
        return Analysis(statements=statements)

    def analyze_many(self, articles: Iterable[Article], n_process: int = 1
                     ) -> Iterator[tuple[Article, Analysis]]:
        for article in articles:
            yield article, self.analyze(article)


PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="La Gazette locale"></head><body>
<nav>Accueil | Monde | Politique</nav><article><h1>{title}</h1>
<p>MOSCOU, 14 mars 2025 - {lead}</p>
<p>{more}</p>
</article><footer>Tous droits réservés</footer></body></html>"""

ITEMS = {
    1: ("Lavrov répond à l'Otan",
        "Sergueï Lavrov a affirmé : « Nous ne reculerons pas devant les pressions de "
        "l'Alliance atlantique. »",
        "Le chef de la diplomatie russe s'exprimait lors d'une conférence de presse à Moscou, "
        "au lendemain d'une réunion des ministres de la Défense de l'Alliance à Bruxelles, où "
        "le renforcement du flanc oriental a été longuement discuté par les délégations."),
    2: ("Le Kremlin ferme la porte à une trêve",
        "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré : « Il n'y aura pas de trêve "
        "tant que Kiev refuse nos conditions. »",
        "Washington avait proposé la semaine dernière un cessez-le-feu de trente jours, "
        "accepté par l'Ukraine sous conditions ; la présidence américaine attend toujours une "
        "réponse officielle de Moscou, qui multiplie les exigences préalables."),
}


class FeedServer:
    def __init__(self) -> None:
        self.items: list[int] = [1]
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.broken = False
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def rss(self) -> str:
        entries = "".join(
            f"<item><title>{ITEMS[n][0]}</title><link>{self.url}/articles/{n}.html</link>"
            f"<guid>{self.url}/articles/{n}.html</guid>"
            f"<pubDate>Fri, 14 Mar 2025 0{n}:00:00 GMT</pubDate>"
            f"<description>Résumé court.</description></item>"
            for n in self.items
        )
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>La Gazette locale</title><link>{self.url}</link>"
                f"<description>Test</description>{entries}</channel></rss>")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                feed.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                if self.path == "/feed.xml":
                    if feed.broken:
                        self._send(500, "text/plain", "boom")
                        return
                    etag = f'"v{len(feed.items)}"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    self._send(200, "application/rss+xml", feed.rss(), {"ETag": etag})
                    return
                m = re.match(r"^/articles/(\d+)\.html$", self.path)
                if m and int(m.group(1)) in ITEMS:
                    title, lead, more = ITEMS[int(m.group(1))]
                    page = PAGE.format(title=title, lead=lead, more=more)
                    self._send(200, "text/html; charset=utf-8", page)
                    return
                self._send(404, "text/plain", "not found")

            def _send(self, status: int, ctype: str, body: str,
                      headers: dict[str, str] | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def env(alert_desk):
    desk = alert_desk(feed_poll_seconds=0.0, deliver_seconds=0.3, feeds_seconds=0.3,
                      inbox_seconds=0.3, sync_seconds=0.3, fetch_allow_private=("127.0.0.1",))
    pipeline = Pipeline(desk.store, desk.settings.seeds_dir, extractor=QuoteFinder())  # type: ignore[arg-type]
    return desk.store, desk.settings, pipeline


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(1) == timedelta(minutes=15)
    assert backoff(2) == timedelta(minutes=30)
    assert backoff(20) == timedelta(hours=6)


def test_feed_gains_an_item_and_the_scheduler_alerts(env, feed_server, mock_slack) -> None:
    store, settings, pipeline = env
    ctx = ctx_for(store, settings)
    assert "Added" in ask(ctx, f"/feeds add {feed_server.url}/feed.xml")
    report = poll_due_feeds(store, settings, pipeline)
    assert report.ingested == 1 and not report.errors
    feed = feed_store.list_feeds(store.db)[0]
    assert feed["etag"] == '"v1"' and feed["title"] == "La Gazette locale"
    # nothing new: a conditional request answered 304
    assert poll_due_feeds(store, settings, pipeline).not_modified == 1
    assert feed_server.requests[-1][1].get("if-none-match") == '"v1"'

    feed_server.items.append(2)
    sched.configure(build_services(settings, store=store, pipeline=pipeline))
    scheduler = sched.build_scheduler(settings, blocking=False)
    sched.add_standard_jobs(scheduler, settings)
    scheduler.start()
    try:
        posted = mock_slack.wait_for("chat.postMessage", timeout=30)
    finally:
        scheduler.shutdown()
    assert len(posted) == 1
    message = mock_slack.messages(CHANNEL)[0]
    assert "Il n'y aura pas de trêve" in message["text"]
    assert "/articles/2.html" in str(message["blocks"])
    pages = [path for path, _ in feed_server.requests if path.startswith("/articles/")]
    assert pages == ["/articles/1.html", "/articles/2.html"]  # each page fetched once
    assert "2 items ingested" in ask(ctx, "/feeds list")


def test_failing_feed_backs_off(env, feed_server) -> None:
    store, settings, pipeline = env
    settings = replace(settings, feed_poll_seconds=900.0)
    feed_store.add_feed(store.db, f"{feed_server.url}/feed.xml", TEAM, "U")
    feed_store.add_feed(store.db, f"{feed_server.url}/missing.xml", TEAM, "U")
    feed_server.broken = True
    report = poll_due_feeds(store, settings, pipeline)
    assert len(report.errors) == 2
    feeds = feed_store.list_feeds(store.db)
    assert all(f["error_count"] == 1 for f in feeds)
    assert poll_due_feeds(store, settings, pipeline).polled == 0  # backing off
    assert "failing" in ask(ctx_for(store, settings), "/feeds list")


def test_inbox_folder_is_polled(env, tmp_path: Path, mock_slack) -> None:
    store, settings, pipeline = env
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = replace(settings, inbox_dir=inbox)
    sched.configure(build_services(settings, store=store, pipeline=pipeline))
    (inbox / "depeche.txt").write_text(
        "Le Kremlin et la trêve\n\nLe porte-parole Dmitri Peskov a déclaré : « La trêve de "
        "Pâques n'est pas à l'ordre du jour. »\n", encoding="utf-8")
    old = time.time() - 10
    os.utime(inbox / "depeche.txt", (old, old))
    sched.poll_inbox_job()
    mock_slack.wait_for("chat.postMessage", timeout=10)
    sched.poll_inbox_job()  # same file: not ingested again
    assert len(mock_slack.messages(CHANNEL)) == 1
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_cli_feeds_add_and_list(tmp_path: Path) -> None:
    env = {**os.environ, "QUOTEDESK_DB": str(tmp_path / "cli.db")}
    add = subprocess.run([sys.executable, "-m", "bot.cli", "feeds", "add",
                          "https://example.org/rss.xml"], env=env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert add.returncode == 0 and "Added" in add.stdout
    listing = subprocess.run([sys.executable, "-m", "bot.cli", "feeds", "list"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert "https://example.org/rss.xml" in listing.stdout
    bad = subprocess.run([sys.executable, "-m", "bot.cli", "feeds", "add", "nope"], env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 1 and "http" in bad.stdout


def test_item_with_full_content_is_not_fetched() -> None:
    import feedparser

    from bot.feeds import entry_article

    paragraphs = "".join(
        f"<p>Paragraphe {i} : le porte-parole Dmitri Peskov a déclaré : « La position de "
        f"Moscou reste inchangée sur le point numéro {i} des négociations. »</p>"
        for i in range(6)
    )
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Agence test</title><link>http://127.0.0.1:9/</link><description>d</description>"
        "<item><title>Position inchangée</title><link>http://127.0.0.1:9/never-fetched</link>"
        "<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>Court.</description>"
        f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item></channel></rss>"
    )
    parsed = feedparser.parse(rss)
    article = entry_article(parsed.entries[0], parsed.feed.get("title"))
    assert "Paragraphe 5" in article.body
    assert article.published_on == "2025-03-04"
    assert article.url == "http://127.0.0.1:9/never-fetched"
