"""The `quotedesk` command: ingest, articles, demo, extract, ask, console, serve, scheduler…

Every subcommand that works on a database gets its services from :func:`bot.services.build_services`
(the one composition root). Subcommands import the rest when they run: the search stack, Bolt,
APScheduler and spaCy each take a second or more to import, and ``quotedesk --help`` or
``extract`` need none of them (the imports inside functions below are those, and only those).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.procs import children_die_with_parent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger("quotedesk")


def _settings(args: argparse.Namespace) -> Settings:
    """The environment's settings, with ``--db`` if given (read commands check the database
    exists before building anything on it)."""
    settings = Settings.from_env()
    if getattr(args, "db", None):
        settings = replace(settings, db_path=Path(args.db))
    return settings


def _services(settings: Settings) -> Services:
    from bot.services import build_services  # lazy: imports the alerts and Slack client

    return build_services(settings)


DEMO_DB = "quotedesk-demo.db"


def _missing_database(settings: Settings) -> str | None:
    """Why a read command cannot run on ``settings.db_path`` (None when it can): asking a
    database that does not exist must not create an empty one."""
    path = settings.db_path
    if path.exists():
        return None
    hint = ""
    if Path(DEMO_DB).exists() and path.name != DEMO_DB:
        hint = f" The demo's database is {DEMO_DB}: add `--db {DEMO_DB}`."
    return (f"There is no database at {path}. Fill one with `quotedesk ingest PATH… --db "
            f"{path}` (or `quotedesk demo`).{hint}")


def _terminal(text: str) -> str:
    from bot.render.console import terminal_text  # lazy: reads the seeds' glossary

    return terminal_text(text, color=sys.stdout.isatty())


def cmd_ingest(args: argparse.Namespace) -> int:
    from rich.progress import Progress  # lazy: only ingest draws a progress bar

    if args.n_process != 1:
        children_die_with_parent()  # spaCy's worker processes must not outlive this one
    pipeline = _services(_settings(args)).pipeline(n_process=args.n_process)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("ingesting", total=None)
        report = pipeline.ingest(args.paths, on_item=lambda doc: progress.advance(task))
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if not (report.stored or report.unchanged or report.duplicates or report.errors):
        where = ", ".join(str(p) for p in args.paths)
        print(f"No readable article in {where}: Quotedesk reads .txt, .html and .md files "
              "(folders recursively) and http(s) addresses.", file=sys.stderr)
        return 1
    print(report.summary())
    return 0 if report.stored or report.unchanged or report.duplicates else 1


def cmd_articles(args: argparse.Namespace) -> int:
    from bot.render.parts import cut  # lazy: see _terminal
    from store.articles import list_articles

    settings = _settings(args)
    missing = _missing_database(settings)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    rows = list_articles(_services(settings).store.db)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"The database {settings.db_path} is empty: add articles with "
              "`quotedesk ingest PATH…`.")
        return 0
    for row in rows:
        date = row["published_on"] or "no date"
        precision = f"({row['date_precision']})" if row["published_on"] else ""
        source = cut(row["source"] or "-", 22)
        print(f"{row['id']:>5}  {date:<10} {precision:<7}  {source:<22}  "
              f"{row['statements']:>3} st.  {cut(row['title'] or '(no title)', 70)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.dispatch import parse_slash, run_command  # lazy: the search stack
    from bot.render.console import to_text

    settings = _settings(args)
    db_path = Path(args.db or "quotedesk-demo.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    services = _services(replace(settings, db_path=db_path))
    print(f"Ingesting {settings.articles_dir} into {db_path} …")
    report = services.pipeline().ingest([settings.articles_dir])
    print(report.summary())
    args.json = False
    args.db = str(db_path)
    cmd_articles(args)
    ctx = services.context()
    examples = ("/quote Peskov truce", "/who ligne rouge", "/timeline Lavrov")
    for line in examples:
        command, text = parse_slash(line)
        print(f"\n> {line}")
        print(_terminal(to_text(run_command(ctx, command, text))))
    db_option = "" if db_path.resolve() == settings.db_path.resolve() else f" --db {db_path}"
    print("\nAsk your own questions of these articles:")
    print(f'  quotedesk ask{db_option} "/quote Lavrov troops"')
    print(f"  quotedesk console{db_option}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from bot.ingest import IngestError, iter_articles  # lazy: trafilatura
    from bot.nlp import Extractor  # lazy: spaCy

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
    from bot.dispatch import parse_slash, run_command  # lazy: the search stack
    from bot.render.console import to_json, to_text

    settings = _settings(args)
    missing = _missing_database(settings)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    command, text = parse_slash(args.command)
    ctx = _services(settings).context(cursor=args.cursor)
    answer = run_command(ctx, command or "/quote", text)
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False, indent=2))
    else:
        print(_terminal(to_text(answer)))
    return 1 if answer.is_error else 0


CONSOLE_HELP = """Type a slash command, e.g. /quote Peskov truce (a line without / is a /quote).
  more            the next page of the last answer
  help            this list; `/quote help` (any command + help) shows its usage
  quit, exit      leave (Ctrl-D too)
