"""Lines → units → Blocks: paragraphs and section headings, glued headings split out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.clean import (
    ends_with_terminal,
    fix_abbreviations,
    fix_sentence_spacing,
    glue_points,
    last_sentence_start,
    words,
)
from bot.ingest.metadata import Metadata
from bot.ingest.rules import Rules
from bot.models import Block, BlockKind

WRAP_MIN_CHARS = 40  # a hard-wrapped line is long; a list of words is not wrapped prose
_STARTS_LOWER = re.compile(r"^[a-zß-öø-ÿ]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(?P<text>.+?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+\.\s+)")


@dataclass
class Unit:
    """One stand-alone line or paragraph of the source, before it becomes a Block."""

    text: str
    kind: BlockKind | None = None  # forced by markup (Markdown/HTML headings), else inferred


def split_units(lines: list[str]) -> list[Unit]:
    """Blank-line or line separated units; hard-wrapped lines are joined back."""
    units: list[Unit] = []
    current: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            _flush(units, current)
            current = []
            continue
        if (
            current
            and len(current[-1]) >= WRAP_MIN_CHARS
            and not ends_with_terminal(current[-1])
            and _STARTS_LOWER.match(line)
        ):
            current.append(line)  # a wrapped line continues the paragraph
            continue
        _flush(units, current)
        current = [line]
    _flush(units, current)
    return units


def _flush(units: list[Unit], current: list[str]) -> None:
    if current:
        units.append(Unit(" ".join(current)))


def looks_like_word_list(lines: list[str]) -> bool:
    """Mostly one- or two-word lines: a lexicon or a list, not an article."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < 10:
        return False
    tiny = sum(1 for line in filled if len(line.split()) <= 2)
    return tiny >= 0.7 * len(filled)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^(?P<ym>\d{4}-\d{2})(?P<d>-\d{2})?")


def front_matter(text: str) -> tuple[Metadata | None, str]:
    """A Markdown file's YAML-style front matter (title, date, url, source, author[s])."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    fields: dict[str, str] = {}
    for line in match["body"].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    meta = Metadata(
        title=fields.get("title") or None,
        url=fields.get("url") or fields.get("link") or None,
        outlet=fields.get("source") or fields.get("outlet") or None,
        authors=[
            a.strip()
            for a in re.split(r"[,;]|\bet\b", fields.get("authors") or fields.get("author") or "")
            if a.strip().strip("[]")
        ],
    )
    day = _ISO_DATE.match(fields.get("date", ""))
    if day:
        meta.published_on = day.group(0)
        meta.date_precision = "day" if day["d"] else "month"
    return meta, text[match.end() :]


def markdown_units(text: str) -> list[Unit]:
    """Markdown → units: '#' headings are headings; emphasis, links and images dropped."""
    lines: list[str] = []
    headings: set[int] = set()
    for raw in text.split("\n"):
        heading = _MD_HEADING.match(raw)
        line = heading["text"] if heading else _MD_PREFIX.sub("", raw)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(lambda m: m["text"], line)
        line = _MD_EMPHASIS.sub(lambda m: m["text"], line)
        if heading:
            lines.append("")
            headings.add(len(lines))
            lines.append(line)
            lines.append("")
        else:
            lines.append(line)
    units: list[Unit] = []
    for index, unit in _numbered_units(lines):
        if index in headings:
            unit.kind = "heading"
        units.append(unit)
    return units


def _numbered_units(lines: list[str]) -> list[tuple[int, Unit]]:
    """Like split_units, remembering the line number each unit starts at."""
    result: list[tuple[int, Unit]] = []
    start = 0
    chunk: list[str] = []
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line)
            continue
        if chunk:
            for unit in split_units(chunk):
                result.append((start, unit))
            chunk = []
    return result


def looks_like_heading(text: str, rules: Rules) -> bool:
    """A short line without final punctuation, starting like a title."""
    stripped = text.strip()
    if not stripped or stripped.endswith(","):
        return False
    if ends_with_terminal(stripped) and not _is_question_heading(stripped):
        return False
    if len(stripped) > rules.heading_max_chars:
        return False
    count = len(words(stripped))
    return 0 < count <= rules.heading_max_words and not _STARTS_LOWER.match(stripped)


def _is_question_heading(text: str) -> bool:
    """'Quelle suite pour les négociations ?' — a short question can head a section."""
    return text.endswith("?") and len(words(text)) <= 10 and text[0] not in "«\"“-–—"


def repair(text: str, rules: Rules) -> str:
    return fix_sentence_spacing(fix_abbreviations(text, rules))


def paragraph_blocks(text: str, rules: Rules) -> list[Block]:
    """A paragraph, its glued text repaired; a heading glued inside it becomes its own Block."""
    text = repair(text, rules)
    blocks: list[Block] = []
    buffer = ""
    cursor = 0
    for point in glue_points(text, rules):
        start = max(last_sentence_start(text, point, rules), cursor)
        segment = text[start:point].strip()
        if _is_glued_heading(segment, rules):
            buffer += text[cursor:start]
            _add_paragraph(blocks, buffer)
            blocks.append(Block("heading", segment))
            buffer = ""
        else:
            piece = text[cursor:point].rstrip()
            buffer += piece + ("" if ends_with_terminal(piece) else ".") + " "
        cursor = point
    _add_paragraph(blocks, buffer + text[cursor:])
    return blocks


def _is_glued_heading(segment: str, rules: Rules) -> bool:
    count = len(words(segment))
    return (
        0 < count <= rules.glued_heading_max_words
        and not ends_with_terminal(segment)
        and not _STARTS_LOWER.match(segment)
    )


def _add_paragraph(blocks: list[Block], text: str) -> None:
    cleaned = " ".join(text.split())
    if cleaned:
        blocks.append(Block("paragraph", cleaned))
