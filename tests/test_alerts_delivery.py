"""Delivering the outbox to a local mock Slack Web API: grouping, metadata, exactly once,
429, 5xx, not_in_channel, kill -9 between post and mark, buttons, digests."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from alerts_helpers import (
    CHANNEL,
    PESKOV_ARTICLE,
    REDLINE_ARTICLE,
    TEAM,
    USER,
    ask,
    ctx_for,
    deliver_pending,
    make_article,
    save,
    seed_actors,
    settings_for,
)
from process_helpers import run_scheduler_for

from bot.alerts.delivery import ALERT_EVENT
from bot.dispatch import handle_alert_action
from bot.slack_client import make_web_client
from store import Store
from store import outbox as outbox_store


@pytest.fixture
def env(alert_desk):
    desk = alert_desk("/subscribe Peskov", "/subscribe redlines")
    return desk.store, desk.settings, desk.ctx


def no_sleep(seconds: float) -> None:
    return None


class FakeClock:
    """UTC time that moves only when told (retries are scheduled in time)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def deliver(store: Store, settings, **kw):
    return deliver_pending(store, settings, make_web_client(settings), sleep=no_sleep, **kw)


def test_one_message_per_article_with_metadata_and_nothing_twice(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    save(store, *make_article(*REDLINE_ARTICLE))
    report = deliver(store, settings)
    assert report.posted == 2
    messages = mock_slack.messages(CHANNEL)
    assert len(messages) == 2
    peskov, lavrov = messages
    assert peskov["metadata"]["event_type"] == ALERT_EVENT
    assert len(peskov["metadata"]["event_payload"]["outbox_ids"]) == 2
    text = json.dumps(peskov["blocks"], ensure_ascii=False)
    assert "Dmitri Peskov" in text and "«il n'y aura pas de trêve" in text
    assert "verbatim" in text and "reported" in text and "Le Monde" in text
    assert "https://example.org/peskov-truce.html" in text
    assert "Matched: Dmitri Peskov" in text
    red = json.dumps(lavrov["blocks"], ensure_ascii=False)
    assert "RED LINE" in red and "nato-troops-in-ukraine" in red
    actions = next(b for b in lavrov["blocks"] if b["type"] == "actions")["elements"]
    assert all(e["action_id"].startswith("alert_") for e in actions)
    assert deliver(store, settings).posted == 0
    assert len(mock_slack.messages(CHANNEL)) == 2
    assert outbox_store.outbox_counts(store.db) == {"sent": 4}


def test_429_is_retried_after_retry_after(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    mock_slack.fail("chat.postMessage", status=429, retry_after=1, times=1)
    report = deliver(store, settings)
    assert report.posted == 1
    posts = mock_slack.calls_to("chat.postMessage")
    assert [c.status for c in posts] == [429, 200]
    assert len(mock_slack.messages(CHANNEL)) == 1


def test_persistent_429_leaves_rows_pending(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    mock_slack.fail("chat.postMessage", status=429, retry_after=0, times=-1)
    clock = FakeClock()
    report = deliver(store, settings, clock=clock)
    assert report.posted == 0 and report.rate_limited == [CHANNEL]
    assert outbox_store.outbox_counts(store.db) == {"pending": 2}
    mock_slack.reset()
    assert deliver(store, settings, clock=clock).posted == 0  # waits for its retry time
    clock.advance(60)
    assert deliver(store, settings, clock=clock).posted == 1


def test_500_is_checked_against_history_then_posted_once(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    mock_slack.fail("chat.postMessage", status=500, times=1)
    clock = FakeClock()
    first = deliver(store, settings, clock=clock)
    assert first.posted == 0 and outbox_store.outbox_counts(store.db) == {"claimed": 2}
    clock.advance(60)
    second = deliver(store, settings, clock=clock)
    assert second.requeued == 2 and second.posted == 1
    assert len(mock_slack.calls_to("conversations.history")) == 1
    assert len(mock_slack.messages(CHANNEL)) == 1


def test_not_in_channel_breaks_the_subscriptions_and_tells_the_subscriber_once(
    env, mock_slack
) -> None:
    store, settings, ctx = env
    mock_slack.fail("chat.postMessage", error="not_in_channel", channel=CHANNEL, times=-1)
    save(store, *make_article(*PESKOV_ARTICLE))
    report = deliver(store, settings)
    assert report.broken_channels == [CHANNEL]
    dms = mock_slack.messages(USER)
    assert len(dms) == 1 and "cannot post alerts" in dms[0]["text"]
    save(store, *make_article(*REDLINE_ARTICLE))
    deliver(store, settings)
    deliver(store, settings)
    posts = mock_slack.calls_to("chat.postMessage")
    assert len([c for c in posts if c.params["channel"] == CHANNEL]) == 1  # never retried
    assert len(mock_slack.messages(USER)) == 1  # told once
    listing = ask(ctx, "/subscriptions")
    assert "paused: not_in_channel" in listing
    mock_slack.reset()
    ask(ctx, "/subscribe Peskov")  # re-activates it
    assert "paused" in ask(ctx, "/subscriptions")  # redlines still paused
    save(store, *make_article("peskov-2.html", "Peskov encore",
                              [PESKOV_ARTICLE[2][0]], day="2025-03-20"))
    assert deliver(store, settings).posted == 1


def test_mute_and_open_buttons(env, mock_slack) -> None:
    store, settings, ctx = env
    save(store, *make_article(*PESKOV_ARTICLE))
    deliver(store, settings)
    blocks = mock_slack.messages(CHANNEL)[0]["blocks"]
    buttons = next(b for b in blocks if b["type"] == "actions")["elements"]
    mute = next(b for b in buttons if b["action_id"].startswith("alert_mute"))
    answer = handle_alert_action(ctx, mute["action_id"], mute["value"])
    assert not answer.is_error and "Muted Dmitri Peskov" in (answer.message or "")
    assert "muted" in ask(ctx, "/subscriptions")
    save(store, *make_article("peskov-3.html", "Peskov toujours",
                              [PESKOV_ARTICLE[2][1]], day="2025-03-21"))
    assert deliver(store, settings).posted == 0
    other_team = ctx_for(store, settings, team="T0OTHER")
    refused = handle_alert_action(other_team, mute["action_id"], mute["value"])
    assert refused.is_error
    opened = next(b for b in buttons if b["action_id"] == "alert_open")
    assert json.loads(opened["value"])["text"].startswith("Dmitri Peskov")
    assert handle_alert_action(ctx, "alert_mute_x", "not json").is_error


def test_digest_now_groups_by_actor_and_covers_since_last(env, mock_slack) -> None:
    store, settings, ctx = env
    save(store, *make_article(*PESKOV_ARTICLE))
    save(store, *make_article(*REDLINE_ARTICLE))
    deliver(store, settings)
    reply = ask(ctx, "/digest now")
    assert "Digest posted (4 statements)" in reply
    digest = mock_slack.messages(CHANNEL)[-1]
    assert digest["metadata"]["event_type"] == "quotedesk_digest"
    text = json.dumps(digest["blocks"], ensure_ascii=False)
    assert "Dmitri Peskov* — 2 statements" in text
    assert "Sergueï Lavrov* — 2 statements (2 red-line)" in text
    ask(ctx, "/digest now")
    empty = mock_slack.messages(CHANNEL)[-1]
    assert "nothing new" in empty["text"]


CRASHING_DELIVERY = """
import os, signal, sys
from pathlib import Path
from bot.alerts.delivery import Delivery
from bot.config import Settings
from store import Store

db, api_url, point = sys.argv[1:4]
settings = Settings(db_path=Path(db), slack_bot_token="xoxb-test", slack_api_url=api_url)

def crash(at: str) -> None:
    if at == point:
        os.kill(os.getpid(), signal.SIGKILL)

Delivery(Store(settings.db_path), settings, faults=crash, sleep=lambda s: None).run()
"""


@pytest.mark.slow
@pytest.mark.parametrize("point", ["after_post", "before_post"])
def test_kill_between_post_and_mark_delivers_exactly_once(env, mock_slack, point) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    save(store, *make_article(*REDLINE_ARTICLE))
    killed = subprocess.run(
        [sys.executable, "-c", CRASHING_DELIVERY, str(settings.db_path),
         str(settings.slack_api_url), point], timeout=60, capture_output=True, check=False)
    assert killed.returncode == -9  # killed by the injected fault
    posted_before = len(mock_slack.messages(CHANNEL))
    assert posted_before == (1 if point == "after_post" else 0)
    assert outbox_store.outbox_counts(store.db).get("claimed", 0) == 2
    # the real scheduler process recovers
    finished = run_scheduler_for(settings, 4)
    assert finished.returncode == 0, finished.stderr[-2000:]
    messages = mock_slack.messages(CHANNEL)
    assert len(messages) == 2
    ids = [i for m in messages for i in m["metadata"]["event_payload"]["outbox_ids"]]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 4
    assert outbox_store.outbox_counts(store.db) == {"sent": 4}
    assert TEAM in {m["metadata"]["event_payload"]["team_id"] for m in messages}


def test_posts_to_one_channel_are_paced_one_per_second(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    save(store, *make_article(*REDLINE_ARTICLE))
    waits: list[float] = []
    deliver_pending(store, settings, make_web_client(settings), sleep=waits.append)
    assert len(mock_slack.messages(CHANNEL)) == 2
    assert len(waits) == 1 and 0 < waits[0] <= 1.0  # the second post waited its turn


def test_refused_token_pauses_delivery_without_dropping_alerts(env, mock_slack) -> None:
    store, settings, _ = env
    save(store, *make_article(*PESKOV_ARTICLE))
    mock_slack.fail("chat.postMessage", error="invalid_auth", times=-1)
    clock = FakeClock()
    for _ in range(5):
        report = deliver(store, settings, clock=clock)
        assert report.posted == 0 and "refused" in report.errors[-1]
        clock.advance(3600)
    assert outbox_store.outbox_counts(store.db) == {"pending": 2}
    mock_slack.reset()
    assert deliver(store, settings, clock=clock).posted == 1


def test_each_workspace_posts_with_its_own_installation_token(tmp_path, mock_slack) -> None:
    from dataclasses import replace

    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore


    settings = replace(settings_for(tmp_path, mock_slack.api_url), slack_bot_token=None,
                       slack_client_id="111.222", slack_client_secret="secret")
    installations = SQLite3InstallationStore(database=str(settings.oauth_db_path),
                                             client_id="111.222")
    for team, token in (("T0TEST", "xoxb-team-a"), ("T0OTHER", "xoxb-team-b")):
        installations.save(Installation(app_id="A1", user_id="U1", team_id=team,
                                        bot_token=token, enterprise_id=None,
                                        bot_id="B1", bot_user_id="U0BOT"))
    store = Store(settings.db_path)
    seed_actors(store)
    ask(ctx_for(store, settings), "/subscribe Peskov")
    ask(ctx_for(store, settings, team="T0OTHER", channel="C0THEIRS"), "/subscribe Peskov")
    save(store, *make_article(*PESKOV_ARTICLE))
    report = deliver_pending(store, settings, sleep=no_sleep)
    assert report.posted == 2
    tokens = {c.params["channel"]: c.token for c in mock_slack.calls_to("chat.postMessage")}
    assert tokens == {CHANNEL: "xoxb-team-a", "C0THEIRS": "xoxb-team-b"}
    store.close()
