"""Slack Web API clients built from Settings (token, optional base URL, 429 retries)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from bot.config import Settings

DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3
TIMEOUT_SECONDS = 15


def api_base_url(settings: Settings) -> str:
    """``SLACK_API_URL`` with exactly one trailing slash, or Slack's own API URL."""
    url = (settings.slack_api_url or DEFAULT_API_URL).strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"SLACK_API_URL must start with http:// or https://, got {url!r}")
    return url.rstrip("/") + "/"


def retry_handlers(rate_limited: bool = True) -> list[RetryHandler]:
    """Honour 429 Retry-After (unless ``rate_limited`` is False); retry a failed connection
    once.

    5xx answers are not retried here: a post may have gone through, and callers that must
    deliver (the alerts outbox) retry on their own schedule without duplicating. The outbox
    also schedules its own retry after a 429 (at Retry-After or later) rather than sleep.
    """
    handlers: list[RetryHandler] = [ConnectionErrorRetryHandler(max_retry_count=1)]
    if rate_limited:
        handlers.insert(0, RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return handlers


def make_web_client(
    settings: Settings, token: str | None = None, *, retry_rate_limited: bool = True
) -> WebClient:
    """A WebClient for the bot token (or ``token``), pointed at ``SLACK_API_URL`` if set."""
    client = WebClient(
        token=token or settings.slack_bot_token,
        base_url=api_base_url(settings),
        timeout=TIMEOUT_SECONDS,
    )
    client.retry_handlers = retry_handlers(retry_rate_limited)
    return client
