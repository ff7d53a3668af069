"""Building (and caching) benchmark stores from the synthetic corpus, without spaCy."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import GENERATOR_VERSION, Corpus
from bot.ingest import content_hash
from bot.models import Analysis, Article
from store import connect
from store.bulk import bulk_load

REPO = Path(__file__).resolve().parent.parent


@dataclass
class BuiltStore:
    path: Path
    articles: int
    statements: int
    seconds: float  # 0.0 when reused from the cache
    cached: bool


def code_fingerprint() -> str:
    """Changes whenever the code that decides what is stored changes (then caches rebuild).

    Later migrations that only add tables are applied to a cached store when it is opened.
    """
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    stored = ["schema", "db", "ingest", "articles", "statements", "actors", "terms", "bulk"]
    for path in [*(REPO / "store" / f"{name}.py" for name in stored), REPO / "bench" / "corpus.py"]:
        digest.update(path.read_bytes())
    for name in ("actors.json", "glossary_en_fr.tsv"):
        seed_file = REPO / "seeds" / name
        if seed_file.exists():
            digest.update(seed_file.read_bytes())
    return digest.hexdigest()[:12]


def _items(corpus: Corpus, n: int) -> Iterator[tuple[Article, str, Analysis]]:
    for article, analysis in corpus.iter_articles(n):
        yield article, content_hash(article), analysis


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build_store(
    corpus: Corpus, n: int, cache_dir: Path, *, reuse: bool = True, log: bool = False
) -> BuiltStore:
    """A store of the corpus' first ``n`` articles, reused from ``cache_dir`` when fresh."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    name = f"corpus-{n}-s{corpus.config.seed}-{code_fingerprint()}.db"
    path = cache_dir / name
    if reuse and path.exists():
        db = connect(path)
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        statements = db.execute("SELECT count(*) FROM statements").fetchone()[0]
        db.conn.close()
        if articles == n:
            return BuiltStore(path, articles, statements, 0.0, True)
    for stale in cache_dir.glob(f"corpus-{n}-s{corpus.config.seed}-*.db"):
        remove_db(stale)
    remove_db(path)
    started = time.perf_counter()
    db = connect(path)
    # Seed actors first, as the live pipeline does, so aliases (Putin, Peskow…) resolve.
    from bot.pipeline import Pipeline
    from store import Store

    store = Store(path)
    Pipeline(store, corpus.config.seeds_dir).ensure_seed_actors()
    store.close()

    def progress(done: int) -> None:
        if log:
            print(f"  built {done}/{n} articles", flush=True)

    bulk_load(db, _items(corpus, n), batch_size=2000, on_batch=progress)
    db.execute("PRAGMA optimize")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    statements = db.execute("SELECT count(*) FROM statements").fetchone()[0]
    db.conn.close()
    return BuiltStore(path, n, statements, time.perf_counter() - started, False)
