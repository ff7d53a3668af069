"""The App Home tab: what Quotedesk is, the alerts the user can see, corpus stats, examples."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.home import home_tab
from handlers import services


def publish_home(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    user_id = str(event["user"])
    team_id = str(context.get("team_id") or "local")
    view = home_tab(client, services(context).store, team_id, user_id)
    client.views_publish(user_id=user_id, view=view)
