"""The one error handler: log with the traceback, tell the user something polite."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse, Respond

logger = logging.getLogger(__name__)

POLITE = (
    "Sorry, something went wrong on my side while answering that. "
    "It has been logged; please try again in a moment."
)


def handle_error(
    error: Exception, body: dict[str, Any], respond: Respond | None = None
) -> BoltResponse | None:
    kind = body.get("type") or ("slash_command" if body.get("command") else "unknown")
    logger.exception("Slack %s failed: %s", kind, error, exc_info=error)
    if respond is not None and body.get("response_url"):
        try:
            respond(response_type="ephemeral", replace_original=False, text=POLITE)
        except Exception:
            logger.exception("could not tell the user about the error")
    return None


def register(app: App) -> None:
    app.error(handle_error)
