"""The Slack app: builds the Bolt App from the services (bot.services), and serves it.

``quotedesk serve`` runs Socket Mode when ``SLACK_APP_TOKEN`` is set (or ``--socket``), else HTTP
on ``$PORT`` at ``/slack/events`` (``--http`` forces it): Bolt's WSGI adapter behind a signature
check (:mod:`bot.wsgi`) on waitress, with a read timeout, a bounded thread pool, a connection cap
and a body-size limit (``QUOTEDESK_HTTP_*``), stopping gracefully on SIGTERM.
Missing or refused credentials end the start-up with a clear message and exit code 2.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore
from waitress.server import create_server

import handlers
from bot.config import Settings
from bot.services import Services
from bot.slack_client import api_base_url, make_web_client
from bot.wsgi import WSGIApp, verified_only
from handlers import actions, errors, events, slash
from store.articles import corpus_stats
from store.slack_state import prune_events

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "groups:history",
    "groups:read",
)
EXIT_CONFIG = 2


class StartupError(Exception):
    """The app cannot start; ``str()`` is the message for the person starting it."""


def oauth_enabled(settings: Settings) -> bool:
    return bool(settings.slack_client_id and settings.slack_client_secret)


def _oauth_settings(settings: Settings) -> OAuthSettings:
    path = str(settings.oauth_db_path)
    client_id = str(settings.slack_client_id)
    return OAuthSettings(
        client_id=client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=SQLite3InstallationStore(database=path, client_id=client_id),
        state_store=SQLite3OAuthStateStore(database=path, expiration_seconds=600),
    )


def build_app(
    services: Services,
    *,
    socket_mode: bool = False,
    token_verification_enabled: bool = False,
) -> App:
    """The Bolt App with every listener registered; does not open sockets.

    HTTP mode verifies request signatures with ``SLACK_SIGNING_SECRET``; Socket Mode does not
    need it. With ``SLACK_CLIENT_ID``/``SECRET`` the app installs per workspace (OAuth) and keeps
    installations in a SQLite file next to the database; otherwise it uses ``SLACK_BOT_TOKEN``.
    """
    settings = services.settings
    if not socket_mode and not settings.slack_signing_secret:
        raise StartupError("SLACK_SIGNING_SECRET is not set (needed to verify Slack requests).")
    common: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret or "socket-mode",
        "request_verification_enabled": not socket_mode,
        "logger": logging.getLogger("quotedesk.slack"),
        "raise_error_for_unhandled_request": False,
    }
    if not oauth_enabled(settings) and not settings.slack_bot_token:
        raise StartupError("SLACK_BOT_TOKEN is not set (the bot's xoxb- token).")
    # Bolt also reads SLACK_BOT_TOKEN from the environment and warns that our client (which
    # carries the same token and SLACK_API_URL) wins; that warning is noise here.
    bolt_logger = common["logger"]
    level = bolt_logger.level
    bolt_logger.setLevel(logging.ERROR)
    try:
        if oauth_enabled(settings):
            app = App(client=make_web_client(settings, token=None),
                      oauth_settings=_oauth_settings(settings), **common)
        else:
            app = App(client=make_web_client(settings),
                      token_verification_enabled=token_verification_enabled, **common)
    finally:
        bolt_logger.setLevel(level)
    app.middleware(_services_middleware(services))
    for package in (slash, actions, events, errors):
        package.register(app)
    return app


def _services_middleware(
    found: Services,
) -> Callable[[BoltContext, Callable[[], None]], None]:
    def attach_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[handlers.CONTEXT_KEY] = found
        next()

    return attach_services


# --------------------------------------------------------------------------------------------
# Start-up checks
# --------------------------------------------------------------------------------------------


def credential_problems(settings: Settings, socket_mode: bool) -> list[str]:
    """What is missing or malformed in the Slack settings, as sentences for a person."""
    problems: list[str] = []
    if not oauth_enabled(settings):
        token = settings.slack_bot_token
        if not token:
            problems.append("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token "
                            "(xoxb-…) from your app's OAuth & Permissions page.")
        elif not token.startswith("xox"):
            problems.append("SLACK_BOT_TOKEN does not look like a Slack token "
                            "(it should start with xoxb-).")
    elif bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        problems.append("Set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, or neither.")
    if socket_mode:
        app_token = settings.slack_app_token
        if not app_token:
            problems.append("Socket Mode needs SLACK_APP_TOKEN: create an app-level token "
                            "(xapp-…) with the connections:write scope on Basic Information.")
        elif not app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN should be an app-level token starting with xapp-.")
    elif not settings.slack_signing_secret:
        problems.append("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App "
                        "Credentials), or set SLACK_APP_TOKEN to use Socket Mode.")
    try:
        api_base_url(settings)
    except ValueError as exc:
        problems.append(str(exc))
    return problems


def verify_bot_token(settings: Settings) -> dict[str, Any]:
    """``auth.test`` with the bot token; StartupError with a clear reason when refused."""
    client = make_web_client(settings)
    sdk_logger = logging.getLogger("slack_sdk.web.base_client")
    level = sdk_logger.level
    sdk_logger.setLevel(logging.CRITICAL)  # the failure is reported below, in one line
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        raise StartupError(
            f"Slack refused SLACK_BOT_TOKEN ({error or 'HTTP ' + str(exc.response.status_code)})"
            ". Check that the token is the Bot User OAuth Token of an installed app."
        ) from None
    except OSError as exc:
        raise StartupError(
            f"Cannot reach the Slack Web API at {client.base_url}: {exc}"
        ) from None
    finally:
        sdk_logger.setLevel(level)
    return dict(response.data) if isinstance(response.data, dict) else {}


# --------------------------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------------------------


def wsgi_app(app: App, settings: Settings) -> WSGIApp:
    """Bolt's WSGI adapter at /slack/events (and OAuth paths), plus GET /healthz; with a
    signing secret, every POST to /slack/events is verified before Bolt sees it."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack(environ, start_response)

    if not settings.slack_signing_secret:
        return application
    return verified_only(application, EVENTS_PATH, settings.slack_signing_secret,
                         settings.http_max_body_bytes)


