"""Alert fan-out: matching newly ingested articles against many subscriptions.

A copy of the corpus store gets ``subscriptions`` subscriptions spread over 50 workspaces and
2,000 channels — actors (70%, any actor of the store), keywords (15%, glossary terms in French
or English), named red lines (10%) and "any red line" (5%) — then new articles are stored with
:func:`store.ingest.save_article`, which writes the alert outbox in the same transaction.

Measured per article: the whole ``save_article`` (article, statements, FTS, outbox), and the
matching alone — :func:`store.alert_matching.enqueue_for_article` run again on the stored article
(idempotent: same queries, no new rows), inside its own transaction.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from bench.corpus import Corpus
from bench.report import Figure, percentile
from bot.config import Settings
from bot.ingest import content_hash
from folding import fold
from store import alert_matching as matching_store
from store import connect
from store import patterns as pattern_store
from store import subscriptions as subscription_store
from store.ingest import save_article

ARTICLE_OFFSET = 9_000_000


def add_subscriptions(db_path: Path, corpus: Corpus, count: int, seeds_dir: Path) -> int:
    """Create ``count`` varied subscriptions; returns how many distinct ones exist."""
    from bot.alerts import tracked_redlines as rl

    db = connect(db_path)
    rl.ensure_builtin_redlines(db, seeds_dir)
    actor_ids = [int(r[0]) for r in db.execute("SELECT id FROM actors").fetchall()]
    redline_ids = [int(r[0]) for r in db.execute("SELECT id FROM alert_redlines").fetchall()]
    rng = random.Random(17)
    created = 0
    with db.atomic():
        for i in range(count):
            team, channel = f"T{i % 50:03d}", f"C{rng.randrange(2000):04d}"
            roll = rng.random()
            if roll < 0.70 or not redline_ids:
                actor = rng.choice(actor_ids)
                args = dict(kind="actor", key=f"actor:{actor}", label=f"actor {actor}",
                            actor_id=actor)
            elif roll < 0.85:
                topic = rng.choice(corpus.topics)
                phrase = topic.fr if rng.random() < 0.5 else topic.en
                args = dict(kind="keyword", key="keyword:" + " ".join(fold(phrase).split()),
                            label=f'keyword "{phrase}"', phrase=phrase,
                            compiled=pattern_store.compile_pattern(phrase, as_phrase=True))
            elif roll < 0.95:
                rid = rng.choice(redline_ids)
                args = dict(kind="redline", key=f"redline:{rid}", label=f"red line {rid}",
                            redline_id=rid)
            else:
                args = dict(kind="redlines", key="redlines", label="all red lines")
            kind, key, label = str(args.pop("kind")), str(args.pop("key")), str(args.pop("label"))
            _, new = subscription_store.add_subscription(db, team, channel, kind, key, label,
                                                  "U0BENCH", **args)  # type: ignore[arg-type]
            created += int(new)
    total = int(db.execute("SELECT count(*) FROM alert_subscriptions").fetchone()[0])
    db.conn.close()
    return total


def alert_figures(
    source_db: Path, corpus: Corpus, size: int, subscriptions: int, settings: Settings,
    articles: int = 300,
) -> list[Figure]:
    work = source_db.parent.parent / "work"
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / f"alerts-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source_db, db_path)
    total_subs = add_subscriptions(db_path, corpus, subscriptions, settings.seeds_dir)
    db = connect(db_path)
    save_ms: list[float] = []
    match_ms: list[float] = []
    outbox_before = int(db.execute("SELECT count(*) FROM alert_outbox").fetchone()[0])
    statements = 0
    for article, analysis in corpus.iter_articles(articles, start=ARTICLE_OFFSET):
        started = time.perf_counter()
        article_id, ids = save_article(db, article, content_hash(article), analysis)
        save_ms.append((time.perf_counter() - started) * 1000)
        statements += len(ids)
        started = time.perf_counter()
        with db.atomic():
            matching_store.enqueue_for_article(db, article_id)
        match_ms.append((time.perf_counter() - started) * 1000)
    rows = int(db.execute("SELECT count(*) FROM alert_outbox").fetchone()[0]) - outbox_before
    db.conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    note = f"{total_subs:,} subscriptions, {articles} articles, {statements:,} statements"
    return [
        Figure("alerts", "match p50", percentile(match_ms, 50), "ms/article", size, "<= 2",
               note),
        Figure("alerts", "match p99", percentile(match_ms, 99), "ms/article", size),
        Figure("alerts", "match mean", sum(match_ms) / len(match_ms), "ms/article", size,
               "<= 2"),
        Figure("alerts", "save_article p50 (incl. match)", percentile(save_ms, 50),
               "ms/article", size),
        Figure("alerts", "outbox rows per article", rows / articles, "", size),
    ]
