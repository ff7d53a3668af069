"""All the SQL behind /quote, /who, /timeline and /actors (actor resolution's alias data is in
store/aliases.py).

Why one file of ~790 lines: every query here is assembled from the same private pieces (filters,
scoring, the candidate window, the relaxed FTS5 walk for frequent tokens, the parameter
bag); splitting the entry points from those pieces would only export the pieces.

Designed for ~100k articles / 1M statements:
- topic queries start from ``statements_fts MATCH`` (an FTS5 index lookup), join statements and
  articles by primary key, and keep at most ``candidates`` rows by BM25 before the final
  ordering: the cost follows the number of matching statements, never the table size;
- actor-only queries (``/quote Peskov``, ``/timeline Lavrov``) walk
  ``idx_statements_actor_timeline``, one merged walk per actor when a name fits several;
- MATCH expressions come from :func:`bot.search.build_match` (never raw user text);
- scoring is SQL over the candidate rows only (see bot/search/rank.py for the formula).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import sqlite_utils

from folding import fold
from store.db import database_key

#: BM25 weights per statements_fts column, in table order:
#: text (raw words, not matched by topic queries), text_terms, context_terms, title_terms.
#: The fifth column, actor_terms (the speaker's token, see :func:`actor_token`), always
#: weighs 0: it restricts matches, it never scores them.
DEFAULT_BM25_WEIGHTS = (0.0, 10.0, 3.0, 1.0)
ACTOR_TERMS_COLUMN = "actor_terms"
#: The FTS5 index of every matchable column, and that of a statement's own words and speaker.
ALL_COLUMNS_FTS = "statements_fts"
WORDS_FTS = "statement_words_fts"


def actor_token(actor_id: int) -> str:
    """The FTS5 token of a speaker in statements_fts.actor_terms (see store/schema.py 003)."""
    return f"actor{int(actor_id)}"


#: A token held by at least this share of the newest FREQUENT_SAMPLE statements (and by
#: FREQUENT_MIN_DOCS of them) is *frequent*: FTS5 steps through its postings for every
#: candidate row of a phrase holding it, which costs more than checking the phrase on the
#: candidates' terms (``de``: 840k of 1.08M statements' own words at 100k articles, ``la``
#: 330k). Counting stops there.
FREQUENT_SHARE = 0.2
FREQUENT_MIN_DOCS = 1_000
FREQUENT_SAMPLE = 20_000
#: A relaxed walk (phrases without their frequent tokens) reads at most this many candidates
#: before the exact expression takes over for the older rows.
RELAXED_SCAN = 2_000


@dataclass(frozen=True)
class TopicTerms:
    """The topic of :attr:`StatementQuery.match` in structured form: for each concept its
    alternatives (index-term strings, ``"lign roug"``: a phrase when several words), the
    statements_fts columns they are matched in, and whether every concept or any must match.
    With it, a window query may walk a cheaper superset of the MATCH and check each candidate
    against the exact expression (see :func:`_newest_ids`)."""

    concepts: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    mode: Literal["all", "any"] = "all"


@dataclass
class StatementQuery:
    """A search over statements, built by bot.search from a parsed command.

    ``actor_weights``: actor id → weight (1.0 the actor asked for, less for linked actors);
    None means any speaker. ``primary_actors``: statements by these come before the others
    (the linked institution's statements follow the spokesperson's own).
    ``match``: a safe FTS5 expression or None (no topic).
    """

    match: str | None = None
    actor_weights: dict[int, float] | None = None
    primary_actors: frozenset[int] | None = None  # listed first when given (before linked)
    since: str | None = None
    until: str | None = None
    source: str | None = None
    kinds: Sequence[str] | None = None
    red_line: bool | None = None
    today: str = "2000-01-01"
    bm25_weights: tuple[float, float, float, float] = DEFAULT_BM25_WEIGHTS
    kind_weights: dict[str, float] = field(
        default_factory=lambda: {"direct": 1.0, "mixed": 0.96, "indirect": 0.92}
    )
    recency_weight: float = 0.3
    recency_half_life_days: float = 365.0
    candidates: int = 1000
    scan_limit: int = 10000
    text_tier: float = 2.0
    context_tier: float = 1.0
    #: False: no BM25 (whose IDF makes FTS5 count every row holding each phrase, per query);
    #: relevance is then the statement's focus, 1 / (1 + words / focus_words): for statements
    #: known to hold every concept in their own words, a shorter one is about it more.
    bm25: bool = True
    focus_words: float = 40.0
    #: True: ``match`` reads only the statement's own words (``{text_terms}``) and speaker
    #: (``{actor_terms}``), so it runs on statement_words_fts, the index of those two columns
    #: alone (store/schema.py 005), instead of statements_fts. Never with BM25.
    words_only: bool = False
    #: ``match`` in structured form (None: walk ``match`` as it is).
    topic: TopicTerms | None = None
    #: Override of the frequent-token threshold (None: FREQUENT_SHARE of the statements).
    frequent_docs: int | None = None
    relaxed_scan: int = RELAXED_SCAN


# ----------------------------------------------------------------------------- statements

_HIT_COLUMNS = """
    s.id, s.article_id, a.doc, ac.name, s.speaker_text, s.kind, s.text, s.said_on,
    s.said_precision, a.source, a.title, a.url, s.red_line, s.red_line_rule, s.sentence,
    s.heading, s.paragraph, s.actor_id, a.published_on, s.red_line_kind, s.red_line_trigger
