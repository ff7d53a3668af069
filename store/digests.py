"""Daily digests: a channel's schedule, and the outbox rows each edition covers (a
watermark of the last outbox id sent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

import sqlite_utils

from store.params import now_iso

_DIGEST_COLUMNS = (
    "team_id, channel_id, hour, minute, timezone, enabled, skip_empty, last_outbox_id,"
    " last_sent_at, created_by, updated_at"
)


class Digest(TypedDict):
    """A channel's daily digest: when (local time in ``timezone``) and up to which outbox row
    it has covered."""

    team_id: str
    channel_id: str
    hour: int
    minute: int
    timezone: str
    enabled: int
    skip_empty: int
    last_outbox_id: int
    last_sent_at: str | None
    created_by: str
    updated_at: str


def _digest_row(r: tuple[Any, ...]) -> Digest:
    return Digest(
        team_id=r[0], channel_id=r[1], hour=int(r[2]), minute=int(r[3]), timezone=r[4],
        enabled=int(r[5]), skip_empty=int(r[6]), last_outbox_id=int(r[7]), last_sent_at=r[8],
        created_by=r[9], updated_at=r[10],
    )


class DigestItem(TypedDict):
    """One statement in a digest, with the labels of the subscriptions that matched it."""

    statement_id: int
    speaker: str | None
    kind: str
    text: str
    said_on: str | None
    red_line: int
    rule: str | None
    title: str
    source: str | None
    url: str | None
    doc: str
    labels: str | None


FIRST_DIGEST_COVERS = timedelta(days=1)  # a new digest's first edition covers the last day


def set_digest(
    db: sqlite_utils.Database,
    team_id: str,
    channel_id: str,
    hour: int,
    minute: int,
    timezone: str,
    created_by: str,
    skip_empty: bool = False,
) -> None:
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError("the digest time must be between 00:00 and 23:59")
    with db.atomic():
        db.execute(
            """
            INSERT INTO alert_digests (team_id, channel_id, hour, minute, timezone, enabled,
                skip_empty, last_outbox_id, created_by, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?,
                    (SELECT coalesce(max(id), 0) FROM alert_outbox
                     WHERE team_id = ? AND channel_id = ? AND created_at < ?), ?, ?)
            ON CONFLICT (team_id, channel_id) DO UPDATE SET hour = excluded.hour,
                minute = excluded.minute, timezone = excluded.timezone, enabled = 1,
                skip_empty = excluded.skip_empty, updated_at = excluded.updated_at
            """,
            [
                team_id,
                channel_id,
                hour,
                minute,
                timezone,
                int(skip_empty),
                team_id,
                channel_id,
                now_iso(datetime.now(UTC) - FIRST_DIGEST_COVERS),
                created_by,
                now_iso(),
            ],
        )


def disable_digest(db: sqlite_utils.Database, team_id: str, channel_id: str) -> bool:
    with db.atomic():
        return bool(
            db.execute(
                "UPDATE alert_digests SET enabled = 0, updated_at = ?"
                " WHERE team_id = ? AND channel_id = ? AND enabled = 1",
                [now_iso(), team_id, channel_id],
            ).rowcount
        )


def get_digest(db: sqlite_utils.Database, team_id: str, channel_id: str) -> Digest | None:
    row = db.execute(
        f"SELECT {_DIGEST_COLUMNS} FROM alert_digests"
        " WHERE team_id = ? AND channel_id = ?",
        [team_id, channel_id],
    ).fetchone()
    return _digest_row(row) if row else None


def list_digests(db: sqlite_utils.Database, enabled_only: bool = True) -> list[Digest]:
    where = "WHERE enabled = 1" if enabled_only else ""
    rows = db.execute(
        f"SELECT {_DIGEST_COLUMNS} FROM alert_digests {where}"
        " ORDER BY team_id, channel_id"
    ).fetchall()
    return [_digest_row(r) for r in rows]


def digest_watermark(db: sqlite_utils.Database, team_id: str, channel_id: str) -> tuple[int, int]:
    """(last outbox id covered by the previous digest, newest outbox id of the channel)."""
    row = db.execute(
        """
        SELECT (SELECT last_outbox_id FROM alert_digests WHERE team_id = :t AND channel_id = :c),
               (SELECT max(id) FROM alert_outbox WHERE team_id = :t AND channel_id = :c)
        """,
        {"t": team_id, "c": channel_id},
    ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def digest_items(
    db: sqlite_utils.Database, team_id: str, channel_id: str, after_id: int, upto_id: int
) -> list[DigestItem]:
    """Distinct statements matched for the channel in (after_id, upto_id], newest first."""
    rows = db.execute(
        """
        SELECT st.id, act.name, st.kind, st.text, st.said_on,
               max(st.red_line OR sub.kind IN ('redline', 'redlines')),
               coalesce(max(o.detail), st.red_line_rule), a.title, a.source, a.url, a.doc,
               group_concat(DISTINCT sub.label)
        FROM alert_outbox o
            JOIN statements st ON st.id = o.statement_id
            JOIN articles a ON a.id = st.article_id
            JOIN alert_subscriptions sub ON sub.id = o.subscription_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE o.team_id = ? AND o.channel_id = ? AND o.id > ? AND o.id <= ?
        GROUP BY st.id
        ORDER BY coalesce(st.said_on, a.published_on, '') DESC, st.id DESC
        """,
        [team_id, channel_id, after_id, upto_id],
    ).fetchall()
    return [
        DigestItem(
            statement_id=r[0], speaker=r[1], kind=r[2], text=r[3], said_on=r[4], red_line=r[5],
            rule=r[6], title=r[7], source=r[8], url=r[9], doc=r[10], labels=r[11],
        )
        for r in rows
    ]


def advance_digest(db: sqlite_utils.Database, team_id: str, channel_id: str, upto_id: int) -> None:
    with db.atomic():
        db.execute(
            """
            INSERT INTO alert_digests (team_id, channel_id, hour, minute, timezone, enabled,
                last_outbox_id, last_sent_at, created_by, updated_at)
            VALUES (?, ?, 8, 0, 'UTC', 0, ?, ?, 'system', ?)
            ON CONFLICT (team_id, channel_id) DO UPDATE SET
                last_outbox_id = max(last_outbox_id, excluded.last_outbox_id),
                last_sent_at = excluded.last_sent_at
            """,
            [team_id, channel_id, upto_id, now_iso(), now_iso()],
        )
