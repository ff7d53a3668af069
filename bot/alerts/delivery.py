"""Delivering the alerts outbox to Slack: exactly once, and never given up on too early.

Each pending group (one channel, one article) is *claimed* (committed) before it is posted,
posted with Slack message ``metadata`` carrying its outbox ids, then marked sent. If the process
dies between the post and the mark, or Slack answers 5xx (the post may have gone through), the
rows stay ``claimed``; the next run reads the channel's recent history
(``conversations.history``) and marks the ones already posted as sent instead of posting them
again. Claimed rows whose post is not in the history go back to pending. Where the bot cannot
read the history (a public channel it posts to with ``chat:write.public`` without being a
member answers ``not_in_channel``), the rows go back to pending too: a rare duplicate is
preferred to a lost alert.

Failures are retried in time, not in runs: a failed group waits an exponential backoff with
jitter (``RETRY_BASE`` doubling up to ``RETRY_CAP``, never less than Slack's Retry-After) and is
kept for ``GIVE_UP_AFTER`` of continuous failure. A channel failing for longer than
``Settings.alert_warn_minutes`` is logged once as a WARNING. Rows become ``failed`` at once only
for Slack errors that no retry can cure (:data:`CHANNEL_ERRORS`, :data:`MESSAGE_ERRORS`, from
the chat.postMessage error list); a refused token (:data:`AUTH_ERRORS`) pauses that workspace's
delivery with the rows kept pending, since an operator can fix it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

from bot.config import Settings
from bot.render.alerts import render_alert
from bot.slack_client import make_web_client
from store import Store
from store import outbox as outbox_store
from store import subscriptions as subscription_store
from store.subscriptions import Subscription

logger = logging.getLogger(__name__)

ALERT_EVENT = "quotedesk_alert"
DIGEST_EVENT = "quotedesk_digest"
# The channel cannot take the bot's posts until someone acts (invite the app, unarchive…):
# its subscriptions are paused, their creator told, the rows failed.
CHANNEL_ERRORS = frozenset({
    "channel_not_found", "is_archived", "channel_is_archived", "not_in_channel",
    "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
    "ekm_access_denied", "messages_tab_disabled", "team_access_not_granted", "access_denied",
})
BROKEN_ERRORS = CHANNEL_ERRORS  # the name older callers use
# This message can never be posted as it is: its rows failed, the channel unaffected.
MESSAGE_ERRORS = frozenset({
    "msg_too_long", "no_text", "invalid_blocks", "invalid_blocks_format",
    "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
    "metadata_must_be_sent_from_app", "too_many_attachments", "attachment_payload_limit_exceeded",
    "invalid_arguments", "invalid_arg_name", "invalid_array_arg", "invalid_charset",
    "invalid_form_data", "invalid_post_type", "missing_post_type", "as_user_not_supported",
    "deprecated_endpoint", "method_deprecated",
})
# The workspace's token is refused: delivery to that workspace pauses, rows stay pending.
AUTH_ERRORS = frozenset({
    "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired",
    "account_inactive_token", "missing_scope", "no_permission", "not_allowed_token_type",
    "org_login_required", "two_factor_setup_required", "enterprise_is_restricted",
    "team_not_found",
})
# Answers after which the post may or may not have gone through.
UNCERTAIN_ERRORS = frozenset({"internal_error", "fatal_error", "request_timeout"})
# Slack is briefly unable to take the post (nothing was posted): retried.
TRANSIENT_ERRORS = frozenset({"service_unavailable", "team_added_to_org"})
RATE_LIMITED = frozenset({"ratelimited", "rate_limited", "message_limit_exceeded"})
MIN_SECONDS_BETWEEN_POSTS = 1.0  # chat.postMessage: about 1 message per second per channel
HISTORY_PAGES = 10
RETRY_BASE = timedelta(seconds=10)
RETRY_CAP = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(hours=72)

Clock = Callable[[], datetime]
FaultHook = Callable[[str], None]  # called with "before_post" / "after_post"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class DeliveryReport:
    posted: int = 0  # messages
    rows_sent: int = 0
    recovered: int = 0  # claimed rows found already posted
    requeued: int = 0  # claimed rows not found, back to pending
    retried_later: int = 0  # rows whose try failed and wait for their next attempt
    failed: int = 0  # rows failed for good (permanent errors, or given up)
    broken_channels: list[str] = field(default_factory=list)
    rate_limited: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class DeliveryStopped(Exception):
    """Slack refuses the workspace's credentials: stop posting to it this run."""


