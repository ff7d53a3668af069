"""Ingest throughput: the full pipeline against raw ``nlp.pipe`` of the same model.

Both sides run in a fresh subprocess (so memory peaks are their own), load
``fr_core_news_md`` before the clock starts, and use the same number of worker processes
(``n_process``, default 2: both cores of the reference machine):

- **raw**: read the same article files, ``nlp.pipe(texts, n_process=N)``, consume the docs;
- **pipeline**: ``Pipeline(store, seeds, n_process=N).ingest([folder])`` into a new SQLite
  file — reading, cleaning, extraction, actor resolution, storing, alert outbox.

The ratio pipeline/raw (articles/s) says how much Quotedesk adds on top of spaCy itself.
Peak RSS is reported per process: the parent (model loaded + store) and the largest worker.

Subprocess entry point: ``python -m bench.ingest raw|pipeline FOLDER [--db F] [--n-process N]``
prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpus import Corpus, write_articles
from bench.report import Figure
from bot.config import Settings

MODEL = "fr_core_news_md"
#: ingest bench articles are generated far from the indexes used by the store benchmarks
ARTICLE_OFFSET = 5_000_000


def _peak_rss_mb() -> tuple[float, float]:
    """(this process, largest finished child) peak RSS in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def run_raw(folder: Path, n_process: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(MODEL)
    nlp("Échauffement du modèle.")
    files = _files(folder)
    started = time.perf_counter()
    texts = [f.read_text(encoding="utf-8") for f in files]
    tokens = 0
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=16):
        tokens += len(doc)
    elapsed = time.perf_counter() - started
    own, child = _peak_rss_mb()
    return {"articles": len(files), "seconds": elapsed, "tokens": tokens,
            "rss_parent_mb": own, "rss_worker_mb": child}


def run_pipeline(folder: Path, db_path: Path, n_process: int) -> dict[str, Any]:
    from bot.models import Article, Block
    from bot.pipeline import Pipeline
    from store import Store

    settings = Settings.from_env()
    pipeline = Pipeline(Store(db_path), settings.seeds_dir, n_process=n_process)
    pipeline.ensure_seed_actors()
    warm = Article(doc="warm-up", title="Échauffement",
                   blocks=[Block("paragraph", "Le modèle est chargé, a déclaré M. Dupont.")])
    pipeline.extractor.analyze(warm)  # load the model before the clock starts
    files = _files(folder)
    started = time.perf_counter()
    report = pipeline.ingest([folder])
    elapsed = time.perf_counter() - started
    own, child = _peak_rss_mb()
    return {"articles": len(files), "seconds": elapsed, "stored": len(report.stored),
            "statements": sum(n for _, _, n in report.stored), "errors": len(report.errors),
            "rss_parent_mb": own, "rss_worker_mb": child}


def _subprocess(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "bench.ingest", *args],
        capture_output=True, text=True, check=False, env=env, timeout=1800,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.ingest {args[0]} failed: {out.stderr.strip()[-800:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def ingest_figures(
    corpus: Corpus, n: int, settings: Settings, work: Path, n_process: int = 2, rounds: int = 1
) -> list[Figure]:
    folder = work / f"ingest-{n}"
    if len(_files(folder)) != n:
        for old in _files(folder):
            old.unlink()
        write_articles(corpus, n, folder, start=ARTICLE_OFFSET)
    raws: list[dict[str, Any]] = []
    pipes: list[dict[str, Any]] = []
    for round_no in range(rounds):
        raws.append(_subprocess(["raw", str(folder), "--n-process", str(n_process)]))
        db = work / f"ingest-{n}-{round_no}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        pipes.append(_subprocess(["pipeline", str(folder), "--db", str(db),
                                  "--n-process", str(n_process)]))
    raw_rate = statistics.median(r["articles"] / r["seconds"] for r in raws)
    pipe_rate = statistics.median(p["articles"] / p["seconds"] for p in pipes)
    last = pipes[-1]
    note = f"n_process={n_process}, {n} articles, {last['statements']:,} statements"
    return [
        Figure("ingest", "raw nlp.pipe", raw_rate, "articles/s", note=note),
        Figure("ingest", "full pipeline", pipe_rate, "articles/s",
               note=f"{last['stored']} stored, {last['errors']} errors"),
        Figure("ingest", "pipeline / raw", pipe_rate / raw_rate, "x", goal=">= 0.85"),
        Figure("ingest", "peak RSS pipeline parent", last["rss_parent_mb"], "MB", goal="<= 600"),
        Figure("ingest", "peak RSS pipeline worker", last["rss_worker_mb"], "MB", goal="<= 600",
               note="0 when extraction runs in-process"),
        Figure("ingest", "peak RSS raw parent", raws[-1]["rss_parent_mb"], "MB"),
        Figure("ingest", "peak RSS raw worker", raws[-1]["rss_worker_mb"], "MB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("mode", choices=["raw", "pipeline"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, default=Path("bench-ingest.db"))
    parser.add_argument("--n-process", type=int, default=2)
    args = parser.parse_args(argv)
    if args.mode == "raw":
        result = run_raw(args.folder, args.n_process)
    else:
        result = run_pipeline(args.folder, args.db, args.n_process)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
