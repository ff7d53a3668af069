"""Shared fixtures: fresh databases, the seed folder, one spaCy extractor per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot.config import DEFAULT_SEEDS_DIR
from store import Store, connect

SEEDS_DIR = DEFAULT_SEEDS_DIR
ARTICLES_DIR = SEEDS_DIR / "articles"
EVAL_DIR = Path(__file__).resolve().parent / "data" / "eval"


@pytest.fixture
def fresh_db(tmp_path: Path) -> sqlite_utils.Database:
    """A new, migrated SQLite file."""
    return connect(tmp_path / "test.db")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.db")
    yield s
    s.close()


from mock_slack import mock_slack, seeds_db_path  # noqa: E402, F401  (Slack test fixtures)
