"""A local mock of the Slack Web API on 127.0.0.1, for tests (no outside network).

Start one with the ``mock_slack`` pytest fixture (function-scoped, registered in conftest.py)
or by hand::

    with MockSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].params["text"] == "hi"

API
---
``slack.api_url``
    ``"http://127.0.0.1:<port>/api/"`` — pass as slack_sdk ``base_url`` or ``SLACK_API_URL``.
``slack.base_url``
    ``"http://127.0.0.1:<port>"``.
``slack.calls`` / ``slack.calls_to(method)``
    Every request received, oldest first, as :class:`Call` (``method``, ``params`` — form,
    JSON and query parameters merged, JSON-string values of ``blocks``/``metadata``/``view``
    decoded —, ``headers`` (lower-case keys), ``token``, ``status`` answered, ``error`` if the
    answer was ``ok: false``). Calls that were made to fail are recorded too, so a test can count
    attempts. Response-URL posts are recorded with ``method == "response_url"``.
``slack.wait_for(method, count=1, timeout=5.0)``
    Block until ``count`` *successful* calls to ``method`` arrived (listeners run after ack,
    on other threads); returns them. Raises ``AssertionError`` on timeout.
``slack.response_url(key=None)``
    A URL this server accepts POSTs on (``/response/<key>``), like Slack's ``response_url``.
    ``slack.responses(key=None)`` returns the JSON bodies posted there (all keys if None).
``slack.messages(channel)``
    Messages posted to ``channel`` with ``chat.postMessage`` (dicts with ``ts``, ``text``,
    ``blocks``, ``metadata``, ``user``…), oldest first. ``conversations.history`` answers from
    them, newest first, honouring ``oldest``, ``latest``, ``limit`` and returning ``metadata``.
``slack.ephemerals(channel=None)``
    ``chat.postEphemeral`` calls' params.
``slack.fail(method, status=..., error=..., channel=None, times=1, retry_after=1, posted=False)``
    The next ``times`` calls to ``method`` (``"*"`` for any; restricted to ``channel`` if
    given) fail: ``status=429`` answers HTTP 429 with ``Retry-After: <retry_after>`` and
    ``error: ratelimited``; ``status=500`` answers HTTP 500; ``error="not_in_channel"`` (or any
    Slack error code) answers HTTP 200 ``{"ok": false, "error": ...}``. Rules apply in the
    order added; ``times=-1`` fails forever. ``posted=True`` with a 5xx posts the message first
    (the answer is lost, not the post). ``slack.heal()`` forgets the rules only.
``slack.add_channel(channel_id, name, is_private=False, members=())``
    Channels the bot is in: ``users.conversations`` lists them, ``conversations.members``
    answers their ``members``.
``slack.valid_tokens``
    A set; when non-empty, calls whose token is not in it get ``invalid_auth``. Empty (the
    default) accepts any token.
``slack.hold("response_url")`` / ``slack.release()``
    Make requests to that method (or response URLs) wait until ``release()``: lets a test
    prove an ack returned before the listener's answer was delivered, without timing.
``slack.reset()``
    Forget calls, messages, responses and failure rules.

Socket Mode: ``apps.connections.open`` answers ``ws://127.0.0.1:<port>/socket``, where a small
WebSocket endpoint says ``hello``, answers pings, and records every envelope ack the app sends
as a call with ``method == "socket_ack"`` (``params`` = the ack JSON). ``slack.wait_socket()``
waits for a connected app; ``slack.socket_send(envelope)`` pushes an envelope to it, e.g.
``{"envelope_id": "e1", "type": "slash_commands", "accepts_response_payload": True,
"payload": {...slash command fields...}}``.

Signed Slack requests (for Bolt's ``App.dispatch`` or the HTTP server)
-------------------------------------------------------------------
``signed_headers(secret, body, timestamp=None)`` — headers exactly as Slack sends them
(``x-slack-signature: v0=HMAC-SHA256(secret, "v0:<ts>:<body>")``,
``x-slack-request-timestamp``, form content type). ``slash_body(...)``,
``action_body(...)`` and ``event_body(...)`` build the request bodies Slack posts for a slash
command, a button press (form ``payload=<json>``) and an Events API callback (JSON).

Fixtures: ``mock_slack`` (above) and ``seeds_db_path`` (session-scoped: a SQLite file holding
the seed articles, built once with the real pipeline — ingest, spaCy extraction, store).

Identity answered by ``auth.test``: team ``T0TEST``, bot user ``U0BOT``, bot id ``B0BOT``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
_JSON_FIELDS = ("blocks", "metadata", "view", "attachments")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    token: str | None
    path: str
    status: int = 200
    error: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None


@dataclass
class FailRule:
    method: str
    status: int = 200
    error: str | None = None
    channel: str | None = None
    times: int = 1
    retry_after: int = 1
    posted: bool = False  # 5xx only: the message is posted, then the answer is an error

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.times == 0:
            return False
        if self.method not in ("*", method):
            return False
        return self.channel is None or params.get("channel") == self.channel


class MockSlack:
    """A recording Slack Web API server; see the module docstring for the API."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.calls: list[Call] = []
        self.valid_tokens: set[str] = set()
        self._rules: list[FailRule] = []
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._responses: dict[str, list[dict[str, Any]]] = {}
        self._ts = 1_700_000_000
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._held: set[str] = set()
        self._sockets: list[_WebSocket] = []
        self._channels: dict[str, dict[str, Any]] = {}
        self._gate = threading.Event()
        self._gate.set()

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> MockSlack:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> MockSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("MockSlack is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- test-facing helpers ------------------------------------------------------------------
    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        channel: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        posted: bool = False,
    ) -> None:
        if status == 200 and error is None:
            raise ValueError("fail() needs status=429/500 or an error code")
        with self._lock:
            self._rules.append(
                FailRule(method, status, error, channel, times, retry_after, posted)
            )

    def heal(self) -> None:
        """Forget the failure rules only (calls and messages are kept)."""
        with self._lock:
            self._rules.clear()

    def hold(self, method: str) -> None:
        """Requests to ``method`` ("response_url" for response URLs) wait for release()."""
        with self._lock:
            self._held.add(method)
            self._gate.clear()

    def release(self) -> None:
        with self._lock:
            self._held.clear()
            self._gate.set()

    def add_channel(
        self, channel_id: str, name: str, *, is_private: bool = False,
        members: tuple[str, ...] | list[str] = (),
    ) -> None:
        with self._lock:
            self._channels[channel_id] = {"id": channel_id, "name": name,
                                          "is_private": is_private, "is_member": True,
                                          "members": list(members)}

    def wait_socket(self, timeout: float = 10.0) -> None:
        """Block until a Socket Mode client is connected (it has been sent ``hello``)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not any(ws.open for ws in self._sockets):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no Socket Mode connection")
                self._lock.wait(left)

    def socket_send(self, envelope: dict[str, Any]) -> None:
        with self._lock:
            sockets = [ws for ws in self._sockets if ws.open]
        if not sockets:
            raise AssertionError("no Socket Mode connection")
        sockets[-1].send_text(json.dumps(envelope))

    def _socket_opened(self, ws: _WebSocket) -> None:
        with self._lock:
            self._sockets.append(ws)
            self._lock.notify_all()

    def _wait_if_held(self, method: str) -> None:
        with self._lock:
            held = method in self._held
        if held:
            self._gate.wait(timeout=30)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                done = [c for c in self.calls if c.method == method and c.ok]
                if len(done) >= count:
                    return done
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} {method} call(s), got {len(done)}; "
                        f"calls: {[c.method for c in self.calls]}"
                    )
                self._lock.wait(left)

    def response_url(self, key: str | None = None) -> str:
        with self._lock:
            key = key or f"r{len(self._responses) + 1}"
            self._responses.setdefault(key, [])
        return f"{self.base_url}/response/{key}"

    def responses(self, key: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            if key is not None:
                return list(self._responses.get(key, []))
            return [r for rs in self._responses.values() for r in rs]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages.get(channel, []))

    def ephemerals(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [
            c.params
            for c in self.calls_to("chat.postEphemeral")
            if c.ok and (channel is None or c.params.get("channel") == channel)
        ]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._rules.clear()
            self._messages.clear()
            self._responses.clear()

    # -- request handling (called from server threads) ----------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _next_ts(self) -> str:
        self._ts += 1
        return f"{self._ts}.000100"

    def _failure(self, method: str, params: dict[str, Any]) -> FailRule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, params):
                    if rule.times > 0:
                        rule.times -= 1
                    return rule
        return None

    def handle_api(
        self, method: str, params: dict[str, Any], headers: dict[str, str], path: str
    ) -> tuple[int, dict[str, str], bytes]:
        self._wait_if_held(method)
        token = _token(headers, params)
        call = Call(method, params, headers, token, path)
        rule = self._failure(method, params)
        if rule is not None:
            call.status = rule.status
            if rule.status == 429:
                call.error = "ratelimited"
                self._record(call)
                return 429, {"Retry-After": str(rule.retry_after)}, _dump(
                    {"ok": False, "error": "ratelimited"}
                )
            if rule.status >= 500:
                call.error = "internal_error"
                if rule.posted:
                    self._answer(method, params)  # it went through; the answer is lost
                self._record(call)
                return rule.status, {"Content-Type": "text/plain"}, b"Internal Server Error"
            call.error = rule.error
            self._record(call)
            return 200, {}, _dump({"ok": False, "error": rule.error})
        if self.valid_tokens and token not in self.valid_tokens:
            call.error = "invalid_auth" if token else "not_authed"
            self._record(call)
            return 200, {}, _dump({"ok": False, "error": call.error})
        body = self._answer(method, params)
        self._record(call)
        return 200, {}, _dump(body)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if method == "auth.test":
                return {
                    "ok": True,
                    "url": "https://quotedesk-test.slack.com/",
                    "team": "Quotedesk Test",
                    "user": "quotedesk",
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                }
            if method == "chat.postMessage":
                channel = str(params.get("channel", ""))
                message = {
                    "type": "message",
                    "ts": self._next_ts(),
                    "user": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "text": params.get("text", ""),
                    "blocks": params.get("blocks") or [],
                }
                if params.get("metadata"):
                    message["metadata"] = params["metadata"]
                if params.get("thread_ts"):
                    message["thread_ts"] = params["thread_ts"]
                self._messages.setdefault(channel, []).append(message)
                return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            if method == "chat.update":
                return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
            if method == "views.publish":
                return {"ok": True, "view": {"id": "V0HOME", **(params.get("view") or {})}}
            if method == "conversations.history":
                return self._history(params)
            if method == "users.conversations":
                channels = [{k: v for k, v in c.items() if k != "members"}
                            for c in self._channels.values()]
                return {"ok": True, "channels": channels,
                        "response_metadata": {"next_cursor": ""}}
            if method == "conversations.members":
                found = self._channels.get(str(params.get("channel")))
                if found is None:
                    return {"ok": False, "error": "channel_not_found"}
                return {"ok": True, "members": found["members"],
                        "response_metadata": {"next_cursor": ""}}
            if method == "apps.connections.open":
                return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket?ticket=t1"}
        return {"ok": True}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or 9e12)
        limit = int(params.get("limit") or 100)
        found = [
            m for m in reversed(self._messages.get(channel, []))
            if oldest < float(m["ts"]) < latest
        ]
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}

    def handle_response_url(
        self, key: str, payload: dict[str, Any], headers: dict[str, str], path: str
    ) -> None:
        self._wait_if_held("response_url")
        with self._lock:
            self._responses.setdefault(key, []).append(payload)
        self._record(Call("response_url", {"key": key, **payload}, headers, None, path))


def _token(headers: dict[str, str], params: dict[str, Any]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    token = params.get("token")
    return str(token) if token else None


def _dump(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def _decode_params(content_type: str, raw: bytes, query: str) -> dict[str, Any]:
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
    if "application/json" in content_type:
        data = json.loads(raw or b"{}")
        if isinstance(data, dict):
            params.update(data)
    elif raw:
        params.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8")).items()})
    for name in _JSON_FIELDS:
        value = params.get(name)
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                params[name] = json.loads(value)
    return params


_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class _WebSocket:
    """The server side of one WebSocket (RFC 6455, text frames, ping/pong, close)."""

    def __init__(self, rfile: BinaryIO, wfile: BinaryIO) -> None:
        self.rfile = rfile
        self.wfile = wfile
        self.open = True
        self._send_lock = threading.Lock()

    def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        with self._send_lock:
            self.wfile.write(header + payload)
            self.wfile.flush()

    def send_text(self, text: str) -> None:
        self._send(0x1, text.encode())

    def _read_exact(self, size: int) -> bytes:
        data = self.rfile.read(size)
        if len(data) < size:
            raise ConnectionError("socket closed")
        return data

    def receive(self) -> tuple[int, bytes]:
        first, second = self._read_exact(2)
        opcode, size = first & 0x0F, second & 0x7F
        if size == 126:
            size = struct.unpack("!H", self._read_exact(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", self._read_exact(8))[0]
        mask = self._read_exact(4) if second & 0x80 else b"\0\0\0\0"
        data = self._read_exact(size)
        return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    def serve(self, mock: MockSlack) -> None:
        self.send_text(json.dumps({"type": "hello", "num_connections": 1,
                                   "connection_info": {"app_id": "A0QUOTE"}}))
        mock._socket_opened(self)
        try:
            while True:
                opcode, data = self.receive()
                if opcode == 0x1:
                    ack = json.loads(data or b"{}")
                    mock._record(Call("socket_ack", ack, {}, None, "/socket"))
                elif opcode == 0x9:
                    self._send(0xA, data)
                elif opcode == 0x8:
                    self._send(0x8, data[:2])
                    return
        except (ConnectionError, OSError, ValueError):
            return
        finally:
            self.open = False


def _make_handler(mock: MockSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def _read(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            headers = {"Content-Type": "application/json; charset=utf-8", **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _upgrade(self) -> None:
            key = self.headers.get("Sec-WebSocket-Key", "")
            accept = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()
            self.send_response(101, "Switching Protocols")
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept)
            self.end_headers()
            self.wfile.flush()
            _WebSocket(self.rfile, self.wfile).serve(mock)
            self.close_connection = True

        def _dispatch(self) -> None:
            url = urlparse(self.path)
            if url.path == "/socket" and "websocket" in self.headers.get("Upgrade", "").lower():
                self._upgrade()
                return
            raw = self._read()
            headers = {k.lower(): v for k, v in self.headers.items()}
            ctype = headers.get("content-type", "")
            params = _decode_params(ctype, raw, url.query)
            if url.path.startswith("/api/"):
                method = url.path[len("/api/"):].strip("/")
                self._send(*mock.handle_api(method, params, headers, url.path))
            elif url.path.startswith("/response/"):
                key = url.path[len("/response/"):].strip("/")
                mock.handle_response_url(key, params, headers, url.path)
                self._send(200, {"Content-Type": "text/plain"}, b"ok")
            else:
                self._send(404, {}, _dump({"ok": False, "error": "unknown_path"}))

        do_POST = _dispatch
        do_GET = _dispatch

    return Handler


def signed_headers(
    secret: str, body: str, timestamp: int | None = None, content_type: str | None = None
) -> dict[str, str]:
    """Headers Slack sends with ``body``: v0 HMAC-SHA256 signature over "v0:<ts>:<body>"."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "content-type": content_type or "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": f"v0={digest}",
    }


