"""Events: retry dedupe, the App Home tab and @mentions."""

from __future__ import annotations

from slack_bolt import App

from handlers.events.dedupe import skip_retried_events
from handlers.events.home import publish_home
from handlers.events.mention import answer_mention


def register(app: App) -> None:
    app.middleware(skip_retried_events)
    app.event("app_home_opened")(publish_home)
    app.event("app_mention")(answer_mention)
