"""The `quotedesk` command: ingest, articles, demo, extract, ask, console, serve, scheduler…"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

from bot.config import Settings

logger = logging.getLogger("quotedesk")


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "db", None):
        settings = replace(settings, db_path=Path(args.db))
    return settings


def cmd_ingest(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from bot.pipeline import Pipeline
    from store import Store

    settings = _settings(args)
    if args.n_process != 1:
        from bot.procs import children_die_with_parent

        children_die_with_parent()  # spaCy's worker processes must not outlive this one
    pipeline = Pipeline(Store(settings.db_path), settings.seeds_dir, n_process=args.n_process)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("ingesting", total=None)
        report = pipeline.ingest(args.paths, on_item=lambda doc: progress.advance(task))
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(report.summary())
    return 0 if report.stored or report.unchanged or report.duplicates else 1


def cmd_articles(args: argparse.Namespace) -> int:
    from store import Store
    from store.articles import list_articles

    settings = _settings(args)
    rows = list_articles(Store(settings.db_path).db)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        date = row["published_on"] or "no date"
        print(
            f"{row['id']:>5}  {date:<10} ({row['date_precision']:<5})  "
            f"{(row['source'] or '-'):<16}  {row['statements']:>3} st.  {row['title'][:70]}"
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.commands import CommandContext, run_command
    from bot.pipeline import Pipeline
    from bot.render import to_text
    from store import Store

    settings = _settings(args)
    db_path = Path(args.db or "quotedesk-demo.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    store = Store(db_path)
    pipeline = Pipeline(store, settings.seeds_dir)
    print(f"Ingesting {settings.articles_dir} into {db_path} …")
    report = pipeline.ingest([settings.articles_dir])
    print(report.summary())
    args.json = False
    args.db = str(db_path)
    cmd_articles(args)
    ctx = CommandContext(store=store, settings=replace(settings, db_path=db_path))
    for line in ("/quote Peskov truce", "/who ligne rouge", "/timeline Lavrov"):
        from bot.commands import parse_slash

        command, text = parse_slash(line)
        print(f"\n> {line}")
        print(to_text(run_command(ctx, command, text)))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from bot.ingest import IngestError, iter_articles
    from bot.nlp import Extractor

    settings = _settings(args)
    extractor = Extractor(settings.seeds_dir)
    status = 0
    for path in args.files:
        for item in iter_articles(path):
            if isinstance(item, IngestError):
                print(f"error: {item}", file=sys.stderr)
                status = 1
                continue
            analysis = extractor.analyze(item)
            for st in analysis.statements:
                record = {
                    "doc": item.doc,
                    "speaker": st.speaker,
                    "speaker_text": st.speaker_text,
                    "kind": st.kind,
                    "text": st.text,
                    "cue": st.cue,
                    "rule": st.rule,
                    "said_on": st.said_on,
                    "red_line": st.red_line,
                    "red_line_rule": st.red_line_rule,
                    "red_line_kind": st.red_line_kind,
                    "red_line_trigger": st.red_line_trigger,
                    "start": st.start,
                    "end": st.end,
                }
                if args.json:
                    print(json.dumps(record, ensure_ascii=False))
                else:
                    print(f"[{st.kind}] {st.speaker or '?'} ({st.speaker_text}) "
                          f"{st.said_on or 'no date'}"
                          f"{f' RED LINE · {st.red_line_kind}' if st.red_line else ''}\n"
                          f"    {st.text}")
    return status


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.commands import CommandContext, parse_slash, run_command
    from bot.render import to_json, to_text
    from store import Store

    settings = _settings(args)
    command, text = parse_slash(args.command)
    ctx = CommandContext(store=Store(settings.db_path), settings=settings, cursor=args.cursor)
    answer = run_command(ctx, command or "/quote", text)
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False, indent=2))
    else:
        print(to_text(answer))
    return 1 if answer.is_error else 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.commands import CommandContext, parse_slash, run_command
    from bot.render import to_text
    from store import Store

    settings = _settings(args)
    ctx = CommandContext(store=Store(settings.db_path), settings=settings)
    print("Quotedesk console — type a slash command (/quote Peskov truce), 'quit' to leave.")
    while True:
        try:
            line = input("quotedesk> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip().lower() in {"quit", "exit", ":q"}:
            return 0
        if not line.strip():
            continue
        command, text = parse_slash(line)
        print(to_text(run_command(ctx, command, text)))


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.app import serve

    return serve(_settings(args), socket_mode=args.socket, port=args.port, http=args.http)


def cmd_scheduler(args: argparse.Namespace) -> int:
    from bot.scheduler import run_scheduler

    return run_scheduler(_settings(args))


def cmd_alerts(args: argparse.Namespace) -> int:
    from bot.alerts.delivery import status_lines
    from store import Store

    settings = _settings(args)
    for line in status_lines(Store(settings.db_path)):
        print(line)
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from bot.commands import CommandContext, run_command
    from bot.render import to_text
    from store import Store

    settings = _settings(args)
    ctx = CommandContext(store=Store(settings.db_path), settings=settings)
    answer = run_command(ctx, "/feeds", " ".join([args.action, *args.rest]))
    print(to_text(answer))
    return 1 if answer.is_error else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bench.__main__ import main as bench_main

    return bench_main(args.bench_args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotedesk", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="cmd", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="SQLite file (default $QUOTEDESK_DB or ./quotedesk.db)")
        return p

    p = with_db(sub.add_parser("ingest", help="ingest files, folders or URLs"))
    p.add_argument("paths", nargs="+")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes")
    p.set_defaults(func=cmd_ingest)

    p = with_db(sub.add_parser("articles", help="list stored articles"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("demo", help="ingest the seeds into a fresh DB and answer examples")
    p.add_argument("--db", help="demo SQLite file (default ./quotedesk-demo.db, recreated)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("extract", help="extract statements from files, without a DB")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = with_db(sub.add_parser("ask", help='answer one slash command: ask "/quote Peskov truce"'))
    p.add_argument("command")
    p.add_argument("--json", action="store_true")
    p.add_argument("--cursor", help="page cursor from a previous answer")
    p.set_defaults(func=cmd_ask)

    p = with_db(sub.add_parser("console", help="interactive prompt, same answers as Slack"))
    p.set_defaults(func=cmd_console)

    p = with_db(sub.add_parser("serve", help="run the Slack app (HTTP, or Socket Mode)"))
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="force Socket Mode")
    mode.add_argument("--http", action="store_true",
                      help="force HTTP mode (waitress) even if SLACK_APP_TOKEN is set")
    p.add_argument("--port", type=int, help="HTTP port (default $PORT or 3000)")
    p.set_defaults(func=cmd_serve)

    p = with_db(sub.add_parser("scheduler", help="run the one scheduler process (clock)"))
    p.set_defaults(func=cmd_scheduler)

    p = with_db(sub.add_parser("alerts", help="alerts outbox: `alerts status` shows pending, "
                                              "retrying and failed alerts per channel"))
    p.add_argument("action", choices=["status"])
    p.set_defaults(func=cmd_alerts)

    p = with_db(sub.add_parser("feeds", help="manage RSS/Atom feeds: add|list|remove"))
    p.add_argument("action", choices=["add", "list", "remove"])
    p.add_argument("rest", nargs="*")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser(
        "bench", help="run benchmarks (see bench/; options are passed on)", add_help=False
    )
    p.set_defaults(func=cmd_bench, bench_args=[])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # every option after `bench` belongs to the benchmark runner
        args = parser.parse_args(["bench"])
        args.bench_args = argv[1:]
    else:
        args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main"]
