"""``quotedesk bench …`` / ``python -m bench …``: benchmarks at newsroom scale.

    quotedesk bench --quick            every figure at 10k articles, in under two minutes
    quotedesk bench --full             1k, 10k and 100k articles (builds take minutes)
    quotedesk bench --sizes 1000,20000 --only query,alerts

Prints one table (rich) and writes the figures as JSON to bench/results/ (latest.json and a
time-stamped copy). Stores built from the synthetic corpus are cached in
bench/results/cache/ and rebuilt whenever the store code or the generator changes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from bench.report import RESULTS_DIR, Figure, Report

if TYPE_CHECKING:
    from bench.query import BenchQuery
    from bot.config import Settings

BENCHES = ("build", "query", "alerts", "ingest", "http")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotedesk bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="10k articles, < 2 minutes")
    mode.add_argument("--full", action="store_true", help="1k, 10k and 100k articles")
    parser.add_argument("--sizes", help="comma-separated store sizes (articles), e.g. 1000,10000")
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(BENCHES)}")
    parser.add_argument("--queries", type=int, help="queries per size (default 1000)")
    parser.add_argument("--ingest-articles", type=int, help="articles for the ingest bench")
    parser.add_argument("--http-requests", type=int, help="requests per concurrency level")
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--alert-articles", type=int,
                        help="new articles matched against the subscriptions (150; full 300)")
    parser.add_argument("--n-process", type=int, default=2, help="spaCy worker processes")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-cache", action="store_true", help="rebuild the corpus stores")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    return parser


def _parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    if not text.isdigit():
        raise ValueError(f"not a size: {text!r}")
    return int(text) * factor


def _query(path: Path, queries: list[BenchQuery], settings: Settings, size: int) -> list[Figure]:
    from bench.query import query_figures, run_queries

    return query_figures(run_queries(path, queries, settings), size)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv if argv is not None else sys.argv[1:])
    console = Console(stderr=True)
    try:
        sizes = [_parse_size(s) for s in args.sizes.split(",")] if args.sizes else (
            [1000, 10_000, 100_000] if args.full else [10_000]
        )
        only = set(args.only.split(",")) if args.only else set(BENCHES)
        unknown = only - set(BENCHES)
        if unknown:
            raise ValueError(f"unknown bench(es): {', '.join(sorted(unknown))}")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    queries = args.queries or (2000 if args.full else 1000)
    ingest_n = args.ingest_articles or (600 if args.full else 120)
    http_n = args.http_requests or (400 if args.full else 100)
    report = Report(meta={"argv": argv or [], "sizes": sizes, "seed": args.seed})
    started = time.perf_counter()

    from bench.build import build_store
    from bench.corpus import Corpus, CorpusConfig
    from bot.config import Settings

    settings = Settings.from_env()
    corpus = Corpus(CorpusConfig(seed=args.seed, seeds_dir=settings.seeds_dir))
    cache = args.out / "cache"

    def step(label: str, fn: Callable[[], list[Figure]]) -> None:
        console.print(f"[bold]›[/bold] {label}")
        t = time.perf_counter()
        try:
            report.extend(fn())
        except Exception as exc:  # one failing bench must not hide the others' figures
            console.print_exception(max_frames=5)
            report.add(Figure(label.split()[0], "failed", 0, "", note=f"{type(exc).__name__}: "
                              f"{str(exc)[:80]}"))
        console.print(f"  done in {time.perf_counter() - t:.1f} s")

    for size in sizes:
        built = build_store(corpus, size, cache, reuse=not args.no_cache, log=size >= 50_000)
        if "build" in only:
            report.add(Figure("build", "corpus store", built.seconds, "s", size,
                              note="cached" if built.cached else
                              f"{built.statements:,} statements, "
                              f"{size / max(built.seconds, 1e-9):,.0f} articles/s"))
        if "query" in only:
            from bench.query import make_queries

            qs = make_queries(corpus, queries)
            step(f"query at {size:,} articles ({queries} queries)",
                 partial(_query, built.path, qs, settings, size))
        if "alerts" in only:
            from bench.alerts import alert_figures

            step(f"alerts fan-out at {size:,} articles, {args.subscriptions:,} subscriptions",
                 partial(alert_figures, built.path, corpus, size, args.subscriptions, settings,
                         args.alert_articles or (300 if args.full else 150)))
    largest = build_store(corpus, max(sizes), cache, reuse=True)
    if "ingest" in only:
        from bench.ingest import ingest_figures

        step(f"ingest ({ingest_n} articles, full pipeline vs raw nlp.pipe)",
             partial(ingest_figures, corpus, ingest_n, settings, args.out / "work",
                     args.n_process, 2 if args.full else 1))
    if "http" in only:
        from bench.http import http_figures

        step(f"http ({http_n} requests per concurrency level)",
             partial(http_figures, largest.path, corpus, http_n, settings, args.out / "work",
                     size=max(sizes)))
    report.meta["seconds"] = round(time.perf_counter() - started, 1)
    report.print(Console(width=max(Console().width, 150)))
    path = report.write(args.out)
    console.print(f"{len(report.figures)} figures in {report.meta['seconds']} s → {path}")
    return 1 if any(f.name == "failed" for f in report.figures) else 0


if __name__ == "__main__":
    sys.exit(main())
