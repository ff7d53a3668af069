"""End to end over HTTP: signed slash commands to ``quotedesk serve``, ack and answer latency.

``quotedesk serve`` runs as a subprocess in HTTP mode on a free port, with ``SLACK_API_URL``
pointing at a minimal Slack Web API stand-in on 127.0.0.1 (this module's
:class:`MockWebApi`, which also receives the ``response_url`` posts that carry the answers).
Requests are form-encoded and signed exactly as Slack signs them (v0, HMAC-SHA256 over
``v0:<timestamp>:<body>``).

Measured per request: time to the HTTP response (the ack Slack waits for, 3 s limit) and time
to the answer posted to ``response_url``. At concurrency 1 on an idle app, then at
concurrency 20 while ``quotedesk ingest`` (spaCy + writes, its own process) runs on the same
database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

from bench.corpus import Corpus, write_articles
from bench.query import BenchQuery, make_queries
from bench.report import Figure, percentile
from bot.config import Settings

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
TEAM = "T0BENCH"
ARTICLE_OFFSET = 7_000_000


class MockWebApi:
    """Answers every Web API method with ``ok``; records response_url posts' arrival times."""

    def __init__(self) -> None:
        self.answers: dict[str, float] = {}
        self.answer_bodies: dict[str, dict[str, object]] = {}
        self._lock = threading.Lock()
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.path.startswith("/response/"):
                    key = self.path.rsplit("/", 1)[-1]
                    try:
                        payload = json.loads(body or b"{}")
                    except ValueError:
                        payload = {}
                    with mock._lock:
                        mock.answers[key] = time.perf_counter()
                        mock.answer_bodies[key] = payload
                    self._json({"ok": True})
                    return
                method = self.path.rsplit("/", 1)[-1]
                if method == "auth.test":
                    self._json({"ok": True, "team_id": TEAM, "user_id": "U0BOT",
                                "bot_id": "B0BOT", "team": "bench", "url": "https://bench/"})
                else:
                    self._json({"ok": True, "ts": f"{time.time():.6f}", "channel": "C0BENCH"})

            def do_GET(self) -> None:
                self.do_POST()

            def _json(self, payload: dict[str, object]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> MockWebApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{key}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_request(url: str, body: str, secret: str = SECRET) -> urllib.request.Request:
    timestamp = str(int(time.time()))
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    })


def slash_body(query: BenchQuery, response_url: str, key: str) -> str:
    return urlencode({
        "token": "legacy", "team_id": TEAM, "team_domain": "bench", "channel_id": "C0BENCH",
        "channel_name": "bench", "user_id": "U0USER", "user_name": "bench",
        "command": query.command, "text": query.text, "api_app_id": "A0BENCH",
        "response_url": response_url, "trigger_id": f"trigger-{key}",
    })


class ServeProcess:
    """``quotedesk serve`` in HTTP mode on a free port, against the mock Web API."""

    def __init__(self, db: Path, api_url: str, log: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": TOKEN,
               "SLACK_API_URL": api_url, "PORT": str(self.port), "QUOTEDESK_DB": str(db)}
        for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
            env.pop(name, None)
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--db", str(db), "--port", str(self.port)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}/slack/events"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"quotedesk serve exited; see {log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("quotedesk serve did not start within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def _send(url: str, mock: MockWebApi, query: BenchQuery, key: str) -> tuple[float, int]:
    body = slash_body(query, mock.response_url(key), key)
    request = signed_request(url, body)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        status = response.status
    return started, status


