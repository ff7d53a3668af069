"""`/digest at` needs a time, and a real Area/City time zone."""

from __future__ import annotations

from pathlib import Path

import pytest
from alerts_helpers import ctx_for, settings_for

from bot.dispatch import run_command
from store import Store
from store import digests as digest_store


@pytest.mark.parametrize("text", ["at", "at   ", "at 07:00 localtime", "at 07:00 Factory",
                                  "at 07:00 posixrules", "at 07:00 Mars/Olympus"])
def test_bad_digest_settings_are_refused_and_change_nothing(tmp_path: Path, text: str) -> None:
    settings = settings_for(tmp_path)
    store = Store(settings.db_path)
    ctx = ctx_for(store, settings)
    answer = run_command(ctx, "/digest", text)
    assert answer.is_error and answer.message
    assert digest_store.get_digest(store.db, ctx.team_id, ctx.channel_id) is None


def test_a_good_digest_setting_is_kept(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    store = Store(settings.db_path)
    ctx = ctx_for(store, settings)
    assert not run_command(ctx, "/digest", "at 07:15 America/New_York").is_error
    row = digest_store.get_digest(store.db, ctx.team_id, ctx.channel_id)
    assert row is not None and (row["hour"], row["minute"], row["timezone"]) == (
        7, 15, "America/New_York")
