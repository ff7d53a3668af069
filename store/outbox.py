"""The alerts outbox: one row per (subscription, statement), delivered to Slack one message
per (channel, article).

A row goes pending → claimed (committed before posting) → sent, or back to pending with a
retry time, or failed (a permanent error, or retried too long), or skipped (its subscription
is muted or broken).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

import sqlite_utils

from store.params import ids_json, now_iso


def skip_inactive(db: sqlite_utils.Database) -> int:
    """Pending rows of muted or broken subscriptions are never delivered."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'skipped', last_error = 'subscription inactive'
                WHERE status = 'pending' AND subscription_id IN
                    (SELECT id FROM alert_subscriptions WHERE status != 'active')
                """
            ).rowcount
        )


def claimed_channels(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(team, channel, earliest claim time) of rows claimed but not confirmed sent."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, min(claimed_at) FROM alert_outbox
        WHERE status = 'claimed' GROUP BY team_id, channel_id
        """
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def claimed_ids(db: sqlite_utils.Database, team_id: str, channel_id: str) -> list[int]:
    rows = db.execute(
        "SELECT id FROM alert_outbox WHERE status = 'claimed' AND team_id = ?"
        " AND channel_id = ? ORDER BY id",
        [team_id, channel_id],
    ).fetchall()
    return [int(r[0]) for r in rows]


def last_message_ts(db: sqlite_utils.Database, team_id: str, channel_id: str) -> str | None:
    """Slack ts of the newest alert confirmed sent to the channel (ts strings sort as text:
    fixed-width seconds, then microseconds)."""
    row = db.execute(
        "SELECT max(message_ts) FROM alert_outbox WHERE team_id = ? AND channel_id = ?"
        " AND status = 'sent' AND message_ts != ''",
        [team_id, channel_id],
    ).fetchone()
    return str(row[0]) if row and row[0] else None


@dataclass
class OutboxGroup:
    """Pending alerts for one channel about one article: one Slack message."""

    team_id: str
    channel_id: str
    article_id: int
    ids: list[int]


def pending_groups(
    db: sqlite_utils.Database, limit: int = 200, now: datetime | None = None
) -> list[OutboxGroup]:
    """Pending rows due now (no retry scheduled later), grouped per (team, channel, article),
    oldest first."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, article_id, json_group_array(id), min(id) AS first
        FROM alert_outbox
        WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        GROUP BY team_id, channel_id, article_id
        ORDER BY first LIMIT ?
        """,
        [now_iso(now), limit],
    ).fetchall()
    return [OutboxGroup(r[0], r[1], int(r[2]), sorted(json.loads(r[3]))) for r in rows]


def claim_rows(
    db: sqlite_utils.Database, ids: list[int], now: datetime | None = None
) -> list[int]:
    """pending → claimed (committed before posting). Returns the ids actually claimed."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'claimed', claimed_at = ?, attempts = attempts + 1
            WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))
            """,
            [now_iso(now), ids_json(ids)],
        )
        rows = db.execute(
            "SELECT id FROM alert_outbox WHERE status = 'claimed'"
            " AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
            [ids_json(ids)],
        ).fetchall()
    return [int(r[0]) for r in rows]


