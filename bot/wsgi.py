"""The HTTP front of the Slack app: nothing unverifiable ever reaches Bolt.

Every POST to the events path is read (within a size limit), decoded and its Slack signature
checked *before* Bolt sees it. A request that fails any step — an unreadable Content-Length, a
body that is not UTF-8, a timestamp that is not a whole number of seconds or is older than five
minutes, a missing or wrong signature — is answered at once (400, 401 or 413) with one log line,
and nothing in it is used: no listener runs, no error handler posts to its ``response_url``.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")


@dataclass(frozen=True)
class Refusal:
    status: str
    reason: str


BAD_LENGTH = Refusal("400 Bad Request", "unreadable Content-Length")
TOO_LARGE = Refusal("413 Content Too Large", "body too large")
SHORT_BODY = Refusal("400 Bad Request", "body shorter than its Content-Length")
NOT_UTF8 = Refusal("400 Bad Request", "body is not UTF-8")
BAD_TIMESTAMP = Refusal("401 Unauthorized", "missing or malformed X-Slack-Request-Timestamp")
BAD_SIGNATURE = Refusal("401 Unauthorized", "missing, stale or wrong X-Slack-Signature")


def read_body(environ: dict[str, Any], max_bytes: int) -> bytes | Refusal:
    """The request body, or why it cannot be read."""
    declared = str(environ.get("CONTENT_LENGTH") or "").strip()
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    if declared:
        if not declared.isdigit():
            return BAD_LENGTH
        length = int(declared)
        if length > max_bytes:
            return TOO_LARGE
        body = stream.read(length)
        return body if len(body) == length else SHORT_BODY
    body = stream.read(max_bytes + 1)
    return TOO_LARGE if len(body) > max_bytes else body


def check_signed(
    environ: dict[str, Any], body: bytes, verifier: SignatureVerifier
) -> Refusal | None:
    """None when ``body`` carries a valid, fresh Slack signature."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "").strip()
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "").strip()
    if not _TIMESTAMP.match(timestamp):
        return BAD_TIMESTAMP
    if not _SIGNATURE.match(signature) or not verifier.is_valid(text, timestamp, signature):
        return BAD_SIGNATURE
    return None


def verified_only(
    inner: WSGIApp, path: str, signing_secret: str, max_bytes: int
) -> WSGIApp:
    """``inner`` behind a signature check of every POST to ``path``."""
    verifier = SignatureVerifier(signing_secret)

    def application(
        environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST":
            return inner(environ, start_response)
        body = read_body(environ, max_bytes)
        refusal = body if isinstance(body, Refusal) else check_signed(environ, body, verifier)
        if refusal is not None:
            logger.warning("refused a request from %s: %s",
                           environ.get("REMOTE_ADDR", "?"), refusal.reason)
            start_response(refusal.status, [("Content-Type", "text/plain"),
                                            ("Content-Length", str(len(refusal.reason)))])
            return [refusal.reason.encode()]
        assert isinstance(body, bytes)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return inner(environ, start_response)

    return application
