"""A channel's daily digest: what its subscriptions matched since the previous one, grouped
by speaker (red lines first)."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.models.blocks import Block

from bot.render.parts import (
    MAX_BLOCK_CHARS,
    MAX_TEXT_CHARS,
    Blocks,
    context,
    cut,
    escape,
    format_date,
    link,
    one_line,
    plural,
    quoted,
    section,
)
from store.digests import DigestItem


@dataclass
class DigestGroup:
    speaker: str
    count: int = 0
    red_lines: int = 0
    items: list[DigestItem] = field(default_factory=list)


def group_digest(items: list[DigestItem]) -> list[DigestGroup]:
    """Statements grouped by speaker, most statements first (red-line-only ones too)."""
    groups: dict[str, DigestGroup] = {}
    for item in items:
        speaker = item["speaker"] or "Unattributed"
        group = groups.setdefault(speaker, DigestGroup(speaker))
        group.count += 1
        group.red_lines += int(bool(item["red_line"]))
        group.items.append(item)
    return sorted(groups.values(), key=lambda g: (-g.red_lines, -g.count, g.speaker))


def _group_text(group: DigestGroup, per_actor: int) -> str:
    lines = [
        f"*{escape(group.speaker)}* — {plural(group.count, 'statement')}"
        + (f" ({group.red_lines} red-line)" if group.red_lines else "")
    ]
    for item in group.items[:per_actor]:
        badge = " :red_circle:" if item["red_line"] else ""
        words = escape(quoted(item["kind"], one_line(item["text"], MAX_TEXT_CHARS)))
        where = link(item["url"], item["source"] or item["title"] or item["doc"] or "article")
        lines.append(f"• {format_date(item['said_on'])}{badge} {words} — {where}")
    if group.count > per_actor:
        lines.append(f"  … and {group.count - per_actor} more")
    return cut("\n".join(lines), MAX_BLOCK_CHARS)


def render_digest(
    items: list[DigestItem],
    *,
    since: str | None,
    top_actors: int = 5,
    per_actor: int = 2,
) -> tuple[str, Blocks]:
    """The digest of what came in since the last one: (fallback text, blocks)."""
    since_text = f" since {since}" if since else ""
    if not items:
        text = (f":newspaper: Quotedesk digest — nothing new{since_text}: a digest lists the "
                "statements matching this channel's alert subscriptions (`/subscribe Peskov`, "
                "`/subscribe redlines`, `/subscriptions` to see them) that came in since the "
                "previous digest.")
        return text, [section(text).to_dict()]
    groups = group_digest(items)
    red = sum(1 for i in items if i["red_line"])
    articles = len({i["doc"] for i in items})
    summary = (
        f":newspaper: *Quotedesk digest*{since_text}: {plural(len(items), 'statement')} by "
        f"{plural(len(groups), 'speaker')} in {plural(articles, 'article')}"
        + (f", {red} red-line" if red else "")
    )
    blocks: list[Block] = [section(summary)]
    fallback = [summary.replace("*", "")]
    for group in groups[:top_actors]:
        blocks.append(section(_group_text(group, per_actor)))
        fallback.append(f"{group.speaker}: {group.count}")
    rest = groups[top_actors:]
    if rest:
        blocks.append(context(f"… and {plural(len(rest), 'more speaker')}"
                              f" ({sum(g.count for g in rest)} statements)"))
    return one_line("; ".join(fallback), MAX_BLOCK_CHARS), [b.to_dict() for b in blocks]
