"""Button actions: "More" (next page) and "Share in channel" on answers; alert buttons."""

from __future__ import annotations

from slack_bolt import App

from bot.render.answers import ACTION_MORE, ACTION_SHARE
from handlers.actions.alerts import ALERT_ACTIONS, handle_alert_button
from handlers.actions.buttons import handle_more, handle_share


def register(app: App) -> None:
    app.action(ACTION_MORE)(handle_more)
    app.action(ACTION_SHARE)(handle_share)
    app.action(ALERT_ACTIONS)(handle_alert_button)
