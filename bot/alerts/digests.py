"""Daily digests: what a channel's subscriptions matched since its previous digest.

A digest run is keyed by ``(digest:<team>:<channel>, scheduled slot)`` in the runs table, so a
job that fires twice for the same slot posts once; the post carries metadata naming the run, so
a crash between posting and recording is resolved from the channel history, not by reposting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.alerts.delivery import DIGEST_EVENT, TeamClients, history_with_metadata
from bot.config import Settings
from bot.render.digests import render_digest
from bot.render.parts import Blocks
from store import Store
from store import digests as digest_store
from store import job_runs as run_store

logger = logging.getLogger(__name__)

DIGEST_TOP_ACTORS = 5
DIGEST_PER_ACTOR = 2


def digest_job_id(team_id: str, channel_id: str) -> str:
    return f"digest:{team_id}:{channel_id}"


def scheduled_slot(hour: int, minute: int, timezone: str, now: datetime | None = None) -> datetime:
    """The latest time ≤ now the digest was due (local HH:MM in ``timezone``), in UTC."""
    now = now or datetime.now(UTC)
    local_now = now.astimezone(ZoneInfo(timezone))
    slot = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if slot > local_now:
        slot = (local_now - timedelta(days=1)).replace(
            hour=hour, minute=minute, second=0, microsecond=0
        )
    return slot.astimezone(UTC)


@dataclass
class DigestResult:
    status: str  # posted | recovered | already | skipped | preview
    text: str = ""
    blocks: Blocks = field(default_factory=list)
    statements: int = 0


def build_digest(store: Store, team_id: str, channel_id: str) -> tuple[str, Blocks, int, int]:
    """(text, blocks, statements, newest outbox id covered) for the channel, now."""
    db = store.db
    after, upto = digest_store.digest_watermark(db, team_id, channel_id)
    items = digest_store.digest_items(db, team_id, channel_id, after, upto) if upto > after else []
    row = digest_store.get_digest(db, team_id, channel_id)
    since = None
    if row and row.get("last_sent_at"):
        since = str(row["last_sent_at"]).replace("T", " ").replace("Z", " UTC")
    text, blocks = render_digest(
        items, since=since, top_actors=DIGEST_TOP_ACTORS, per_actor=DIGEST_PER_ACTOR
    )
    return text, blocks, len(items), max(upto, after)


def _recover(store: Store, client: WebClient, team_id: str, channel_id: str, run: str) -> bool:
    for payload, _ts in history_with_metadata(client, channel_id, None, DIGEST_EVENT):
        if payload.get("run") == run:
            upto = int(payload.get("upto") or 0)
            digest_store.advance_digest(store.db, team_id, channel_id, upto)
            return True
    return False


def send_digest(
    store: Store,
    settings: Settings,
    team_id: str,
    channel_id: str,
    slot: str,
    client: WebClient | None = None,
) -> DigestResult:
    """Post the channel's digest for ``slot`` once (see the module docstring)."""
    db = store.db
    job_id = digest_job_id(team_id, channel_id)
    run = f"{job_id}@{slot}"
    if client is None:
        client = TeamClients(settings)(team_id)
    state = run_store.claim_run(db, job_id, slot)
    if state == "done":
        return DigestResult("already")
    if state is not None and _recover(store, client, team_id, channel_id, run):
        run_store.set_run_status(db, job_id, slot, "done", "recovered from history")
        return DigestResult("recovered")
    text, blocks, count, upto = build_digest(store, team_id, channel_id)
    row = digest_store.get_digest(db, team_id, channel_id)
    if count == 0 and row is not None and row["skip_empty"]:
        run_store.set_run_status(db, job_id, slot, "done", "empty, skipped")
        return DigestResult("skipped", text, blocks, 0)
    metadata: dict[str, Any] = {
        "event_type": DIGEST_EVENT,
        "event_payload": {"team_id": team_id, "run": run, "upto": upto},
    }
    client.chat_postMessage(
        channel=channel_id,
        text=text,
        blocks=blocks,
        metadata=metadata,
        unfurl_links=False,
        unfurl_media=False,
    )
    digest_store.advance_digest(db, team_id, channel_id, upto)
    run_store.set_run_status(db, job_id, slot, "done", f"{count} statements")
    return DigestResult("posted", text, blocks, count)