Commands:"""


def _console_help() -> str:
    from bot.dispatch import COMMANDS  # lazy: the search stack

    lines = [CONSOLE_HELP]
    for spec in COMMANDS.values():
        lines.append(f"  {spec.name:<15} {spec.description}")
    return "\n".join(lines)


def _line_editing(history: Path | None) -> None:
    """Arrow keys and history through readline, where the platform has it."""
    try:
        import readline  # not on every platform
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    if history is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history)
        atexit.register(_save_history, readline, history)


def _save_history(readline: object, history: Path) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(history)  # type: ignore[attr-defined]


def cmd_console(args: argparse.Namespace) -> int:
    from bot.dispatch import parse_slash, run_command  # lazy: the search stack
    from bot.render.console import to_text

    settings = _settings(args)
    missing = _missing_database(settings)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    ctx = _services(settings).context()
    if sys.stdin.isatty():
        _line_editing(Path.home() / ".quotedesk_history")
    print("Quotedesk console — type a slash command (/quote Peskov truce), 'help' for the "
          "list, 'more' for the next page, 'quit' to leave.")
    last: tuple[str, str, str | None] | None = None  # command, text, next page's cursor
    while True:
        try:
            line = input("quotedesk> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        word = line.strip().lower()
        if word in {"quit", "exit", ":q"}:
            return 0
        if not word:
            continue
        if word in {"help", "?", "/help"}:
            print(_console_help())
            continue
        if word in {"more", "next", "m"}:
            if last is None or last[2] is None:
                print("No more results for the last answer.")
                continue
            command, text, ctx.cursor = last
        else:
            command, text = parse_slash(line)
            ctx.cursor = None
        answer = run_command(ctx, command, text)
        ctx.cursor = None
        last = (command, text, answer.next_cursor)
        print(_terminal(to_text(answer, console=True)))


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.app import serve  # lazy: Bolt

    services = _services(_settings(args))
    return serve(services, socket_mode=args.socket, port=args.port, http=args.http)


def cmd_scheduler(args: argparse.Namespace) -> int:
    from bot.scheduler import run_scheduler  # lazy: APScheduler and SQLAlchemy

    return run_scheduler(_services(_settings(args)))


def cmd_alerts(args: argparse.Namespace) -> int:
    from bot.alerts.delivery import status_lines  # lazy: the Slack client

    for line in status_lines(_services(_settings(args)).store):
        print(line)
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from bot.dispatch import run_command  # lazy: the search stack
    from bot.render.console import to_text

    ctx = _services(_settings(args)).context()
    answer = run_command(ctx, "/feeds", " ".join([args.action, *args.rest]))
    print(_terminal(to_text(answer)).replace("/feeds ", "quotedesk feeds "))
    return 1 if answer.is_error else 0


CHECKOUT_DIR = Path(__file__).resolve().parent.parent


def cmd_bench(args: argparse.Namespace) -> int:
    """The benchmarks are not part of the distribution: they run from a source checkout."""
    if (CHECKOUT_DIR / "bench" / "__main__.py").is_file() and str(CHECKOUT_DIR) not in sys.path:
        sys.path.insert(0, str(CHECKOUT_DIR))
    try:
        # lazy: the benchmarks and their corpus generator, only for this command
        from bench.__main__ import main as bench_main
    except ModuleNotFoundError as error:
        if error.name not in ("bench", "bench.__main__"):
            raise
        print("quotedesk bench: the benchmarks are not installed with the package; run them "
              "from a source checkout (bench/ next to bot/).", file=sys.stderr)
        return 2
    return bench_main(args.bench_args)


def _slash_epilog() -> str:
    from bot.dispatch import COMMANDS  # lazy: the search stack

    lines = ["slash commands (the same as in Slack; a text without / is a /quote):"]
    for spec in COMMANDS.values():
        lines.append(f"  {spec.name} {spec.usage_hint}".rstrip())
        lines.append(f"      {spec.description}")
    lines.append('example: quotedesk ask "/quote Lavrov troops since:2025-01"')
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotedesk", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="SQLite file (default $QUOTEDESK_DB or ./quotedesk.db)")
        return p

    p = with_db(sub.add_parser("ingest", help="ingest files, folders or URLs"))
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a file, a folder (.txt, .html, .md, recursively) or an http(s) URL")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes")
    p.set_defaults(func=cmd_ingest)

    p = with_db(sub.add_parser("articles", help="list stored articles"))
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("demo", help="ingest the seeds into a fresh DB and answer examples")
    p.add_argument("--db", help=f"demo SQLite file (default ./{DEMO_DB}, recreated)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("extract", help="extract statements from files, without a DB")
    p.add_argument("files", nargs="+", metavar="FILE", help="article files or folders")
    p.add_argument("--json", action="store_true", help="one JSON object per statement")
    p.set_defaults(func=cmd_extract)

    p = with_db(sub.add_parser(
        "ask", help='answer one slash command: ask "/quote Peskov truce"',
        epilog=_slash_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter))
    p.add_argument("command", metavar="COMMAND",
                   help='a slash command and its text, quoted: "/quote Peskov truce"')
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--cursor", help="page cursor printed by a previous answer (more results)")
    p.set_defaults(func=cmd_ask)

    p = with_db(sub.add_parser(
        "console", help="interactive prompt, same answers as Slack",
        epilog=_slash_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter))
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
    p.add_argument("action", choices=["status"],
                   help="status: pending, retrying and failed alerts per channel")
    p.set_defaults(func=cmd_alerts)

    p = with_db(sub.add_parser("feeds", help="manage RSS/Atom feeds: add|list|remove"))
    p.add_argument("action", choices=["add", "list", "remove"],
                   help="add or remove a feed, or list them")
    p.add_argument("rest", nargs="*", metavar="URL", help="the feed's http(s) address")
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
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
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
    except BrokenPipeError:
        # The reader went away (`quotedesk articles | head`): stop quietly, and keep Python
        # from reporting the pipe again when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):  # stdout may be no file (captured)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main"]
