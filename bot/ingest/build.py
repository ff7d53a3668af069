"""Raw document text → a cleaned :class:`~bot.models.Article`.

Order: header line → units → drop credits/promos, read byline → blocks (headings, glued
text repaired) → title → dateline → embed trailers → teasers, trailing bios and dangling
headings → outlet and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest import clean
from bot.ingest.errors import IngestError
from bot.ingest.header import (
    Header,
    outlet_from_host,
    outlet_from_name,
    parse_byline,
    parse_header,
    parse_source_line,
    parse_stamp,
    read_dateline,
    resolve_date,
)
from bot.ingest.metadata import Metadata
from bot.ingest.rules import Rules
from bot.ingest.structure import (
    Unit,
    looks_like_heading,
    looks_like_word_list,
    paragraph_blocks,
    repair,
    split_units,
)
from bot.models import Article, Block, DatePrecision
from folding import fold

__all__ = ["Metadata", "build_article"]

TITLE_MAX_CHARS = 250
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“A-ZÀ-Þ])")


@dataclass
class _Found:
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    dateline_agency: str | None = None  # a dispatch's own agency: the outlet when no other
    place: str | None = None
    text_outlets: list[str] = field(default_factory=list)
    source_outlets: list[str] = field(default_factory=list)  # from 'Le Monde — 12 mars 2025'
    removed: list[str] = field(default_factory=list)
    stated_day: str | None = None


def build_article(
    doc: str,
    text: str,
    rules: Rules,
    *,
    path: str | None = None,
    units: list[Unit] | None = None,
    meta: Metadata | None = None,
) -> Article:
    """Clean ``text`` (or pre-split ``units``) into an Article; IngestError when nothing is left."""
    meta = meta or Metadata()
    where = path or doc  # what an error message names
    header: Header | None = None
    if units is None:
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            raise IngestError(where, "no text")
        header = parse_header(lines[first])
        if header is not None:
            lines = [header.rest, *lines[first + 1 :]]
        if looks_like_word_list(lines):
            raise IngestError(where, "not an article (a list of words, one per line)")
        units = split_units(lines)
    if not units:
        raise IngestError(where, "no article text (only a header line)" if header else "no text")
    url = meta.url or (header.url if header else None)

    found = _Found()
    kept = _drop_junk_units(units, rules, found)
    blocks = _to_blocks(kept, rules)
    title, blocks = _take_title(blocks, meta.title, found)
    blocks = _take_dateline(blocks, rules, found)
    blocks = _strip_trailers(blocks, found)
    blocks = _drop_teasers_and_tails(blocks, rules, found)
    if not any(b.kind == "paragraph" for b in blocks):
        raise IngestError(where, "no article text" + (" (only a header line)" if header else ""))
    if not any(clean.is_french_prose(b.text, rules) for b in blocks if b.kind == "paragraph"):
        raise IngestError(where, "no French article text (a word list, or another language?)")
    if not title:
        title = _title_from_text(blocks)

    body = "\n\n".join(b.text for b in blocks)
    published_on: str | None
    precision: DatePrecision
    if meta.published_on:
        published_on, precision = meta.published_on, meta.date_precision
    else:
        published_on, precision = resolve_date(header, url, body, rules, found.stated_day)
    return Article(
        doc=doc,
        title=title,
        blocks=blocks,
        source=_outlet(url, meta, found, rules),
        agency=found.agency,
        url=url,
        path=path,
        published_on=published_on,
        date_precision=precision,
        authors=meta.authors or found.authors,
        dateline_place=found.place,
        removed_lines=found.removed,
    )


def _drop_junk_units(units: list[Unit], rules: Rules, found: _Found) -> list[Unit]:
    kept: list[Unit] = []
    for unit in units:
        text = unit.text
        if clean.is_credit(text, rules):
            found.removed.append(text)
            continue
        sign_off = clean.signoff(text, rules)
        if sign_off is not None:
            found.removed.append(text)
            outlet, agencies = sign_off
            if outlet:
                found.text_outlets.append(outlet)
            found.agency = found.agency or (agencies[0] if agencies else None)
            continue
        is_stamp, day = parse_stamp(text, rules)
        if is_stamp:
            found.removed.append(text)
            found.stated_day = found.stated_day or day
            continue
        if clean.is_web_notice(text, rules):
            found.removed.append(text)
            continue
        source = parse_source_line(text, rules) if unit.kind is None else None
        if source is not None:
            found.removed.append(text)
            found.stated_day = found.stated_day or source.day
            if source.outlet:
                found.source_outlets.append(source.outlet)
            continue
        if clean.is_promo(text, rules):
            found.removed.append(text)
            outlet = clean.promo_outlet(text, rules)
            if outlet:
                found.text_outlets.append(outlet)
            continue
        if len(kept) <= 2 and not found.authors and unit.kind is None:
            byline = parse_byline(text, rules)
            if byline is not None:
                found.authors = byline.authors
                found.agency = found.agency or byline.agency
                continue
        text, credits = clean.strip_inline_credits(text)
        found.removed.extend(credits)
        if text.strip():
            kept.append(Unit(text.strip(), unit.kind))
    return kept


def _to_blocks(units: list[Unit], rules: Rules) -> list[Block]:
    blocks: list[Block] = []
    for unit in units:
        if unit.kind == "heading" or (unit.kind is None and looks_like_heading(unit.text, rules)):
            blocks.append(Block("heading", repair(unit.text, rules)))
        else:
            blocks.extend(paragraph_blocks(unit.text, rules))
    return blocks


def _take_title(
    blocks: list[Block], meta_title: str | None, found: _Found
) -> tuple[str, list[Block]]:
    """The title: given by metadata, else a heading that opens the document."""
    if meta_title:
        if blocks and blocks[0].kind == "heading" and fold(blocks[0].text) == fold(meta_title):
            return meta_title.strip(), blocks[1:]
        return meta_title.strip(), blocks
    if blocks and blocks[0].kind == "heading":
        return blocks[0].text, blocks[1:]
    return "", blocks


def _title_from_text(blocks: list[Block]) -> str:
    """No title line: the first sentence of the first paragraph (kept in the body)."""
    first = next(b.text for b in blocks if b.kind == "paragraph")
    sentence = _first_sentence(first)
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rstrip("\"»”)")
        last_word = re.search(r"(\w+)[.!?…]$", before)
        if last_word and len(last_word.group(1)) <= 3 and last_word.group(1)[0].isupper():
            continue  # 'M.', 'Mme.', 'Dr.'
        return text[: match.start()].strip()
    return text.strip()


def _take_dateline(blocks: list[Block], rules: Rules, found: _Found) -> list[Block]:
    for index, block in enumerate(blocks[:2]):
        if block.kind != "paragraph":
            continue
        dateline = read_dateline(block.text, rules)
        if dateline is None:
            return blocks
        found.place, rest = dateline.place, dateline.rest
        if dateline.agency:
            found.agency = found.dateline_agency = dateline.agency
        found.stated_day = found.stated_day or dateline.day
        rest = rest.strip()
        if rest:
            rest = rest[0].upper() + rest[1:]
            return [*blocks[:index], Block("paragraph", rest), *blocks[index + 1 :]]
        return [*blocks[:index], *blocks[index + 1 :]]
    return blocks


def _strip_trailers(blocks: list[Block], found: _Found) -> list[Block]:
    result: list[Block] = []
    for block in blocks:
        if block.kind == "paragraph":
            text, stamp, outlet = clean.split_trailer(block.text)
            if stamp and outlet:
                found.removed.append(block.text[len(text) :].strip(" ,"))
                found.text_outlets.append(outlet)
                block = Block("paragraph", text)
        result.append(block)
    return result


def _drop_teasers_and_tails(blocks: list[Block], rules: Rules, found: _Found) -> list[Block]:
    kept: list[Block] = []
    for block in blocks:
        short = len(clean.words(block.text)) <= rules.teaser_max_words
        if clean.is_teaser(block.text, rules) and (block.kind == "heading" or short) and \
                not _quotation(block.text):
            found.removed.append(block.text)
        else:
            kept.append(block)
    tail_checked = 0
    while kept and tail_checked < rules.bio_max_trailing_lines:
        if clean.is_foreign_junk(kept[-1].text, rules):
            found.removed.append(kept.pop().text)
            tail_checked += 1
        elif kept[-1].kind == "heading" and not _quotation(kept[-1].text):
            found.removed.append(kept.pop().text)  # a headline with no text under it
        else:
            break
    while kept and kept[-1].kind == "heading" and not _quotation(kept[-1].text):
        found.removed.append(kept.pop().text)
    return kept


def _quotation(text: str) -> bool:
    """A line that opens with a quotation mark is someone's words (a quotation left open
    where the page was cut, « … qu'un an après… »), never a teaser or a bare headline."""
    return text.lstrip()[:1] in {"«", '"', "“"}


def _outlet(url: str | None, meta: Metadata, found: _Found, rules: Rules) -> str | None:
    host_outlet = outlet_from_host(url, rules)
    known_host = host_outlet is not None and host_outlet in rules.hosts.values()
    if known_host:
        return host_outlet
    if meta.outlet:
        return meta.outlet
    if found.source_outlets:
        name = found.source_outlets[0]
        return outlet_from_name(name, rules) or name
    if found.dateline_agency:
        return found.dateline_agency
    for name in found.text_outlets:
        return outlet_from_name(name, rules) or name
    return host_outlet
