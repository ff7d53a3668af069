"""A slash command's :class:`~bot.models.Answer` as a Slack message (Block Kit + fallback).

The console renders the same answer from the same parts (:mod:`.console`). :func:`to_blocks`
keeps a message under 50 blocks, each within Slack's limits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock

from bot.models import ActorInfo, Answer, SpeakerGroup, StatementHit, red_line_label
from bot.render.parts import (
    KIND_LABELS,
    context,
    cut,
    escape,
    escape_keeping_mentions,
    format_date,
    header,
    link,
    pack_lines,
    plural,
    quoted,
    section,
    written_form,
)

MAX_BLOCKS = 50
MAX_BUTTON_VALUE = ButtonElement.value_max_length  # 2000
MAX_QUOTE_CHARS = 1200
MAX_CONTEXT_CHARS = 400
MAX_FALLBACK_CHARS = 2000
ACTION_MORE = "quotedesk_more"
ACTION_SHARE = "quotedesk_share"
_FOOTER_BLOCKS = 4  # summary, "more not shown", suggestions, actions


def speaker_label(hit: StatementHit) -> str:
    """Canonical speaker, plus the words the article used when they differ."""
    speaker = hit.speaker or "Unknown speaker"
    written = written_form(hit.speaker, hit.speaker_text)
    if written:
        speaker += f" ({written})"
    return speaker


def quoted_words(hit: StatementHit, text: str | None = None) -> str:
    """Verbatim words between « », reported words as they are."""
    return quoted(hit.kind, hit.text if text is None else text)


def source_parts(hit: StatementHit) -> list[str]:
    """What the source line shows, in order: outlet, headline, the article's date — each
    only when known (never "unknown outlet")."""
    parts = [hit.source or "", cut(hit.title, 110) if hit.title else ""]
    if hit.published_on:
        parts.append(format_date(hit.published_on))
    return [p for p in parts if p]


def source_link(hit: StatementHit) -> str:
    """The article's address; the file it came from only when it has none."""
    if hit.url:
        return hit.url
    return hit.doc.rstrip("/").rsplit("/", 1)[-1] if hit.doc else ""


