"""One alert message: the statements of one article that a channel's subscriptions matched.

Buttons carry action ids prefixed ``alert_`` and a JSON value;
bot.dispatch.handle_alert_action answers them.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.models import red_line_label
from bot.render.parts import (
    KIND_LABELS,
    MAX_BLOCK_CHARS,
    MAX_TEXT_CHARS,
    Blocks,
    context,
    cut,
    escape,
    format_date,
    link,
    one_line,
    quoted,
    section,
    written_form,
)
from store.outbox import AlertDetail

MAX_STATEMENTS_PER_ALERT = 8
MAX_MUTE_BUTTONS = 3


@dataclass
class AlertStatement:
    """One statement of the alert, with every subscription that matched it."""

    statement_id: int
    speaker: str | None
    speaker_text: str | None
    kind: str
    text: str
    said_on: str | None
    red_line: bool
    red_line_badge: str | None  # the tracked red line (or rule) to name beside the badge
    matched: list[str] = field(default_factory=list)
    red_line_kind: str | None = None
    red_line_trigger: str | None = None

    def badge(self) -> str:
        """``RED LINE · threat: « … »`` (the flag's kind and words), plus the tracked red
        line that matched when it is not the flag's own kind."""
        if not (self.red_line or self.red_line_badge):
            return ""
        why = red_line_label(self.red_line_kind, self.red_line_trigger)
        rule = self.red_line_badge
        badge = "  :red_circle: *RED LINE*" + (f" · {escape(why)}" if why else "")
        if rule and rule != self.red_line_kind and not (why and rule == "red line"):
            badge += f" ({escape(str(rule))})"
        return badge


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


def _statement_text(st: AlertStatement, published_on: str | None) -> str:
    who = escape(st.speaker or "Unknown speaker")
    written = written_form(st.speaker, st.speaker_text)
    if written:
        who += f" ({escape(written)})"
    when = format_date(st.said_on or published_on)
    matched = ", ".join(escape(m) for m in st.matched)
    words = escape(quoted(st.kind, one_line(st.text, MAX_TEXT_CHARS)))
    return cut(
        f"*{who}* — {when} — _{KIND_LABELS.get(st.kind, st.kind)}_{st.badge()}\n"
        f">{words}\n"
        f"Matched: {matched}",
        MAX_BLOCK_CHARS,
    )


def _buttons(details: list[AlertDetail]) -> ActionsBlock:
    command, query = open_query(details)
    elements = [
        ButtonElement(
            text=f"Open {command}",
            action_id="alert_open",
            value=json.dumps({"command": command, "text": query}, ensure_ascii=False)[:2000],
        )
    ]
    subs: OrderedDict[int, str] = OrderedDict()
    for row in details:
        subs.setdefault(int(row["subscription_id"]), row["sub_label"])
    for sub_id, label in list(subs.items())[:MAX_MUTE_BUTTONS]:
        elements.append(
            ButtonElement(
                text=one_line(f"Mute {label}", 70),
                action_id=f"alert_mute_{sub_id}",
                value=json.dumps({"sub": sub_id}),
            )
        )
    return ActionsBlock(block_id="alert_actions", elements=elements)


def render_alert(details: list[AlertDetail]) -> tuple[str, Blocks]:
    """One message for one article's matches in one channel: (fallback text, blocks)."""
    if not details:
        raise ValueError("an alert needs at least one matched statement")
    first = details[0]
    statements = _statements(details)
    outlet = first["source"] or "unknown outlet"
    title = first["title"] or first["doc"]
    head = (":rotating_light: Red-line alert" if any(s.red_line for s in statements)
            else ":bell: Quotedesk alert")
    count = len(statements)
    blocks: list[Block] = [
        section(f"*{head}* — {count} new statement{'s' if count != 1 else ''} in "
                f"{link(first['url'], f'{outlet}: {title}')}")
    ]
    lines = []
    for st in statements[:MAX_STATEMENTS_PER_ALERT]:
        blocks.append(section(_statement_text(st, first.get("published_on"))))
        lines.append(f"{st.speaker or 'Unknown speaker'}: {one_line(st.text, 200)}")
    more = count - MAX_STATEMENTS_PER_ALERT
    if more > 0:
        blocks.append(context(f"… and {more} more"))
    blocks.append(context(f"{escape(outlet)} · {link(first['url'], title or 'article')}"))
    blocks.append(_buttons(details))
    fallback = f"{head}: {outlet}: {title} — " + " | ".join(lines)
    return one_line(fallback, MAX_BLOCK_CHARS), [b.to_dict() for b in blocks]
