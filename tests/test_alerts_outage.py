"""Slack outages and refusals against the outbox: nothing lost, nothing posted twice.

Time is a fake clock handed to :class:`Delivery` (retries are scheduled in time, not in runs);
Slack is the local mock, failing as told.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections import Counter

import pytest
from alerts_helpers import (
    CHANNEL,
    PESKOV_ARTICLE,
    USER,
    ask,
    ctx_for,
    make_article,
    save,
)
from mock_slack import MockSlack
from test_alerts_delivery import FakeClock, no_sleep

from bot.alerts.delivery import ALERT_EVENT, GIVE_UP_AFTER, ChannelPacer, Delivery, TeamClients
from bot.slack_client import make_web_client
from store import Store
from store import outbox as outbox_store

RUN_EVERY = 10.0  # seconds between delivery runs, as the scheduler's default


@pytest.fixture
def env(alert_desk):
    desk = alert_desk(alert_warn_minutes=5.0)
    return desk.store, desk.settings


def delivery(store: Store, settings, clock: FakeClock) -> Delivery:
    client = make_web_client(settings, retry_rate_limited=False)
    return Delivery(store, settings, TeamClients(settings, client), clock=clock,
                    sleep=no_sleep, pacer=ChannelPacer(interval=0))


def save_articles(store: Store, count: int) -> None:
    quote = PESKOV_ARTICLE[2][0]
    for i in range(count):
        said = [(quote[0], quote[1], quote[2], f"{quote[3]} (point {i})", False, None)]
        save(store, *make_article(f"peskov-{i}.html", f"Peskov, épisode {i}", said,
                                  day=f"2025-03-{1 + i % 28:02d}"))


def posted_ids(mock_slack: MockSlack) -> Counter[int]:
    return Counter(
        int(i) for m in mock_slack.messages(CHANNEL)
        if (m.get("metadata") or {}).get("event_type") == ALERT_EVENT
        for i in m["metadata"]["event_payload"]["outbox_ids"]
    )


def all_ids(store: Store) -> set[int]:
    return {int(r[0]) for r in store.db.execute("SELECT id FROM alert_outbox").fetchall()}


def run_for(d: Delivery, clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds / RUN_EVERY)):
        d.run()
        clock.advance(RUN_EVERY)


@pytest.mark.slow
def test_ten_minute_outage_loses_and_duplicates_nothing(env, mock_slack, caplog) -> None:
    store, settings = env
    save_articles(store, 25)
    ids = all_ids(store)
    assert len(ids) == 25
    # Ten minutes of outage. First five: posts answer 500 (three of them went through, their
    # answer lost), the history still answers; last five: everything answers 500.
    mock_slack.fail("chat.postMessage", status=500, times=3, posted=True)
    mock_slack.fail("chat.postMessage", status=500, times=-1)
    clock = FakeClock()
    d = delivery(store, settings, clock)
    caplog.set_level(logging.WARNING, logger="bot.alerts.delivery")
    run_for(d, clock, 300)
    mock_slack.fail("*", status=500, times=-1)
    run_for(d, clock, 300)
    assert outbox_store.outbox_counts(store.db).get("failed", 0) == 0
    warnings = [r for r in caplog.records if "have been failing since" in r.getMessage()]
    assert len(warnings) == 1  # once per channel, after alert_warn_minutes
    attempts_during = len(mock_slack.calls_to("chat.postMessage"))
    mock_slack.heal()
    run_for(d, clock, 900)
    sent = posted_ids(mock_slack)
    lost = ids - set(sent)
    duplicated = sorted(i for i, n in sent.items() if n > 1)
    print(f"\n10-minute outage: {len(ids)} alerts, {attempts_during} posts tried during it, "
          f"lost {len(lost)}, duplicated {len(duplicated)}")
    assert not lost and not duplicated
    assert outbox_store.outbox_counts(store.db) == {"sent": 25}


def test_failures_are_retried_for_more_than_a_day_with_growing_gaps(env, mock_slack) -> None:
    store, settings = env
    save_articles(store, 2)
    mock_slack.fail("chat.postMessage", status=500, times=-1)
    clock = FakeClock()
    d = delivery(store, settings, clock)
    for _ in range(25 * 12):  # 25 hours, a run every 5 minutes
        d.run()
        clock.advance(300)
    counts = outbox_store.outbox_counts(store.db)
    assert counts.get("failed", 0) == 0 and counts.get("sent", 0) == 0
    tries = len(mock_slack.calls_to("chat.postMessage"))
    assert 25 * 6 // 2 <= tries <= 25 * 12  # at most one per run, at least every ~10 min
    mock_slack.heal()
    for _ in range(5):
        d.run()
        clock.advance(600)
    assert outbox_store.outbox_counts(store.db) == {"sent": 2}
    assert not [i for i, n in posted_ids(mock_slack).items() if n > 1]


def test_gives_up_only_after_the_retry_window(env, mock_slack) -> None:
    store, settings = env
    save_articles(store, 1)
    mock_slack.fail("chat.postMessage", error="service_unavailable", times=-1)
    clock = FakeClock()
    d = delivery(store, settings, clock)
    d.run()
    clock.advance(GIVE_UP_AFTER.total_seconds() - 3600)
    d.run()
    assert outbox_store.outbox_counts(store.db).get("failed", 0) == 0
    clock.advance(7200)
    d.run()
    assert outbox_store.outbox_counts(store.db) == {"failed": 1}


def test_retry_after_is_honoured(env, mock_slack) -> None:
    store, settings = env
    save_articles(store, 1)
    mock_slack.fail("chat.postMessage", status=429, retry_after=120, times=1)
    clock = FakeClock()
    d = delivery(store, settings, clock)
    report = d.run()
    assert report.rate_limited == [CHANNEL] and report.posted == 0
    clock.advance(110)
    assert d.run().posted == 0  # Slack asked for 120 s
    clock.advance(15)
    assert d.run().posted == 1


@pytest.mark.parametrize(
    ("error", "final", "paused"),
    [
        ("channel_not_found", "failed", True),
        ("is_archived", "failed", True),
        ("msg_too_long", "failed", False),
        ("some_new_error", "pending", False),  # not known to be permanent: retried
    ],
)
def test_only_permanent_errors_fail_rows(env, mock_slack, error, final, paused) -> None:
    store, settings = env
    save_articles(store, 1)
    mock_slack.fail("chat.postMessage", error=error, times=-1)
    d = delivery(store, settings, FakeClock())
    d.run()
    assert outbox_store.outbox_counts(store.db) == {final: 1}
    listing = ask(ctx_for(store, settings), "/subscriptions")
    assert ("paused" in listing) is paused


def test_unreadable_history_requeues_instead_of_pausing(env, mock_slack) -> None:
    """A public channel the bot posts to without being a member (chat:write.public): after a
    5xx the history answers not_in_channel; the alert is posted again, the subscription stays
    active and nobody is told to invite the app."""
    store, settings = env
    save_articles(store, 1)
    mock_slack.fail("chat.postMessage", status=500, times=1)
    mock_slack.fail("conversations.history", error="not_in_channel", times=-1)
    clock = FakeClock()
    d = delivery(store, settings, clock)
    d.run()
    for _ in range(10):
        clock.advance(60)
        d.run()
    assert outbox_store.outbox_counts(store.db) == {"sent": 1}
    assert len(posted_ids(mock_slack)) == 1
    assert "paused" not in ask(ctx_for(store, settings), "/subscriptions")
    assert mock_slack.messages(USER) == []


def test_alerts_status_command_shows_pending_and_failing(env, mock_slack) -> None:
    store, settings = env
    save_articles(store, 2)
    mock_slack.fail("chat.postMessage", error="service_unavailable", times=-1)
    delivery(store, settings, FakeClock()).run()
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "alerts", "status", "--db", str(settings.db_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2 pending" in result.stdout
    assert f"{CHANNEL}: 2 pending" in result.stdout
    assert "failing since" in result.stdout and "service_unavailable" in result.stdout
