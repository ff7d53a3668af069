"""/quote, /who, /timeline, /actors: query parsing, actor resolution, EN⇄FR expansion, ranking.

Modules: :mod:`.query` (pure parsing), :mod:`.actors` (resolution, cached), :mod:`.expand`
(glossary), :mod:`.match` (safe FTS5 MATCH builder), :mod:`.rank` (the ranking formula).
All SQL is in store/search.py.

/quote: the first word(s) that resolve to an actor are the actor (any spelling); the rest is
the topic. A statement must match every topic concept (a word and its EN⇄FR synonyms, a
glossary phrase, a quoted phrase); if none does, statements matching any concept are shown,
with a note. ``/quote Peskov`` also returns statements of institutions Peskov is spokesperson
for (the Kremlin), below his own — the link comes from the actors' roles, see .actors.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from bot.models import ActorInfo, Answer, SpeakerGroup, StatementHit
from bot.search.actors import (
    ActorMatch,
    linked_actors,
    resolve_actor,
    resolve_lead,
    suggest_actors,
)
from bot.search.expand import (
    TopicGroup,
    expand_topic,
    expand_words,
    is_question_word,
    load_glossary,
)
from bot.search.match import STATEMENT_TERM_COLUMNS, build_match, topic_match
from bot.search.query import ParsedQuery, parse_query
from bot.search.rank import (
    FILTER_SCAN,
    LINK_WEIGHT,
    WHO_SCAN,
    WINDOW,
    order_candidates,
    statement_query,
)
from store.search import (
    StatementQuery,
    TopicTerms,
    actor_listing,
    corpus_is_empty,
    ranked_candidates,
    ranked_ids,
    speaker_counts,
    statement_hits,
    timeline_statements,
)
from store.terms import index_terms, words

if TYPE_CHECKING:
    import sqlite_utils

    from bot.context import CommandContext

__all__ = [
    "ActorMatch",
    "actors",
    "build_match",
    "expand_topic",
    "parse_query",
    "quote",
    "resolve_actor",
    "suggest_actors",
    "timeline",
    "topic_match",
    "who",
]

PAGE_SIZE = 5
WHO_LIMIT = 10
ACTORS_LIMIT = 25
CONTEXT_CHARS = 200
MAX_PAGES = 200


# ----------------------------------------------------------------------------- cursors


def _query_digest(command: str, text: str) -> str:
    normal = " ".join(text.split())
    return hashlib.sha1(f"{command}\n{normal}".encode()).hexdigest()[:10]


def encode_cursor(command: str, text: str, offset: int) -> str:
    """An opaque "more results" token, valid only for the same command and text."""
    raw = json.dumps({"o": offset, "q": _query_digest(command, text)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, command: str, text: str) -> tuple[int, bool]:
    """(offset, valid). A missing cursor is offset 0; a foreign or broken one is invalid."""
    if not cursor:
        return 0, True
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        offset = int(data["o"])
        valid = data["q"] == _query_digest(command, text) and 0 <= offset <= MAX_PAGES * 50
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        return 0, False
    return (offset, True) if valid else (0, False)


# ----------------------------------------------------------------------------- helpers


def _context_line(row: dict[str, Any]) -> str:
    text = row["text"] or ""
    for candidate in (row.get("heading"), row.get("sentence"), row.get("paragraph")):
        if candidate and candidate.strip() and candidate.strip() not in text:
            line = " ".join(candidate.split())
            return line if len(line) <= CONTEXT_CHARS else line[: CONTEXT_CHARS - 1] + "…"
    return ""


def _hit(row: dict[str, Any]) -> StatementHit:
    return StatementHit(
        statement_id=int(row["statement_id"]),
        article_id=int(row["article_id"]),
        doc=row["doc"],
        speaker=row["speaker"],
        speaker_text=row["speaker_text"],
        kind=row["kind"],
        text=row["text"],
        said_on=row["said_on"],
        said_precision=row["said_precision"] or "none",
        source=row["source"],
        title=row["title"],
        url=row["url"],
        red_line=bool(row["red_line"]),
        red_line_rule=row["red_line_rule"],
        context=_context_line(row),
        score=round(float(row["score"]), 4),
        red_line_kind=row["red_line_kind"],
        red_line_trigger=row["red_line_trigger"],
        published_on=row.get("published_on"),
    )


def _message(command: str, text: str, message: str, **extra: Any) -> Answer:
    return Answer(command, text, kind="message", message=message, **extra)


EMPTY_CORPUS = ("The database has no articles yet, so there is nothing to search. Fill it with "
                "`quotedesk ingest PATH…` (files, folders or URLs), `/feeds add <url>`, or try "
                "`quotedesk demo`.")


def _empty(command: str, text: str, db: sqlite_utils.Database) -> Answer | None:
    """The answer for a database without any article (else None)."""
    return _message(command, text, EMPTY_CORPUS) if corpus_is_empty(db) else None


def _describe(groups: list[TopicGroup], phrases_only: bool = False) -> str:
    return ", ".join(f"“{g.label}”" for g in groups if g.phrase or not phrases_only)


def _expansion_note(groups: list[TopicGroup]) -> str | None:
    """Which other-language terms were searched too (first few)."""
    glossary = load_glossary()
    extra: list[str] = []
    for group in groups:
        for alternative in group.alternatives[1:4]:
            shown = glossary.display.get(alternative)
            if shown and shown not in extra:
                extra.append(shown)
    return f"Also searched: {', '.join(extra[:6])}." if extra else None


@dataclass
class _Plan:
    """A parsed, resolved, expanded command."""

    parsed: ParsedQuery
    matches: list[ActorMatch]
    topic_words: list[str]
    groups: list[TopicGroup]
    unknown_lead: str | None  # a leading Name that resolved to no actor
    used: int = 0  # leading words taken as the actor's name
    reading: str | None = None  # how a name that is also a topic word was read
    name_typed: str = ""  # the words taken as the actor's name, as typed


def _plan(db: sqlite_utils.Database, text: str, resolve: bool, *, topic_needed: bool = True) -> (
    _Plan
):
    """Actor and topic of a command. Question words and reporting verbs (``what did … say
    about``) are never topic words, and are skipped before an actor's name. A name that is
    both an actor and a topic word (NATO, EU, Kremlin: an institution or country the glossary
    translates) is the speaker only when another word is left as the topic
    (``topic_needed``); alone, it is the topic."""
    parsed = parse_query(text)
    lead = list(parsed.lead)
    skipped = 0
    while skipped < len(lead) and is_question_word(lead[skipped]):
        skipped += 1
    lead = lead[skipped:]
    matches: list[ActorMatch] = []
    used = 0
    if resolve and lead:
        matches, used = resolve_lead(db, lead)
    rest = [w for w in parsed.words[skipped + used :] if not is_question_word(w)]
    reading = None
    if matches and _is_topic_word(lead[:used], matches):
        name = " ".join(lead[:used])
        if topic_needed and not rest and not parsed.phrases:
            reading = (f"Searched “{name}” as a topic (statements about it by anyone); "
                       f"for its own statements, add a topic or use /timeline {name}.")
            matches, used = [], 0
            rest = [w for w in parsed.words[skipped:] if not is_question_word(w)]
        else:
            reading = (f"Read “{name}” as the speaker ({matches[0].name}); to search it as "
                       f"a topic instead, put it in quotes: \"{name}\".")
    groups = expand_words(rest, parsed.phrases)
    unknown = None
    if resolve and not matches and lead and reading is None:
        first = lead[0]
        stems = tuple(index_terms(first).split())
        looks_like_name = (first[:1].isupper() and not any(ch.isdigit() for ch in first)
                           and not load_glossary().alternatives(stems))
        if looks_like_name and words(first):
            unknown = first
    return _Plan(parsed, matches, rest, groups, unknown, used, reading, " ".join(lead[:used]))


def _is_topic_word(typed: list[str], matches: list[ActorMatch]) -> bool:
    """The words naming an institution or country are also a glossary concept."""
    if not typed or any(m.kind == "person" for m in matches):
        return False
    stems = tuple(index_terms(" ".join(typed)).split())
    return bool(stems) and bool(load_glossary().alternatives(stems))


def _untranslated_note(groups: list[TopicGroup], prefix: str = "") -> str:
    """Words typed that the glossary has no equivalent for (searched as written)."""
    glossary = load_glossary()
    missing = [g.label for g in groups
               if not g.phrase and g.label[:1].islower()
               and not any(ch.isdigit() for ch in g.label)
               and len(g.alternatives) == 1
               and not glossary.alternatives(tuple(g.alternatives[0].split()))]
    if not missing:
        return ""
    listed = ", ".join(f"“{w}”" for w in missing[:6])
    return f"{prefix}No French equivalent known for {listed}: searched as written."


def _actor_weights(db: sqlite_utils.Database, matches: list[ActorMatch], links: bool) -> (
    dict[int, float] | None
):
    if not matches:
        return None
    weights = {m.actor_id: m.score for m in matches}
    if links:
        for match in matches:
            for linked_id, _ in linked_actors(db, match.actor_id):
                weights.setdefault(linked_id, round(LINK_WEIGHT * match.score, 4))
    return weights


def _store_query(
    plan: _Plan, match: str | None, weights: dict[int, float] | None
) -> StatementQuery:
    p = plan.parsed
    primary = frozenset(m.actor_id for m in plan.matches) if plan.matches else None
    return statement_query(
        match, weights, since=p.since, until=p.until, source=p.source, kinds=p.kinds,
        red_line=p.red_line, primary_actors=primary,
    )


def _search(
    db: sqlite_utils.Database,
    plan: _Plan,
    weights: dict[int, float] | None,
    limit: int,
    offset: int,
    order: Literal["rank", "time"] = "rank",
) -> tuple[list[dict[str, Any]], bool]:
    """Rows, and whether no statement matched every topic concept (some of them shown)."""
    if order == "rank":
        return _ranked_page(db, plan, weights, limit, offset)
    # Date order needs no relevance: the newest matches, without BM25.
    query = replace(_store_query(plan, None, weights), bm25=False, candidates=WINDOW,
                    scan_limit=FILTER_SCAN, **_topic(plan.groups, "all"))
    rows = timeline_statements(db, query, limit, offset)
    if rows or len(plan.groups) < 2:
        return rows, False
    loose = replace(query, **_topic(plan.groups, "any"))
    return timeline_statements(db, loose, limit, offset), True


def _ranked_page(
    db: sqlite_utils.Database,
    plan: _Plan,
    weights: dict[int, float] | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], bool]:
    """One page in the order of :func:`bot.search.rank.order_candidates`.

    The statements whose own words hold every concept come first; they are read, ordered
    and cut in SQL (one FTS5 query on their words only). Only when they do not fill the page
    are the statements matching any concept anywhere (words, context, title) read, with
    their terms, and ordered here by the concepts they hold — they always rank below, so
    pages stay consistent. Without a topic: newest first, in SQL.
    """
    if not plan.groups:
        query = _store_query(plan, None, weights)
        return statement_hits(db, ranked_ids(db, query, limit, offset, newest_first=True)), False
    strict_query = replace(_store_query(plan, None, weights), bm25=False, candidates=WINDOW,
                           scan_limit=FILTER_SCAN, words_only=True,
                           **_topic(plan.groups, "all", OWN_WORDS))
    first = ranked_ids(db, strict_query, offset + limit)
    if len(first) >= offset + limit:
        return statement_hits(db, first[offset:]), False
    primary = frozenset(m.actor_id for m in plan.matches) if plan.matches else None
    concepts = [g.alternatives for g in plan.groups]
    found = []
    for mode in ("all", "any") if len(concepts) > 1 else ("all",):
        # every concept somewhere (words, context, title), then any of them: each the
        # newest matches, without BM25 (the concepts held decide the order)
        broad = replace(strict_query, words_only=False, **_topic(plan.groups, mode))
        found.extend(ranked_candidates(db, broad))
    seen = {statement_id for statement_id, _ in first}
    words = [_concept_words(g) for g in plan.groups]
    rest = [r for r in order_candidates(found, concepts, primary, words)
            if r.statement_id not in seen]
    loose = not first and bool(rest) and all(r.anywhere < len(concepts) for r in rest)
    combined = first + [(r.statement_id, r.candidate.score) for r in rest]
    return statement_hits(db, combined[offset : offset + limit]), loose


#: The statements_fts column of a statement's own words (context and title never count).
OWN_WORDS = ("text_terms",)


def _topic(groups: list[TopicGroup], mode: Literal["all", "any"],
           columns: tuple[str, ...] = STATEMENT_TERM_COLUMNS) -> dict[str, Any]:
    """The ``match`` and ``topic`` fields of a store query for these concepts: the FTS5
    expression, and the same in structured form (lets the store walk a cheaper superset and
    check each candidate exactly)."""
    concepts = tuple(tuple(g.alternatives) for g in groups)
    return {"match": build_match(groups, mode, columns=columns),
            "topic": TopicTerms(concepts, columns, mode)}


def _concept_words(group: TopicGroup) -> list[tuple[str, ...]]:
    """The alternatives of each word of a multi-word concept (``pension reform`` → pension's,
    reform's); empty for a one-word concept."""
    typed = group.label.split()
    if len(typed) < 2:
        return []
    parts = [expand_words([word]) for word in typed]
    return [p[0].alternatives for p in parts if p]


def _filters_note(p: ParsedQuery) -> str:
    parts = []
    if p.since:
        parts.append(f"since {p.since}")
    if p.until:
        parts.append(f"until {p.until}")
    if p.source:
        parts.append(f"source “{p.source}”")
    if p.kinds:
        parts.append("kind " + "/".join(p.kinds))
    if p.red_line is not None:
        parts.append("red lines only" if p.red_line else "no red lines")
    return f" ({', '.join(parts)})" if parts else ""


# ----------------------------------------------------------------------------- commands


def _results(
    ctx: CommandContext,
    command: str,
    text: str,
    order: Literal["rank", "time"],
    links: bool,
    require_actor: bool,
) -> Answer:
    parsed_errors = parse_query(text).errors
    if parsed_errors:
        return _message(command, text, " ".join(parsed_errors), is_error=True)
    db = ctx.store.db
    empty = _empty(command, text, db)
    if empty:
        return empty
    plan = _plan(db, text, resolve=True, topic_needed=not require_actor)
    if require_actor and not plan.matches:
        who = " ".join(plan.parsed.lead[:3]) or text
        closest = suggest_actors(db, who)
        return _message(
            command, text,
            f"I don't know an actor called “{who[:80]}”."
            + (" Did you mean one of these?" if closest else " Try /actors to see who I know."),
            suggestions=closest,
        )
    if not plan.matches and not plan.groups:
        return _message(
            command, text,
            "There is nothing I can search for in that: give an actor and/or topic words, "
            'e.g. `/quote Peskov truce` or `/quote "ligne rouge"`.',
        )
    offset, valid = decode_cursor(ctx.cursor, command, text)
    weights = _actor_weights(db, plan.matches, links)
    rows, loose = _search(db, plan, weights, PAGE_SIZE + 1, offset, order)
    actor = plan.matches[0].name if plan.matches else None
    fallback_note = None
    if not rows and plan.matches and not require_actor and (
        offset == 0 or not _search(db, plan, weights, 1, 0, order)[0]
    ):
        # Nothing by that actor: maybe the name was meant as a topic ("/quote NATO troops").
        all_words = [w for w in plan.parsed.words if not is_question_word(w)]
        as_topic = _Plan(plan.parsed, [], all_words,
                         expand_words(all_words, plan.parsed.phrases), None)
        rows, loose = _search(db, as_topic, None, PAGE_SIZE + 1, offset, order)
        if rows:
            fallback_note = (f"Nothing said by {actor} on that; showing statements about "
                             f"{_describe(as_topic.groups)} by anyone.")
            plan, actor, weights = as_topic, None, None
    topic = _describe(plan.groups) or None
    notes: list[str] = []
    if not valid:
        notes.append("That “more results” link no longer matches this search; starting over.")
    suggestions: list[str] = []
    if plan.reading and not fallback_note:
        notes.append(plan.reading)
    if plan.unknown_lead:
        suggestions = suggest_actors(db, plan.unknown_lead)
        notes.append(f"No known actor is called “{plan.unknown_lead[:60]}”; "
                     "I searched it as a topic word.")
    if len(plan.matches) > 1:
        notes.append("Several actors fit that name: " + ", ".join(m.name for m in plan.matches)
                     + ".")
    if plan.matches and plan.matches[0].score < 0.95:
        typed = plan.name_typed[:60]
        notes.append(f"Taking “{typed}” as {actor}.")
    if links and weights and len(weights) > len(plan.matches):
        linked = [n for m in plan.matches for i, n in linked_actors(db, m.actor_id)
                  if i in weights]
        if linked:
            notes.append(f"Including statements by {', '.join(sorted(set(linked)))} "
                         f"(ranked below {actor}'s own).")
    if fallback_note:
        notes.append(fallback_note)
    if loose and rows:
        notes.append("No statement matched every word; showing those matching some of them.")
    if not rows:
        what = " about " + topic if topic else ""
        by = f" by {actor}" if actor else ""
        notes.append(f"No statements found{by}{what}{_filters_note(plan.parsed)}."
                     if offset == 0 else "No more results.")
        return _message(command, text, " ".join(notes), actor=actor, suggestions=suggestions)
    if order == "rank" and offset == 0 and plan.groups:
        note = _expansion_note(plan.groups)
        if note:
            notes.append(note)
    if offset == 0 and plan.groups:
        untranslated = _untranslated_note(plan.groups)
        if untranslated:
            notes.append(untranslated)
    hits = [_hit(r) for r in rows[:PAGE_SIZE]]
    more = len(rows) > PAGE_SIZE and offset + PAGE_SIZE < MAX_PAGES * PAGE_SIZE
    title_bits = [actor or "Anyone", "on " + topic if topic else ""]
    title = " ".join(b for b in title_bits if b) + _filters_note(plan.parsed)
    if offset:
        title += f" — results {offset + 1}–{offset + len(hits)}"
    return Answer(
        command,
        text,
        kind="results",
        title=title,
        message=" ".join(notes) or None,
        actor=actor,
        hits=hits,
        suggestions=suggestions,
        next_cursor=encode_cursor(command, text, offset + PAGE_SIZE) if more else None,
    )


def quote(ctx: CommandContext, text: str) -> Answer:
    """``/quote [actor] topic [filters]`` — statements best first, 5 per page."""
    return _results(ctx, "/quote", text, order="rank", links=True, require_actor=False)


def timeline(ctx: CommandContext, text: str) -> Answer:
    """``/timeline actor [topic]`` — the actor's own statements in date order, undated last."""
    return _results(ctx, "/timeline", text, order="time", links=False, require_actor=True)


def who(ctx: CommandContext, text: str) -> Answer:
    """``/who topic`` — speakers whose own words are about the topic, most statements first.

    Only a statement's own words count (not its context or the article's title), so a
    speaker is never listed for statements that do not say the topic. 10 speakers a page.
    """
    command = "/who"
    parsed = parse_query(text)
    if parsed.errors:
        return _message(command, text, " ".join(parsed.errors), is_error=True)
    topic_words = [w for w in parsed.words if not is_question_word(w)]
    plan = _Plan(parsed, [], topic_words, expand_words(topic_words, parsed.phrases), None)
    if not plan.groups:
        return _message(command, text, "Give me a topic, e.g. `/who truce` or `/who ligne rouge`.")
    db = ctx.store.db
    empty = _empty(command, text, db)
    if empty:
        return empty
    offset, valid = decode_cursor(ctx.cursor, command, text)
    loose = False
    query = replace(_store_query(plan, None, None), scan_limit=WHO_SCAN, words_only=True,
                    **_topic(plan.groups, "all", OWN_WORDS))
    rows = speaker_counts(db, query, WHO_LIMIT + 1, offset)
    if not rows and len(plan.groups) > 1:
        loose = True
        query = replace(query, **_topic(plan.groups, "any", OWN_WORDS))
        rows = speaker_counts(db, query, WHO_LIMIT + 1, offset)
    topic = _describe(plan.groups)
    notes: list[str] = []
    if not valid:
        notes.append("That “more results” link no longer matches this search; starting over.")
    if not rows:
        if offset:
            return _message(command, text, "No more speakers.")
        return _message(command, text,
                        f"Nobody said anything about {topic}{_filters_note(parsed)} "
                        "in the articles I have." + _untranslated_note(plan.groups, " "))
    groups = [
        SpeakerGroup(best["speaker"] or "Unknown speaker", count, _hit(best))
        for _actor_id, count, best in rows[:WHO_LIMIT]
    ]
    if loose:
        notes.append("No statement matched every word; showing those matching some of them.")
    if offset == 0:
        notes.extend(n for n in (_expansion_note(plan.groups),
                                 _untranslated_note(plan.groups)) if n)
    title = f"Who spoke on {topic}{_filters_note(parsed)}"
    if offset:
        title += f" — speakers {offset + 1}–{offset + len(groups)}"
    more = len(rows) > WHO_LIMIT and offset + WHO_LIMIT < MAX_PAGES * WHO_LIMIT
    return Answer(command, text, kind="who", title=title, message=" ".join(notes) or None,
                  groups=groups,
                  next_cursor=encode_cursor(command, text, offset + WHO_LIMIT) if more else None)


def actors(ctx: CommandContext, text: str) -> Answer:
    """``/actors [prefix]`` — known actors, most quoted first, with aliases and counts;
    25 a page."""
    command = "/actors"
    prefix = " ".join(text.split())[:100]
    db = ctx.store.db
    offset, valid = decode_cursor(ctx.cursor, command, text)
    rows = actor_listing(db, prefix or None, ACTORS_LIMIT + 1, offset)
    if not rows:
        if offset:
            return _message(command, text, "No more actors.")
        if not prefix:
            return _empty(command, text, db) or _message(
                command, text, "No actors known yet: ingest some articles first.")
        suggestions = suggest_actors(db, prefix)
        return _message(command, text, f"No actor name starts with “{prefix}”.",
                        suggestions=suggestions)
    infos = [ActorInfo(r["name"], r["kind"], r["aliases"], r["statements"])
             for r in rows[:ACTORS_LIMIT]]
    title = f"Actors matching “{prefix}”" if prefix else "Known actors"
    if offset:
        title += f" — {offset + 1}–{offset + len(infos)}"
    more = len(rows) > ACTORS_LIMIT and offset + ACTORS_LIMIT < MAX_PAGES * ACTORS_LIMIT
    note = None if valid else "That “more results” link no longer matches; starting over."
    return Answer(command, text, kind="actors", title=title, actors=infos, message=note,
                  next_cursor=encode_cursor(command, text, offset + ACTORS_LIMIT)
                  if more else None)
