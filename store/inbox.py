"""The watched folder: files already ingested, known by path, mtime and size."""

from __future__ import annotations

import sqlite_utils

from store.params import now_iso


def inbox_file_known(db: sqlite_utils.Database, path: str, mtime_ns: int, size: int) -> bool:
    row = db.execute(
        "SELECT 1 FROM alert_inbox_files WHERE path = ? AND mtime_ns = ? AND size = ?",
        [path, mtime_ns, size],
    ).fetchone()
    return row is not None


def mark_inbox_file(db: sqlite_utils.Database, path: str, mtime_ns: int, size: int) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO alert_inbox_files (path, mtime_ns, size, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
            " size = excluded.size, seen_at = excluded.seen_at",
            [path, mtime_ns, size, now_iso()],
        )