def run_level(
    url: str, mock: MockWebApi, queries: list[BenchQuery], concurrency: int, label: str
) -> tuple[list[float], list[float], int]:
    """(ack ms, answer ms, failures) for ``queries`` sent ``concurrency`` at a time."""
    acks: list[float] = []
    starts: dict[str, float] = {}
    failures = 0

    reasons: list[str] = []

    def one(i: int) -> float | None:
        key = f"{label}-{i}"
        try:
            started, status = _send(url, mock, queries[i], key)
        except OSError as exc:
            reasons.append(type(exc).__name__)
            return None
        acked = time.perf_counter()
        starts[key] = started
        if status != 200:
            reasons.append(f"HTTP {status}")
            return None
        return (acked - started) * 1000

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for result in pool.map(one, range(len(queries))):
            if result is None:
                failures += 1
            else:
                acks.append(result)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(k in mock.answers for k in starts):
            break
        time.sleep(0.05)
    answers = [(mock.answers[k] - s) * 1000 for k, s in starts.items() if k in mock.answers]
    failures += len(starts) - len(answers)
    reasons += ["no answer"] * (len(starts) - len(answers))
    if reasons:
        print(f"  {label}: {len(reasons)} failed: {', '.join(sorted(set(reasons)))}", flush=True)
    return acks, answers, failures


def _copy_db(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def http_figures(
    db_source: Path, corpus: Corpus, n: int, settings: Settings, work: Path,
    ingest_articles: int = 200, size: int | None = None,
) -> list[Figure]:
    work.mkdir(parents=True, exist_ok=True)
    db = work / "http.db"
    _copy_db(db_source, db)
    folder = work / f"http-ingest-{ingest_articles}"
    if len(list(folder.glob("*.txt"))) != ingest_articles:
        shutil.rmtree(folder, ignore_errors=True)
        write_articles(corpus, ingest_articles, folder, start=ARTICLE_OFFSET)
    queries = make_queries(corpus, n + 20, seed=11)
    figures: list[Figure] = []
    with MockWebApi() as mock:
        serve = ServeProcess(db, mock.api_url, work / "serve.log")
        try:
            run_level(serve.url, mock, queries[:20], 1, "warm")
            acks, answers, failures = run_level(serve.url, mock, queries[20:], 1, "c1")
            figures += _level_figures(1, acks, answers, failures, "idle", "<= 100", size)
            ingest = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "ingest", str(folder), "--db", str(db)],
                stdout=subprocess.DEVNULL, stderr=(work / "ingest.log").open("w"),
            )
            try:
                _wait_for_writes(db, ingest)
                acks, answers, failures = run_level(serve.url, mock, queries[20:], 20, "c20")
                still = ingest.poll() is None
            finally:
                ingest.terminate()
                ingest.wait(timeout=30)
            note = "ingest running" + ("" if still else " (it finished before the last request)")
            figures += _level_figures(20, acks, answers, failures, note, None, size)
            figures.append(Figure("http", "c=20 slowest answer", max(answers or [0.0]), "ms",
                                  size, goal="<= 3000", note=note))
        finally:
            serve.stop()
    return figures


def _wait_for_writes(db: Path, ingest: subprocess.Popen[bytes], timeout: float = 90) -> None:
    """Return once the background ingest has stored its first article (model loaded)."""
    import sqlite3

    conn = sqlite3.connect(db, timeout=10)
    try:
        start = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and ingest.poll() is None:
            now = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
            if now > start:
                return
            time.sleep(0.2)
    finally:
        conn.close()


def _level_figures(
    concurrency: int, acks: list[float], answers: list[float], failures: int, note: str,
    p99_goal: str | None, size: int | None = None,
) -> list[Figure]:
    c = f"c={concurrency}"
    return [
        Figure("http", f"{c} ack p50", percentile(acks, 50), "ms", size, note=note),
        Figure("http", f"{c} ack p99", percentile(acks, 99), "ms", size, p99_goal,
               f"{len(acks)} requests"),
        Figure("http", f"{c} answer p50", percentile(answers, 50), "ms", size,
               note="to response_url"),
        Figure("http", f"{c} answer p99", percentile(answers, 99), "ms", size, p99_goal),
        Figure("http", f"{c} failures", failures, "", size, "<= 0"),
    ]