def slash_body(
    command: str,
    text: str,
    response_url: str,
    *,
    user_id: str = "U0ALICE",
    channel_id: str = "C0NEWS",
    team_id: str = TEAM_ID,
) -> str:
    """The form body Slack posts for ``/command text``."""
    return urlencode({
        "token": "legacy-verification-token",
        "team_id": team_id,
        "team_domain": "quotedesk-test",
        "channel_id": channel_id,
        "channel_name": "newsroom",
        "user_id": user_id,
        "user_name": "alice",
        "command": command,
        "text": text,
        "api_app_id": "A0QUOTE",
        "response_url": response_url,
        "trigger_id": "1337.42.abcd",
    })


def action_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    user_id: str = "U0ALICE",
    channel_id: str = "C0NEWS",
    team_id: str = TEAM_ID,
) -> str:
    """The form body (``payload=<json>``) Slack posts when a button in an ephemeral is pressed."""
    payload = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "quotedesk-test"},
        "user": {"id": user_id, "username": "alice", "team_id": team_id},
        "api_app_id": "A0QUOTE",
        "token": "legacy-verification-token",
        "container": {"type": "message", "message_ts": "1700000000.000001",
                      "channel_id": channel_id, "is_ephemeral": True},
        "trigger_id": "1337.42.abcd",
        "channel": {"id": channel_id, "name": "newsroom"},
        "response_url": response_url,
        "actions": [{
            "type": "button",
            "action_id": action_id,
            "block_id": "b1",
            "value": value,
            "action_ts": "1700000001.000001",
        }],
    }
    return urlencode({"payload": json.dumps(payload)})


def event_body(
    event: dict[str, Any], event_id: str, *, team_id: str = TEAM_ID
) -> str:
    """The JSON body of an Events API callback wrapping ``event``."""
    return json.dumps({
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": "A0QUOTE",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
    })


@pytest.fixture
def mock_slack() -> Iterator[MockSlack]:
    """A started :class:`MockSlack`, stopped after the test."""
    with MockSlack() as slack:
        yield slack


@pytest.fixture(scope="session")
def seeds_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles ingested once per session by the real Pipeline (real extractor)."""
    from bot.config import DEFAULT_SEEDS_DIR
    from bot.pipeline import Pipeline
    from store import Store

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = Store(path)
    Pipeline(store, DEFAULT_SEEDS_DIR).ingest([DEFAULT_SEEDS_DIR / "articles"])
    store.close()
    return path
