"""Workspaces are walled off: whatever another workspace types or clicks — even from a channel
with the same id (Slack Connect shares channels between workspaces) — it can neither see nor
change this workspace's subscriptions, red lines, digests or pending alerts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import Corpus, CorpusConfig
from bot.config import Settings
from bot.context import CommandContext
from bot.dispatch import handle_alert_action, run_command
from bot.ingest import content_hash
from bot.pipeline import Pipeline
from store import Store
from store import subscriptions as subscription_store
from store.ingest import save_article

MINE, THEIRS = "T0MINE", "T0THEIRS"
SHARED_CHANNEL = "C0SHARED"
MY_SETUP = [
    "/subscribe Peskov", "/subscribe Lavrov only:direct", "/subscribe redlines",
    '/subscribe keyword "mer d\'Azov"', "/redline add my-secret-line stabilité stratégique",
    "/subscribe redline my-secret-line", "/digest at 07:30 Europe/Paris",
]
THEIR_ATTEMPTS = [
    "/subscriptions", "/unsubscribe Peskov", "/unsubscribe Lavrov", "/unsubscribe redlines",
    '/unsubscribe keyword "mer d\'Azov"', "/unsubscribe redline my-secret-line",
    "/redline list", "/redline test my-secret-line", "/redline remove my-secret-line",
    "/redline add my-secret-line autre chose", "/subscribe redline my-secret-line",
    "/digest off", "/digest now", "/digest at 23:00 UTC",
]


@pytest.fixture
def two_teams(tmp_path: Path) -> Iterator[tuple[CommandContext, CommandContext]]:
    path = tmp_path / "teams.db"
    store = Store(path)
    settings = replace(Settings(), db_path=path)
    Pipeline(store, settings.seeds_dir).ensure_seed_actors()
    mine = CommandContext(store=store, settings=settings, team_id=MINE,
                          channel_id=SHARED_CHANNEL, user_id="U0ME")
    theirs = CommandContext(store=store, settings=settings, team_id=THEIRS,
                            channel_id=SHARED_CHANNEL, user_id="U0THEM")
    for line in MY_SETUP:
        command, _, text = line.partition(" ")
        answer = run_command(mine, command, text)
        assert not answer.is_error, (line, answer.message)
    corpus = Corpus(CorpusConfig(seed=21, seeds_dir=settings.seeds_dir, synthetic_actors=20))
    for article, analysis in corpus.iter_articles(30):  # fills my outbox with pending alerts
        save_article(store.db, article, content_hash(article), analysis)
    yield mine, theirs
    store.close()


def team_state(ctx: CommandContext, team: str) -> dict[str, list[tuple[Any, ...]]]:
    db = ctx.store.db
    tables = ["alert_subscriptions", "alert_redlines", "alert_digests", "alert_outbox"]
    return {
        t: db.execute(f"SELECT * FROM {t} WHERE team_id = ? ORDER BY 1", [team]).fetchall()
        for t in tables
    }


def test_another_workspace_cannot_see_or_change_mine(
    two_teams: tuple[CommandContext, CommandContext],
) -> None:
    mine, theirs = two_teams
    before = team_state(mine, MINE)
    assert before["alert_outbox"], "the setup should leave pending alerts"
    for line in THEIR_ATTEMPTS:
        command, _, text = line.partition(" ")
        answer = run_command(theirs, command, text)
        shown = f"{answer.title}\n{answer.message or ''}\n" + "\n".join(
            h.text for h in answer.hits
        )
        for secret in ("mer d'Azov", "07:30", "my-secret-line", "stabilité"):
            if secret not in line:  # echoing what they typed themselves is fine
                assert secret not in shown, (line, shown)
    after = team_state(mine, MINE)
    for table in ["alert_subscriptions", "alert_digests", "alert_outbox"]:
        assert after[table] == before[table], table
    assert after["alert_redlines"] == before["alert_redlines"]


def test_mute_button_from_another_workspace_changes_nothing(
    two_teams: tuple[CommandContext, CommandContext],
) -> None:
    mine, theirs = two_teams
    db = mine.store.db
    before = team_state(mine, MINE)
    my_sub_ids = [int(r[0]) for r in before["alert_subscriptions"]]
    for sub_id in my_sub_ids:
        answer = handle_alert_action(theirs, f"alert_mute_{sub_id}", f'{{"sub": {sub_id}}}')
        assert answer.is_error
    assert team_state(mine, MINE) == before
    # The store itself refuses too (defence in depth): a wrong team changes no row at all.
    for sub_id in my_sub_ids:
        assert subscription_store.set_subscription_status(db, THEIRS, sub_id, "muted") is False
    assert team_state(mine, MINE) == before
