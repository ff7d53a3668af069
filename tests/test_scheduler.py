"""The scheduler: persistent job store, digest jobs kept in sync, a missed digest sent once
after a restart, idempotent digest runs."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alerts_helpers import (
    CHANNEL,
    PESKOV_ARTICLE,
    TEAM,
    ask,
    make_article,
    save,
    settings_for,
)
from apscheduler.schedulers.background import BackgroundScheduler
from mock_slack import MockSlack
from process_helpers import Finished, run_scheduler_for

from bot import scheduler as sched
from bot.alerts.digests import scheduled_slot
from bot.services import build_services
from store import Store
from store import digests as digest_store


class JobStoreWriter(BackgroundScheduler):
    """Writes the persistent job store like the clock process would, but never runs a job
    (so a test can leave a job due in the past, as an outage does)."""

    def _process_jobs(self) -> float | None:
        return None


def digest_runs(store: Store) -> list[dict]:
    """The digest jobs' runs, oldest first (read from the table the jobs claim)."""
    rows = store.db.execute(
        "SELECT scheduled_for, status FROM alert_runs WHERE job_id LIKE 'digest:%'"
        " ORDER BY started_at, job_id"
    ).fetchall()
    return [{"scheduled_for": r[0], "status": r[1]} for r in rows]


def digests_posted(mock_slack: MockSlack) -> list[dict]:
    return [m for m in mock_slack.messages(CHANNEL)
            if (m.get("metadata") or {}).get("event_type") == "quotedesk_digest"]


@pytest.fixture
def env(alert_desk):
    desk = alert_desk()
    save(desk.store, *make_article(*PESKOV_ARTICLE))
    return desk.store, desk.settings, desk.ctx


def test_scheduled_slot_is_the_latest_due_local_time() -> None:
    now = datetime(2025, 3, 14, 6, 30, tzinfo=UTC)  # 07:30 in Paris
    assert scheduled_slot(7, 0, "Europe/Paris", now) == datetime(2025, 3, 14, 6, 0, tzinfo=UTC)
    assert scheduled_slot(8, 0, "Europe/Paris", now) == datetime(2025, 3, 13, 7, 0, tzinfo=UTC)
    summer = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    assert scheduled_slot(8, 0, "Europe/Paris", summer).hour == 6


def test_digest_job_runs_once_per_slot(env, mock_slack) -> None:
    store, settings, ctx = env
    ask(ctx, "/digest at 00:00 UTC")
    sched.configure(build_services(settings, store=store))
    sched.digest_job(TEAM, CHANNEL)
    sched.digest_job(TEAM, CHANNEL)  # fired twice for the same slot: posts once
    posted = digests_posted(mock_slack)
    assert len(posted) == 1 and "Dmitri Peskov" in posted[0]["text"]
    runs = digest_runs(store)
    assert [r["status"] for r in runs] == ["done"]


def test_digest_crash_after_post_is_recovered_from_history(env, mock_slack) -> None:
    store, settings, ctx = env
    ask(ctx, "/digest at 00:00 UTC")
    sched.configure(build_services(settings, store=store))
    sched.digest_job(TEAM, CHANNEL)
    run = digest_runs(store)[0]
    # as if the process died after posting, before recording the run
    store.db.execute("UPDATE alert_runs SET status = 'running'")
    store.db.execute("UPDATE alert_digests SET last_outbox_id = 0")
    sched.digest_job(TEAM, CHANNEL)
    assert len(digests_posted(mock_slack)) == 1
    assert digest_runs(store)[0]["status"] == "done"
    assert digest_store.digest_watermark(store.db, TEAM, CHANNEL)[0] > 0
    assert run["scheduled_for"].endswith("T00:00:00Z")


