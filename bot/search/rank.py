"""How /quote ranks statements (the SQL lives in store/search.py; the numbers live here).

For a statement ``s`` matching the topic, best first by::

    score = relevance × actor_weight × kind_weight × (1 + RECENCY_WEIGHT × recency)

- ``relevance`` = TEXT_TIER × [the statement's own words match] + CONTEXT_TIER × [its
  context (section heading + paragraph) matches] + b / (1 + b), where b = −bm25(statements_fts,
  0, 10, 3, 1) is FTS5's BM25 with column weights text_terms 10 > context_terms 3 >
  title_terms 1 (the raw ``text`` column has weight 0: topic matching runs on stems). The tiers
  make "own words > context > title" hold whatever the term statistics (FTS5 clamps the IDF
  of a term found in most rows to ~0, which would otherwise let a rare synonym in a title
  outrank the asked word in the statement itself); BM25, squashed into [0, 1), orders within
  a tier. Without a topic, relevance is 1 for every statement.
- ``actor_weight``: 1.0 × match quality for the actor asked for (exact alias 1.0, surname
  0.95, typo = rapidfuzz ratio / 100); LINK_WEIGHT × that for an institution linked to it by
  a spokesperson role (Peskov ⇄ Kremlin). Without an actor, 1.0. With an actor, the asked
  actor's own statements are listed first, then the linked institution's (each by score).
- ``kind_weight``: direct 1.0 > mixed 0.96 > indirect 0.92 — verbatim words slightly above
  reported speech at equal relevance, never enough to beat a clearly better match.
- ``recency`` = 1 / (1 + age_days / 365) from the date said (else the article's date; month
  or year precision counts from the first day), 0 if undated: a statement from today gets
  ×1.3, one a year old ×1.15, an undated one ×1.0.
Ties: newer first, then lower statement id (stable pages).

Bounded work: the FTS5 scan reads at most ``SCAN_LIMIT`` matching statements, newest
ingested first (for a topic matching more than that, older matches are not considered), and
only the ``CANDIDATES`` best of them by BM25 (after actor and filters) are re-scored and
paged — so a query costs the same on 2k or 100k articles.
"""

from __future__ import annotations

from datetime import date

from store.search import StatementQuery

BM25_WEIGHTS = (0.0, 10.0, 3.0, 1.0)
TEXT_TIER = 2.0
CONTEXT_TIER = 1.0
KIND_WEIGHTS = {"direct": 1.0, "mixed": 0.96, "indirect": 0.92}
RECENCY_WEIGHT = 0.3
RECENCY_HALF_LIFE_DAYS = 365.0
LINK_WEIGHT = 0.6
CANDIDATES = 300
SCAN_LIMIT = 3000


def statement_query(
    match: str | None,
    actor_weights: dict[int, float] | None = None,
    *,
    today: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    kinds: tuple[str, ...] | None = None,
    red_line: bool | None = None,
    primary_actors: frozenset[int] | None = None,
) -> StatementQuery:
    """A store query carrying this module's ranking policy."""
    return StatementQuery(
        match=match,
        actor_weights=actor_weights,
        primary_actors=primary_actors,
        since=since,
        until=until,
        source=source,
        kinds=kinds,
        red_line=red_line,
        today=today or date.today().isoformat(),
        bm25_weights=BM25_WEIGHTS,
        kind_weights=dict(KIND_WEIGHTS),
        recency_weight=RECENCY_WEIGHT,
        recency_half_life_days=RECENCY_HALF_LIFE_DAYS,
        candidates=CANDIDATES,
        scan_limit=SCAN_LIMIT,
        text_tier=TEXT_TIER,
        context_tier=CONTEXT_TIER,
    )
