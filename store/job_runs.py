"""Runs of scheduled jobs, one row per (job, scheduled time): a job claims its run before
acting, so a restart or a second process never does it twice."""

from __future__ import annotations

import sqlite_utils

from store.params import now_iso


def claim_run(db: sqlite_utils.Database, job_id: str, scheduled_for: str) -> str | None:
    """Start a run of ``job_id`` for ``scheduled_for``; returns None if this call started it,
    else the status of the earlier run ('running' after a crash, 'posted', 'done')."""
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO alert_runs (job_id, scheduled_for, status, started_at)"
            " VALUES (?, ?, 'running', ?)",
            [job_id, scheduled_for, now_iso()],
        )
        if cursor.rowcount:
            return None
        row = db.execute(
            "SELECT status FROM alert_runs WHERE job_id = ? AND scheduled_for = ?",
            [job_id, scheduled_for],
        ).fetchone()
    return str(row[0])


def set_run_status(
    db: sqlite_utils.Database,
    job_id: str,
    scheduled_for: str,
    status: str,
    detail: str | None = None,
) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_runs SET status = ?, detail = coalesce(?, detail),"
            " finished_at = CASE WHEN ? = 'done' THEN ? ELSE finished_at END"
            " WHERE job_id = ? AND scheduled_for = ?",
            [status, detail, status, now_iso(), job_id, scheduled_for],
        )


def run_state(
    db: sqlite_utils.Database, job_id: str, scheduled_for: str
) -> tuple[str, str] | None:
    """(status, started_at) of one run, or None if it never started."""
    row = db.execute(
        "SELECT status, started_at FROM alert_runs WHERE job_id = ? AND scheduled_for = ?",
        [job_id, scheduled_for],
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None
