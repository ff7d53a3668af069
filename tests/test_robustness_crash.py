"""Crash safety of ingest: ``kill -9`` mid-run never leaves half an article, and running the
same ingest again completes the rest without duplicates.

The first test stores synthetic articles whose statements are known in advance (bench.corpus),
so after each kill every stored article can be checked against exactly what it should hold.
The second kills the real ``quotedesk ingest`` (spaCy) and re-runs it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import Corpus, CorpusConfig, write_articles
from bot.config import DEFAULT_SEEDS_DIR

N_ARTICLES = 900
CORPUS = CorpusConfig(seed=13, seeds_dir=DEFAULT_SEEDS_DIR, synthetic_actors=100)

WRITER = """
import sys
from pathlib import Path
from bench.corpus import Corpus, CorpusConfig
from bot.ingest import content_hash
from store import connect
from store.articles import article_id_by_hash
from store.ingest import save_article

db = connect(sys.argv[1])
corpus = Corpus(CorpusConfig(seed=13, seeds_dir=Path(sys.argv[3]), synthetic_actors=100))
for article, analysis in corpus.iter_articles(int(sys.argv[2])):
    digest = content_hash(article)
    if article_id_by_hash(db, digest) is None:
        save_article(db, article, digest, analysis)
print("done", flush=True)
"""


def _start_writer(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(N_ARTICLES), str(DEFAULT_SEEDS_DIR)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _count(db: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        conn.close()


def _kill_after(proc: subprocess.Popen[str], db: Path, articles: int) -> None:
    deadline = time.monotonic() + 60
    while _count(db) < articles and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the writer finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def _check_complete_articles(db: Path, expected: dict[str, tuple[int, int]]) -> int:
    """Every stored article holds all its statements and mentions; returns articles stored."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        rows = conn.execute(
            """
            SELECT a.doc,
                   (SELECT count(*) FROM statements s WHERE s.article_id = a.id),
                   (SELECT count(*) FROM mentions m WHERE m.article_id = a.id)
            FROM articles a
            """
        ).fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert orphans == 0
    docs = [doc for doc, _, _ in rows]
    assert len(docs) == len(set(docs)), "an article was stored twice"
    for doc, statements, mentions in rows:
        assert (statements, mentions) == expected[doc], f"{doc} is only partly stored"
    return len(rows)


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_no_half_article_and_rerun_completes(
    tmp_path: Path,
) -> None:
    corpus = Corpus(CORPUS)
    expected = {
        article.doc: (len(analysis.statements), len(analysis.mentions))
        for article, analysis in corpus.iter_articles(N_ARTICLES)
    }
    db = tmp_path / "crash.db"
    stored = 0
    for target in (30, 250, 500):  # kill three times, further along each time
        proc = _start_writer(db)
        _kill_after(proc, db, target)
        now = _check_complete_articles(db, expected)
        assert now >= stored  # nothing stored before was lost
        stored = now
    assert stored < N_ARTICLES
    proc = _start_writer(db)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert _check_complete_articles(db, expected) == N_ARTICLES


@pytest.mark.slow
def test_kill_9_of_quotedesk_ingest_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = write_articles(Corpus(CORPUS), 12, folder, start=50_000)
    db = tmp_path / "cli.db"
    command = [sys.executable, "-m", "bot.cli", "ingest", str(folder), "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _count(db) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    before = {}
    conn = sqlite3.connect(db, timeout=10)
    for doc, n in conn.execute(
        "SELECT a.doc, (SELECT count(*) FROM statements s WHERE s.article_id = a.id) "
        "FROM articles a"
    ).fetchall():
        before[doc] = n
    conn.close()
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(conn.execute(
            "SELECT a.doc, (SELECT count(*) FROM statements s WHERE s.article_id = a.id) "
            "FROM articles a"
        ).fetchall())
    finally:
        conn.close()
    assert sorted(rows) == sorted(p.name for p in paths)  # each file once, none missing
    for doc, n in before.items():
        assert rows[doc] == n  # what the killed run stored is kept as it was
