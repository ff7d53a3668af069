"""Each Slack request is handled once (bot.redeliveries claims it).

Slack redelivers an event (x-slack-retry-num) when it did not see our 200 in time: a
redelivered ``event_id`` is acknowledged and dropped, so a retried @mention never posts twice.
Slash commands and button presses carry no such id; a signed request replayed as it was (same
timestamp, same body, so the same signature) is dropped the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse

from handlers import services

logger = logging.getLogger(__name__)


def _claim(context: BoltContext, key: str, team_id: Any, kind: str | None) -> bool:
    return services(context).claims.claim(key, str(team_id) if team_id else None, kind)


def _signature(req: BoltRequest) -> str | None:
    values = req.headers.get("x-slack-signature") or []
    return str(values[0]) if values else None


def skip_retried_events(
    req: BoltRequest, body: dict[str, Any], context: BoltContext, next: Callable[[], None]
) -> BoltResponse | None:
    if body.get("type") == "event_callback":
        event_id = body.get("event_id")
        if not event_id:
            return next()  # type: ignore[func-returns-value]
        event_type = (body.get("event") or {}).get("type")
        if _claim(context, str(event_id), body.get("team_id"), event_type):
            return next()  # type: ignore[func-returns-value]
        logger.info("event %s (%s) already handled; dropping a redelivery", event_id,
                    event_type)
        return BoltResponse(status=200, body="")
    signature = _signature(req) if req.mode == "http" else None
    if not signature:
        return next()  # type: ignore[func-returns-value]
    kind = "slash_command" if body.get("command") else str(body.get("type") or "request")
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if _claim(context, f"sig:{signature}", team, kind):
        return next()  # type: ignore[func-returns-value]
    logger.warning("a %s request was replayed (same signature); dropped", kind)
    return BoltResponse(status=200, body="")
