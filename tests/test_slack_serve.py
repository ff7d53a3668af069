"""End to end: `quotedesk serve` as a process, Slack's signed HTTP requests, the mock Web API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import requests
from mock_slack import MockSlack, action_body, signed_headers, slash_body

from bot.render.answers import ACTION_SHARE

SECRET = "serve-signing-secret"
BOT_TOKEN = "xoxb-serve-test"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def quotedesk_command() -> list[str]:
    script = Path(sys.executable).with_name("quotedesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def serve_env(mock: MockSlack, db: Path, **overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "QUOTEDESK_", "PORT"))}
    env.update({
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": mock.api_url.rstrip("/"),
        "QUOTEDESK_DB": str(db),
    })
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def wait_until_serving(proc: subprocess.Popen[str], url: str) -> None:
    """Wait for a started `quotedesk serve` to answer /healthz (fail if it exits or hangs)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"quotedesk serve exited: {proc.communicate()[1]}")
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("quotedesk serve did not start")
        time.sleep(0.1)


def run_serve(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Start `quotedesk serve` expecting it to refuse to start."""
    return subprocess.run([*quotedesk_command(), "serve", *args], env=env, text=True,
                          capture_output=True, timeout=STARTUP_SECONDS)


class Served:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc = proc
        self.url = f"http://127.0.0.1:{port}"

    def post(self, body: str, *, signed: bool = True) -> requests.Response:
        headers = signed_headers(SECRET, body) if signed else {
            "content-type": "application/x-www-form-urlencoded"}
        # Slack gives up after 3 seconds: so does this client (a timeout fails the test).
        return requests.post(f"{self.url}/slack/events", data=body.encode(), headers=headers,
                             timeout=3)


@pytest.fixture
def served(mock_slack: MockSlack, seeds_db_path: Path) -> Iterator[Served]:
    mock_slack.valid_tokens = {BOT_TOKEN}
    port = free_port()
    proc = subprocess.Popen(
        [*quotedesk_command(), "serve", "--port", str(port)],
        env=serve_env(mock_slack, seeds_db_path), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    server = Served(proc, port)
    wait_until_serving(proc, server.url)
    yield server
    proc.terminate()
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 0, stderr
    assert "Traceback" not in stderr, stderr


def test_serve_answers_quote_and_shares_it(served: Served, mock_slack: MockSlack) -> None:
    assert mock_slack.calls_to("auth.test")[0].token == BOT_TOKEN  # checked at start-up
    response = served.post(slash_body("/quote", "Peskov truce", mock_slack.response_url("q")))
    assert response.status_code == 200
    mock_slack.wait_for("response_url", timeout=30)
    answer = mock_slack.responses("q")[0]
    assert answer["response_type"] == "ephemeral"
    speakers = [b["text"]["text"].split("\n", 1)[0] for b in answer["blocks"]
                if b["type"] == "section" and b["text"]["text"].startswith("*")]
    assert any("Peskov" in line or "Kremlin" in line for line in speakers[:3]), answer
    text = str(answer["blocks"])
    assert "Peskov" in text
    assert "trêve" in text.lower()
    share = next(
        element["value"]
        for block in answer["blocks"] if block["type"] == "actions"
        for element in block["elements"] if element["action_id"] == ACTION_SHARE
    )
    pressed = served.post(action_body(ACTION_SHARE, share, mock_slack.response_url("s")))
    assert pressed.status_code == 200
    posted = mock_slack.wait_for("chat.postMessage", timeout=30)[0].params
    assert posted["channel"] == "C0NEWS"
    assert "Shared by <@U0ALICE>" in str(posted["blocks"])
    assert "Peskov" in str(posted["blocks"])


def test_serve_answers_help_and_refuses_unsigned(served: Served, mock_slack: MockSlack) -> None:
    body = slash_body("/quote", "help", mock_slack.response_url("h"))
    assert served.post(body, signed=False).status_code == 401
    assert served.post(body).status_code == 200
    mock_slack.wait_for("response_url", timeout=30)
    assert "Usage" in str(mock_slack.responses("h")[0]["blocks"])
    assert len(mock_slack.responses("h")) == 1  # the unsigned one was never answered


@pytest.mark.parametrize(
    ("overrides", "args", "expected"),
    [
        ({"SLACK_SIGNING_SECRET": None}, (), "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": None}, (), "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-revoked"}, (), "Slack refused SLACK_BOT_TOKEN (invalid_auth)"),
        ({}, ("--socket",), "Socket Mode needs SLACK_APP_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-wrong"}, (), "Slack refused SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "http://127.0.0.1:9/api/"}, (), "Cannot reach the Slack Web API"),
    ],
    ids=["no-secret", "no-token", "bad-token", "socket-no-app-token", "bad-app-token",
         "api-unreachable"],
)
def test_bad_credentials_stop_start_up_with_a_clear_message(
    mock_slack: MockSlack, tmp_path: Path, overrides: dict[str, str | None],
    args: tuple[str, ...], expected: str,
) -> None:
    mock_slack.valid_tokens = {BOT_TOKEN}
    result = run_serve(serve_env(mock_slack, tmp_path / "q.db", **overrides), *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_socket_mode_answers_a_slash_command(mock_slack: MockSlack, seeds_db_path: Path) -> None:
    app_token = "xapp-1-serve-test"
    mock_slack.valid_tokens = {BOT_TOKEN, app_token}
    proc = subprocess.Popen(
        [*quotedesk_command(), "serve", "--socket"],
        env=serve_env(mock_slack, seeds_db_path, SLACK_APP_TOKEN=app_token,
                      SLACK_SIGNING_SECRET=None),
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        mock_slack.wait_socket(timeout=STARTUP_SECONDS)
        assert mock_slack.calls_to("apps.connections.open")[0].token == app_token
        form = dict(parse_qsl(slash_body("/quote", "help", mock_slack.response_url("sock"))))
        mock_slack.socket_send({"envelope_id": "env-1", "type": "slash_commands",
                                "accepts_response_payload": True, "payload": form})
        acks = mock_slack.wait_for("socket_ack", timeout=30)
        assert acks[0].params["envelope_id"] == "env-1"
        mock_slack.wait_for("response_url", timeout=30)
        assert "Usage" in str(mock_slack.responses("sock")[0]["blocks"])
    finally:
        proc.terminate()
        code = proc.wait(timeout=15)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 0, stderr
    assert "Traceback" not in stderr, stderr
