"""Running `quotedesk scheduler` as a real process in tests: settings through the environment,
stopped with a real SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from bot.config import Settings


def scheduler_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "QUOTEDESK_"))}
    env.update({
        "QUOTEDESK_DB": str(settings.db_path),
        "QUOTEDESK_SCHEDULER_DB": str(settings.scheduler_db_path),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": str(settings.slack_api_url),
        "QUOTEDESK_DELIVER_SECONDS": "1",
        **extra,
    })
    return env


@dataclass
class Finished:
    returncode: int
    stderr: str
    stop_seconds: float  # from SIGTERM to exit


def start_scheduler(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "-v", "scheduler"], env=env,
                            text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen[str], timeout: float = 30.0) -> Finished:
    """SIGTERM, then wait (killing it and failing if it does not end within ``timeout``)."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, stderr = proc.communicate()
        raise AssertionError(f"the scheduler did not stop within {timeout} s:\n{stderr[-3000:]}"
                             ) from None
    return Finished(proc.returncode, stderr, time.monotonic() - sent)


def run_scheduler_for(settings: Settings, seconds: float, **extra: str) -> Finished:
    proc = start_scheduler(scheduler_env(settings, **extra))
    time.sleep(seconds)
    return stop(proc)
