"""Query latency: /quote, /who, /timeline through run_command, against a raw FTS5 MATCH.

Queries are generated from the corpus' own actors and topics: English and French topics,
known and synthetic speakers written as in the corpus, in English transliteration, folded or
with a typo, quoted phrases and filters. Every query goes through
:func:`bot.dispatch.run_command` — the code the Slack handlers and ``ask`` run — on one thread
with a warm connection (a listener thread of the app).

The raw baseline runs, for each query with a topic, the plain FTS5 lookup of the same
topic's index terms on the same table, ordered by FTS5's rank and joined to its rows::

    SELECT s.id, s.text FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid
    WHERE statements_fts MATCH '"trev"' ORDER BY rank LIMIT 5

and the same lookup with the command's own EN⇄FR-expanded expression
(:func:`bot.search.topic_match`, e.g. ``{text_terms context_terms title_terms} : ("truc" OR
"trev" OR "cess le feu" OR "armistic")``). The first ratio shows what everything adds on top of
the cheapest possible lookup; the second what actor resolution, filtering, ranking and
building the answer add on top of FTS5 doing the same matching.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench.corpus import OUTLETS, Corpus, CorpusActor
from bench.report import Figure, percentile
from bot.config import Settings
from bot.context import CommandContext
from bot.dispatch import run_command
from store import Store
from store.terms import index_terms

GENERIC_ERROR = "something went wrong"


@dataclass(frozen=True)
class BenchQuery:
    command: str  # /quote | /who | /timeline
    text: str
    topic: str | None  # the topic words, for the raw baseline


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters
    return word[:i] + word[i + 1 :]  # drop one


def _spelling(rng: random.Random, actor: CorpusActor) -> str:
    roll = rng.random()
    if roll < 0.4 or not actor.aliases:
        name = actor.name.split()[-1] if actor.kind == "person" else actor.name
    elif roll < 0.75:
        name = rng.choice(actor.aliases)
    else:
        name = actor.name
    if rng.random() < 0.15:
        name = _typo(rng, name)
    if rng.random() < 0.1:
        name = name.lower()
    return name


def _filters(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.2:
        parts.append(f"since:{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}")
    if rng.random() < 0.1:
        parts.append(f"until:{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-15")
    if rng.random() < 0.08:
        parts.append(f"source:{rng.choice(OUTLETS)[0].split()[0].lower()}")
    if rng.random() < 0.08:
        parts.append("kind:direct")
    if rng.random() < 0.05:
        parts.append("redline:yes")
    return " ".join(parts)


def make_queries(corpus: Corpus, n: int, seed: int = 7) -> list[BenchQuery]:
    """``n`` varied queries: ~55% /quote actor+topic, 10% /quote topic, 20% /who, 15% /timeline."""
    rng = random.Random(seed)
    known = [a for a in corpus.actors if not a.synthetic]
    synthetic = [a for a in corpus.actors if a.synthetic]
    topics = corpus.topics[:200]
    queries: list[BenchQuery] = []
    for _ in range(n):
        actor = rng.choice(known) if rng.random() < 0.75 or not synthetic else rng.choice(
            synthetic
        )
        topic_pair = rng.choice(topics)
        topic = topic_pair.en if rng.random() < 0.5 else topic_pair.fr
        if rng.random() < 0.1:
            topic = _typo(rng, topic)
        if " " in topic and rng.random() < 0.5:
            shown = f'"{topic}"'
        elif rng.random() < 0.15:
            extra = rng.choice(topics)
            topic = f"{topic} {extra.en}"
            shown = topic
        else:
            shown = topic
        filters = _filters(rng)
        roll = rng.random()
        if roll < 0.55:
            text = f"{_spelling(rng, actor)} {shown} {filters}".strip()
            queries.append(BenchQuery("/quote", text, topic))
        elif roll < 0.65:
            queries.append(BenchQuery("/quote", f"{shown} {filters}".strip(), topic))
        elif roll < 0.85:
            queries.append(BenchQuery("/who", shown, topic))
        elif rng.random() < 0.6:
            queries.append(BenchQuery("/timeline", _spelling(rng, actor), None))
        else:
            queries.append(BenchQuery("/timeline", f"{_spelling(rng, actor)} {shown}", topic))
    return queries


def raw_match(topic: str) -> str | None:
    """The plain FTS5 expression for a topic: its index terms, each quoted, ANDed."""
    terms = index_terms(topic).split()
    return " ".join(f'"{t}"' for t in terms) if terms else None


RAW_SQL = (
    "SELECT s.id, s.text FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid "
    "WHERE statements_fts MATCH ? ORDER BY rank LIMIT 5"
)


@dataclass
class QueryRun:
    times: dict[str, list[float]]  # command → ms
    raw_times: list[float]  # ms, one per query with a topic
    expanded_times: list[float]  # ms, raw MATCH of the expanded expression
    command_times_with_topic: list[float]
    generic_errors: list[str]
    empty: int
    total: int
    #: command → ms of this process's CPU per answer: on a shared machine, wall time also
    #: holds the time other processes had the cores
    cpu_times: dict[str, list[float]] = field(default_factory=dict)


def run_queries(db_path: Path, queries: list[BenchQuery], settings: Settings) -> QueryRun:
    from bot.search import topic_match

    store = Store(db_path)
    ctx = CommandContext(store=store, settings=replace(settings, db_path=db_path))
    db = store.db
    for q in queries[:30]:  # warm caches (alias index, page cache), as a running app has
        run_command(ctx, q.command, q.text)
    times: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    raw_times: list[float] = []
    expanded_times: list[float] = []
    with_topic: list[float] = []
    generic: list[str] = []
    empty = 0
    for q in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        answer = run_command(ctx, q.command, q.text)
        elapsed = (time.perf_counter() - started) * 1000
        cpu[q.command].append((time.process_time() - cpu_started) * 1000)
        times[q.command].append(elapsed)
        if answer.message and GENERIC_ERROR in answer.message.lower():
            generic.append(f"{q.command} {q.text}")
        if not answer.hits and not answer.groups:
            empty += 1
        expression = raw_match(q.topic) if q.topic else None
        if expression and q.topic:
            started = time.perf_counter()
            db.execute(RAW_SQL, [expression]).fetchall()
            raw_times.append((time.perf_counter() - started) * 1000)
            with_topic.append(elapsed)
            expanded = topic_match(q.topic) or expression
            started = time.perf_counter()
            db.execute(RAW_SQL, [expanded]).fetchall()
            expanded_times.append((time.perf_counter() - started) * 1000)
    store.close()
    return QueryRun(dict(times), raw_times, expanded_times, with_topic, generic, empty,
                    len(queries), dict(cpu))


def query_figures(run: QueryRun, size: int) -> list[Figure]:
    figures = []
    every = [t for ts in run.times.values() for t in ts]
    for command in ("/quote", "/who", "/timeline"):
        ts = run.times.get(command, [])
        if not ts:
            continue
        figures.append(Figure("query", f"{command} p50", percentile(ts, 50), "ms", size,
                              "<= 5", f"{len(ts)} queries"))
        figures.append(Figure("query", f"{command} p99", percentile(ts, 99), "ms", size,
                              "<= 25"))
        cpu = run.cpu_times.get(command, [])
        if cpu:
            figures.append(Figure("query", f"{command} CPU p50", percentile(cpu, 50), "ms",
                                  size, note="this process's CPU time"))
            figures.append(Figure("query", f"{command} CPU p99", percentile(cpu, 99), "ms",
                                  size))
    figures.append(Figure("query", "all p50", percentile(every, 50), "ms", size, "<= 5",
                          f"{len(every)} queries"))
    figures.append(Figure("query", "all p99", percentile(every, 99), "ms", size, "<= 25"))
    cmd50 = percentile(run.command_times_with_topic, 50)
    cmd99 = percentile(run.command_times_with_topic, 99)
    for label, times, goal in (("raw FTS5 MATCH, expanded", run.expanded_times, "<= 2"),
                               ("raw FTS5 MATCH, plain stems", run.raw_times, None)):
        raw50, raw99 = percentile(times, 50), percentile(times, 99)
        figures.append(Figure("query", f"{label} p50", raw50, "ms", size))
        figures.append(Figure("query", f"{label} p99", raw99, "ms", size))
        figures.append(Figure("query", f"p50 / {label} p50", cmd50 / raw50 if raw50 else 0.0,
                              "x", size, goal, "topic queries"))
        figures.append(Figure("query", f"p99 / {label} p99", cmd99 / raw99 if raw99 else 0.0,
                              "x", size, goal))
    figures.append(Figure("query", "answers with no result", 100 * run.empty / run.total, "%",
                          size, note="typos, narrow filters"))
    figures.append(Figure("query", "generic error answers", len(run.generic_errors), "",
                          size, "<= 0"))
    return figures