"""
HIT_KEYS = (
    "statement_id", "article_id", "doc", "speaker", "speaker_text", "kind", "text", "said_on",
    "said_precision", "source", "title", "url", "red_line", "red_line_rule", "sentence",
    "heading", "paragraph", "actor_id", "published_on", "red_line_kind", "red_line_trigger",
    "score",
)
_DATE = "coalesce(s.said_on, a.published_on)"


class _Params(dict[str, Any]):
    """Named SQL parameters; :meth:`add` returns a fresh placeholder."""

    def add(self, value: Any) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f":{name}"


def _filters(query: StatementQuery, p: _Params) -> str:
    """SQL conditions on ``s`` (statements) and ``a`` (articles) for the query's filters."""
    conditions = ["a.duplicate_of IS NULL"]
    if query.since:
        conditions.append(f"{_DATE} >= {p.add(query.since)}")
    if query.until:
        # "2025-03~" sorts after every day of March 2025
        conditions.append(f"{_DATE} <= {p.add(query.until + '~')}")
    if query.source:
        escaped = query.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = p.add(f"%{escaped}%")
        conditions.append(
            f"(a.source LIKE {like} ESCAPE '\\' OR a.agency LIKE {like} ESCAPE '\\' "
            f"OR a.url LIKE {like} ESCAPE '\\')"
        )
    if query.kinds:
        conditions.append(f"s.kind IN ({', '.join(p.add(k) for k in query.kinds)})")
    if query.red_line is not None:
        conditions.append(f"s.red_line = {p.add(int(query.red_line))}")
    if query.actor_weights is not None:
        ids = sorted(query.actor_weights) or [-1]
        conditions.append(f"s.actor_id IN ({', '.join(p.add(i) for i in ids)})")
    return " AND ".join(conditions)


def _score(
    query: StatementQuery, p: _Params, relevance: str, date: str = _DATE, row: str = "s"
) -> str:
    """relevance × actor weight × kind weight × (1 + recency_weight × recency).

    recency = 1 / (1 + age_days / half_life) from the date said (else the article's date),
    0 when undated; see bot/search/rank.py. ``date`` is the SQL of that date and ``row`` the
    alias whose ``actor_id`` and ``kind`` are read.
    """
    actor_cases = " ".join(
        f"WHEN {p.add(actor_id)} THEN {p.add(float(weight))}"
        for actor_id, weight in sorted((query.actor_weights or {}).items())
    )
    actor_w = f"(CASE {row}.actor_id {actor_cases} ELSE 1.0 END)" if actor_cases else "1.0"
    kind_cases = " ".join(
        f"WHEN {p.add(kind)} THEN {p.add(float(weight))}"
        for kind, weight in sorted(query.kind_weights.items())
    )
    kind_w = f"(CASE {row}.kind {kind_cases} ELSE 1.0 END)" if kind_cases else "1.0"
    today = p.add(query.today)
    padded = f"substr({date} || '-01-01', 1, 10)"
    recency = (
        f"(CASE WHEN julianday({padded}) IS NULL THEN 0.0 ELSE 1.0 / (1.0 + max(0.0, "
        f"julianday({today}) - julianday({padded})) / {p.add(query.recency_half_life_days)}) END)"
    )
    return (
        f"({relevance}) * {actor_w} * {kind_w} * (1.0 + {p.add(query.recency_weight)} * {recency})"
    )


def _bm25(query: StatementQuery, p: _Params) -> str:
    weights = ", ".join(p.add(float(w)) for w in query.bm25_weights)
    return f"bm25(statements_fts, {weights}, 0.0)"


