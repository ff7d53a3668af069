"""The parts every message is made of: dates, kinds, speakers, quoted words, escaping,
cutting, links, and Block Kit blocks (slack_sdk's classes, whose ``to_dict()`` checks Slack's
limits: 3,000 chars per section text, 150 per header…)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.config import DEFAULT_SEEDS_DIR
from folding import fold

Blocks = list[dict[str, Any]]  # blocks as sent to Slack (``Block.to_dict()``)

#: A statement's words in an alert or digest line, and one Slack section block (Slack
#: refuses section text over 3000 characters).
MAX_TEXT_CHARS = 700
MAX_BLOCK_CHARS = 2900

MAX_SECTION_CHARS = SectionBlock.text_max_length  # 3000
MAX_HEADER_CHARS = HeaderBlock.text_max_length  # 150

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
KIND_LABELS = {"direct": "verbatim", "indirect": "reported", "mixed": "reported, partly quoted"}
QUOTE_MARKS = set('«"“„‹')


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


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


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


def quoted(kind: str, words: str) -> str:
    """Verbatim words between « » (unless published with their own marks); reported words
    as they are."""
    if kind != "direct" or words[:1] in QUOTE_MARKS:
        return words
    return f"«{words}»"


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


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``limit``."""
    return cut(" ".join(text.split()), limit)


def escape(text: str) -> str:
    """Slack mrkdwn escaping of user or article text (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]{2,})&gt;")


def escape_keeping_mentions(text: str) -> str:
    """Escaping that leaves Slack user mentions (``<@U123>``) working: "added by <@U1>"
    shows a name, not ``&lt;@U1&gt;``; any other markup stays escaped."""
    return _ESCAPED_MENTION.sub(r"<@\1>", escape(text))


def link(url: str | None, label: str) -> str:
    """``label`` (escaped) linked to ``url`` when it is a web address, else ``label`` alone."""
    label = escape(label)
    if url and url.startswith(("http://", "https://")):
        return f"<{url}|{label.replace('|', '¦')}>"
    return label


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=cut(text, MAX_SECTION_CHARS))


def section(text: str) -> SectionBlock:
    return SectionBlock(text=mrkdwn(text))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(text)])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=cut(text or "Quotedesk", MAX_HEADER_CHARS)))


def pack_lines(lines: Iterable[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
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
