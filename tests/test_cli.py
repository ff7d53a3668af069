"""The `quotedesk` command line: argument routing that other tools rely on."""

from __future__ import annotations

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
