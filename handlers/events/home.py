"""The App Home tab: what Quotedesk is, corpus stats, examples."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.commands import COMMANDS
from bot.render import home_view
from handlers import services
from store.articles import corpus_stats


def publish_home(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    store = services(context).store
    stats = corpus_stats(store.db)
    examples = [example for spec in COMMANDS.values() for example in spec.examples[:1]]
    client.views_publish(user_id=str(event["user"]), view=home_view(stats, examples))
