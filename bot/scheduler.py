"""The one scheduler process (``quotedesk scheduler``, the Procfile's ``clock``).

APScheduler 3.x with a SQLAlchemyJobStore in its own SQLite file (``settings.scheduler_db_path``)
and explicit job ids:

- ``deliver-alerts``: post the alerts outbox (every few seconds);
- ``poll-feeds``: poll due RSS/Atom feeds; ``poll-inbox``: ingest new files of the inbox folder;
- ``sync-digests``: keep one ``digest:<team>:<channel>`` cron job per enabled digest;
- ``digest:<team>:<channel>``: post that channel's digest.

Intervals come from the settings (``QUOTEDESK_DELIVER_SECONDS``…). SIGTERM or SIGINT stops the
scheduler without waiting while holding its job-store lock (a job that reads the job store
could never finish otherwise), gives running jobs ``Settings.stop_grace_seconds`` to end, then
exits: every job is safe to interrupt (claimed outbox rows are recovered by the next run).

Jobs coalesce, and a misfire grace time lets a digest missed by a short outage run late, once.
Job functions are module-level callables taking only plain arguments (the job store pickles
references to them); they find the services (bot.services) set by :func:`configure`. Every job is
idempotent: the outbox for alerts, the runs table for digests, seen GUIDs for feeds.
The web and worker processes never start a scheduler.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING, BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.alerts.delivery import can_post
from bot.alerts.digests import digest_job_id, scheduled_slot, send_digest
from bot.alerts.tracked_redlines import ensure_builtin_redlines
from bot.config import Settings
from bot.feeds import poll_due_feeds, poll_inbox
from bot.services import Services
from store import Store, params
from store import digests as digest_store
from store import job_runs as run_store
from store.digests import Digest

logger = logging.getLogger(__name__)

JOB_DELIVER = "deliver-alerts"
JOB_FEEDS = "poll-feeds"
JOB_INBOX = "poll-inbox"
JOB_SYNC = "sync-digests"
DIGEST_PREFIX = "digest:"

DIGEST_MISFIRE_GRACE = 3 * 3600  # a digest missed by up to 3 hours is still sent, once
SHORT_MISFIRE_GRACE = 60
RETRY_AFTER_SECONDS = 120  # an unfinished digest run is retried after this long


_services: Services | None = None  # the process's services: jobs are stored by reference
_services_lock = threading.Lock()


def configure(services: Services) -> Services:
    """Set the services the job functions use (called by :func:`run_scheduler`, or tests)."""
    global _services
    with _services_lock:
        _services = services
        return services


def current() -> Services:
    """The services set by :func:`configure`; a job running without them is a bug."""
    with _services_lock:
        found = _services
    if found is None:
        raise RuntimeError("the scheduler's services are not configured (bot.scheduler.configure)")
    return found


# --------------------------------------------------------------------------------------------
# Job functions (module level: the job store keeps references to them)
# --------------------------------------------------------------------------------------------


def deliver_alerts_job() -> None:
    services = current()
    if not can_post(services.settings):
        logger.warning("no Slack credentials (SLACK_BOT_TOKEN or OAuth): alerts stay queued")
        return
    report = services.delivery().run()
    if report.posted or report.recovered or report.errors:
        logger.info("alerts: %s", report)


def poll_feeds_job() -> None:
    services = current()
    report = poll_due_feeds(services.store, services.settings, services.pipeline())
    if report.ingested or report.errors:
        logger.info("feeds: %s", report)
    if report.ingested:
        deliver_alerts_job()


def poll_inbox_job() -> None:
    services = current()
    if services.settings.inbox_dir is None:
        return
    stored = poll_inbox(services.store, services.settings, services.pipeline())
    if stored:
        logger.info("inbox: %d articles stored", stored)
        deliver_alerts_job()


def digest_job(team_id: str, channel_id: str) -> None:
    services = current()
    row = digest_store.get_digest(services.store.db, team_id, channel_id)
    if row is None or not row["enabled"]:
        return
    slot = scheduled_slot(int(row["hour"]), int(row["minute"]), str(row["timezone"]))
    result = send_digest(services.store, services.settings, team_id, channel_id,
                         params.now_iso(slot))
    logger.info("digest %s:%s %s: %s", team_id, channel_id, slot, result.status)


def sync_digests_job() -> None:
    services = current()
    if services.scheduler is not None and services.scheduler.state == STATE_RUNNING:
        sync_digest_jobs(services.scheduler, services.store)
    retry_unfinished_digests(services.store)


def retry_unfinished_digests(store: Store, now: datetime | None = None) -> int:
    """Run again the digests whose run for today's slot started but never finished (Slack
    down, process killed) while the slot is within the grace time. Returns runs retried."""
    now = now or datetime.now(UTC)
    retried = 0
    for row in digest_store.list_digests(store.db):
        slot = scheduled_slot(int(row["hour"]), int(row["minute"]), str(row["timezone"]), now)
        if (now - slot).total_seconds() > DIGEST_MISFIRE_GRACE:
            continue
        job_id = digest_job_id(row["team_id"], row["channel_id"])
        state = run_store.run_state(store.db, job_id, params.now_iso(slot))
        if state is None or state[0] == "done":
            continue
        started = datetime.strptime(state[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if (now - started).total_seconds() < RETRY_AFTER_SECONDS:
            continue
        try:
            digest_job(row["team_id"], row["channel_id"])
            retried += 1
        except Exception:
            logger.exception("digest %s still failing", job_id)
    return retried


# --------------------------------------------------------------------------------------------
# Building and running the scheduler
# --------------------------------------------------------------------------------------------


def digest_trigger(row: Digest) -> CronTrigger:
    return CronTrigger(hour=int(row["hour"]), minute=int(row["minute"]), timezone=row["timezone"])


def sync_digest_jobs(scheduler: BaseScheduler, store: Store) -> tuple[int, int]:
    """One cron job per enabled digest; unchanged jobs are left alone (so a missed run stays
    due), changed ones replaced, disabled ones removed. Returns (added or replaced, removed)."""
    wanted = {
        f"{DIGEST_PREFIX}{row['team_id']}:{row['channel_id']}": row
        for row in digest_store.list_digests(store.db)
    }
    changed = removed = 0
    for job in scheduler.get_jobs():
        if job.id.startswith(DIGEST_PREFIX) and job.id not in wanted:
            scheduler.remove_job(job.id)
            removed += 1
    for job_id, row in wanted.items():
        trigger = digest_trigger(row)
        existing = scheduler.get_job(job_id)
        if existing is not None and str(existing.trigger) == str(trigger):
            continue
        scheduler.add_job(
            digest_job,
            trigger,
            args=[row["team_id"], row["channel_id"]],
            id=job_id,
            name=f"digest {row['team_id']} {row['channel_id']}",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=DIGEST_MISFIRE_GRACE,
        )
        changed += 1
    return changed, removed


def build_scheduler(
    settings: Settings,
    *,
    blocking: bool = True,
    cls: type[BaseScheduler] | None = None,
) -> BaseScheduler:
    """A scheduler on the persistent job store (jobs not added yet)."""
    settings.scheduler_db_path.parent.mkdir(parents=True, exist_ok=True)
    cls = cls or (BlockingScheduler if blocking else BackgroundScheduler)
    return cls(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{settings.scheduler_db_path}")},
        executors={"default": ThreadPoolExecutor(4)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": SHORT_MISFIRE_GRACE,
        },
        timezone=UTC,
    )


def add_standard_jobs(scheduler: BaseScheduler, settings: Settings) -> None:
    now = datetime.now(UTC)
    jobs = [
        (deliver_alerts_job, JOB_DELIVER, settings.deliver_seconds),
        (poll_feeds_job, JOB_FEEDS, settings.feeds_seconds),
        (poll_inbox_job, JOB_INBOX, settings.inbox_seconds),
        (sync_digests_job, JOB_SYNC, settings.sync_seconds),
    ]
    for func, job_id, seconds in jobs:
        scheduler.add_job(
            func,
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            replace_existing=True,
            next_run_time=now,
        )


def acquire_process_lock(settings: Settings) -> IO[str] | None:
    """An exclusive lock beside the job store, held while the process lives: a second
    scheduler on the same job store gets None (only one scheduler process may run).

    The lock is an flock, which the kernel drops when its process dies however it dies, so a
    lock file left by a dead process never blocks a restart; the file holds the owner's pid
    for whoever looks."""
    path = Path(str(settings.scheduler_db_path) + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


class RunningJobs:
    """Counts the jobs running now, from the scheduler's own events."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def attach(self, scheduler: BaseScheduler) -> None:
        scheduler.add_listener(self._started, EVENT_JOB_SUBMITTED)
        scheduler.add_listener(self._ended, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    def _started(self, event: JobEvent) -> None:
        with self._changed:
            self._count += 1

    def _ended(self, event: JobEvent) -> None:
        # A short job may end (on its worker thread) before its submission is announced (on
        # the scheduler's thread): the count may dip below zero for a moment.
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """True once no job runs; False if some still do after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._count > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True


class _SubmitAfterStop(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Error submitting job")


def _exit_now(code: int) -> None:
    """End the process without joining job threads still running (a job that ignores the
    stop must not keep the process alive)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_scheduler(services: Services) -> int:
    """Run the scheduler until SIGTERM/SIGINT (the ``clock`` process). Returns an exit code."""
    settings = services.settings
    lock = acquire_process_lock(settings)
    if lock is None:
        logger.error("another scheduler already runs on %s; exiting", settings.scheduler_db_path)
        return 1
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    configure(services)
    ensure_builtin_redlines(services.store.db, settings.seeds_dir)
    scheduler = build_scheduler(settings, blocking=False)
    services.scheduler = scheduler
    running = RunningJobs()
    running.attach(scheduler)
    add_standard_jobs(scheduler, settings)
    logger.info("scheduler starting (job store %s)", settings.scheduler_db_path)
    scheduler.start()
    while not stopping.wait(1.0):
        pass
    logger.info("scheduler stopping")
    scheduler.pause()  # jobs due from now on are not started
    # A scheduler loop already past its pause check may still try to submit a job to the
    # executor being shut down: APScheduler logs that with a traceback; it is expected here.
    logging.getLogger("apscheduler.scheduler").addFilter(_SubmitAfterStop())
    scheduler.shutdown(wait=False)  # never waits while holding the job-store lock
    if not running.wait_idle(settings.stop_grace_seconds):
        logger.warning("jobs still running after %.0f s; exiting without them",
                       settings.stop_grace_seconds)
        lock.close()
        _exit_now(0)
    lock.close()
    return 0
