"""Delivering the alerts outbox to Slack, exactly once.

Each pending group (one channel, one article) is *claimed* (committed) before it is posted,
posted with Slack message ``metadata`` carrying its outbox ids, then marked sent. If the process
dies between the post and the mark, the rows stay ``claimed``; the next run reads the channel's
recent history (``conversations.history``) and marks the ones already posted as sent instead of
posting them again. Claimed rows whose post is not in the history go back to pending.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.alert_render import render_alert
from bot.config import Settings
from store import Store
from store import alerts as alert_store

logger = logging.getLogger(__name__)

ALERT_EVENT = "quotedesk_alert"
DIGEST_EVENT = "quotedesk_digest"
BROKEN_ERRORS = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "channel_is_archived",
     "account_inactive", "team_access_not_granted"}
)
AUTH_ERRORS = frozenset(
    {"not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive_token",
     "missing_scope", "no_permission"}
)
MIN_SECONDS_BETWEEN_POSTS = 1.0  # chat.postMessage: about 1 message per second per channel
HISTORY_PAGES = 10

# Fault injection (tests only): kill this process at a point of the delivery.
CRASH_BEFORE_POST = "QUOTEDESK_TEST_CRASH_BEFORE_POST"
CRASH_AFTER_POST = "QUOTEDESK_TEST_CRASH_AFTER_POST"


@dataclass
class DeliveryReport:
    posted: int = 0  # messages
    rows_sent: int = 0
    recovered: int = 0  # claimed rows found already posted
    requeued: int = 0  # claimed rows not found, back to pending
    broken_channels: list[str] = field(default_factory=list)
    rate_limited: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class DeliveryStopped(Exception):
    """Slack refuses the bot's credentials: stop this run, keep every row pending."""


class ChannelPacer:
    """At most one post per second per channel, shared by every delivery in this process."""

    def __init__(self, interval: float = MIN_SECONDS_BETWEEN_POSTS) -> None:
        self.interval = interval
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def wait(self, team_id: str, channel_id: str, sleep: Callable[[float], None]) -> None:
        with self._lock:
            last = self._last.get((team_id, channel_id))
        if last is not None:
            delay = self.interval - (time.monotonic() - last)
            if delay > 0:
                sleep(delay)
        with self._lock:
            self._last[(team_id, channel_id)] = time.monotonic()


PACER = ChannelPacer()
_DELIVERY_LOCK = threading.Lock()


def _fault(settings: Settings, name: str) -> None:
    if settings.extra.get(name):
        logger.warning("fault injection %s: killing the process", name)
        os.kill(os.getpid(), signal.SIGKILL)


def _error_code(exc: SlackApiError) -> tuple[int, str]:
    response = exc.response
    status = int(getattr(response, "status_code", 0) or 0)
    try:
        error = str(response.get("error") or "")
    except Exception:
        error = ""
    return status, error


def history_with_metadata(
    client: WebClient, channel_id: str, oldest: str | None, event_type: str
) -> list[tuple[dict[str, Any], str]]:
    """(event payload, message ts) of the channel's recent messages (after the message ts
    ``oldest`` if given, else the last ``HISTORY_PAGES`` pages) tagged with ``event_type``."""
    found: list[tuple[dict[str, Any], str]] = []
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        response = client.conversations_history(
            channel=channel_id,
            oldest=oldest or "0",
            limit=200,
            include_all_metadata=True,
            cursor=cursor,
        )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == event_type:
                found.append((metadata.get("event_payload") or {}, str(message.get("ts"))))
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or not cursor:
            break
    return found


def recover_claimed(
    store: Store, clients: Callable[[str], WebClient], report: DeliveryReport
) -> None:
    """Resolve rows claimed by a run that did not finish: sent if Slack has them, else
    pending again."""
    db = store.db
    for team_id, channel_id, _since in alert_store.claimed_channels(db):
        ids = alert_store.claimed_ids(db, team_id, channel_id)
        client = clients(team_id)
        # Our previous confirmed post in the channel: anything unconfirmed came after it.
        # (Message ts, not wall-clock time, so clock skew cannot hide a post.)
        oldest = alert_store.last_message_ts(db, team_id, channel_id)
        try:
            tagged = history_with_metadata(client, channel_id, oldest, ALERT_EVENT)
        except SlackApiError as exc:
            status, error = _error_code(exc)
            if error in BROKEN_ERRORS:
                _mark_broken(store, client, team_id, channel_id, error, report)
            else:
                report.errors.append(f"{channel_id}: history {status} {error}")
            continue
        except Exception as exc:  # network trouble: try again next run, post nothing
            report.errors.append(f"{channel_id}: history {exc}")
            continue
        wanted = set(ids)
        for payload, ts in tagged:
            if payload.get("team_id") not in (None, team_id):
                continue
            posted = [int(i) for i in payload.get("outbox_ids", []) if int(i) in wanted]
            if posted:
                report.recovered += alert_store.mark_sent(db, posted, ts)
                wanted.difference_update(posted)
        if wanted:
            alert_store.release_rows(db, sorted(wanted), "not found in channel history")
            report.requeued += len(wanted)


def _notify_broken(
    client: WebClient, subs: list[dict[str, Any]], channel_id: str, error: str
) -> None:
    by_user: dict[str, list[str]] = {}
    for sub in subs:
        by_user.setdefault(sub["created_by"], []).append(sub["label"])
    for user, labels in by_user.items():
        text = (
            f"Quotedesk cannot post alerts in <#{channel_id}> ({error}), so these "
            f"subscriptions are paused: {', '.join(labels)}. Invite the app to the channel "
            f"(`/invite @Quotedesk`) and run `/subscribe` again to resume them."
        )
        try:
            client.chat_postMessage(channel=user, text=text)
        except Exception:  # told once: never retried
            logger.warning("could not tell %s that %s is unreachable", user, channel_id)