def _relevance(query: StatementQuery, p: _Params) -> str:
    """Tiered relevance: 2 if the statement's own words match, +1 if its context does, plus
    BM25 squashed into [0, 1) — so own words > context > title whatever the term statistics
    (FTS5 clamps the IDF of terms found in most rows, which would let a rare synonym in the
    title outrank the asked word in the statement itself)."""
    text_only = "bm25(statements_fts, 0.0, 1.0, 0.0, 0.0, 0.0)"
    context_only = "bm25(statements_fts, 0.0, 0.0, 1.0, 0.0, 0.0)"
    bm = _bm25(query, p)
    tier_text, tier_context = p.add(query.text_tier), p.add(query.context_tier)
    return (
        f"({tier_text} * ({text_only} < 0) + {tier_context} * ({context_only} < 0) "
        f"+ (-{bm}) / (1.0 - {bm}))"
    )


def _speaker_match(query: StatementQuery) -> str | None:
    """The FTS5 condition "said by one of the query's actors", or None (any speaker).

    An empty actor set keeps the condition too: ``actor0`` is no actor's token (ids start
    at 1), so nothing matches, as with ``actor_id IN ()``.
    """
    if query.actor_weights is None:
        return None
    tokens = [actor_token(i) for i in sorted(query.actor_weights)] or [actor_token(0)]
    inner = tokens[0] if len(tokens) == 1 else "(" + " OR ".join(tokens) + ")"
    return f"{{{ACTOR_TERMS_COLUMN}}} : {inner}"


#: Up to this many actors, :func:`_latest_sql` merges one index walk per actor; past it (far
#: below SQLite's 500 terms of a compound SELECT), one query over them all, sorted.
MERGED_ACTORS_MAX = 100


def _latest_sql(query: StatementQuery, p: _Params, columns: str) -> str:
    """No topic: the ``scan_limit`` latest statements (by date said, then id) passing the
    filters, newest first. With one actor, index ``idx_statements_actor_timeline`` yields
    them in that order (no sort) and covers every statements column read here.

    With several actors (a name several of them share, linked actors), one walk of that
    index per actor, each already in that order, merged: a compound SELECT whose ORDER BY
    SQLite runs as a merge of its terms, each a coroutine read only as far as the merge
    needs, so the LIMIT stops every walk. A single query over ``actor_id IN (…)`` reads and
    sorts every statement of every actor instead (1.1 s for 35 prolific actors at 100k
    articles). The same rows in the same order either way: (said_on, id) is unique.
    """
    scan = p.add(int(query.scan_limit))
    actors = sorted(query.actor_weights or {})
    if not 1 < len(actors) <= MERGED_ACTORS_MAX:
        where = _filters(query, p)
        return f"""
            SELECT {columns} FROM statements s JOIN articles a ON a.id = s.article_id
            WHERE {where}
            ORDER BY s.said_on DESC, s.id DESC LIMIT {scan}
        """
    where = _filters(replace(query, actor_weights=None), p)
    # said_on is the merge key: a compound SELECT orders by its result columns only
    terms = "\n            UNION ALL\n".join(
        f"""            SELECT {columns}, s.said_on AS said_on
            FROM statements s INDEXED BY idx_statements_actor_timeline
            JOIN articles a ON a.id = s.article_id
            WHERE s.actor_id = {p.add(actor_id)} AND {where}"""
        for actor_id in actors
    )
    return f"""
        SELECT * FROM (
{terms}
            ORDER BY said_on DESC, id DESC LIMIT {scan}
        )
    """


#: What :func:`_ranked_sql` returns per candidate besides its score: what the pages are
#: ordered by, so that no caller joins the statement and its article again.
_KEY_COLUMNS = (
    f"s.actor_id AS actor_id, {_DATE} AS date, s.article_id AS article_id, s.start AS start"
)


def _has_row_filters(query: StatementQuery) -> bool:
    """Filters a statement must be checked against, beyond its speaker (a topic query puts
    the speaker in the MATCH) and the duplicate rule (a near-duplicate article stores no
    statements: store/ingest.py)."""
    return any(v is not None for v in (query.since, query.until, query.source, query.kinds,
                                       query.red_line))


