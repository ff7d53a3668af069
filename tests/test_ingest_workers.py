"""`quotedesk ingest --n-process 2` killed with -9: its spaCy workers die with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import Corpus, CorpusConfig, write_articles
from bot.config import DEFAULT_SEEDS_DIR

pytestmark = pytest.mark.slow


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    corpus = Corpus(CorpusConfig(seed=5, seeds_dir=DEFAULT_SEEDS_DIR, synthetic_actors=20))
    write_articles(corpus, 400, folder)  # enough work that the workers are busy when killed
    env = {**os.environ, "QUOTEDESK_DB": str(tmp_path / "q.db")}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--n-process", "2",
                             str(folder)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers = children_of(proc.pid)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(6.0)  # the workers are parsing now
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