def test_sync_keeps_unchanged_jobs_and_replaces_changed_ones(env) -> None:
    store, settings, ctx = env
    ask(ctx, "/digest at 07:15 Europe/Paris")
    scheduler = sched.build_scheduler(settings, cls=JobStoreWriter)
    scheduler.start(paused=True)
    try:
        assert sched.sync_digest_jobs(scheduler, store) == (1, 0)
        job_id = f"digest:{TEAM}:{CHANNEL}"
        past = datetime.now(UTC) - timedelta(minutes=1)
        scheduler.modify_job(job_id, next_run_time=past)
        assert sched.sync_digest_jobs(scheduler, store) == (0, 0)
        job = scheduler.get_job(job_id)
        assert job is not None and job.next_run_time == past  # a missed run stays due
        ask(ctx, "/digest at 09:30 Europe/Paris")
        assert sched.sync_digest_jobs(scheduler, store) == (1, 0)
        assert "hour='9', minute='30'" in str(scheduler.get_job(job_id).trigger)
        ask(ctx, "/digest off")
        assert sched.sync_digest_jobs(scheduler, store) == (0, 1)
        assert scheduler.get_job(job_id) is None
    finally:
        scheduler.shutdown(wait=False)


def _run_scheduler_process(settings, seconds: int = 4) -> Finished:
    return run_scheduler_for(settings, seconds)


@pytest.mark.slow
def test_digest_missed_during_an_outage_fires_once_after_restart(env, mock_slack) -> None:
    store, settings, ctx = env
    due = datetime.now(UTC) - timedelta(minutes=1)
    ask(ctx, f"/digest at {due:%H:%M} UTC")
    # The job store as a scheduler that went down just before the digest's minute left it.
    scheduler = sched.build_scheduler(settings, cls=JobStoreWriter)
    scheduler.start(paused=True)
    sched.sync_digest_jobs(scheduler, store)
    scheduler.modify_job(f"digest:{TEAM}:{CHANNEL}", next_run_time=due.replace(second=0))
    scheduler.shutdown(wait=False)

    first = _run_scheduler_process(settings)
    assert first.returncode == 0, first.stderr[-2000:]
    posted = digests_posted(mock_slack)
    assert len(posted) == 1
    assert "Dmitri Peskov" in posted[0]["text"]
    # the alerts themselves were delivered by the same process
    assert any((m.get("metadata") or {}).get("event_type") == "quotedesk_alert"
               for m in mock_slack.messages(CHANNEL))

    second = _run_scheduler_process(settings, seconds=3)
    assert second.returncode == 0
    assert len(digests_posted(mock_slack)) == 1  # not doubled by the restart
    runs = digest_runs(store)
    assert len(runs) == 1 and runs[0]["status"] == "done"


def test_a_digest_that_failed_to_post_is_retried_once_slack_answers(env, mock_slack) -> None:
    store, settings, ctx = env
    due = datetime.now(UTC) - timedelta(minutes=1)
    ask(ctx, f"/digest at {due:%H:%M} UTC")
    sched.configure(build_services(settings, store=store))
    mock_slack.fail("chat.postMessage", status=500, times=1)
    with pytest.raises(Exception):  # noqa: B017  (the job fails; APScheduler logs it)
        sched.digest_job(TEAM, CHANNEL)
    assert digest_runs(store)[0]["status"] == "running"
    later = datetime.now(UTC) + timedelta(seconds=sched.RETRY_AFTER_SECONDS + 1)
    assert sched.retry_unfinished_digests(store, later) == 1
    assert len(digests_posted(mock_slack)) == 1
    assert sched.retry_unfinished_digests(store, later) == 0


def test_only_one_scheduler_process_per_job_store(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    first = sched.acquire_process_lock(settings)
    assert first is not None
    code = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.config import Settings; "
         "from bot.scheduler import acquire_process_lock; from pathlib import Path; "
         f"s = Settings(scheduler_db_path=Path({str(settings.scheduler_db_path)!r})); "
         "sys.exit(0 if acquire_process_lock(s) is None else 3)"],
        timeout=60, check=False,
    ).returncode
    assert code == 0
    first.close()