class ChannelPacer:
    """At most one post per second per channel (one per process: see bot.services)."""

    def __init__(
        self,
        interval: float = MIN_SECONDS_BETWEEN_POSTS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.monotonic = monotonic
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def wait(self, team_id: str, channel_id: str, sleep: Callable[[float], None]) -> None:
        with self._lock:
            last = self._last.get((team_id, channel_id))
        if last is not None:
            delay = self.interval - (self.monotonic() - last)
            if delay > 0:
                sleep(delay)
        with self._lock:
            self._last[(team_id, channel_id)] = self.monotonic()


def _error_code(exc: SlackApiError) -> tuple[int, str]:
    response = exc.response
    status = int(getattr(response, "status_code", 0) or 0)
    try:
        error = str(response.get("error") or "")
    except Exception:
        error = ""
    return status, error


def _retry_after(exc: SlackApiError) -> float:
    headers = getattr(exc.response, "headers", None) or {}
    for key, value in dict(headers).items():
        if str(key).lower() == "retry-after":
            try:
                return max(0.0, float(value if not isinstance(value, list) else value[0]))
            except (TypeError, ValueError):
                return 0.0
    return 0.0


def backoff_delay(attempts: int, rng: random.Random, retry_after: float = 0.0) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: exponential from RETRY_BASE,
    capped at RETRY_CAP, with jitter (between half and all of it), never less than
    Retry-After."""
    ceiling = min(RETRY_CAP, RETRY_BASE * (2 ** min(20, max(0, attempts - 1))))
    delay = ceiling * (0.5 + rng.random() / 2)
    return max(delay, timedelta(seconds=retry_after))


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


def _notify_broken(
    client: WebClient, subs: list[Subscription], channel_id: str, error: str
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


class Delivery:
    """Delivers the outbox; one per process (it remembers which channels it warned about).

    ``clients`` gives the WebClient of a workspace; ``clock`` the current UTC time (retry
    times are computed from it); ``faults`` is called at fixed points of a post (nothing in
    production).
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        clients: Callable[[str], WebClient] | None = None,
        *,
        clock: Clock = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        pacer: ChannelPacer | None = None,
        rng: random.Random | None = None,
        faults: FaultHook | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clients = clients or TeamClients(settings)
        self.clock = clock
        self.sleep = sleep
        self.pacer = pacer or ChannelPacer()
        self._running = threading.Lock()  # one run at a time
        self.rng = rng or random.Random()
        self.faults = faults
        self._warned: set[tuple[str, str]] = set()

    # ----------------------------------------------------------------------------------------

    def run(self, max_groups: int = 200) -> DeliveryReport:
        """One delivery run: recover claimed rows, then post due pending groups, oldest first.

        Runs are serialised (a process has one Delivery: bot.services), and only the scheduler
        process delivers, so rows found claimed at the start were left by a run that died or
        by an uncertain answer.
        """
        with self._running:
            report = DeliveryReport()
            db = self.store.db
            outbox_store.skip_inactive(db)
            self._give_up(report)
            self.recover_claimed(report)
            blocked = {(t, c) for t, c, _ in outbox_store.claimed_channels(db)}
            stopped: set[str] = set()
            for group in outbox_store.pending_groups(db, limit=max_groups, now=self.clock()):
                key = (group.team_id, group.channel_id)
                if key in blocked or group.team_id in stopped:
                    continue
                try:
                    if not self.post_group(self.clients(group.team_id), group, report):
                        blocked.add(key)
                except DeliveryStopped as exc:
                    report.errors.append(
                        f"Slack refused the bot token of {group.team_id} ({exc}); "
                        "delivery to that workspace paused")
                    stopped.add(group.team_id)
            self._warn_failing()
            return report

    def _give_up(self, report: DeliveryReport) -> None:
        given_up = outbox_store.give_up_failing(self.store.db, self.clock() - GIVE_UP_AFTER)
        if given_up:
            report.failed += given_up
            logger.warning("alerts: gave up on %d alerts failing for more than %s",
                           given_up, GIVE_UP_AFTER)

    def _warn_failing(self) -> None:
        threshold = self.clock() - timedelta(minutes=self.settings.alert_warn_minutes)
        failing = set()
        for team_id, channel_id, since, error in outbox_store.failing_channels(self.store.db):
            key = (team_id, channel_id)
            failing.add(key)
            started = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if started <= threshold and key not in self._warned:
                self._warned.add(key)
                logger.warning("alerts to %s in %s have been failing since %s (%s); "
                               "still retrying", channel_id, team_id, since, error)
        self._warned &= failing

    # ----------------------------------------------------------------------------------------

    def recover_claimed(self, report: DeliveryReport) -> None:
        """Resolve claimed rows: sent if Slack has them, else pending again."""
        db = self.store.db
        for team_id, channel_id, _since in outbox_store.claimed_channels(db):
            ids = outbox_store.claimed_ids(db, team_id, channel_id)
            client = self.clients(team_id)
            # Our previous confirmed post in the channel: anything unconfirmed came after it.
            # (Message ts, not wall-clock time, so clock skew cannot hide a post.)
            oldest = outbox_store.last_message_ts(db, team_id, channel_id)
            try:
                tagged = history_with_metadata(client, channel_id, oldest, ALERT_EVENT)
            except SlackApiError as exc:
                status, error = _error_code(exc)
                if status >= 500 or not error or error in UNCERTAIN_ERRORS | RATE_LIMITED:
                    report.errors.append(f"{channel_id}: history {status} {error}")
                    continue  # Slack is down: look again next run, post nothing
                # The history cannot be read (not a member, no scope…): post again rather
                # than lose the alerts; the post itself reports a channel that is gone.
                logger.info("cannot read the history of %s (%s): requeueing %d alerts",
                            channel_id, error, len(ids))
                outbox_store.release_rows(db, ids, None)
                report.requeued += len(ids)
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
                    report.recovered += outbox_store.mark_sent(db, posted, ts, self.clock())
                    wanted.difference_update(posted)
            if wanted:
                outbox_store.release_rows(db, sorted(wanted), None)
                report.requeued += len(wanted)

    def _mark_broken(
        self, client: WebClient, team_id: str, channel_id: str, error: str,
        report: DeliveryReport,
    ) -> None:
        subs = subscription_store.mark_channel_broken(self.store.db, team_id, channel_id, error)
        report.broken_channels.append(channel_id)
        logger.warning("alerts: cannot post in %s of %s (%s); its subscriptions are paused",
                       channel_id, team_id, error)
        if subs:
            subscription_store.mark_broken_notified(self.store.db, [s["id"] for s in subs])
            _notify_broken(client, subs, channel_id, error)

    def _retry(self, ids: list[int], error: str, report: DeliveryReport,
               retry_after: float = 0.0, *, uncertain: bool = False) -> None:
        db = self.store.db
        attempts = outbox_store.attempts_of(db, ids)
        now = self.clock()
        when = now + backoff_delay(attempts, self.rng, retry_after)
        if uncertain:
            outbox_store.note_failure(db, ids, error, when, now)
        else:
            outbox_store.retry_later(db, ids, error, when, now)
        report.retried_later += len(ids)

    def post_group(
        self, client: WebClient, group: outbox_store.OutboxGroup, report: DeliveryReport
    ) -> bool:
        """Claim, post and mark one group; False when the channel should be left for this
        run."""
        db = self.store.db
        ids = outbox_store.claim_rows(db, group.ids, self.clock())
        if not ids:
            return True
        details = outbox_store.alert_details(db, ids)
        if not details:
            report.failed += outbox_store.fail_rows(db, ids, "nothing to show")
            return True
        text, blocks = render_alert(details)
        self._fault("before_post")
        self.pacer.wait(group.team_id, group.channel_id, self.sleep)
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
            return self._failed_post(client, group, ids, exc, report)
        except Exception as exc:  # connection lost: maybe posted; the history check decides
            self._retry(ids, f"connection: {type(exc).__name__}", report, uncertain=True)
            report.errors.append(f"{group.channel_id}: {exc}")
            return False
        self._fault("after_post")
        report.rows_sent += outbox_store.mark_sent(db, ids, str(response.get("ts") or ""),
                                                  self.clock())
        report.posted += 1
        return True

    def _failed_post(
        self, client: WebClient, group: outbox_store.OutboxGroup, ids: list[int],
        exc: SlackApiError, report: DeliveryReport,
    ) -> bool:
        status, error = _error_code(exc)
        db = self.store.db
        if error in CHANNEL_ERRORS:
            self._mark_broken(client, group.team_id, group.channel_id, error, report)
            return False
        if error in MESSAGE_ERRORS:
            report.failed += outbox_store.fail_rows(db, ids, error)
            logger.warning("alerts %s cannot be posted (%s): failed", ids, error)
            report.errors.append(f"{group.channel_id}: {error}")
            return True
        if error in AUTH_ERRORS:
            self._retry(ids, error, report)
            logger.warning("Slack refused the token of %s (%s): its alerts wait", group.team_id,
                           error)
            raise DeliveryStopped(error) from exc
        if status == 429 or error in RATE_LIMITED:
            # Not posted; the client already waited Retry-After between its own retries.
            self._retry(ids, error or "rate limited", report, _retry_after(exc))
            report.rate_limited.append(group.channel_id)
            return False
        if status >= 500 or not error or error in UNCERTAIN_ERRORS:
            # The post may have gone through: leave claimed, the history check decides.
            self._retry(ids, f"HTTP {status} {error}".strip(), report, _retry_after(exc),
                        uncertain=True)
            report.errors.append(f"{group.channel_id}: HTTP {status} {error}".strip())
            return False
        self._retry(ids, error, report)
        report.errors.append(f"{group.channel_id}: {error}")
        if error in TRANSIENT_ERRORS:
            return False
        # An error this code does not know: Slack answered, so nothing was posted; retried.
        logger.warning("alerts to %s: unexpected Slack error %s; will retry",
                       group.channel_id, error)
        return False

    def _fault(self, point: str) -> None:
        if self.faults is not None:
            self.faults(point)


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
            self._clients[team_id] = make_web_client(
                self.settings, self._token(team_id), retry_rate_limited=False
            )
        return self._clients[team_id]

    def _token(self, team_id: str) -> str | None:
        if not (self.settings.slack_client_id and self.settings.slack_client_secret):
            return None
        installations = SQLite3InstallationStore(
            database=str(self.settings.oauth_db_path),
            client_id=str(self.settings.slack_client_id),
        )
        bot = installations.find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None


def status_lines(store: Store, now: datetime | None = None) -> list[str]:
    """``quotedesk alerts status``: undelivered and failed alerts per channel, with the next
    retry, how long the channel has been failing and the latest error."""
    now = now or utc_now()
    counts = outbox_store.outbox_counts(store.db)
    lines = ["alerts: " + (", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
                           or "none")]
    for row in outbox_store.outbox_overview(store.db):
        parts = [f"{row['team_id']}/{row['channel_id']}: {row['rows']} {row['status']}"]
        if row["status"] != "failed" and row["next_attempt_at"]:
            parts.append(f"next try {row['next_attempt_at']}")
        if row["status"] != "failed" and row["failing_since"]:
            parts.append(f"failing since {row['failing_since']}")
        if row["last_error"]:
            parts.append(f"last error: {row['last_error']}")
        parts.append(f"oldest {row['oldest']}")
        lines.append("  " + "; ".join(parts))
    return lines
