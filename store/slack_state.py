"""Slack-side state: processed event ids (retry dedupe) and similar bookkeeping."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("quotedesk_slack")
