"""Subscriptions, red lines, outbox delivery, digests.

- commands: the slash commands /subscribe, /unsubscribe, /subscriptions, /redline, /digest
  and the alert's mute button (bot.dispatch dispatches to them);
- tracked_redlines: patterns, EN⇄FR expansion, built-in red lines from seeds/redlines.json;
- delivery: the outbox → Slack, exactly once;
- digests: daily digests.
"""

from __future__ import annotations

from bot.alerts.commands import (
    digest,
    mute_from_button,
    redline,
    subscribe,
    subscriptions,
    unsubscribe,
)

__all__ = [
    "digest",
    "mute_from_button",
    "redline",
    "subscribe",
    "subscriptions",
    "unsubscribe",
]
