"""The one error handler: log with the traceback, tell the user something polite.

The user is answered only for a request that went through the app's own middleware, i.e. one
that Bolt verified (signed HTTP request, or Socket Mode): the ``response_url`` of a request that
failed before that was never checked, and is never called.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse, Respond

from handlers import CONTEXT_KEY

logger = logging.getLogger(__name__)

POLITE = (
    "Sorry, something went wrong on my side while answering that. "
    "It has been logged; please try again in a moment."
)


def handle_error(
    error: Exception,
    body: dict[str, Any],
    context: BoltContext | None = None,
    respond: Respond | None = None,
) -> BoltResponse | None:
    kind = body.get("type") or ("slash_command" if body.get("command") else "unknown")
    verified = context is not None and context.get(CONTEXT_KEY) is not None
    if not verified:
        logger.warning("Slack request refused before it was verified: %s", error)
        return BoltResponse(status=401, body="")
    logger.exception("Slack %s failed: %s", kind, error, exc_info=error)
    if respond is not None and body.get("response_url"):
        try:
            respond(response_type="ephemeral", replace_original=False, text=POLITE)
        except Exception:
            logger.exception("could not tell the user about the error")
    return None


def register(app: App) -> None:
    app.error(handle_error)
