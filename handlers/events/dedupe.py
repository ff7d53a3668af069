"""Slack redelivers an event (x-slack-retry-num) when it did not see our 200 in time.

Each event_id is claimed once in the store; later deliveries are acknowledged and dropped,
so a retried @mention never posts twice.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from handlers import services
from store.slack_state import claim_event, prune_events

logger = logging.getLogger(__name__)

PRUNE_EVERY = 1000  # events; old claims are also pruned at start-up
_claims = itertools.count(1)


def _claim_number() -> int:
    return next(_claims)


def skip_retried_events(
    body: dict[str, Any], context: BoltContext, next: Callable[[], None]
) -> BoltResponse | None:
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not event_id:
        return next()  # type: ignore[func-returns-value]
    event_type = (body.get("event") or {}).get("type")
    store = services(context).store
    if claim_event(store.db, str(event_id), body.get("team_id"), event_type):
        if _claim_number() % PRUNE_EVERY == 0:
            prune_events(store.db)
        return next()  # type: ignore[func-returns-value]
    logger.info("event %s (%s) already handled; dropping a redelivery", event_id, event_type)
    return BoltResponse(status=200, body="")
