"""Channel subscriptions (an actor, a red-line set, every red line, or a keyword) and their
status: active, muted, or broken when the bot can no longer post in the channel.

Every query is scoped by ``(team_id, channel_id)`` or ``team_id``: a workspace never sees
another's subscriptions.
"""

from __future__ import annotations

from typing import Any, TypedDict

import sqlite_utils

from store.params import ids_json, now_iso
from store.patterns import Compiled, set_anchors

SUBSCRIPTION_KINDS = ("actor", "redline", "redlines", "keyword")


_SUB_COLUMNS = (
    "id",
    "team_id",
    "channel_id",
    "kind",
    "key",
    "label",
    "actor_id",
    "redline_id",
    "phrase",
    "only_direct",
    "status",
    "created_by",
    "created_at",
    "broken_reason",
)


class Subscription(TypedDict):
    id: int
    team_id: str
    channel_id: str
    kind: str
    key: str
    label: str
    actor_id: int | None
    redline_id: int | None
    phrase: str | None
    only_direct: bool
    status: str
    created_by: str
    created_at: str
    broken_reason: str | None


def _sub_row(r: tuple[Any, ...]) -> Subscription:
    return Subscription(
        id=int(r[0]), team_id=r[1], channel_id=r[2], kind=r[3], key=r[4], label=r[5],
        actor_id=r[6], redline_id=r[7], phrase=r[8], only_direct=bool(r[9]), status=r[10],
        created_by=r[11], created_at=r[12], broken_reason=r[13],
    )


def add_subscription(
    db: sqlite_utils.Database,
    team_id: str,
    channel_id: str,
    kind: str,
    key: str,
    label: str,
    created_by: str,
    *,
    actor_id: int | None = None,
    redline_id: int | None = None,
    phrase: str | None = None,
    compiled: Compiled | None = None,
    only_direct: bool = False,
) -> tuple[int, bool]:
    """Subscribe a channel; returns (id, created). An existing one is re-activated."""
    if kind not in SUBSCRIPTION_KINDS:
        raise ValueError(f"unknown subscription kind {kind!r}")
    with db.atomic():
        row = db.execute(
            "SELECT id FROM alert_subscriptions WHERE team_id = ? AND channel_id = ? AND key = ?",
            [team_id, channel_id, key],
        ).fetchone()
        if row is not None:
            db.execute(
                "UPDATE alert_subscriptions SET status = 'active', broken_reason = NULL,"
                " broken_notified_at = NULL, only_direct = ? WHERE id = ?",
                [int(only_direct), row[0]],
            )
            return int(row[0]), False
        cursor = db.execute(
            """
            INSERT INTO alert_subscriptions (team_id, channel_id, kind, key, label, actor_id,
                redline_id, phrase, expr, only_direct, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                team_id,
                channel_id,
                kind,
                key,
                label,
                actor_id,
                redline_id,
                phrase,
                compiled.expr if compiled else None,
                int(only_direct),
                created_by,
                now_iso(),
            ],
        )
        sub_id = int(cursor.lastrowid or 0)
        if kind == "keyword" and compiled is not None:
            set_anchors(db, "keyword", sub_id, compiled.anchors)
    return sub_id, True


def remove_subscription(db: sqlite_utils.Database, team_id: str, channel_id: str, key: str) -> bool:
    with db.atomic():
        row = db.execute(
            "SELECT id FROM alert_subscriptions WHERE team_id = ? AND channel_id = ? AND key = ?",
            [team_id, channel_id, key],
        ).fetchone()
        if row is None:
            return False
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'keyword' AND target_id = ?", [row[0]]
        )
        db.execute("DELETE FROM alert_subscriptions WHERE id = ?", [row[0]])
    return True


def list_subscriptions(
    db: sqlite_utils.Database, team_id: str, channel_id: str
) -> list[Subscription]:
    rows = db.execute(
        f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions"
        " WHERE team_id = ? AND channel_id = ? ORDER BY id",
        [team_id, channel_id],
    ).fetchall()
    return [_sub_row(r) for r in rows]


def get_subscription(db: sqlite_utils.Database, team_id: str, sub_id: int) -> Subscription | None:
    row = db.execute(
        f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions WHERE team_id = ? AND id = ?",
        [team_id, sub_id],
    ).fetchone()
    return _sub_row(row) if row else None


def set_subscription_status(
    db: sqlite_utils.Database, team_id: str, sub_id: int, status: str
) -> bool:
    with db.atomic():
        changed = db.execute(
            "UPDATE alert_subscriptions SET status = ? WHERE team_id = ? AND id = ?",
            [status, team_id, sub_id],
        ).rowcount
        if status != "active":
            db.execute(
                "UPDATE alert_outbox SET status = 'skipped', last_error = ?"
                " WHERE subscription_id = ? AND team_id = ? AND status = 'pending'",
                [status, sub_id, team_id],
            )
    return bool(changed)


def mark_channel_broken(
    db: sqlite_utils.Database, team_id: str, channel_id: str, reason: str
) -> list[Subscription]:
    """The bot cannot post in the channel: its subscriptions become broken, its pending and
    claimed rows failed. Returns subscriptions whose subscriber has not been told yet."""
    with db.atomic():
        db.execute(
            "UPDATE alert_subscriptions SET status = 'broken', broken_reason = ?"
            " WHERE team_id = ? AND channel_id = ? AND status = 'active'",
            [reason, team_id, channel_id],
        )
        db.execute(
            "UPDATE alert_outbox SET status = 'failed', last_error = ?"
            " WHERE team_id = ? AND channel_id = ? AND status IN ('pending', 'claimed')",
            [reason, team_id, channel_id],
        )
        rows = db.execute(
            f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions"
            " WHERE team_id = ? AND channel_id = ? AND status = 'broken'"
            " AND broken_notified_at IS NULL ORDER BY id",
            [team_id, channel_id],
        ).fetchall()
    return [_sub_row(r) for r in rows]


def mark_broken_notified(db: sqlite_utils.Database, sub_ids: list[int]) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_subscriptions SET broken_notified_at = ?"
            " WHERE id IN (SELECT value FROM json_each(?))",
            [now_iso(), ids_json(sub_ids)],
        )
