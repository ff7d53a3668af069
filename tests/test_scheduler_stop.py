"""SIGTERM always ends `quotedesk scheduler` within a bounded time, even while sync-digests
is busy with the job store; and a scheduler killed with -9 never blocks the next one."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path
from statistics import median

import pytest
from alerts_helpers import ctx_for, seed_actors, settings_for
from mock_slack import MockSlack
from process_helpers import scheduler_env, start_scheduler, stop

from store import Store
from store import digests as digest_store

pytestmark = pytest.mark.slow

RUNS = int(os.environ.get("QUOTEDESK_STOP_RUNS", "4"))
BOUND = 15.0  # seconds: stop grace (5 s here) plus start-up of the interpreter's exit


@pytest.fixture
def busy_settings(tmp_path: Path, mock_slack: MockSlack):
    settings = settings_for(tmp_path, mock_slack.api_url)
    store = Store(settings.db_path)
    seed_actors(store)
    for i in range(300):  # many digests: sync-digests spends its time in the job store
        digest_store.set_digest(store.db, "T0TEST", f"C{i:05d}", i % 24, i % 60,
                               "Europe/Paris", "U0", False)
    ctx_for(store, settings)
    store.close()
    return settings


def test_sigterm_during_sync_digests_ends_the_process(busy_settings) -> None:
    env = scheduler_env(busy_settings, QUOTEDESK_SYNC_SECONDS="0.2",
                        QUOTEDESK_DELIVER_SECONDS="0.2", QUOTEDESK_STOP_GRACE_SECONDS="5")
    rng = random.Random(11)
    times = []
    for _ in range(RUNS):
        proc = start_scheduler(env)
        time.sleep(1.5 + rng.random() * 2)
        finished = stop(proc, timeout=BOUND)
        assert finished.returncode == 0, finished.stderr[-2000:]
        assert "Traceback" not in finished.stderr, finished.stderr[-3000:]
        times.append(finished.stop_seconds)
    print(f"\nSIGTERM to exit over {RUNS} runs: median {median(times):.2f} s, "
          f"max {max(times):.2f} s")


def test_a_killed_scheduler_does_not_block_the_next(busy_settings) -> None:
    env = scheduler_env(busy_settings)
    first = start_scheduler(env)
    time.sleep(2.0)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    lock = Path(str(busy_settings.scheduler_db_path) + ".lock")
    assert lock.exists()  # the file stays; the lock on it died with the process
    second = start_scheduler(env)
    time.sleep(2.0)
    assert second.poll() is None, second.communicate()[1][-2000:]
    assert lock.read_text().strip() == str(second.pid)
    finished = stop(second, timeout=BOUND)
    assert finished.returncode == 0
