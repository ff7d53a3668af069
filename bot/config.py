"""Settings from the environment: the only module that reads ``os.environ``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS_DIR = REPO_ROOT / "seeds"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once from the environment."""

    db_path: Path = Path("quotedesk.db")
    seeds_dir: Path = DEFAULT_SEEDS_DIR
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    port: int = 3000
    scheduler_db_path: Path = Path("quotedesk-scheduler.db")
    inbox_dir: Path | None = None
    default_timezone: str = "Europe/Paris"
    log_level: str = "INFO"
    # Hosts (names, addresses or CIDR networks) that feeds and URL ingestion may fetch even
    # though they are not public, for on-premises installs: QUOTEDESK_FETCH_ALLOW_PRIVATE.
    fetch_allow_private: tuple[str, ...] = ()
    # HTTP mode (waitress): seconds a connection may stay idle or half-sent, worker threads,
    # open connections, request body bytes.
    http_read_timeout: int = 30
    http_threads: int = 8
    http_connection_limit: int = 100
    http_max_body_bytes: int = 1_048_576
    # Scheduler cadence (seconds): alert delivery, feed and inbox checks, digest sync, and
    # how often one feed is polled when it answers.
    deliver_seconds: float = 10.0
    feeds_seconds: float = 300.0
    inbox_seconds: float = 60.0
    sync_seconds: float = 60.0
    feed_poll_seconds: float = 900.0
    # A channel whose alerts have been failing this long is logged as a WARNING.
    alert_warn_minutes: float = 15.0
    # SIGTERM: seconds the scheduler waits for running jobs before exiting anyway.
    stop_grace_seconds: float = 10.0

    @property
    def articles_dir(self) -> Path:
        return self.seeds_dir / "articles"

    @property
    def oauth_db_path(self) -> Path:
        """Where the Slack OAuth installations and states live (beside the database)."""
        return self.db_path.with_name(self.db_path.stem + "-slack-oauth.db")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def opt(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def number(name: str, default: float, *, minimum: float = 0.0) -> float:
            text = opt(name)
            if text is None:
                return default
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"{name} must be a number, got {text!r}") from None
            if value < minimum or value != value:
                raise ValueError(f"{name} must be at least {minimum:g}, got {text!r}")
            return value

        port_text = opt("PORT") or "3000"
        if not port_text.isdigit():
            raise ValueError(f"PORT must be a number, got {port_text!r}")
        inbox = opt("QUOTEDESK_INBOX")
        allow = opt("QUOTEDESK_FETCH_ALLOW_PRIVATE") or ""
        return cls(
            db_path=Path(opt("QUOTEDESK_DB") or "quotedesk.db"),
            seeds_dir=Path(opt("QUOTEDESK_SEEDS") or DEFAULT_SEEDS_DIR),
            slack_bot_token=opt("SLACK_BOT_TOKEN"),
            slack_signing_secret=opt("SLACK_SIGNING_SECRET"),
            slack_app_token=opt("SLACK_APP_TOKEN"),
            slack_api_url=opt("SLACK_API_URL"),
            slack_client_id=opt("SLACK_CLIENT_ID"),
            slack_client_secret=opt("SLACK_CLIENT_SECRET"),
            port=int(port_text),
            scheduler_db_path=Path(
                opt("QUOTEDESK_SCHEDULER_DB") or "quotedesk-scheduler.db"
            ),
            inbox_dir=Path(inbox) if inbox else None,
            default_timezone=opt("QUOTEDESK_TZ") or "Europe/Paris",
            log_level=opt("QUOTEDESK_LOG_LEVEL") or "INFO",
            fetch_allow_private=tuple(h.strip() for h in allow.split(",") if h.strip()),
            http_read_timeout=int(number("QUOTEDESK_HTTP_READ_TIMEOUT", 30, minimum=1)),
            http_threads=int(number("QUOTEDESK_HTTP_THREADS", 8, minimum=1)),
            http_connection_limit=int(number("QUOTEDESK_HTTP_CONNECTIONS", 100, minimum=1)),
            http_max_body_bytes=int(number("QUOTEDESK_HTTP_MAX_BODY", 1_048_576, minimum=1024)),
            deliver_seconds=number("QUOTEDESK_DELIVER_SECONDS", 10.0, minimum=0.1),
            feeds_seconds=number("QUOTEDESK_FEEDS_SECONDS", 300.0, minimum=0.1),
            inbox_seconds=number("QUOTEDESK_INBOX_SECONDS", 60.0, minimum=0.1),
            sync_seconds=number("QUOTEDESK_SYNC_SECONDS", 60.0, minimum=0.1),
            feed_poll_seconds=number("QUOTEDESK_FEED_POLL_SECONDS", 900.0),
            alert_warn_minutes=number("QUOTEDESK_ALERT_WARN_MINUTES", 15.0),
            stop_grace_seconds=number("QUOTEDESK_STOP_GRACE_SECONDS", 10.0),
        )