def _mark_broken(
    store: Store,
    client: WebClient,
    team_id: str,
    channel_id: str,
    error: str,
    report: DeliveryReport,
) -> None:
    subs = alert_store.mark_channel_broken(store.db, team_id, channel_id, error)
    report.broken_channels.append(channel_id)
    if subs:
        alert_store.mark_broken_notified(store.db, [s["id"] for s in subs])
        _notify_broken(client, subs, channel_id, error)


def post_group(
    store: Store,
    settings: Settings,
    client: WebClient,
    group: alert_store.OutboxGroup,
    report: DeliveryReport,
    sleep: Callable[[float], None],
) -> bool:
    """Claim, post and mark one group; False when the channel should be left for this run."""
    db = store.db
    ids = alert_store.claim_rows(db, group.ids)
    if not ids:
        return True
    details = alert_store.alert_details(db, ids)
    if not details:
        alert_store.release_rows(db, ids, "nothing to show", max_attempts=0)
        return True
    text, blocks = render_alert(details)
    _fault(settings, CRASH_BEFORE_POST)
    PACER.wait(group.team_id, group.channel_id, sleep)
    try:
        response = client.chat_postMessage(
            channel=group.channel_id,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": ALERT_EVENT,
                "event_payload": {
                    "team_id": group.team_id,
                    "article_id": group.article_id,
                    "outbox_ids": ids,
                },
            },
        )
    except SlackApiError as exc:
        status, error = _error_code(exc)
        if error in BROKEN_ERRORS:
            _mark_broken(store, client, group.team_id, group.channel_id, error, report)
            return False
        if error in AUTH_ERRORS:
            alert_store.release_rows(db, ids, error, max_attempts=1_000_000)
            raise DeliveryStopped(error) from exc
        if status == 429 or error == "ratelimited":
            # Not posted; the client already waited Retry-After between its own retries.
            alert_store.release_rows(db, ids, "rate limited")
            report.rate_limited.append(group.channel_id)
            return False
        if status >= 500 or not error:
            # The post may have gone through: leave claimed, the history check decides.
            report.errors.append(f"{group.channel_id}: HTTP {status}")
            return False
        alert_store.release_rows(db, ids, error, max_attempts=3)
        report.errors.append(f"{group.channel_id}: {error}")
        return True
    except Exception as exc:  # connection lost: maybe posted; the history check decides
        report.errors.append(f"{group.channel_id}: {exc}")
        return False
    _fault(settings, CRASH_AFTER_POST)
    report.rows_sent += alert_store.mark_sent(db, ids, str(response.get("ts") or ""))
    report.posted += 1
    return True


def can_post(settings: Settings) -> bool:
    """Whether Slack credentials are configured (a bot token, or OAuth installs)."""
    return bool(
        settings.slack_bot_token or (settings.slack_client_id and settings.slack_client_secret)
    )


class TeamClients:
    """A WebClient per workspace: the team's own bot token when the app is installed by
    OAuth (SLACK_CLIENT_ID/SECRET), else the single SLACK_BOT_TOKEN."""

    def __init__(self, settings: Settings, fixed: WebClient | None = None) -> None:
        self.settings = settings
        self.fixed = fixed
        self._clients: dict[str, WebClient] = {}

    def __call__(self, team_id: str) -> WebClient:
        if self.fixed is not None:
            return self.fixed
        if team_id not in self._clients:
            from bot.slack_client import make_web_client

            self._clients[team_id] = make_web_client(self.settings, self._token(team_id))
        return self._clients[team_id]

    def _token(self, team_id: str) -> str | None:
        if not (self.settings.slack_client_id and self.settings.slack_client_secret):
            return None
        from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

        from bot.app import oauth_db_path

        installations = SQLite3InstallationStore(
            database=str(oauth_db_path(self.settings)),
            client_id=str(self.settings.slack_client_id),
        )
        bot = installations.find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None


def deliver_pending(
    store: Store,
    settings: Settings,
    client: WebClient | None = None,
    *,
    max_groups: int = 200,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """One delivery run: recover claimed rows, then post pending groups, oldest first.

    ``client`` (tests) is used for every workspace; by default each team gets its own.
    Runs are serialised in this process, and only the scheduler process delivers, so rows
    found claimed at the start were left by a run that died.
    """
    with _DELIVERY_LOCK:  # claimed rows seen at the start are then never a live run's
        return _deliver(store, settings, TeamClients(settings, client), max_groups, sleep)


def _deliver(
    store: Store,
    settings: Settings,
    clients: TeamClients,
    max_groups: int,
    sleep: Callable[[float], None],
) -> DeliveryReport:
    report = DeliveryReport()
    alert_store.skip_inactive(store.db)
    recover_claimed(store, clients, report)
    # A channel whose claimed rows could not be checked gets nothing new before they are.
    blocked = {(t, c) for t, c, _ in alert_store.claimed_channels(store.db)}
    for group in alert_store.pending_groups(store.db, limit=max_groups):
        key = (group.team_id, group.channel_id)
        if key in blocked:
            continue
        try:
            team_client = clients(group.team_id)
            if not post_group(store, settings, team_client, group, report, sleep):
                blocked.add(key)
        except DeliveryStopped as exc:
            report.errors.append(f"Slack refused the bot token ({exc}); delivery paused")
            break
    return report
