"""The command line and console as a journalist uses them (real parser, real SQLite file)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_search_commands import add_article

from bot import cli
from bot.render.console import terminal_text
from store import Store
from store.actors import upsert_actor


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "small.db"
    store = Store(path)
    with store.db.conn:
        for i in range(30):
            upsert_actor(store.db, f"Personne Numéro{i:02d}", "person")
    add_article(store.db, "s1.txt", "Un titre", [("paragraph", "Elle a dit que tout allait bien.")],
                [{"speaker": "Personne Numéro00", "text": "tout allait bien"}],
                published_on="2025-01-02")
    store.close()
    return path


def test_no_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "usage: quotedesk" in out and "ingest" in out and "console" in out


def test_every_argument_has_a_help_line() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or name == "bench":
                continue
            assert action.help, f"quotedesk {name} {action.dest} has no help line"


def test_ask_help_lists_the_slash_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["ask", "--help"])
    out = capsys.readouterr().out
    for command in ("/quote", "/who", "/timeline", "/actors", "/digest", "/feeds"):
        assert command in out


def test_ask_without_a_database_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here.db"
    assert cli.main(["ask", "/quote Peskov truce", "--db", str(missing)]) == 1
    assert "no database" in capsys.readouterr().err
    assert not missing.exists()


def test_empty_database_says_how_to_fill_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.db"
    store = Store(path)
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    store.close()
    for command in ("/quote Peskov truce", "/who truce", "/timeline Lavrov", "/actors"):
        cli.main(["ask", command, "--db", str(path)])
        out = capsys.readouterr().out
        assert "no articles yet" in out and "quotedesk ingest" in out, command


def test_console_more_help_and_singular(
    small_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines: Iterator[str] = iter(["help", "/actors", "more", "more", "quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert cli.main(["console", "--db", str(small_db)]) == 0
    out = capsys.readouterr().out
    assert "/subscribe" in out and "more" in out  # help lists every command
    assert "Personne Numéro00 [person] — 1 statement\n" in out
    assert "Known actors — 26–30" in out  # `more` paged the last answer
    assert "No more results for the last answer." in out


def test_broken_pipe_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch, small_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed_pipe(args: argparse.Namespace) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(cli, "cmd_articles", closed_pipe)
    assert cli.main(["articles", "--db", str(small_db)]) == 141
    assert "Traceback" not in capsys.readouterr().err


def test_ingest_of_a_folder_without_articles_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    assert cli.main(["ingest", str(folder), "--db", str(tmp_path / "x.db")]) == 1
    assert "No readable article" in capsys.readouterr().err


def test_feeds_in_the_terminal_speak_terminal_syntax(
    small_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["feeds", "list", "--db", str(small_db)])
    out = capsys.readouterr().out
    assert "quotedesk feeds add" in out and "/feeds" not in out


def test_slack_formatting_is_rendered_for_the_terminal() -> None:
    text = "*Lavrov* said :red_circle: <https://x.fr/a|Le Monde — titre> `code` &lt;b&gt; :tada:"
    assert terminal_text(text) == "Lavrov said ● Le Monde — titre (https://x.fr/a) code <b> "
    assert terminal_text("*bold*", color=True) == "\033[1mbold\033[0m"


def test_digest_now_says_what_new_means(
    small_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    cli.main(["ask", "/digest now", "--db", str(small_db)])
    out = capsys.readouterr().out
    assert "nothing new" in out and "alert subscriptions" in out and "/subscribe" in out