@dataclass(frozen=True)
class ActionValue:
    """What a "More" or "Share" button carries: enough to re-run the same command."""

    command: str
    query: str
    cursor: str | None = None

    def encode(self) -> str:
        return json.dumps({"c": self.command, "q": self.query, "p": self.cursor},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> ActionValue:
        """Parse a button value; ValueError when it is not one of ours."""
        try:
            data = json.loads(value)
        except (TypeError, json.JSONDecodeError) as exc:
            raise ValueError("not a Quotedesk button value") from exc
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            raise ValueError("not a Quotedesk button value")
        cursor = data.get("p")
        return cls(str(data["c"]), str(data.get("q") or ""),
                   str(cursor) if cursor is not None else None)


def _source(hit: StatementHit) -> str:
    label = " — ".join(source_parts(hit)) or "source"
    if hit.url and hit.url.startswith(("http://", "https://")):
        return link(hit.url, label)
    where = source_link(hit)
    return f"{escape(label)} (`{escape(where)}`)" if where else escape(label)


def hit_mrkdwn(hit: StatementHit) -> str:
    """One statement as mrkdwn: speaker, date said, kind, red-line badge, words, source."""
    speaker = f"*{escape(hit.speaker or 'Unknown speaker')}*"
    written = written_form(hit.speaker, hit.speaker_text)
    if written:
        speaker += f" ({escape(written)})"
    badge = ""
    if hit.red_line:
        why = red_line_label(hit.red_line_kind, hit.red_line_trigger) or hit.red_line_rule
        rule = f" · {escape(why)}" if why else ""
        badge = f"  :red_circle: *RED LINE*{rule}"
    words = escape(quoted_words(hit, cut(hit.text, MAX_QUOTE_CHARS)))
    words = f">{words}" if hit.kind == "direct" else f">_{words}_"
    return (
        f"{speaker} · {format_date(hit.said_on)} · {KIND_LABELS[hit.kind]}{badge}\n"
        f"{words}\n{_source(hit)}"
    )


def _hit_blocks(hit: StatementHit) -> list[Block]:
    blocks: list[Block] = [section(hit_mrkdwn(hit))]
    if hit.context and hit.context.strip() and hit.context.strip() != hit.text.strip():
        blocks.append(context(escape(cut(hit.context, MAX_CONTEXT_CHARS))))
    return blocks


def _group_blocks(group: SpeakerGroup) -> list[Block]:
    head = f"*{escape(group.speaker)}* — {plural(group.count, 'statement')}\n"
    return [section(head + hit_mrkdwn(group.best))]


def _actor_lines(actors: Sequence[ActorInfo]) -> list[str]:
    lines = []
    for actor in actors:
        line = (f"*{escape(actor.name)}* [{escape(actor.kind)}] — "
                f"{plural(actor.statement_count, 'statement')}")
        if actor.aliases:
            line += " — also: " + escape(", ".join(actor.aliases))
        lines.append(cut(line, 600))
    return lines


def _summary(answer: Answer, shown: int) -> str:
    if answer.kind == "who":
        noun = "speaker"
        count = len(answer.groups)
    elif answer.kind == "actors":
        noun = "actor"
        count = len(answer.actors)
    else:
        noun = "statement"
        count = len(answer.hits)
    total = answer.total if answer.total is not None and answer.total >= count else None
    text = plural(shown, noun)
    if total is not None and total != shown:
        text += f" of {total}"
    if answer.actor:
        text += f" · actor: *{escape(answer.actor)}*"
    if answer.query:
        text += f" · `{escape(cut(answer.command + ' ' + answer.query, 200))}`"
    return text


def _buttons(answer: Answer, cursor: str | None) -> ActionsBlock | None:
    elements: list[ButtonElement] = []
    if answer.next_cursor:
        value = ActionValue(answer.command, answer.query, answer.next_cursor).encode()
        if len(value) <= MAX_BUTTON_VALUE:
            elements.append(ButtonElement(text="More", action_id=ACTION_MORE, value=value))
    value = ActionValue(answer.command, answer.query, cursor).encode()
    if len(value) <= MAX_BUTTON_VALUE:
        elements.append(ButtonElement(text="Share in channel", action_id=ACTION_SHARE,
                                      value=value, style="primary"))
    return ActionsBlock(elements=elements) if elements else None


def _body_blocks(answer: Answer) -> list[list[Block]]:
    """The answer's items, each a small list of blocks kept together."""
    if answer.kind == "who":
        return [_group_blocks(g) for g in answer.groups]
    if answer.kind == "actors":
        return [[section(text)] for text in pack_lines(_actor_lines(answer.actors))]
    return [_hit_blocks(hit) for hit in answer.hits]


def to_blocks(
    answer: Answer,
    *,
    cursor: str | None = None,
    shared_by: str | None = None,
    interactive: bool = True,
) -> list[dict[str, Any]]:
    """Block Kit for ``answer`` (at most 50 blocks, each within Slack's limits).

    ``cursor`` is the page this answer is (carried by "Share in channel" so the share shows
    the same page); ``shared_by`` (a user id) adds "shared by @user"; ``interactive=False``
    drops the buttons (messages posted to a channel).
    """
    blocks: list[Block] = []
    if answer.title or answer.kind != "message":
        blocks.append(header(answer.title or f"{answer.command} {answer.query}".strip()))
    if shared_by:
        blocks.append(context(f"Shared by <@{escape(shared_by)}>"))
    if answer.message:
        blocks.append(section(escape_keeping_mentions(answer.message)))
    items = _body_blocks(answer)
    if answer.kind == "results" and not items and not answer.message:
        blocks.append(section("No statements found. Try fewer words, or `help`."))
    room = MAX_BLOCKS - len(blocks) - _FOOTER_BLOCKS
    shown = 0
    for item in items:
        if len(item) > room:
            break
        if shown:
            blocks.append(DividerBlock())
            room -= 1
        blocks.extend(item)
        room -= len(item)
        shown += 1
    if answer.kind != "message" and items:
        blocks.append(context(_summary(answer, shown if answer.kind != "actors"
                                       else len(answer.actors))))
    if shown < len(items) and answer.kind != "actors":
        blocks.append(context(f"{len(items) - shown} more not shown here (message size limit)."))
    if answer.suggestions:
        blocks.append(context("Did you mean: " + escape(", ".join(answer.suggestions)) + "?"))
    if interactive and answer.kind != "message" and items and not answer.is_error:
        actions = _buttons(answer, cursor)
        if actions is not None:
            blocks.append(actions)
    return [block.to_dict() for block in blocks[:MAX_BLOCKS]]


def fallback_text(answer: Answer, shared_by: str | None = None) -> str:
    """The notification / accessibility text sent alongside the blocks."""
    prefix = f"Shared by <@{shared_by}>: " if shared_by else ""
    if answer.kind == "message" or not (answer.hits or answer.groups or answer.actors):
        body = answer.message or answer.title or "No statements found."
        return cut(prefix + escape(body), MAX_FALLBACK_CHARS)
    title = answer.title or f"{answer.command} {answer.query}".strip()
    first = answer.hits[0] if answer.hits else answer.groups[0].best if answer.groups else None
    line = f"{title}"
    if first is not None:
        words = quoted_words(first, cut(first.text, 200))
        line += f" — {first.speaker or 'Unknown speaker'}: {words}"
    elif answer.actors:
        line += " — " + ", ".join(a.name for a in answer.actors[:10])
    return cut(prefix + escape(line), MAX_FALLBACK_CHARS)


def to_message(
    answer: Answer,
    *,
    cursor: str | None = None,
    shared_by: str | None = None,
    interactive: bool = True,
) -> dict[str, Any]:
    """``{"text": fallback, "blocks": [...]}`` ready for chat.postMessage or respond()."""
    return {
        "text": fallback_text(answer, shared_by),
        "blocks": to_blocks(answer, cursor=cursor, shared_by=shared_by,
                            interactive=interactive),
    }
