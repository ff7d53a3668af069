"""Shared fixtures: fresh databases, the seed folder, one spaCy extractor per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nlp_helpers
import pytest
import sqlite_utils

from bot.config import DEFAULT_SEEDS_DIR, Settings
from bot.context import CommandContext
from bot.nlp import Extractor
from store import Store, connect

SEEDS_DIR = DEFAULT_SEEDS_DIR
ARTICLES_DIR = SEEDS_DIR / "articles"
EVAL_DIR = Path(__file__).resolve().parent / "data" / "eval"


@pytest.fixture(scope="session", autouse=True)
def extractor() -> Extractor:
    """One extractor for the whole session (its spaCy model loads on first use); the helpers in
    ``nlp_helpers`` read with it too."""
    shared = Extractor(SEEDS_DIR)
    nlp_helpers.use(shared)
    return shared


@pytest.fixture
def fresh_db(tmp_path: Path) -> sqlite_utils.Database:
    """A new, migrated SQLite file."""
    return connect(tmp_path / "test.db")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.db")
    yield s
    s.close()


from alerts_helpers import ask, ctx_for, seed_actors, settings_for  # noqa: E402
from mock_slack import mock_slack, seeds_db_path  # noqa: E402, F401  (Slack test fixtures)


@dataclass
class Desk:
    """A newsroom's channel for the alerts tests: settings on the mock Slack, a store with the
    seed actors, the channel's command context."""

    store: Store
    settings: Settings
    ctx: CommandContext


@pytest.fixture
def alert_desk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., Desk]]:
    """Makes a :class:`Desk` whose channel ran ``subscriptions`` (default: /subscribe Peskov);
    keyword arguments override the settings."""
    slack = request.getfixturevalue("mock_slack")
    opened: list[Store] = []

    def make(*subscriptions: str, **overrides: Any) -> Desk:
        settings = settings_for(tmp_path, slack.api_url, **overrides)
        store = Store(settings.db_path)
        opened.append(store)
        seed_actors(store)
        ctx = ctx_for(store, settings)
        for line in subscriptions or ("/subscribe Peskov",):
            ask(ctx, line)
        return Desk(store, settings, ctx)

    yield make
    for store in opened:
        store.close()
