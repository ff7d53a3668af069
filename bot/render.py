"""Rendering an Answer: Block Kit for Slack, plain text for the console (same content).

Slack and the console render the very same :class:`~bot.models.Answer` through the shared
helpers here (:func:`speaker_label`, :func:`quoted_words`, :func:`format_date`, ``KIND_LABELS``),
so the two never drift apart. Block Kit is built with slack_sdk's model classes, whose
``to_dict()`` validates Slack's limits (3,000 chars per section text, 150 per header, 2,000 per
button value…); :func:`to_blocks` also keeps a message under 50 blocks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.config import DEFAULT_SEEDS_DIR
from bot.models import ActorInfo, Answer, SpeakerGroup, StatementHit, red_line_label
from folding import fold

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_date(value: str | None) -> str:
    """``2022-01-14`` → ``14 Jan 2022``; ``2025-03`` → ``Mar 2025``; None → ``date unknown``."""
    if not value:
        return "date unknown"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return parts[0]


KIND_LABELS = {"direct": "verbatim", "indirect": "reported", "mixed": "reported, partly quoted"}


_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "eux", "on", "t-il", "t-elle", "t-on"}
_SPEAKERS_FILE = "speakers.json"
_PRONOUN_KEYS = ("pronouns_person", "pronouns_plural", "pronouns_last_mentioned")


@lru_cache(maxsize=1)
def _anaphora() -> frozenset[str]:
    """Pronouns and anaphora ('il', '-il', 'ce dernier', 'celle-ci', "l'intéressé"), folded:
    the extraction lexicon's lists, which name nobody on their own."""
    words = set(_PRONOUNS)
    try:
        data = json.loads((DEFAULT_SEEDS_DIR / _SPEAKERS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    for key in _PRONOUN_KEYS:
        listed = data.get(key, []) if isinstance(data, dict) else []
        words.update(fold(str(w)).strip().lstrip("-") for w in listed if str(w).strip())
    return frozenset(words)


def written_form(speaker: str | None, speaker_text: str | None) -> str | None:
    """How the article named the speaker, when that adds something to the canonical name.

    Pronouns and anaphora ("-il", "elle", "(Ce dernier)", "celui-ci") add nothing for a
    reader and are left out; for an unknown speaker the words as written are all there is,
    so they are kept unless they are only such a word.
    """
    if not speaker_text:
        return None
    written = " ".join(speaker_text.split()).strip("()[] ").lstrip("-").strip()
    if not written or written == speaker:
        return None
    if fold(written).lstrip("-") in _anaphora():
        return None
    return written


def speaker_label(hit: StatementHit) -> str:
    """Canonical speaker, plus the words the article used when they differ."""
    speaker = hit.speaker or "Unknown speaker"
    written = written_form(hit.speaker, hit.speaker_text)
    if written:
        speaker += f" ({written})"
    return speaker


QUOTE_MARKS = set('«"“„‹')


def quoted_words(hit: StatementHit, text: str | None = None) -> str:
    """Verbatim words between « », reported words as they are."""
    words = hit.text if text is None else text
    if hit.kind != "direct" or words[:1] in QUOTE_MARKS:
        return words  # verbatim words come with the marks they were published in
    return f"«{words}»"


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


def hit_text(hit: StatementHit) -> str:
    why = red_line_label(hit.red_line_kind, hit.red_line_trigger)
    badge = (f"  [RED LINE · {why}]" if why else "  [RED LINE]") if hit.red_line else ""
    link = source_link(hit)
    source = " — ".join(source_parts(hit)) + (f" <{link}>" if link else "")
    return (
        f"{speaker_label(hit)} — {format_date(hit.said_on)} — {KIND_LABELS[hit.kind]}{badge}\n"
        f"  {quoted_words(hit)}\n"
        f"  {source.strip()}"
    )


_SLACK_LINK = re.compile(r"<(?P<url>[^|<>]+)\|(?P<label>[^<>]+)>")
_SLACK_BOLD = re.compile(r"(?<![\w*])\*(?P<text>[^*\n]+)\*(?![\w*])")
_SLACK_ITALIC = re.compile(r"(?<![\w_])_(?P<text>[^_\n]+)_(?![\w_])")
_SLACK_CODE = re.compile(r"`(?P<text>[^`\n]+)`")
_EMOJI = re.compile(r":(?P<name>[a-z0-9_+-]+):")
_EMOJI_TEXT = {"red_circle": "●", "warning": "!", "white_check_mark": "✓",
               "newspaper": "", "bell": "", "mag": ""}


def terminal_text(text: str, color: bool = False) -> str:
    """Slack mrkdwn made readable in a terminal: ``<url|label>`` → ``label (url)``,
    ``*bold*`` → bold (ANSI when ``color``), ``_italic_`` and `` `code` `` unwrapped,
    ``:red_circle:`` → ●, other ``:emoji:`` dropped, ``&lt;`` entities decoded."""
    bold = ("\033[1m", "\033[0m") if color else ("", "")
    text = _SLACK_LINK.sub(lambda m: f"{m['label']} ({m['url']})", text)
    text = _SLACK_BOLD.sub(lambda m: f"{bold[0]}{m['text']}{bold[1]}", text)
    text = _SLACK_ITALIC.sub(lambda m: m["text"], text)
    text = _SLACK_CODE.sub(lambda m: m["text"], text)
    text = _EMOJI.sub(lambda m: _EMOJI_TEXT.get(m["name"], ""), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def to_text(answer: Answer, console: bool = False) -> str:
    """Plain-text rendering of an answer for the console and `quotedesk ask` (``console``:
    the "more results" hint names the console's ``more``)."""
    lines: list[str] = []
    if answer.title:
        lines.append(answer.title)
    if answer.message:
        lines.append(answer.message)
    for hit in answer.hits:
        lines.append(hit_text(hit))
    for group in answer.groups:
        lines.append(f"{group.speaker} ({_plural(group.count, 'statement')})")
        lines.append("  " + hit_text(group.best).replace("\n", "\n  "))
    for actor in answer.actors:
        aliases = ", ".join(actor.aliases)
        lines.append(f"{actor.name} [{actor.kind}] — {_plural(actor.statement_count, 'statement')}"
                     + (f" — also: {aliases}" if aliases else ""))
    if answer.suggestions:
        lines.append("Did you mean: " + ", ".join(answer.suggestions) + "?")
    if answer.next_cursor:
        lines.append("(more results: type `more`)" if console else
                     "(more results: ask again with --cursor " + answer.next_cursor + ")")
    return "\n".join(lines)


def to_json(answer: Answer) -> dict[str, object]:
    """The `quotedesk ask --json` object."""
    hits = answer.hits or [group.best for group in answer.groups]
    return {
        "command": answer.command,
        "query": answer.query,
        "actor": answer.actor,
        "message": answer.message,
        "is_error": answer.is_error,
        "next_cursor": answer.next_cursor,
        "results": [
            {
                "doc": hit.url or hit.doc,
                "speaker": hit.speaker,
                "speaker_text": hit.speaker_text,
                "kind": hit.kind,
                "text": hit.text,
                "said_on": hit.said_on,
                "source": hit.source,
                "title": hit.title,
                "red_line": hit.red_line,
                "red_line_kind": hit.red_line_kind,
                "red_line_trigger": hit.red_line_trigger,
                "score": hit.score,
            }
            for hit in hits
        ],
        "groups": [{"speaker": g.speaker, "count": g.count} for g in answer.groups],
        "actors": [
            {"name": a.name, "kind": a.kind, "aliases": a.aliases,
             "statements": a.statement_count}
            for a in answer.actors
        ],
    }


# --------------------------------------------------------------------------------------------
# Block Kit
# --------------------------------------------------------------------------------------------

MAX_BLOCKS = 50
MAX_SECTION_CHARS = SectionBlock.text_max_length  # 3000
MAX_HEADER_CHARS = HeaderBlock.text_max_length  # 150
MAX_BUTTON_VALUE = ButtonElement.value_max_length  # 2000
MAX_QUOTE_CHARS = 1200
MAX_CONTEXT_CHARS = 400
MAX_FALLBACK_CHARS = 2000
ACTION_MORE = "quotedesk_more"
ACTION_SHARE = "quotedesk_share"
_FOOTER_BLOCKS = 4  # summary, "more not shown", suggestions, actions


def cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` chars, on a word boundary, ending with "…"."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-–—«(\"'") + "…"


def escape(text: str) -> str:
    """Slack mrkdwn escaping of user or article text (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]{2,})&gt;")


def escape_keeping_mentions(text: str) -> str:
    """Escaping that leaves Slack user mentions (``<@U123>``) working: "added by <@U1>"
    shows a name, not ``&lt;@U1&gt;``; any other markup stays escaped."""
    return _ESCAPED_MENTION.sub(r"<@\1>", escape(text))


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


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=cut(text, MAX_SECTION_CHARS))


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(text))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[_mrkdwn(cut(text, MAX_SECTION_CHARS))])


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=cut(text or "Quotedesk", MAX_HEADER_CHARS)))


def _link(hit: StatementHit) -> str:
    label = escape(" — ".join(source_parts(hit)) or "source")
    if hit.url and hit.url.startswith(("http://", "https://")):
        return f"<{hit.url}|{label.replace('|', '¦')}>"
    link = source_link(hit)
    return f"{label} (`{escape(link)}`)" if link else label


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
        f"{words}\n{_link(hit)}"
    )


def _hit_blocks(hit: StatementHit) -> list[Block]:
    blocks: list[Block] = [_section(hit_mrkdwn(hit))]
    if hit.context and hit.context.strip() and hit.context.strip() != hit.text.strip():
        blocks.append(_context(escape(cut(hit.context, MAX_CONTEXT_CHARS))))
    return blocks


def _group_blocks(group: SpeakerGroup) -> list[Block]:
    plural = "s" if group.count != 1 else ""
    head = f"*{escape(group.speaker)}* — {group.count} statement{plural}\n"
    return [_section(head + hit_mrkdwn(group.best))]


def _actor_lines(actors: Sequence[ActorInfo]) -> list[str]:
    lines = []
    for actor in actors:
        line = (f"*{escape(actor.name)}* [{escape(actor.kind)}] — "
                f"{_plural(actor.statement_count, 'statement')}")
        if actor.aliases:
            line += " — also: " + escape(", ".join(actor.aliases))
        lines.append(cut(line, 600))
    return lines


def _pack_lines(lines: Iterable[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Join lines into texts of at most ``limit`` chars each (one per section)."""
    texts: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > limit:
            texts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        texts.append(current)
    return texts


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
    text = f"{shown} {noun}{'s' if shown != 1 else ''}"
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
        return [[_section(text)] for text in _pack_lines(_actor_lines(answer.actors))]
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
        blocks.append(_header(answer.title or f"{answer.command} {answer.query}".strip()))
    if shared_by:
        blocks.append(_context(f"Shared by <@{escape(shared_by)}>"))
    if answer.message:
        blocks.append(_section(escape_keeping_mentions(answer.message)))
    items = _body_blocks(answer)
    if answer.kind == "results" and not items and not answer.message:
        blocks.append(_section("No statements found. Try fewer words, or `help`."))
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
        blocks.append(_context(_summary(answer, shown if answer.kind != "actors"
                                        else len(answer.actors))))
    if shown < len(items) and answer.kind != "actors":
        blocks.append(_context(f"{len(items) - shown} more not shown here (message size limit)."))
    if answer.suggestions:
        blocks.append(_context("Did you mean: " + escape(", ".join(answer.suggestions)) + "?"))
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


def home_view(
    stats: Mapping[str, Any],
    examples: Sequence[str],
    subscriptions: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The App Home tab: what the bot is, subscriptions visible to the user, stats, examples.

    ``subscriptions``: (channel id, label) pairs; None leaves the section out.
    """
    blocks: list[Block] = [
        _header("Quotedesk"),
        _section(
            "Quotedesk finds *who said what, and when* in the news articles it has indexed: "
            "verbatim and reported statements, the date they were said, the outlet and a link. "
            "Answers are private to you until you press *Share in channel*."
        ),
        DividerBlock(),
        _section(
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
        texts = _pack_lines(["*Channel alerts you can see*", *lines])
        blocks.extend(_section(text) for text in texts[:20])
    blocks.append(DividerBlock())
    example_lines = [f"• `{escape(e)}`" for e in examples]
    blocks.extend(_section(t) for t in _pack_lines(["*Try*", *example_lines]))
    blocks.append(_context("Type `/quote help` (or any command with `help`) for usage; "
                           "mention @Quotedesk with a question in a channel."))
    return {"type": "home", "blocks": [b.to_dict() for b in blocks[:100]]}
