"""Block Kit for alert and digest messages (plus their plain-text fallbacks).

Buttons carry action ids prefixed ``alert_`` and a JSON value; bot.commands.handle_alert_action
answers them.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from bot.models import red_line_label
from bot.render import format_date, written_form
from store.digests import DigestItem
from store.outbox import AlertDetail

MAX_STATEMENTS_PER_ALERT = 8
MAX_TEXT_CHARS = 700
KIND_LABEL = {"direct": "verbatim", "indirect": "reported", "mixed": "reported, partly quoted"}

Blocks = list[dict[str, Any]]


def _clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _escape(text: str) -> str:
    """Slack mrkdwn control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _words(kind: str, text: str) -> str:
    clipped = _escape(_clip(text))
    if kind != "direct" or clipped[:1] in '«"“„‹':
        return clipped  # verbatim words come with the marks they were published in
    return f"«{clipped}»"


def _link(url: str | None, label: str) -> str:
    label = _escape(label) or "article"
    if url and url.startswith(("http://", "https://")):
        return f"<{url}|{label}>"
    return label


def _red_line_badge(item: dict[str, Any]) -> str:
    """``RED LINE · threat: « … »`` (the flag's kind and words), plus the tracked red line
    that matched when it is not the flag's own kind."""
    if not (item.get("red_line") or item.get("red_line_badge")):
        return ""
    why = red_line_label(item.get("red_line_kind"), item.get("red_line_trigger"))
    rule = item.get("red_line_badge") or item.get("red_line_rule")
    badge = "  :red_circle: *RED LINE*" + (f" · {_escape(why)}" if why else "")
    if rule and rule != item.get("red_line_kind") and not (why and rule == "red line"):
        badge += f" ({_escape(str(rule))})"
    return badge


@dataclass
class AlertStatement:
    statement_id: int
    speaker: str | None
    speaker_text: str | None
    kind: str
    text: str
    said_on: str | None
    red_line: bool
    red_line_badge: str | None
    matched: list[str]
    red_line_kind: str | None = None
    red_line_trigger: str | None = None


def _statements(details: list[AlertDetail]) -> list[AlertStatement]:
    """One entry per statement (several subscriptions may match the same one)."""
    by_id: OrderedDict[int, AlertStatement] = OrderedDict()
    for row in details:
        sid = int(row["statement_id"])
        entry = by_id.get(sid)
        redline_detail = row["sub_kind"] in ("redline", "redlines")
        if entry is None:
            entry = AlertStatement(
                statement_id=sid,
                speaker=row["speaker"],
                speaker_text=row["speaker_text"],
                kind=row["kind"],
                text=row["text"],
                said_on=row["said_on"],
                red_line=bool(row["red_line"]) or redline_detail,
                red_line_badge=None,
                matched=[],
                red_line_kind=row.get("red_line_kind"),
                red_line_trigger=row.get("red_line_trigger"),
            )
            by_id[sid] = entry
        tracked = row["detail"] if row["detail"] not in (None, entry.red_line_kind) else None
        if redline_detail:
            entry.red_line = True
            entry.red_line_badge = (tracked or entry.red_line_badge or row["detail"]
                                    or row["red_line_rule"])
        elif row["red_line"] and not entry.red_line_badge and not entry.red_line_kind:
            entry.red_line_badge = row["red_line_rule"]
        if row["sub_label"] not in entry.matched:
            entry.matched.append(row["sub_label"])
    return list(by_id.values())


def open_query(details: list[AlertDetail]) -> tuple[str, str]:
    """The command a reader runs to see the full result: /quote actor + topic."""
    actor = next((d["speaker"] for d in details if d["speaker"]), None)
    topic = next((d["detail"] for d in details if d["sub_kind"] == "keyword" and d["detail"]),
                 None)
    if actor and topic:
        return "/quote", f'{actor} "{topic}"'
    if actor:
        return "/timeline", actor
    if topic:
        return "/quote", f'"{topic}"'
    return "/who", "ligne rouge"


