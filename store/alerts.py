"""Subscriptions, red-line rules, outbox and digests (filled in by the alerts work)."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("quotedesk_alerts")


def enqueue_for_article(db: sqlite_utils.Database, article_id: int) -> int:
    """Write outbox rows for every subscription the article's statements match.

    Called inside the ingest transaction that stored the article. Returns rows written.
    """
    return 0
