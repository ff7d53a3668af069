"""The App Home tab's view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import Block, DividerBlock

from bot.render.parts import context, escape, header, pack_lines, section


def home_view(
    stats: Mapping[str, Any],
    examples: Sequence[str],
    subscriptions: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The App Home tab: what the bot is, subscriptions visible to the user, stats, examples.

    ``subscriptions``: (channel id, label) pairs; None leaves the section out.
    """
    blocks: list[Block] = [
        header("Quotedesk"),
        section(
            "Quotedesk finds *who said what, and when* in the news articles it has indexed: "
            "verbatim and reported statements, the date they were said, the outlet and a link. "
            "Answers are private to you until you press *Share in channel*."
        ),
        DividerBlock(),
        section(
            "*Corpus*\n"
            f"• {stats.get('articles', 0)} articles\n"
            f"• {stats.get('statements', 0)} statements\n"
            f"• {stats.get('actors', 0)} actors\n"
            f"• last ingest: {escape(str(stats.get('last_ingest') or 'never'))}"
        ),
    ]
    if subscriptions is not None:
        lines = [f"• <#{escape(channel)}> — {escape(label)}"
                 for channel, label in subscriptions[:40]] or ["• none yet"]
        more = len(subscriptions) - 40
        if more > 0:
            lines.append(f"…and {more} more")
        texts = pack_lines(["*Channel alerts you can see*", *lines])
        blocks.extend(section(text) for text in texts[:20])
    blocks.append(DividerBlock())
    example_lines = [f"• `{escape(e)}`" for e in examples]
    blocks.extend(section(t) for t in pack_lines(["*Try*", *example_lines]))
    blocks.append(context("Type `/quote help` (or any command with `help`) for usage; "
                          "mention @Quotedesk with a question in a channel."))
    return {"type": "home", "blocks": [b.to_dict() for b in blocks[:100]]}