@dataclass
class HttpServer:
    """The HTTP mode server (waitress); ``port`` is the bound port (useful with port 0)."""

    server: Any  # waitress.server.BaseWSGIServer

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def serve_forever(self) -> None:
        """Serve until KeyboardInterrupt/SystemExit (SIGTERM raises one), then stop: open
        requests get a few seconds to finish, queued ones are dropped."""
        self.server.run()

    def shutdown(self) -> None:
        self.server.close()


def make_http_server(
    app: App, settings: Settings, port: int, host: str = "0.0.0.0"
) -> HttpServer:
    timeout = settings.http_read_timeout
    try:
        server = create_server(
            wsgi_app(app, settings),
            host=host,
            port=port,
            threads=settings.http_threads,
            connection_limit=settings.http_connection_limit,
            channel_timeout=timeout,
            cleanup_interval=max(1, min(30, timeout // 2)),
            max_request_body_size=settings.http_max_body_bytes,
            ident="quotedesk",
            expose_tracebacks=False,
        )
    except OSError as exc:
        raise StartupError(f"Cannot listen on port {port}: {exc.strerror or exc}") from None
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return HttpServer(server)


def _stop_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_socket_mode(app: App, settings: Settings) -> int:
    handler = SocketModeHandler(app, app_token=settings.slack_app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        raise StartupError(
            f"Slack refused SLACK_APP_TOKEN ({error or 'no answer'}). Check it is an app-level "
            "token with connections:write and that Socket Mode is on for the app."
        ) from None
    except Exception as exc:  # the socket client raises many kinds; all mean "not connected"
        logger.debug("socket mode connection failed", exc_info=True)
        raise StartupError(f"Cannot open the Socket Mode connection: {exc}") from None
    if not handler.client.is_connected():
        handler.close()
        raise StartupError("Cannot open the Socket Mode connection (see the errors above). "
                           "Check SLACK_APP_TOKEN and that Socket Mode is on for the app.")
    _say("Quotedesk is connected to Slack (Socket Mode). Ctrl-C to stop.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        handler.close()
    return 0


def _run_http(app: App, settings: Settings, port: int) -> int:
    server = make_http_server(app, settings, port)
    _say(f"Quotedesk is listening on http://0.0.0.0:{server.port}{EVENTS_PATH} (HTTP mode). "
         "Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def serve(
    services: Services, socket_mode: bool = False, port: int | None = None, http: bool = False
) -> int:
    """Run the Slack app until interrupted; returns the process exit code. ``http`` forces HTTP
    mode even when SLACK_APP_TOKEN is set (the Procfile's web process)."""
    settings = services.settings
    use_socket = socket_mode or (bool(settings.slack_app_token) and not http)
    problems = credential_problems(settings, use_socket)
    if problems:
        for problem in problems:
            _say(f"error: {problem}")
        _say("See README.md, section \"Connect to Slack\".")
        return EXIT_CONFIG
    _stop_on_sigterm()
    try:
        if not oauth_enabled(settings):
            identity = verify_bot_token(settings)
            logger.info("bot token ok: %s in %s", identity.get("user"), identity.get("team"))
        store = services.store
        prune_events(store.db)  # also opens and migrates the database now
        if not corpus_stats(store.db)["articles"]:
            _say(f"warning: {settings.db_path} has no articles yet; answers will be empty "
                 "until you run `quotedesk ingest <folder>`.")
        app = build_app(services, socket_mode=use_socket)
        if use_socket:
            return _run_socket_mode(app, settings)
        return _run_http(app, settings, port or settings.port)
    except StartupError as exc:
        _say(f"error: {exc}")
        return EXIT_CONFIG
    except sqlite3.Error as exc:
        _say(f"error: cannot open the database {settings.db_path}: {exc}")
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 0