def _window_sql(db: sqlite_utils.Database, query: StatementQuery, p: _Params) -> str:
    """The ``candidates`` newest matches passing the filters, scored without BM25.

    For a MATCH that only statements holding every concept in their own words pass: the
    newest ``candidates`` matches (:func:`_newest_ids`: no phrase is counted for an IDF),
    and relevance is the statement's focus (see :attr:`StatementQuery.bm25`). Same columns
    as :func:`_ranked_sql`.
    """
    ids = p.add(json.dumps(_newest_ids(db, query, int(query.candidates))))
    words = "(length(s.text_terms) - length(replace(s.text_terms, ' ', '')) + 1)"
    focus = f"(1.0 / (1.0 + {words} / {p.add(float(query.focus_words))}))"
    score = _score(query, p, focus)
    return f"""
        SELECT s.id AS id, {score} AS score, {_KEY_COLUMNS}
        FROM json_each({ids}) m
        JOIN statements s ON s.id = m.value JOIN articles a ON a.id = s.article_id
    """


_DOCS_TTL_SECONDS = 600.0
_DOCS_MAX = 50_000
_docs_lock = threading.Lock()
_docs_cache: dict[tuple[str, str, str, int, int], tuple[int, float]] = {}
_TERM_COLUMNS = ("text_terms", "context_terms", "title_terms")
_TOKEN = re.compile(r"[^\W_]+")


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def doc_count(
    db: sqlite_utils.Database, fts: str, token: str, cap: int, above: int = 0,
    key: str | None = None,
) -> int:
    """How many rows of the FTS index ``fts`` with a rowid over ``above`` hold ``token``,
    counted up to ``cap`` (the frequent-token threshold: a document frequency capped where
    it stops mattering).

    Read from the index itself (a posting walk that stops at the cap) and cached per
    database and floor (a new statement moves the floor: the newest rows are counted
    again, a walk of at most ``cap`` postings); a rare token is counted again after
    ``_DOCS_TTL_SECONDS``.
    """
    cache_key = (key or database_key(db), fts, token, cap, above)
    now = time.monotonic()
    with _docs_lock:
        cached = _docs_cache.get(cache_key)
    if cached and (cached[0] >= cap or now - cached[1] < _DOCS_TTL_SECONDS):
        return cached[0]
    table = WORDS_FTS if fts == WORDS_FTS else ALL_COLUMNS_FTS
    row = db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid > ? "
        "LIMIT ?)",
        [_fts_string(token), above, cap],
    ).fetchone()
    count = int(row[0]) if row else 0
    with _docs_lock:
        if len(_docs_cache) >= _DOCS_MAX:
            _docs_cache.clear()
        _docs_cache[cache_key] = (count, now)
    return count


def _concepts(topic: TopicTerms) -> list[list[list[str]]]:
    """Each concept's alternatives as token lists (as the MATCH builder cleans them)."""
    concepts = []
    for alternatives in topic.concepts:
        alts = [tokens for tokens in (_TOKEN.findall(a) for a in alternatives) if tokens]
        unique = list({" ".join(t): t for t in alts}.values())
        if unique:
            concepts.append(unique)
    return concepts


def _relaxed_match(
    db: sqlite_utils.Database, fts: str, topic: TopicTerms, frequent: tuple[int, int]
) -> tuple[str, set[int]] | None:
    """An FTS5 expression matching every row ``topic`` matches, cheaper to walk: each phrase
    alternative loses its frequent tokens (kept: the others, within the phrase's span of each
    other; or the rarest alone when all are frequent); and the concepts (indexes) that were
    relaxed. None when no
    alternative has a frequent token (the exact MATCH is as cheap)."""
    columns = [c for c in topic.columns if c in _TERM_COLUMNS]
    concepts = _concepts(topic)
    if not columns or not concepts:
        return None
    key = database_key(db)
    relaxed: set[int] = set()
    parts = []
    for index, alternatives in enumerate(concepts):
        quoted = []
        for tokens in alternatives:
            distinct = list(dict.fromkeys(tokens))
            docs = ({t: doc_count(db, fts, t, *frequent, key=key) for t in distinct}
                    if len(tokens) > 1 else {})
            rare = [t for t in distinct if docs.get(t, 0) < frequent[0]]
            if len(tokens) == 1 or len(rare) == len(tokens):
                quoted.append(_fts_string(" ".join(tokens)))
                continue
            relaxed.add(index)
            kept = rare or [min(distinct, key=lambda t: docs[t])]
            if len(kept) == 1:
                quoted.append(_fts_string(kept[0]))
                continue
            # the kept tokens within the phrase's span of each other (any order): a superset
            # of the phrase that reads their positions, not those of the frequent tokens
            first = [tokens.index(t) for t in kept]
            span = max(first) - min(first)
            quoted.append(f"NEAR({' '.join(_fts_string(t) for t in kept)}, {span})")
        inner = quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
        parts.append("{" + " ".join(columns) + "} : " + inner)
    if not relaxed:
        return None
    return (" AND " if topic.mode == "all" else " OR ").join(parts), relaxed


