"""`quotedesk serve` (HTTP mode) under attack: unverifiable requests, slow clients, replays.

The server runs as a real process on waitress; Slack's Web API and every response_url are the
local mock, so an outbound call made on an attacker's behalf would be recorded there.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from mock_slack import MockSlack, signed_headers, slash_body
from test_slack_serve import (
    BOT_TOKEN,
    SECRET,
    free_port,
    quotedesk_command,
    serve_env,
    wait_until_serving,
)

pytestmark = pytest.mark.slow

READ_TIMEOUT = 2  # QUOTEDESK_HTTP_READ_TIMEOUT for these tests
THREADS = 4


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def threads(self) -> int:
        return len(list(Path(f"/proc/{self.proc.pid}/task").iterdir()))


@pytest.fixture
def server(mock_slack: MockSlack, seeds_db_path: Path) -> Iterator[Server]:
    mock_slack.valid_tokens = {BOT_TOKEN}
    port = free_port()
    env = serve_env(mock_slack, seeds_db_path, QUOTEDESK_HTTP_READ_TIMEOUT=str(READ_TIMEOUT),
                    QUOTEDESK_HTTP_THREADS=str(THREADS), QUOTEDESK_HTTP_MAX_BODY="65536")
    proc = subprocess.Popen([*quotedesk_command(), "serve", "--http", "--port", str(port)],
                            env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    served = Server(proc, port)
    wait_until_serving(proc, served.url)
    yield served
    proc.terminate()
    code = proc.wait(timeout=15)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 0, stderr
    assert "Traceback" not in stderr, stderr


def raw_request(port: int, head: bytes, body: bytes = b"", timeout: float = 5.0) -> int:
    """Send bytes as they are (no client-side validation); the HTTP status answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head + body)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def head_for(body: bytes, **headers: str) -> bytes:
    lines = ["POST /slack/events HTTP/1.1", "Host: 127.0.0.1",
             "Content-Type: application/x-www-form-urlencoded",
             f"Content-Length: {headers.pop('content_length', len(body))}"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def attacks(mock_slack: MockSlack) -> list[tuple[str, bytes, bytes]]:
    """(name, head, body) of requests that must be refused without using anything in them."""
    body = slash_body("/quote", "x", mock_slack.response_url("attack")).encode()
    now = int(time.time())
    good = signed_headers(SECRET, body.decode())
    cases: list[tuple[str, bytes, bytes]] = []
    for stamp in ["abc", "", "1e9", "1.5", "-1", " 12", "0x10", str(now - 3600),
                  str(now + 3600), "9" * 40]:
        cases.append((f"timestamp {stamp!r}", head_for(
            body, X_Slack_Request_Timestamp=stamp, X_Slack_Signature="v0=0"), body))
    for signature in ["v0=0", "", "v1=" + "0" * 64, "v0=" + "0" * 64,
                      good["x-slack-signature"].upper()]:
        cases.append((f"signature {signature[:12]!r}", head_for(
            body, X_Slack_Request_Timestamp=str(now), X_Slack_Signature=signature), body))
    cases.append(("no signature headers", head_for(body), body))
    bad_utf8 = body + b"&text=\xff\xfe\xfa"
    cases.append(("invalid UTF-8", head_for(
        bad_utf8, X_Slack_Request_Timestamp=str(now), X_Slack_Signature="v0=" + "0" * 64),
        bad_utf8))
    cases.append(("Content-Length abc", head_for(
        body, content_length="abc", X_Slack_Request_Timestamp=str(now),
        X_Slack_Signature="v0=0"), body))
    big = b"a=" + b"x" * 70_000
    cases.append(("body over the limit", head_for(
        big, X_Slack_Request_Timestamp=str(now), X_Slack_Signature="v0=0"), big))
    return cases


def test_unverifiable_requests_are_refused_at_once_and_nothing_is_called(
    server: Server, mock_slack: MockSlack
) -> None:
    # A listener that accepts and never answers: a request made to it would hang.
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(16)
    statuses: dict[str, int] = {}
    slowest = 0.0
    try:
        for name, head, body in attacks(mock_slack):
            started = time.monotonic()
            statuses[name] = raw_request(server.port, head, body)
            slowest = max(slowest, time.monotonic() - started)
        hole = f"http://127.0.0.1:{blackhole.getsockname()[1]}/"
        body = slash_body("/quote", "x", hole)
        started = time.monotonic()
        statuses["timestamp 'abc', response_url never answers"] = raw_request(
            server.port, head_for(body.encode(), X_Slack_Request_Timestamp="abc",
                                  X_Slack_Signature="v0=0"), body.encode())
        slowest = max(slowest, time.monotonic() - started)
        blackhole.settimeout(0.5)
        with pytest.raises(TimeoutError):
            blackhole.accept()  # nobody connected to it
    finally:
        blackhole.close()
    time.sleep(0.5)
    outbound = [c for c in mock_slack.calls if c.method != "auth.test"]
    print(f"\nunverifiable requests: {len(statuses)} refused, statuses "
          f"{sorted(set(statuses.values()))}, slowest answer {slowest:.3f} s, "
          f"outbound calls {len(outbound)}")
    assert all(code in (400, 401, 413) for code in statuses.values()), statuses
    assert outbound == []
    assert slowest < 1.0


def test_slow_clients_are_cut_off_and_do_not_pile_up_threads(server: Server) -> None:
    before = server.threads()
    sockets = []
    opened = time.monotonic()
    try:
        # each promises more than it sends (a megabyte, under the limit, or nonsense)
        for length in ["1000000", "60000", "-1", "60000"] * 10:
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(head_for(b"", content_length=length,
                                  X_Slack_Request_Timestamp="1", X_Slack_Signature="v0=0"))
            sock.sendall(b"a" * 600)
            sockets.append(sock)
        time.sleep(0.5)
        during = server.threads()
        closed = 0
        for sock in sockets:
            try:
                data = sock.recv(1024)  # the server closes it (or answers) after the timeout
            except (ConnectionResetError, TimeoutError):
                data = b""
            closed += data == b"" or data.startswith(b"HTTP/1.")
        waited = time.monotonic() - opened
    finally:
        for sock in sockets:
            sock.close()
    print(f"\n40 slow clients: threads {before} -> {during}, all cut off after {waited:.1f} s")
    assert during <= before + 2
    assert closed == 40
    assert READ_TIMEOUT - 0.5 < waited < READ_TIMEOUT + 5  # the under-limit ones waited
    assert requests.get(f"{server.url}/healthz", timeout=3).status_code == 200


def test_a_replayed_slash_command_is_answered_once(server: Server, mock_slack: MockSlack) -> None:
    body = slash_body("/quote", "help", mock_slack.response_url("replay"))
    headers = signed_headers(SECRET, body)
    for _ in range(3):
        response = requests.post(f"{server.url}/slack/events", data=body.encode(),
                                 headers=headers, timeout=3)
        assert response.status_code == 200
    mock_slack.wait_for("response_url", timeout=30)
    time.sleep(1.0)
    assert len(mock_slack.responses("replay")) == 1
    fresh = signed_headers(SECRET, body, timestamp=int(time.time()) + 1)  # a new request
    requests.post(f"{server.url}/slack/events", data=body.encode(), headers=fresh, timeout=3)
    mock_slack.wait_for("response_url", count=2, timeout=30)
