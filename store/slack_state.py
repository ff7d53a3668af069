"""Slack-side state: processed event ids (retry dedupe) and similar bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("quotedesk_slack")

EVENT_KEEP_DAYS = 2


@migrations(name="001_slack_events")
def create_slack_events(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE slack_events (
            event_id TEXT PRIMARY KEY,
            team_id TEXT,
            event_type TEXT,
            received_at TEXT NOT NULL
        );
        CREATE INDEX slack_events_received_at ON slack_events (received_at);
        """
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def claim_event(
    db: sqlite_utils.Database,
    event_id: str,
    team_id: str | None = None,
    event_type: str | None = None,
) -> bool:
    """Record ``event_id`` as being handled; False when it was already claimed (a retry).

    Atomic (one INSERT OR IGNORE in its own transaction), so two deliveries of the same
    event racing on different threads or processes cannot both win.
    """
    if not event_id:
        raise ValueError("event_id must not be empty")
    with db.conn:
        cursor = db.execute(
            "INSERT OR IGNORE INTO slack_events (event_id, team_id, event_type, received_at) "
            "VALUES (?, ?, ?, ?)",
            [event_id, team_id, event_type, _iso(_now())],
        )
    return cursor.rowcount == 1


def prune_events(db: sqlite_utils.Database, keep_days: int = EVENT_KEEP_DAYS) -> int:
    """Forget event ids older than ``keep_days`` (Slack retries within minutes)."""
    cutoff = _iso(_now() - timedelta(days=keep_days))
    with db.conn:
        cursor = db.execute("DELETE FROM slack_events WHERE received_at < ?", [cutoff])
    return cursor.rowcount
