"""Plain data passed between the layers: ingest → nlp → store → search/alerts → render.

These dataclasses are the contract between modules; none of them touches SQL, spaCy or Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DatePrecision = Literal["day", "month", "year", "none"]
StatementKind = Literal["direct", "indirect", "mixed"]
ActorKind = Literal["person", "institution", "country", "unknown"]  # the store's CHECK
BlockKind = Literal["title", "heading", "paragraph"]


@dataclass
class Block:
    """A paragraph or section heading of an article's cleaned body."""

    kind: BlockKind
    text: str


@dataclass
class Article:
    """One cleaned article, ready for extraction and storage.

    ``body`` is the blocks' texts joined by a blank line ("\\n\\n"); statement offsets
    (``start``/``end``) index into ``text``: the headline, a blank line, then ``body``.
    """

    doc: str  # file base name, or the URL for web sources
    title: str
    blocks: list[Block]
    source: str | None = None  # outlet (Reuters, Sputnik France, Brut…)
    agency: str | None = None  # agency from the dateline, e.g. Reuters
    url: str | None = None
    path: str | None = None
    published_on: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or None
    date_precision: DatePrecision = "none"
    language: str = "fr"
    authors: list[str] = field(default_factory=list)
    dateline_place: str | None = None
    removed_lines: list[str] = field(default_factory=list)  # credits, teasers, bios dropped

    @property
    def body(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def headline(self) -> str | None:
        """The title when it is a headline of its own, not the body's first sentence (an
        article without a title line gets that as its title)."""
        title = self.title.strip().rstrip("…").strip()
        if not title or self.body.startswith(title):
            return None
        return self.title.strip()

    @property
    def analysed_blocks(self) -> list[Block]:
        """What extraction reads: the headline ("Les livraisons ne changeront rien, dit X"),
        then the body's blocks."""
        headline = self.headline
        return [Block("title", headline), *self.blocks] if headline else list(self.blocks)

    @property
    def text(self) -> str:
        """The analysed blocks joined like the body; statement offsets index this text."""
        return "\n\n".join(block.text for block in self.analysed_blocks)


@dataclass
class Statement:
    """Something a speaker said, found in an article."""

    kind: StatementKind
    text: str
    start: int  # char offsets into Article.text (the headline, then the body)
    end: int
    speaker: str | None  # canonical actor name, None when unknown
    speaker_text: str | None  # as written in the article ("le chef de la diplomatie russe")
    speaker_kind: ActorKind = "unknown"
    cue: str | None = None  # reporting verb/noun lemma ("déclarer", "selon")
    rule: str | None = None  # the construction that found it: quote, verb, inverted, selon…
    sentence: str = ""
    paragraph: str = ""
    heading: str | None = None
    said_on: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or None
    said_precision: DatePrecision = "none"
    red_line: bool = False
    red_line_rule: str | None = None
    red_line_kind: str | None = None  # red-line, threat, ultimatum, unacceptable, non-negotiable
    red_line_trigger: str | None = None  # the words that set the flag, as written
    confidence: float = 1.0


def red_line_label(kind: str | None, trigger: str | None) -> str:
    """Why a statement is a red line, for readers: ``threat: « ne restera pas sans réponse »``
    (empty when the flag has no kind, e.g. a statement stored before kinds existed)."""
    if not kind:
        return ""
    return f"{kind}: « {trigger} »" if trigger else kind


@dataclass
class StatementHit:
    """One statement in an answer, with what a reader needs to trust it."""

    statement_id: int
    article_id: int
    doc: str
    speaker: str | None
    speaker_text: str | None
    kind: StatementKind
    text: str
    said_on: str | None
    said_precision: DatePrecision
    source: str | None
    title: str
    url: str | None
    red_line: bool
    red_line_rule: str | None
    context: str
    score: float = 0.0
    red_line_kind: str | None = None
    red_line_trigger: str | None = None
    published_on: str | None = None  # the article's date


@dataclass
class SpeakerGroup:
    """A speaker in a ``/who`` answer: how often they spoke on the topic, and their best line."""

    speaker: str
    count: int
    best: StatementHit


@dataclass
class ActorInfo:
    name: str
    kind: str
    aliases: list[str]
    statement_count: int


@dataclass
class Answer:
    """What any command returns; rendered to Block Kit for Slack and to text for the console.

    ``kind`` tells the renderer which fields matter:
    - "results": ``hits`` (``/quote``, ``/timeline``), paginated by ``next_cursor``
    - "who": ``groups``
    - "actors": ``actors``
    - "message": ``message`` only (help, confirmations, errors — always polite, never a trace)
    """

    command: str
    query: str
    kind: Literal["results", "who", "actors", "message"] = "message"
    title: str = ""
    message: str | None = None
    actor: str | None = None
    hits: list[StatementHit] = field(default_factory=list)
    groups: list[SpeakerGroup] = field(default_factory=list)
    actors: list[ActorInfo] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    next_cursor: str | None = None
    total: int | None = None
    is_error: bool = False


@dataclass
class Mention:
    """An actor named in an article (speaker or not)."""

    actor: str
    actor_kind: str
    text: str
    start: int
    end: int


@dataclass
class Analysis:
    """What extraction found in one article."""

    statements: list[Statement] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class ActorRecord:
    """An actor as known from seeds/actors.json or discovered by NER.

    ``roles``: [{"role": "porte-parole du Kremlin", "start": "2012-05-01", "end": null}, …]
    """

    name: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    roles: list[dict[str, str | None]] = field(default_factory=list)
