"""How /quote ranks statements (the SQL lives in store/search.py; the numbers live here).

The order of a /quote answer (:func:`order_candidates`), best first:

1. **Tier**: statements whose own words match every topic concept (a word with its EN⇄FR
   equivalents, a glossary phrase, a quoted phrase) come first; then those whose own words
   match some of them, more before fewer, then a larger share of the words of a multi-word
   concept («retraites» for “pension reform”) before a smaller one; among equals, those
   matching more concepts anywhere (their words, their context — the section heading and
   paragraph — or the article's title) first; statements matching only through their
   context come last.
2. With an actor: the asked actor's own statements before those of an institution linked to
   it (Peskov before the Kremlin) — within a tier, so the Kremlin saying «trêve» comes before
   Peskov not saying it.
3. The score below (relevance × recency × kind), then the date said (newest first), then the
   statement id.

No BM25 is computed for a /quote answer (store/search.py ``_window_sql``): FTS5's ``bm25()``
counts every row holding each phrase to get its IDF, per query, a cost that grows with the
archive. Each tier is read as the ``WINDOW`` newest matches passing the filters (at most
``FILTER_SCAN`` matches are checked against filters): first the statements holding every
concept in their own words; then, only when those do not fill the page, those holding every
concept anywhere (words, context, title) and those holding any — ordered by the concepts
they hold. Within that, relevance is the statement's *focus*, 1 / (1 + words / 40): a short
statement is more about the topic than a long one that mentions it in passing. So the
score is focus × actor weight × kind weight × (1 + RECENCY_WEIGHT × recency).
/timeline reads its window the same way; /who counts speakers over the ``WHO_SCAN`` newest
statements whose words match, without any score. How a window is read costs nothing to the
order: the own-words tier and /who walk ``statement_words_fts`` (own words and speaker
only); a phrase holding a frequent token (``de``, ``la``) is walked without it and each
candidate checked exactly on its terms (``store.search._newest_ids``) — the same statements,
newest first.

The store's BM25-ranked search, :func:`store.search.search_statements`, is kept (and tested)
for ranking where the cost is acceptable; it scores a statement ``s`` by::

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

Bounded work there too: the FTS5 scan reads at most ``SCAN_LIMIT`` matching statements,
newest ingested first, and only the ``CANDIDATES`` best of them by BM25 (after actor and
filters) are re-scored and paged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from store.search import Candidate, StatementQuery

BM25_WEIGHTS = (0.0, 10.0, 3.0, 1.0)
TEXT_TIER = 2.0
CONTEXT_TIER = 1.0
KIND_WEIGHTS = {"direct": 1.0, "mixed": 0.96, "indirect": 0.92}
RECENCY_WEIGHT = 0.3
RECENCY_HALF_LIFE_DAYS = 365.0
LINK_WEIGHT = 0.6
CANDIDATES = 300
SCAN_LIMIT = 3000
#: /quote and /timeline rank the newest WINDOW matches (passing the filters) of each tier,
#: among the newest FILTER_SCAN matches when filters (since:, source:…) must be checked.
WINDOW = 100
FILTER_SCAN = 1000
#: /who counts speakers over the newest WHO_SCAN statements whose words match.
WHO_SCAN = 1000


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


@dataclass(frozen=True)
class Ranked:
    """A candidate with the concept counts it is ordered by."""

    candidate: Candidate
    own: int  # topic concepts found in the statement's own words
    anywhere: int  # topic concepts found in its words, its context or the article's title
    partial: float = 0.0  # share of the words of multi-word concepts found in its own words

    @property
    def statement_id(self) -> int:
        return self.candidate.statement_id


def _holds(terms: str, alternatives: Sequence[str]) -> bool:
    padded = f" {terms} "
    return any(f" {alt} " in padded for alt in alternatives if alt)


def concept_counts(candidate: Candidate, concepts: Sequence[Sequence[str]]) -> tuple[int, int]:
    """(concepts in the statement's own words, concepts anywhere in its columns)."""
    own = anywhere = 0
    for alternatives in concepts:
        in_text = _holds(candidate.text_terms, alternatives)
        own += in_text
        anywhere += in_text or _holds(candidate.context_terms, alternatives) or _holds(
            candidate.title_terms, alternatives
        )
    return own, anywhere


def partial_share(
    candidate: Candidate,
    concepts: Sequence[Sequence[str]],
    words: Sequence[Sequence[Sequence[str]]],
) -> float:
    """For each multi-word concept the statement's own words do not hold whole, the share of
    its words they hold (each word with its own equivalents): «retraites» is half of
    “pension reform”."""
    share = 0.0
    for alternatives, parts in zip(concepts, words, strict=False):
        if len(parts) > 1 and not _holds(candidate.text_terms, alternatives):
            share += sum(_holds(candidate.text_terms, alts) for alts in parts) / len(parts)
    return share


def order_candidates(
    candidates: Sequence[Candidate],
    concepts: Sequence[Sequence[str]],
    primary_actors: frozenset[int] | None = None,
    concept_words: Sequence[Sequence[Sequence[str]]] = (),
) -> list[Ranked]:
    """Candidates in answer order (see the module docstring); duplicates dropped.

    ``concepts``: the alternatives (index-term strings) of each topic concept; empty for an
    actor-only search, which is newest first. ``concept_words``: for each concept, the
    alternatives of each of its words (a multi-word concept half present in a statement's
    words ranks it above one where it is absent, at equal concept counts).
    """
    seen: set[int] = set()
    ranked: list[Ranked] = []
    for candidate in candidates:
        if candidate.statement_id in seen:
            continue
        seen.add(candidate.statement_id)
        own, anywhere = concept_counts(candidate, concepts)
        partial = (partial_share(candidate, concepts, concept_words)
                   if own < len(concepts) else 0.0)
        ranked.append(Ranked(candidate, own, anywhere, partial))
    total = len(concepts)

    def key(r: Ranked) -> tuple[int, int, float, int, int, float, str, int]:
        c = r.candidate
        linked = int(bool(primary_actors) and c.actor_id not in (primary_actors or ()))
        score = c.score if total else 0.0
        undated = int(c.date is None)
        return (int(r.own < total), -r.own, -r.partial, -r.anywhere, linked, -score,
                _newest_first(c.date) if not undated else "~", -c.statement_id)

    return sorted(ranked, key=key)


def _newest_first(value: str | None) -> str:
    """A string that sorts later dates first ('2025-03' before '2025-02')."""
    return "".join(chr(0x7E - ord(ch)) if ch.isdigit() else ch for ch in (value or ""))
