"""RSS/Atom feeds: each is polled once but belongs to every workspace that added it; the
items already seen; polling state and back-off."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

import sqlite_utils

from store.params import now_iso

_FEED_COLUMNS = (
    "id",
    "url",
    "title",
    "etag",
    "modified",
    "added_by",
    "team_id",
    "created_at",
    "last_polled_at",
    "next_poll_at",
    "error_count",
    "last_error",
    "items_ingested",
)


class Feed(TypedDict):
    """A feed and its polling state (``added_by``/``team_id``: who added it first)."""

    id: int
    url: str
    title: str | None
    etag: str | None
    modified: str | None
    added_by: str
    team_id: str
    created_at: str
    last_polled_at: str | None
    next_poll_at: str | None
    error_count: int
    last_error: str | None
    items_ingested: int


def _feed_row(r: tuple[Any, ...]) -> Feed:
    return Feed(
        id=int(r[0]), url=r[1], title=r[2], etag=r[3], modified=r[4], added_by=r[5],
        team_id=r[6], created_at=r[7], last_polled_at=r[8], next_poll_at=r[9],
        error_count=int(r[10]), last_error=r[11], items_ingested=int(r[12]),
    )


def add_feed(db: sqlite_utils.Database, url: str, team_id: str, added_by: str) -> tuple[int, bool]:
    """Add ``url`` to the workspace's feeds; (feed id, whether it is new to this workspace).
    A URL already added by another workspace is polled once for both."""
    with db.atomic():
        row = db.execute("SELECT id FROM alert_feeds WHERE url = ?", [url]).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO alert_feeds (url, added_by, team_id, created_at, next_poll_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [url, added_by, team_id, now_iso(), now_iso()],
            )
            feed_id = int(cursor.lastrowid or 0)
        else:
            feed_id = int(row[0])
        linked = db.execute(
            "INSERT OR IGNORE INTO alert_feed_teams (team_id, feed_id, added_by, created_at)"
            " VALUES (?, ?, ?, ?)",
            [team_id, feed_id, added_by, now_iso()],
        ).rowcount
    return feed_id, bool(linked)


def list_feeds(db: sqlite_utils.Database, team_id: str | None = None) -> list[Feed]:
    """The workspace's feeds (every feed when ``team_id`` is None: the operator's view)."""
    columns = ", ".join(f"f.{c}" for c in _FEED_COLUMNS)
    if team_id is None:
        rows = db.execute(f"SELECT {columns} FROM alert_feeds f ORDER BY f.id").fetchall()
    else:
        rows = db.execute(
            f"SELECT {columns} FROM alert_feeds f JOIN alert_feed_teams t ON t.feed_id = f.id"
            " WHERE t.team_id = ? ORDER BY f.id",
            [team_id],
        ).fetchall()
    return [_feed_row(r) for r in rows]


def remove_feed(db: sqlite_utils.Database, team_id: str, url_or_id: str) -> bool:
    """Remove one of the workspace's feeds; the feed itself (and its seen items) goes when
    no workspace keeps it."""
    with db.atomic():
        removed = db.execute(
            "DELETE FROM alert_feed_teams WHERE team_id = ? AND feed_id IN"
            " (SELECT id FROM alert_feeds WHERE url = ? OR CAST(id AS TEXT) = ?)",
            [team_id, url_or_id, url_or_id],
        ).rowcount
        db.execute(
            "DELETE FROM alert_feeds WHERE id NOT IN (SELECT feed_id FROM alert_feed_teams)"
        )
    return bool(removed)


def due_feeds(db: sqlite_utils.Database, now: datetime | None = None) -> list[Feed]:
    rows = db.execute(
        f"SELECT {', '.join(_FEED_COLUMNS)} FROM alert_feeds"
        " WHERE next_poll_at IS NULL OR next_poll_at <= ? ORDER BY next_poll_at, id",
        [now_iso(now)],
    ).fetchall()
    return [_feed_row(r) for r in rows]


def feed_polled(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    next_poll: datetime,
    etag: str | None = None,
    modified: str | None = None,
    title: str | None = None,
    ingested: int = 0,
) -> None:
    with db.atomic():
        db.execute(
            """
            UPDATE alert_feeds SET last_polled_at = ?, next_poll_at = ?, error_count = 0,
                last_error = NULL, etag = coalesce(?, etag), modified = coalesce(?, modified),
                title = coalesce(?, title), items_ingested = items_ingested + ?
            WHERE id = ?
            """,
            [now_iso(), now_iso(next_poll), etag, modified, title, ingested, feed_id],
        )


def feed_failed(db: sqlite_utils.Database, feed_id: int, error: str, backoff: timedelta) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_feeds SET last_polled_at = ?, next_poll_at = ?,"
            " error_count = error_count + 1, last_error = ? WHERE id = ?",
            [now_iso(), now_iso(datetime.now(UTC) + backoff), error[:500], feed_id],
        )


def unseen_guids(db: sqlite_utils.Database, feed_id: int, guids: list[str]) -> list[str]:
    rows = db.execute(
        "SELECT value FROM json_each(?) WHERE value NOT IN"
        " (SELECT guid FROM alert_feed_items WHERE feed_id = ?)",
        [json.dumps(guids), feed_id],
    ).fetchall()
    return [str(r[0]) for r in rows]


def mark_guids_seen(db: sqlite_utils.Database, feed_id: int, guids: list[str]) -> None:
    with db.atomic():
        for guid in guids:
            db.execute(
                "INSERT OR IGNORE INTO alert_feed_items (feed_id, guid, seen_at) VALUES (?, ?, ?)",
                [feed_id, guid, now_iso()],
            )