def _frequent_docs(db: sqlite_utils.Database, query: StatementQuery) -> tuple[int, int]:
    """(count, rowid floor): a token is frequent when at least ``count`` statements above the
    floor hold it — :data:`FREQUENT_SHARE` of the newest :data:`FREQUENT_SAMPLE` (the rows a
    newest-first walk reads), so that counting costs the same at any archive size."""
    if query.frequent_docs is not None:
        return query.frequent_docs, 0
    row = db.execute("SELECT max(id) FROM statements").fetchone()
    newest = int(row[0] or 0)
    floor = max(0, newest - FREQUENT_SAMPLE)
    return max(FREQUENT_MIN_DOCS, int(FREQUENT_SHARE * (newest - floor))), floor


def _exact_sql(topic: TopicTerms, p: _Params, relaxed: set[int]) -> str:
    """SQL true when statement ``s``, a match of the relaxed expression, matches ``topic``
    exactly as FTS5 would: some alternative of every (or any) concept is a run of whole
    terms of one of the columns. With every concept required, only the ``relaxed`` ones are
    tested: the walk matched the others exactly."""
    # the statement's words, then the title, then the (long) context: SQLite stops at the
    # first test that holds
    columns = [c for c in ("text_terms", "title_terms", "context_terms") if c in topic.columns]
    tests = []
    for index, alternatives in enumerate(_concepts(topic)):
        if topic.mode == "all" and index not in relaxed:
            continue
        # a plain substring test first (no copy of the column): most candidates fail there
        phrases = [(p.add(" ".join(tokens)), p.add(" " + " ".join(tokens) + " "))
                   for tokens in alternatives]
        held = [f"(instr(s.{column}, {bare}) AND instr(' ' || s.{column} || ' ', {padded}))"
                for column in columns for bare, padded in phrases]
        tests.append("(" + " OR ".join(held) + ")")
    return (" AND " if topic.mode == "all" else " OR ").join(tests) or "0"


def _speaker_and(query: StatementQuery, match: str) -> str:
    speaker = _speaker_match(query)
    return match if speaker is None else f"{speaker} AND ({match})"


def _newest_ids(db: sqlite_utils.Database, query: StatementQuery, keep: int) -> list[int]:
    """Ids of the ``keep`` newest statements matching ``query.match`` that pass the filters.

    The posting walk (rowid order, newest stored first) never reads more than
    ``scan_limit`` matches, however few pass a narrow filter (``redline:yes``): each is
    checked with two B-tree lookups, and only when the query has filters at all. A
    ``words_only`` query walks the own-words index.

    A phrase holding a frequent token (``"conferent de paix"``) makes FTS5 step through
    that token's postings (``de``: most statements) for every candidate row. With
    :attr:`StatementQuery.topic`, the walk is over a relaxed expression instead (the phrase
    without its frequent tokens: ``NEAR("conferent" "paix", 2)``), and each candidate is checked
    against the exact expression on its terms: the same rows, in the same order. After
    ``relaxed_scan`` candidates, the exact expression continues below the last one read.
    """
    assert query.match is not None
    fts = WORDS_FTS if query.words_only else ALL_COLUMNS_FTS
    filtered = _has_row_filters(query)
    relaxed = (_relaxed_match(db, fts, query.topic, _frequent_docs(db, query))
               if query.topic is not None else None)
    found: list[int] = []
    checked = 0  # exact matches read (at most scan_limit when there are filters)
    below = None
    if relaxed is not None and query.topic is not None:
        p = _Params()
        exact = _exact_sql(query.topic, p, relaxed[1])
        # one value per candidate: NULL when it does not match exactly, else whether it passes
        # the filters (the article is read only for those that match)
        ok = (f"(SELECT {_filters(query, p)} FROM articles a WHERE a.id = s.article_id)"
              if filtered else "1")
        walk = p.add(_speaker_and(query, relaxed[0]))
        cursor = db.execute(
            f"""
            SELECT c.id, CASE WHEN {exact} THEN {ok} END
            FROM (SELECT rowid AS id FROM {fts} WHERE {fts} MATCH {walk}
                  ORDER BY rowid DESC LIMIT {p.add(int(query.relaxed_scan))}) c
            JOIN statements s ON s.id = c.id
            """,
            p,
        )
        scanned = 0
        try:
            for statement_id, passes in cursor:
                scanned += 1
                below = int(statement_id)
                if passes is None:
                    continue
                checked += 1
                if passes:
                    found.append(int(statement_id))
                if len(found) >= keep or (filtered and checked >= query.scan_limit):
                    return found
        finally:
            cursor.close()
        if scanned < query.relaxed_scan:
            return found
    p = _Params()
    match = p.add(_speaker_and(query, query.match))
    bound = f" AND rowid < {p.add(below)}" if below is not None else ""
    rest = p.add(keep - len(found))
    if not filtered:
        sql = (f"SELECT rowid FROM {fts} WHERE {fts} MATCH {match}{bound} "
               f"ORDER BY rowid DESC LIMIT {rest}")
    else:
        sql = f"""
            SELECT w.id FROM (
                SELECT rowid AS id, EXISTS (
                    SELECT 1 FROM statements s JOIN articles a ON a.id = s.article_id
                    WHERE s.id = {fts}.rowid AND {_filters(query, p)}
                ) AS ok
                FROM {fts} WHERE {fts} MATCH {match}{bound}
                ORDER BY rowid DESC LIMIT {p.add(max(0, int(query.scan_limit) - checked))}
            ) w WHERE w.ok LIMIT {rest}
        """
    found.extend(int(r[0]) for r in db.execute(sql, p).fetchall())
    return found


