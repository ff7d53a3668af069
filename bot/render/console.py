"""Terminal text: answers for the console and ``quotedesk ask`` (and ``--json``), and any
Slack message's blocks made readable there."""

from __future__ import annotations

import re

from bot.models import Answer, StatementHit, red_line_label
from bot.render.answers import quoted_words, source_link, source_parts, speaker_label
from bot.render.parts import KIND_LABELS, Blocks, format_date, plural

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
        lines.append(f"{group.speaker} ({plural(group.count, 'statement')})")
        lines.append("  " + hit_text(group.best).replace("\n", "\n  "))
    for actor in answer.actors:
        aliases = ", ".join(actor.aliases)
        lines.append(f"{actor.name} [{actor.kind}] — {plural(actor.statement_count, 'statement')}"
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


def blocks_to_text(blocks: Blocks) -> str:
    """A message's blocks as text (sections and contexts, in order)."""
    out: list[str] = []
    for block in blocks:
        if block.get("type") == "section":
            out.append(block["text"]["text"])
        elif block.get("type") == "context":
            out.extend(e.get("text", "") for e in block.get("elements", []))
    return "\n".join(out)
