"""@Quotedesk <question> in a channel: answered in a thread as a /quote search."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.mentions import answer_question
from bot.render.answers import to_message
from handlers import command_context


def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    channel = str(event.get("channel") or "")
    ctx = command_context(context, user_id=event.get("user"), channel_id=channel)
    answer = answer_question(ctx, str(event.get("text") or ""))
    client.chat_postMessage(
        channel=channel,
        thread_ts=event.get("thread_ts") or event.get("ts"),
        unfurl_links=False,
        unfurl_media=False,
        **to_message(answer, interactive=False),
    )