def _ranked_sql(db: sqlite_utils.Database, query: StatementQuery, p: _Params) -> str:
    """SELECT id, score, actor_id, date, article_id, start over the candidate statements,
    without paging (``date``: said, else the article's).

    Topic: the FTS5 scan returns matches newest-ingested first (rowid order, no sort) and
    stops after ``scan_limit`` — the work is bounded whatever the corpus size; BM25 is
    computed for those rows only, and only for those passing the filters (a statement
    filtered out costs two B-tree lookups, not a BM25). An actor restriction is part of the
    MATCH itself (``{actor_terms} : actor12 AND (topic)``), so FTS5 intersects the speaker's
    posting list with the topic's. Then the ``candidates`` best by relevance, the score.
    No topic: the actor's latest statements by date said (see :func:`_latest_sql`), bounded
    too; every one has relevance 1, recency and kind decide.
    """
    if query.match is None:
        latest = _latest_sql(query, p, f"s.id AS id, s.kind AS kind, {_KEY_COLUMNS}")
        score = _score(query, p, "1.0", date="c.date", row="c")
        return (
            f"SELECT c.id AS id, {score} AS score, c.actor_id AS actor_id, c.date AS date, "
            f"c.article_id AS article_id, c.start AS start FROM ({latest}) c"
        )
    if not query.bm25:
        return _window_sql(db, query, p)
    if query.words_only:
        raise ValueError("BM25 is computed on statements_fts only (words_only=False)")
    where = _filters(query, p)
    scan = p.add(int(query.scan_limit))
    relevance = _relevance(query, p)
    speaker = _speaker_match(query)
    match = p.add(query.match if speaker is None else f"{speaker} AND ({query.match})")
    cap = p.add(int(query.candidates))
    score = _score(query, p, "c.rel")
    return f"""
        SELECT c.id AS id, {score} AS score, {_KEY_COLUMNS}
        FROM (
            SELECT m.id AS id, m.rel AS rel
            FROM (
                SELECT rowid AS id, CASE WHEN EXISTS (
                    SELECT 1 FROM statements s JOIN articles a ON a.id = s.article_id
                    WHERE s.id = statements_fts.rowid AND {where}
                ) THEN {relevance} END AS rel
                FROM statements_fts
                WHERE statements_fts MATCH {match}
                ORDER BY rowid DESC LIMIT {scan}
            ) m
            WHERE m.rel IS NOT NULL
            ORDER BY m.rel DESC LIMIT {cap}
        ) c
        JOIN statements s ON s.id = c.id JOIN articles a ON a.id = s.article_id
    """


