"""Benchmark results: one table printed with rich, one JSON file in bench/results/."""

from __future__ import annotations

import json
import math
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    """One measured figure, with its goal when the design sets one."""

    bench: str  # ingest | query | http | alerts | build
    name: str  # e.g. "/quote p99"
    value: float
    unit: str  # ms, articles/s, x, MB …
    size: int | None = None  # articles in the store
    goal: str | None = None  # "<= 25", ">= 0.85"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if not self.goal:
            return None
        op, _, bound = self.goal.partition(" ")
        limit = float(bound)
        return self.value <= limit if op == "<=" else self.value >= limit


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def extend(self, figures: list[Figure]) -> None:
        self.figures.extend(figures)

    def table(self) -> Table:
        table = Table(title="Quotedesk benchmarks", show_lines=False)
        for column in ("bench", "size", "figure", "value", "goal", "ok", "note"):
            table.add_column(column, justify="right" if column in {"size", "value"} else "left")
        for f in self.figures:
            ok = {True: "[green]yes[/green]", False: "[red]NO[/red]", None: ""}[f.met]
            table.add_row(
                f.bench,
                f"{f.size:,}" if f.size is not None else "",
                f.name,
                f"{_fmt(f.value)} {f.unit}",
                f.goal or "",
                ok,
                f.note,
            )
        return table

    def print(self, console: Console | None = None) -> None:
        (console or Console()).print(self.table())

    def write(self, directory: Path = RESULTS_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        payload = {
            "meta": {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": _cpus(),
                **self.meta,
            },
            "figures": [{**asdict(f), "met": f.met} for f in self.figures],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        path = directory / f"bench-{stamp}.json"
        path.write_text(text, encoding="utf-8")
        (directory / "latest.json").write_text(text, encoding="utf-8")
        return path


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), nearest-rank method; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def markdown(paths: list[Path]) -> str:
    """A markdown table of the figures in result files (for the README)."""
    lines = ["| bench | articles | figure | value | goal | met |", "|---|---:|---|---:|---|---|"]
    for path in paths:
        payload = json.loads(path.read_text(encoding="utf-8"))
        for f in payload["figures"]:
            size = f"{f['size']:,}" if f.get("size") is not None else ""
            met = {True: "yes", False: "**no**", None: ""}[f.get("met")]
            lines.append(f"| {f['bench']} | {size} | {f['name']} | {_fmt(f['value'])} "
                         f"{f['unit']} | {f.get('goal') or ''} | {met} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(markdown([Path(p) for p in sys.argv[1:]] or [RESULTS_DIR / "latest.json"]))
