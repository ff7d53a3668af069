"""The alerts tables and their migrations: red-line sets, subscriptions, anchors, outbox,
digests, job runs, feeds and the watched folder's files.

Queries over them live in one module per concept (:mod:`store.redline_sets`,
:mod:`store.subscriptions`, :mod:`store.alert_matching`, :mod:`store.outbox`,
:mod:`store.digests`, :mod:`store.job_runs`, :mod:`store.feeds`, :mod:`store.inbox`).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("quotedesk_alerts")


@migrations(name="001_alerts_tables")
def create_alert_tables(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE alert_redlines (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            builtin INTEGER NOT NULL DEFAULT 0,
            expr TEXT NOT NULL DEFAULT '',
            created_by TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (team_id, name)
        );
        CREATE INDEX idx_alert_redlines_name ON alert_redlines(name);

        CREATE TABLE alert_redline_patterns (
            id INTEGER PRIMARY KEY,
            redline_id INTEGER NOT NULL REFERENCES alert_redlines(id) ON DELETE CASCADE,
            pattern TEXT NOT NULL,
            expr TEXT NOT NULL
        );
        CREATE INDEX idx_alert_redline_patterns ON alert_redline_patterns(redline_id);

        CREATE TABLE alert_subscriptions (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('actor', 'redline', 'redlines', 'keyword')),
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            actor_id INTEGER REFERENCES actors(id),
            redline_id INTEGER REFERENCES alert_redlines(id) ON DELETE CASCADE,
            phrase TEXT,
            expr TEXT,
            only_direct INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'muted', 'broken')),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            broken_reason TEXT,
            broken_notified_at TEXT,
            UNIQUE (team_id, channel_id, key)
        );
        CREATE INDEX idx_alert_subs_actor ON alert_subscriptions(actor_id)
            WHERE kind = 'actor';
        CREATE INDEX idx_alert_subs_redline ON alert_subscriptions(redline_id)
            WHERE kind = 'redline';
        CREATE INDEX idx_alert_subs_kind_team ON alert_subscriptions(kind, team_id);

        CREATE TABLE alert_anchors (
            term TEXT NOT NULL,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('redline', 'keyword')),
            target_id INTEGER NOT NULL,
            PRIMARY KEY (term, target_kind, target_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_alert_anchors_target ON alert_anchors(target_kind, target_id);

        CREATE TABLE alert_outbox (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL
                REFERENCES alert_subscriptions(id) ON DELETE CASCADE,
            statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            detail TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'skipped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            claimed_at TEXT,
            sent_at TEXT,
            message_ts TEXT,
            last_error TEXT,
            UNIQUE (subscription_id, statement_id)
        );
        CREATE INDEX idx_alert_outbox_status ON alert_outbox(status, team_id, channel_id);
        CREATE INDEX idx_alert_outbox_channel ON alert_outbox(team_id, channel_id, id);

        CREATE TABLE alert_digests (
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            hour INTEGER NOT NULL,
            minute INTEGER NOT NULL,
            timezone TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            skip_empty INTEGER NOT NULL DEFAULT 0,
            last_outbox_id INTEGER NOT NULL DEFAULT 0,
            last_sent_at TEXT,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (team_id, channel_id)
        );

        CREATE TABLE alert_runs (
            job_id TEXT NOT NULL,
            scheduled_for TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'posted', 'done')),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            detail TEXT,
            PRIMARY KEY (job_id, scheduled_for)
        );

        CREATE TABLE alert_feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            etag TEXT,
            modified TEXT,
            added_by TEXT NOT NULL,
            team_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_polled_at TEXT,
            next_poll_at TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            items_ingested INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE alert_feed_items (
            feed_id INTEGER NOT NULL REFERENCES alert_feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, guid)
        ) WITHOUT ROWID;

        CREATE TABLE alert_inbox_files (
            path TEXT PRIMARY KEY,
            mtime_ns INTEGER NOT NULL,
            size INTEGER NOT NULL,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations(name="002_alerts_meta")
def create_alert_meta(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations(name="003_feed_teams")
def create_feed_teams(db: sqlite_utils.Database) -> None:
    """A feed is polled once, but belongs to each workspace that added it: only those list,
    see or remove it."""
    db.executescript(
        """
        CREATE TABLE alert_feed_teams (
            team_id TEXT NOT NULL,
            feed_id INTEGER NOT NULL REFERENCES alert_feeds(id) ON DELETE CASCADE,
            added_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (team_id, feed_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_alert_feed_teams_feed ON alert_feed_teams(feed_id);
        INSERT INTO alert_feed_teams (team_id, feed_id, added_by, created_at)
            SELECT team_id, id, added_by, created_at FROM alert_feeds;
        """
    )


@migrations(name="004_outbox_retry")
def add_outbox_retry(db: sqlite_utils.Database) -> None:
    """Retries are scheduled in time: a row is not tried again before ``next_attempt_at``;
    ``failing_since`` is when its current run of failures began."""
    db.executescript(
        """
        ALTER TABLE alert_outbox ADD COLUMN next_attempt_at TEXT;
        ALTER TABLE alert_outbox ADD COLUMN failing_since TEXT;
        """
    )
