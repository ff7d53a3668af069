"""Subscriptions, red lines, outbox delivery, digests, feeds.

- commands: the slash commands and alert buttons (``handle_alert_action``);
- redlines: patterns, EN⇄FR expansion, built-in red lines from seeds/redlines.json;
- delivery: the outbox → Slack, exactly once;
- digests: daily digests.
"""

from __future__ import annotations

from bot.alerts.commands import (
    digest,
    feeds,
    handle_alert_action,
    redline,
    subscribe,
    subscriptions,
    unsubscribe,
)

__all__ = [
    "digest",
    "feeds",
    "handle_alert_action",
    "redline",
    "subscribe",
    "subscriptions",
    "unsubscribe",
]