def render_alert(details: list[AlertDetail]) -> tuple[str, Blocks]:
    """One message for one article's matches in one channel: (fallback text, blocks)."""
    if not details:
        raise ValueError("an alert needs at least one matched statement")
    first = details[0]
    statements = _statements(details)
    outlet = first["source"] or "unknown outlet"
    title = first["title"] or first["doc"]
    any_red = any(s.red_line for s in statements)
    head = ":rotating_light: Red-line alert" if any_red else ":bell: Quotedesk alert"
    blocks: Blocks = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"*{head}* — {len(statements)} new statement"
                f"{'s' if len(statements) != 1 else ''} in "
                f"{_link(first['url'], f'{outlet}: {title}')}",
            },
        }
    ]
    lines = []
    for st in statements[:MAX_STATEMENTS_PER_ALERT]:
        who = _escape(st.speaker or "Unknown speaker")
        written = written_form(st.speaker, st.speaker_text)
        if written:
            who += f" ({_escape(written)})"
        when = format_date(st.said_on or first.get("published_on"))
        matched = ", ".join(_escape(m) for m in st.matched)
        badge = _red_line_badge({"red_line": st.red_line, "red_line_badge": st.red_line_badge,
                                 "red_line_kind": st.red_line_kind,
                                 "red_line_trigger": st.red_line_trigger})
        text = (
            f"*{who}* — {when} — _{KIND_LABEL.get(st.kind, st.kind)}_{badge}\n"
            f">{_words(st.kind, st.text)}\n"
            f"Matched: {matched}"
        )
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}})
        lines.append(f"{st.speaker or 'Unknown speaker'}: {_clip(st.text, 200)}")
    more = len(statements) - MAX_STATEMENTS_PER_ALERT
    if more > 0:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"… and {more} more"}]}
        )
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": f"{_escape(outlet)} · {_link(first['url'], title)}"}
            ],
        }
    )
    command, query = open_query(details)
    elements: list[dict[str, Any]] = [
        {
            "type": "button",
            "action_id": "alert_open",
            "text": {"type": "plain_text", "text": f"Open {command}"},
            "value": json.dumps({"command": command, "text": query}, ensure_ascii=False)[:2000],
        }
    ]
    subs: OrderedDict[int, str] = OrderedDict()
    for row in details:
        subs.setdefault(int(row["subscription_id"]), row["sub_label"])
    for sub_id, label in list(subs.items())[:3]:
        elements.append(
            {
                "type": "button",
                "action_id": f"alert_mute_{sub_id}",
                "text": {"type": "plain_text", "text": _clip(f"Mute {label}", 70)},
                "value": json.dumps({"sub": sub_id}),
            }
        )
    blocks.append({"type": "actions", "block_id": "alert_actions", "elements": elements})
    fallback = f"{head}: {outlet}: {title} — " + " | ".join(lines)
    return _clip(fallback, 2900), blocks


# --------------------------------------------------------------------------------------------
# Digests
# --------------------------------------------------------------------------------------------


@dataclass
class DigestGroup:
    speaker: str
    count: int
    red_lines: int
    items: list[DigestItem]


def group_digest(items: list[DigestItem]) -> list[DigestGroup]:
    """Statements grouped by speaker, most statements first (red-line-only ones too)."""
    groups: dict[str, DigestGroup] = {}
    for item in items:
        speaker = item["speaker"] or "Unattributed"
        group = groups.setdefault(speaker, DigestGroup(speaker, 0, 0, []))
        group.count += 1
        group.red_lines += int(bool(item["red_line"]))
        group.items.append(item)
    return sorted(groups.values(), key=lambda g: (-g.red_lines, -g.count, g.speaker))


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
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    groups = group_digest(items)
    red = sum(1 for i in items if i["red_line"])
    articles = len({i["doc"] for i in items})
    summary = (
        f":newspaper: *Quotedesk digest*{since_text}: {len(items)} statement"
        f"{'s' if len(items) != 1 else ''} by {len(groups)} speaker"
        f"{'s' if len(groups) != 1 else ''} in {articles} article"
        f"{'s' if articles != 1 else ''}"
        + (f", {red} red-line" if red else "")
    )
    blocks: Blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": summary}}]
    fallback = [summary.replace("*", "")]
    for group in groups[:top_actors]:
        lines = [
            f"*{_escape(group.speaker)}* — {group.count} statement"
            f"{'s' if group.count != 1 else ''}"
            + (f" ({group.red_lines} red-line)" if group.red_lines else "")
        ]
        for item in group.items[:per_actor]:
            badge = " :red_circle:" if item["red_line"] else ""
            lines.append(
                f"• {format_date(item['said_on'])}{badge} {_words(item['kind'], item['text'])}"
                f" — {_link(item['url'], item['source'] or item['title'] or item['doc'])}"
            )
        if group.count > per_actor:
            lines.append(f"  … and {group.count - per_actor} more")
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:2900]}}
        )
        fallback.append(f"{group.speaker}: {group.count}")
    if len(groups) > top_actors:
        rest = groups[top_actors:]
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"… and {len(rest)} more speaker{'s' if len(rest) != 1 else ''}"
                        f" ({sum(g.count for g in rest)} statements)",
                    }
                ],
            }
        )
    return _clip("; ".join(fallback), 2900), blocks


def blocks_to_text(blocks: Blocks) -> str:
    """The console's rendering of a message's blocks."""
    out: list[str] = []
    for block in blocks:
        if block.get("type") == "section":
            out.append(block["text"]["text"])
        elif block.get("type") == "context":
            out.extend(e.get("text", "") for e in block.get("elements", []))
    return "\n".join(out)