def _hits(db: sqlite_utils.Database, ranked: list[tuple[int, float]]) -> list[dict[str, Any]]:
    if not ranked:
        return []
    ids = [statement_id for statement_id, _ in ranked]
    rows = db.execute(
        f"""
        SELECT {_HIT_COLUMNS}
        FROM statements s JOIN articles a ON a.id = s.article_id
        LEFT JOIN actors ac ON ac.id = s.actor_id
        WHERE s.id IN ({", ".join("?" for _ in ids)})
        """,
        ids,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    result = []
    for statement_id, score in ranked:
        row = by_id.get(statement_id)
        if row is not None:
            result.append(dict(zip(HIT_KEYS, (*row, score), strict=True)))
    return result


def search_statements(
    db: sqlite_utils.Database, query: StatementQuery, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """Statements best first (primary actors first, then score, newest, id): ``limit`` rows
    from ``offset``."""
    return _hits(db, ranked_ids(db, query, limit, offset))


def ranked_ids(
    db: sqlite_utils.Database,
    query: StatementQuery,
    limit: int,
    offset: int = 0,
    newest_first: bool = False,
) -> list[tuple[int, float]]:
    """(statement id, score) best first — primary actors first, then score (or, with
    ``newest_first``, the date: newest first, undated last), newest, id — ``limit`` rows
    from ``offset``; ordered and cut in SQL."""
    p = _Params()
    ranked_sql = _ranked_sql(db, query, p)
    lim, off = p.add(int(limit)), p.add(int(offset))
    primary = ""
    if query.primary_actors:
        ids = ", ".join(p.add(i) for i in sorted(query.primary_actors))
        primary = f"r.actor_id IN ({ids}) DESC, "
    order = ("r.date IS NULL, r.date DESC, r.id DESC" if newest_first
             else "r.score DESC, r.date DESC, r.id")
    rows = db.execute(
        f"""
        SELECT r.id, r.score FROM ({ranked_sql}) r
        ORDER BY {primary}{order}
        LIMIT {lim} OFFSET {off}
        """,
        p,
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


@dataclass(frozen=True)
class Candidate:
    """A statement matching a search, with what bot.search.rank orders it by."""

    statement_id: int
    score: float
    actor_id: int | None
    date: str | None
    text_terms: str
    context_terms: str
    title_terms: str


def ranked_candidates(db: sqlite_utils.Database, query: StatementQuery) -> list[Candidate]:
    """The query's candidates (bounded as :func:`_ranked_sql` says), with their index terms,
    so that the caller can tell which topic concepts each statement's own words hold."""
    p = _Params()
    rows = db.execute(
        f"""
        SELECT r.id, r.score, r.actor_id, r.date, s.text_terms, s.context_terms, s.title_terms
        FROM ({_ranked_sql(db, query, p)}) r JOIN statements s ON s.id = r.id
        """,
        p,
    ).fetchall()
    return [
        Candidate(int(r[0]), float(r[1]), None if r[2] is None else int(r[2]), r[3],
                  r[4] or "", r[5] or "", r[6] or "")
        for r in rows
    ]


def statement_hits(
    db: sqlite_utils.Database, ranked: list[tuple[int, float]]
) -> list[dict[str, Any]]:
    """The displayed columns of statements, in the order given, each with its score."""
    return _hits(db, ranked)


def timeline_statements(
    db: sqlite_utils.Database, query: StatementQuery, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """Statements in date order (date said, else the article's), undated last.

    Over the same candidates as :func:`search_statements`. Without a topic, the page is cut
    from the latest statements first and only its rows are scored (one join per candidate,
    the sort keys read from the covering index and the article).
    """
    p = _Params()
    lim, off = p.add(int(limit)), p.add(int(offset))
    if query.match is None:
        latest = _latest_sql(query, p, f"s.id AS id, s.kind AS kind, {_KEY_COLUMNS}")
        order = "c.date IS NULL, c.date, c.article_id, c.start, c.id"
        score = _score(query, p, "1.0", date="c.date", row="c")
        sql = f"""
            SELECT c.id, {score} FROM (
                SELECT c.* FROM ({latest}) c ORDER BY {order} LIMIT {lim} OFFSET {off}
            ) c
            ORDER BY {order}
        """
    else:
        sql = f"""
            SELECT r.id, r.score FROM ({_ranked_sql(db, query, p)}) r
            ORDER BY r.date IS NULL, r.date, r.article_id, r.start, r.id
            LIMIT {lim} OFFSET {off}
        """
    rows = db.execute(sql, p).fetchall()
    return _hits(db, [(int(r[0]), float(r[1])) for r in rows])


def who_groups(
    db: sqlite_utils.Database, query: StatementQuery, limit: int
) -> list[tuple[int | None, int, float, dict[str, Any]]]:
    """Speakers of the matching statements: (actor id, count, score sum, best statement).

    Counts are over the ``query.candidates`` best matches. Speakers ordered by their
    summed score (many relevant statements beat one), unknown speakers last.
    """
    p = _Params()
    ranked_sql = _ranked_sql(db, query, p)
    lim = p.add(int(limit))
    rows = db.execute(
        f"""
        WITH r AS (
            SELECT r.id, r.score, r.actor_id,
                   count(*) OVER (PARTITION BY r.actor_id) AS n,
                   sum(r.score) OVER (PARTITION BY r.actor_id) AS total,
                   row_number() OVER (PARTITION BY r.actor_id ORDER BY r.score DESC, r.id)
                       AS rn
            FROM ({ranked_sql}) r
        )
        SELECT actor_id, n, total, id, score FROM r WHERE rn = 1
        ORDER BY actor_id IS NULL, total DESC, actor_id
        LIMIT {lim}
        """,
        p,
    ).fetchall()
    best = {h["statement_id"]: h for h in _hits(db, [(int(r[3]), float(r[4])) for r in rows])}
    return [
        (None if r[0] is None else int(r[0]), int(r[1]), float(r[2]), best[int(r[3])])
        for r in rows
        if int(r[3]) in best
    ]


def speaker_counts(
    db: sqlite_utils.Database, query: StatementQuery, limit: int, offset: int = 0
) -> list[tuple[int | None, int, dict[str, Any]]]:
    """Speakers of the statements matching ``query.match`` (most statements first, unknown
    speakers last): (actor id, count, their latest matching statement), ``limit`` rows from
    ``offset``.

    No BM25: counting needs no score. The scan reads the ``scan_limit`` newest matches (a
    posting-list walk in rowid order; each checked against the filters only when there are
    some), reads each one's speaker from ``idx_statements_speaker`` (not the statement's
    row), and groups; each speaker's most
    recently stored matching statement is its example.
    """
    if query.match is None:
        return []
    p = _Params()
    ids = p.add(json.dumps(_newest_ids(db, query, int(query.scan_limit))))
    lim, off = p.add(int(limit)), p.add(int(offset))
    rows = db.execute(
        f"""
        SELECT s.actor_id, count(*) AS n, max(s.id) AS latest
        FROM json_each({ids}) m
        JOIN statements s INDEXED BY idx_statements_speaker ON s.id = m.value
        GROUP BY s.actor_id
        ORDER BY s.actor_id IS NULL, n DESC, latest DESC, s.actor_id
        LIMIT {lim} OFFSET {off}
        """,
        p,
    ).fetchall()
    example_ids = [int(r[2]) for r in rows]
    examples = {h["statement_id"]: h for h in _hits(db, [(i, 0.0) for i in example_ids])}
    return [
        (None if r[0] is None else int(r[0]), int(r[1]), examples[i])
        for r, i in zip(rows, example_ids, strict=True)
        if i in examples
    ]


# ----------------------------------------------------------------------------- actors


def actor_listing(
    db: sqlite_utils.Database, prefix: str | None = None, limit: int = 25, offset: int = 0
) -> list[dict[str, Any]]:
    """Actors (most quoted first) whose name or an alias — or a word of one — starts with
    ``prefix``; each with its aliases and statement count."""
    args: list[Any] = []
    where = ""
    if prefix:
        escaped = fold(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where = (
            "WHERE a.id IN (SELECT actor_id FROM aliases WHERE folded LIKE ? ESCAPE '\\' "
            "OR folded LIKE ? ESCAPE '\\' OR folded LIKE ? ESCAPE '\\')"
        )
        args = [escaped + "%", "% " + escaped + "%", "%-" + escaped + "%"]
    args.extend([int(limit), int(offset)])
    rows = db.execute(
        f"""
        SELECT a.id, a.name, a.kind,
               (SELECT group_concat(alias, '|') FROM aliases WHERE actor_id = a.id),
               (SELECT count(*) FROM statements s WHERE s.actor_id = a.id) AS n
        FROM actors a
        {where}
        ORDER BY n DESC, a.name
        LIMIT ? OFFSET ?
        """,
        args,
    ).fetchall()
    return [
        {
            "id": int(r[0]),
            "name": r[1],
            "kind": r[2],
            "aliases": [x for x in (r[3] or "").split("|") if x and x != r[1]],
            "statements": int(r[4]),
        }
        for r in rows
    ]


def corpus_is_empty(db: sqlite_utils.Database) -> bool:
    """No article stored yet (one index probe)."""
    return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