def mark_sent(
    db: sqlite_utils.Database, ids: list[int], message_ts: str | None,
    now: datetime | None = None,
) -> int:
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'sent', sent_at = ?, message_ts = ?,
                    next_attempt_at = NULL
                WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
                """,
                [now_iso(now), message_ts, ids_json(ids)],
            ).rowcount
        )


def release_rows(db: sqlite_utils.Database, ids: list[int], error: str | None) -> None:
    """claimed → pending, due at once (a post known not to have gone through, not a
    failure of Slack's: e.g. a run that died before posting)."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'pending', last_error = coalesce(?, last_error)
            WHERE status = 'claimed' AND id IN (SELECT value FROM json_each(?))
            """,
            [error, ids_json(ids)],
        )


def retry_later(
    db: sqlite_utils.Database, ids: list[int], error: str, next_attempt: datetime,
    now: datetime | None = None,
) -> None:
    """A failed try: back to pending, not tried again before ``next_attempt``."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'pending', last_error = ?, next_attempt_at = ?,
                failing_since = coalesce(failing_since, ?)
            WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
            """,
            [error[:500], now_iso(next_attempt), now_iso(now), ids_json(ids)],
        )


def note_failure(
    db: sqlite_utils.Database, ids: list[int], error: str, next_attempt: datetime,
    now: datetime | None = None,
) -> None:
    """A try whose outcome is unknown (Slack answered 5xx, the connection broke): the rows
    stay claimed until the channel's history tells whether the post went through."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET last_error = ?, next_attempt_at = ?,
                failing_since = coalesce(failing_since, ?)
            WHERE status = 'claimed' AND id IN (SELECT value FROM json_each(?))
            """,
            [error[:500], now_iso(next_attempt), now_iso(now), ids_json(ids)],
        )


def attempts_of(db: sqlite_utils.Database, ids: list[int]) -> int:
    """How many times these rows have been tried (the most of any)."""
    row = db.execute(
        "SELECT max(attempts) FROM alert_outbox WHERE id IN (SELECT value FROM json_each(?))",
        [ids_json(ids)],
    ).fetchone()
    return int(row[0] or 0) if row else 0


def fail_rows(db: sqlite_utils.Database, ids: list[int], error: str) -> int:
    """Rows that can never be delivered (a permanent Slack error): failed."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'failed', last_error = ?, next_attempt_at = NULL
                WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
                """,
                [error[:500], ids_json(ids)],
            ).rowcount
        )


def give_up_failing(db: sqlite_utils.Database, since_before: datetime) -> int:
    """Pending rows failing without a break since before ``since_before``: failed."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox
                SET status = 'failed', next_attempt_at = NULL,
                    last_error = 'gave up after retrying since ' || failing_since
                        || ' (' || coalesce(last_error, '') || ')'
                WHERE status = 'pending' AND failing_since IS NOT NULL AND failing_since < ?
                """,
                [now_iso(since_before)],
            ).rowcount
        )


def failing_channels(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """(team, channel, failing since, last error) of channels with undelivered rows that
    have failed at least once."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, min(failing_since),
            (SELECT last_error FROM alert_outbox o2 WHERE o2.team_id = o.team_id
             AND o2.channel_id = o.channel_id AND o2.status IN ('pending', 'claimed')
             AND o2.failing_since IS NOT NULL ORDER BY o2.id DESC LIMIT 1)
        FROM alert_outbox o
        WHERE status IN ('pending', 'claimed') AND failing_since IS NOT NULL
        GROUP BY team_id, channel_id ORDER BY 3
        """
    ).fetchall()
    return [(r[0], r[1], r[2], r[3] or "") for r in rows]


class ChannelBacklog(TypedDict):
    """Undelivered (or failed) rows of one channel in one status."""

    team_id: str
    channel_id: str
    status: str
    rows: int
    next_attempt_at: str | None
    failing_since: str | None
    last_error: str | None
    oldest: str


def outbox_overview(db: sqlite_utils.Database) -> list[ChannelBacklog]:
    """Undelivered rows per (team, channel, status): how many, the next retry, failing since,
    the latest error; plus failed rows."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, status, count(*), min(next_attempt_at), min(failing_since),
            (SELECT last_error FROM alert_outbox o2 WHERE o2.team_id = o.team_id
             AND o2.channel_id = o.channel_id AND o2.status = o.status
             AND o2.last_error IS NOT NULL ORDER BY o2.id DESC LIMIT 1),
            min(created_at)
        FROM alert_outbox o WHERE status IN ('pending', 'claimed', 'failed')
        GROUP BY team_id, channel_id, status ORDER BY team_id, channel_id, status
        """
    ).fetchall()
    return [
        ChannelBacklog(
            team_id=r[0], channel_id=r[1], status=r[2], rows=int(r[3]), next_attempt_at=r[4],
            failing_since=r[5], last_error=r[6], oldest=r[7],
        )
        for r in rows
    ]


def outbox_counts(db: sqlite_utils.Database) -> dict[str, int]:
    rows = db.execute("SELECT status, count(*) FROM alert_outbox GROUP BY status").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


class AlertDetail(TypedDict):
    """What an alert message shows about one outbox row: the subscription that matched, the
    statement, its speaker and its article."""

    outbox_id: int
    subscription_id: int
    sub_kind: str
    sub_label: str
    detail: str | None
    statement_id: int
    kind: str
    text: str
    said_on: str | None
    said_precision: str | None
    red_line: int
    red_line_rule: str | None
    speaker: str | None
    speaker_text: str | None
    article_id: int
    doc: str
    title: str
    source: str | None
    url: str | None
    published_on: str | None
    actor_id: int | None
    red_line_kind: str | None
    red_line_trigger: str | None


def alert_details(db: sqlite_utils.Database, ids: list[int]) -> list[AlertDetail]:
    """What an alert message shows, one dict per outbox row (statement order)."""
    rows = db.execute(
        """
        SELECT o.id, o.subscription_id, sub.kind, sub.label, o.detail, st.id, st.kind, st.text,
               st.said_on, st.said_precision, st.red_line, st.red_line_rule, act.name,
               st.speaker_text, a.id, a.doc, a.title, a.source, a.url, a.published_on,
               st.actor_id, st.red_line_kind, st.red_line_trigger
        FROM alert_outbox o
            JOIN alert_subscriptions sub ON sub.id = o.subscription_id
            JOIN statements st ON st.id = o.statement_id
            JOIN articles a ON a.id = st.article_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE o.id IN (SELECT value FROM json_each(?))
        ORDER BY st.start, o.id
        """,
        [ids_json(ids)],
    ).fetchall()
    return [
        AlertDetail(
            outbox_id=r[0], subscription_id=r[1], sub_kind=r[2], sub_label=r[3], detail=r[4],
            statement_id=r[5], kind=r[6], text=r[7], said_on=r[8], said_precision=r[9],
            red_line=r[10], red_line_rule=r[11], speaker=r[12], speaker_text=r[13],
            article_id=r[14], doc=r[15], title=r[16], source=r[17], url=r[18],
            published_on=r[19], actor_id=r[20], red_line_kind=r[21], red_line_trigger=r[22],
        )
        for r in rows
    ]
