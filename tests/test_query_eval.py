"""Retrieval cases of tests/data/eval/seeds_queries.jsonl through the real pipeline.

The seed articles are ingested once per session (``seeds_db_path``: real ingest, real spaCy
extraction, real store); each case must find a statement of an expected document by an
expected speaker within the first ``within_top`` results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.context import CommandContext
from bot.dispatch import parse_slash, run_command
from store import Store

EVAL_FILE = Path(__file__).resolve().parent / "data" / "eval" / "seeds_queries.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
]


@pytest.fixture(scope="module")
def seeds_ctx(seeds_db_path: Path) -> CommandContext:
    return CommandContext(store=Store(seeds_db_path), settings=Settings(db_path=seeds_db_path))


def _doc_name(doc: str) -> str:
    return doc.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_eval_query(seeds_ctx: CommandContext, case: dict[str, Any]) -> None:
    command, text = parse_slash(case["query"])
    answer = run_command(seeds_ctx, command, text)
    top = answer.hits[: case["within_top"]]
    docs = {case["expect_doc"], *case.get("also_ok_docs", [])}
    speakers = set(case["expect_speakers"])
    shown = [(_doc_name(h.doc), h.speaker, h.text[:60]) for h in top]
    assert any(_doc_name(h.doc) in docs and h.speaker in speakers for h in top), (
        f"{case['query']}: {answer.message or ''} top {case['within_top']} = {shown}"
    )
