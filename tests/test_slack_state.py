"""Event-id claims (Slack retry dedupe) and the optional OAuth install mode."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
import sqlite_utils
from mock_slack import MockSlack

from bot.app import build_app, wsgi_app
from bot.config import Settings
from bot.services import build_services
from store import Store
from store.slack_state import claim_event, prune_events


def test_an_event_is_claimed_once(fresh_db: sqlite_utils.Database) -> None:
    assert claim_event(fresh_db, "Ev1", "T1", "app_mention") is True
    assert claim_event(fresh_db, "Ev1", "T1", "app_mention") is False
    assert claim_event(fresh_db, "Ev2") is True
    with pytest.raises(ValueError):
        claim_event(fresh_db, "")


def test_racing_deliveries_claim_once(store: Store) -> None:
    store.db  # noqa: B018 - migrate before the threads start
    wins: list[bool] = []
    lock = threading.Lock()

    def deliver() -> None:
        won = claim_event(store.db, "EvRACE")
        with lock:
            wins.append(won)
        store.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_old_claims_are_pruned(fresh_db: sqlite_utils.Database) -> None:
    claim_event(fresh_db, "EvOLD")
    fresh_db.execute("UPDATE slack_events SET received_at = '2000-01-01T00:00:00Z'")
    claim_event(fresh_db, "EvNEW")
    assert prune_events(fresh_db) == 1
    assert claim_event(fresh_db, "EvOLD") is True  # forgotten, so claimable again
    assert claim_event(fresh_db, "EvNEW") is False


def test_oauth_install_page(mock_slack: MockSlack, tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "q.db", slack_signing_secret="s",
                        slack_client_id="111.222", slack_client_secret="secret",
                        slack_api_url=mock_slack.api_url)
    app = build_app(build_services(settings))
    statuses: list[str] = []
    headers: dict[str, str] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        statuses.append(status)
        headers.update({k.lower(): v for k, v in response_headers})

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/slack/install", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(b""),
               "CONTENT_LENGTH": "0"}
    body = b"".join(wsgi_app(app, settings)(environ, start_response)).decode()
    assert statuses[0].startswith("200")
    assert "slack.com/oauth/v2/authorize" in body and "client_id=111.222" in body
    assert "commands" in body  # the bot scopes are requested
    assert settings.oauth_db_path.exists()  # the OAuth state was stored in SQLite
