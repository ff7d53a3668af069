"""The `quotedesk` command line: argument routing that other tools rely on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot import cli


def test_bench_options_are_passed_to_the_benchmark_runner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []

    def fake_bench(args: object) -> int:
        seen.append(list(getattr(args, "bench_args", [])))
        return 0

    monkeypatch.setattr(cli, "cmd_bench", fake_bench)
    assert cli.main(["bench", "--sizes", "1000", "--only", "query"]) == 0
    assert seen == [["--sizes", "1000", "--only", "query"]]


def test_unknown_subcommand_is_refused_by_argparse() -> None:
    with pytest.raises(SystemExit):
        cli.main(["no-such-command"])


def test_bench_says_so_when_the_benchmarks_are_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An installed wheel has no bench/: the command explains instead of a traceback."""
    monkeypatch.setattr(cli, "CHECKOUT_DIR", tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path
                                      if not (Path(p or ".") / "bench").is_dir()])
    for name in [m for m in sys.modules if m == "bench" or m.startswith("bench.")]:
        monkeypatch.delitem(sys.modules, name)
    assert cli.main(["bench", "--quick"]) == 2
    assert "from a source checkout" in capsys.readouterr().err
