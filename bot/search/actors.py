"""Actor resolution: from what a journalist types (any spelling) to actors in the store.

Order of attempts, best first:
1. exact alias, accent- and case-insensitive (``Sergei``/``Sergueï`` when both are aliases,
   ``Putin`` when it is an alias of Vladimir Poutine — transliterations live in the aliases);
2. a person's surname taken from a multi-word name or alias (``Peskov`` → Dmitri Peskov,
   ``Le Maire`` → Bruno Le Maire, ``Vautrin-Leclerc``), slightly below an exact alias — for
   every speaker, including the people extraction found in the news (stored as actors with
   their full name), not only those of seeds/actors.json;
3. typos: rapidfuzz ``ratio`` against every alias (``Peskow``, ``Lavorv``), score ≥ 80.

The alias index is cached per database and rebuilt only when a cheap version check
(max ids and alias count, see :func:`store.aliases.alias_version`) changes, or after
:data:`CACHE_TTL_SECONDS` (roles may be updated in place).

Spokesperson links: an actor whose role names a spokesperson post (the glossary's
``spokesperson`` row: porte-parole, …) of an institution known as an actor (the role text
contains one of its aliases, e.g. «porte-parole du Kremlin») is *linked* to it, both ways.
``/quote Peskov`` then also returns Kremlin statements, ranked below Peskov's own.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

import sqlite_utils
from rapidfuzz import fuzz, process

from bot.search.expand import load_glossary
from folding import fold
from store.aliases import AliasRow, alias_rows, alias_version
from store.db import database_key
from store.terms import index_terms

FUZZY_CUTOFF = 80.0
SUGGEST_CUTOFF = 45.0
SURNAME_QUALITY = 0.95
MIN_FUZZY_CHARS = 4
MAX_NAME_WORDS = 4
CACHE_TTL_SECONDS = 300.0
SPOKESPERSON_CONCEPT = ("spokesperson",)

_WORD = re.compile(r"[^\W_]+")


def name_key(text: str) -> str:
    """Folded words joined by one space: ``Sergueï  Lavrov,`` → ``serguei lavrov``."""
    return " ".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class ActorMatch:
    """An actor a piece of text resolved to; ``score`` in 0..1 (1 = exact alias)."""

    actor_id: int
    name: str
    alias: str
    score: float
    kind: str = "person"


@dataclass
class _Entry:
    actor_id: int
    name: str
    alias: str
    quality: float
    kind: str


@dataclass
class AliasIndex:
    """Everything resolution needs, built once per alias version."""

    version: tuple[int, int, int]
    built_at: float
    exact: dict[str, list[_Entry]] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    links: dict[int, list[int]] = field(default_factory=dict)
    companions: dict[int, list[int]] = field(default_factory=dict)


def _add(index: AliasIndex, key: str, entry: _Entry) -> None:
    if not key:
        return
    bucket = index.exact.setdefault(key, [])
    for i, existing in enumerate(bucket):
        if existing.actor_id == entry.actor_id:
            if entry.quality > existing.quality:
                bucket[i] = entry
            return
    bucket.append(entry)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _spokesperson_links(rows: list[AliasRow]) -> dict[int, list[int]]:
    cues = [a.split() for a in load_glossary().alternatives(SPOKESPERSON_CONCEPT)]
    cues = [c for c in cues if c]
    institutions: dict[int, list[list[str]]] = {}
    for row in rows:
        if row.kind == "institution":
            stems = index_terms(row.alias).split()
            if stems:
                institutions.setdefault(row.actor_id, []).append(stems)
    links: dict[int, list[int]] = {}
    seen: set[int] = set()
    for row in rows:
        if row.actor_id in seen or row.kind == "institution":
            continue
        seen.add(row.actor_id)
        for role in row.roles:
            text = role.get("role") or role.get("title") or ""
            stems = index_terms(str(text)).split()
            if not any(_contains(stems, cue) for cue in cues):
                continue
            for inst_id, aliases in institutions.items():
                if any(_contains(stems, alias) for alias in aliases):
                    links.setdefault(row.actor_id, []).append(inst_id)
                    links.setdefault(inst_id, []).append(row.actor_id)
    return {k: sorted(set(v)) for k, v in links.items()}


#: Words that open or join a surname (Villeroy de Galhau, Van Quickenborne, al-Thani): a
#: surname key never starts or ends with one.
PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "van", "von", "der", "den",
                       "al", "el", "ben", "bin", "da", "di", "dos", "del", "y"})


def surname_keys(name: str) -> list[str]:
    """The ways a person is named without the first name, as keys: every run of the words
    after the first that neither starts nor ends with a particle (``Bruno Le Maire`` →
    ``maire``; ``François Villeroy de Galhau`` → ``villeroy``, ``villeroy de galhau``,
    ``galhau``; ``Anne-Sophie Vautrin-Leclerc`` → ``vautrin leclerc``, ``leclerc``), plus the
    name without its first word (``le maire``)."""
    written = name.split()
    keys: list[str] = []

    def add(key: str) -> None:
        if key and key not in keys and len(key.replace(" ", "")) >= 3:
            keys.append(key)

    if len(written) > 1:
        add(name_key(" ".join(written[1:])))
    words = name_key(" ".join(written[1:])).split() if len(written) > 1 else []
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            run = words[start:end]
            if run[0] not in PARTICLES and run[-1] not in PARTICLES:
                add(" ".join(run))
    parts = name_key(name).split()
    if len(parts) > 1:
        add(parts[-1])
    return keys


def build_index(rows: list[AliasRow], version: tuple[int, int, int]) -> AliasIndex:
    index = AliasIndex(version, time.monotonic())
    surnames: dict[str, list[_Entry]] = {}
    for row in rows:
        index.names[row.actor_id] = row.name
        index.kinds[row.actor_id] = row.kind
        _add(index, name_key(row.alias), _Entry(row.actor_id, row.name, row.alias, 1.0, row.kind))
        _add(index, name_key(row.name), _Entry(row.actor_id, row.name, row.name, 1.0, row.kind))
        if row.kind == "person":
            for text in (row.alias, row.name):
                for key in surname_keys(text):
                    entry = _Entry(row.actor_id, row.name, text, SURNAME_QUALITY, row.kind)
                    surnames.setdefault(key, []).append(entry)
    for key, entries in surnames.items():
        if key in index.exact and not all(_short_form(e, key) for e in index.exact[key]):
            continue  # a real alias wins over a derived surname
        for entry in entries:  # alone, or beside a speaker known by that surname only
            _add(index, key, entry)
    index.choices = sorted(index.exact)
    index.links = _spokesperson_links(rows)
    index.companions = _companions(index)
    return index


def _short_form(entry: _Entry, key: str) -> bool:
    """A speaker known by this one name only ('Netanyahu', as extraction found the speaker
    in a headline; its kind is a guess, so any but a country)."""
    return entry.kind != "country" and name_key(entry.name) == key


def _companions(index: AliasIndex) -> dict[int, list[int]]:
    """Person actors named by a full name → the actors named by its surname alone: the same
    person as extraction met them ('Benjamin Netanyahu' and 'Netanyahu')."""
    companions: dict[int, list[int]] = {}
    for actor_id, name in index.names.items():
        if index.kinds.get(actor_id) != "person" or len(name_key(name).split()) < 2:
            continue
        for key in surname_keys(name):
            for entry in index.exact.get(key, []):
                if entry.actor_id != actor_id and _short_form(entry, key):
                    companions.setdefault(actor_id, []).append(entry.actor_id)
    return companions


_CACHE: dict[str, AliasIndex] = {}
_LOCK = threading.Lock()


def alias_index(db: sqlite_utils.Database) -> AliasIndex:
    """The cached alias index for ``db``, rebuilt when aliases changed."""
    key = database_key(db)
    version = alias_version(db)
    cached = _CACHE.get(key)
    fresh = cached is not None and time.monotonic() - cached.built_at < CACHE_TTL_SECONDS
    if cached is not None and cached.version == version and fresh:
        return cached
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None or cached.version != version or not fresh:
            cached = build_index(alias_rows(db), version)
            _CACHE[key] = cached
        return cached


def _matches(entries: list[_Entry], score: float) -> list[ActorMatch]:
    return sorted(
        (ActorMatch(e.actor_id, e.name, e.alias, round(e.quality * score, 4), e.kind)
         for e in entries),
        key=lambda m: (-m.score, m.name),
    )


def _fuzzy(index: AliasIndex, key: str) -> tuple[float, list[ActorMatch]]:
    if len(key.replace(" ", "")) < MIN_FUZZY_CHARS or not index.choices:
        return 0.0, []
    found = process.extract(
        key, index.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
    )
    if not found:
        return 0.0, []
    best = found[0][1]
    result: dict[int, ActorMatch] = {}
    for choice, score, _ in found:
        if best - score > 2.0 or len(choice.replace(" ", "")) < MIN_FUZZY_CHARS:
            continue
        for match in _matches(index.exact[choice], score / 100.0):
            if match.actor_id not in result or match.score > result[match.actor_id].score:
                result[match.actor_id] = match
    return best, sorted(result.values(), key=lambda m: (-m.score, m.name))


def resolve_lead(
    db: sqlite_utils.Database, lead: list[str], max_words: int = MAX_NAME_WORDS
) -> tuple[list[ActorMatch], int]:
    """Resolve the first word(s) of ``lead`` to actors: (matches best first, words used).

    Exact aliases (longest first) win; otherwise the best typo match over 1..max_words
    words (longer at equal score). Several matches only when they tie.
    """
    index = alias_index(db)
    longest = min(max_words, len(lead))
    for n in range(longest, 0, -1):
        key = name_key(" ".join(lead[:n]))
        if key in index.exact:
            return _with_companions(index, _matches(index.exact[key], 1.0)), n
    best_score, best_matches, best_n = 0.0, [], 0
    for n in range(longest, 0, -1):
        score, matches = _fuzzy(index, name_key(" ".join(lead[:n])))
        if matches and score > best_score:
            best_score, best_matches, best_n = score, matches, n
    return best_matches, best_n


def _with_companions(index: AliasIndex, matches: list[ActorMatch]) -> list[ActorMatch]:
    """``matches`` plus the actors known by the matched person's surname alone."""
    result = list(matches)
    known = {m.actor_id for m in matches}
    for match in matches:
        for other in index.companions.get(match.actor_id, []):
            if other not in known:
                known.add(other)
                result.append(ActorMatch(other, index.names[other], index.names[other],
                                         round(match.score * SURNAME_QUALITY, 4),
                                         index.kinds.get(other, "person")))
    return result


def resolve_actor(db: sqlite_utils.Database, text: str) -> ActorMatch | None:
    """The actor ``text`` names (exact alias, accents, transliteration, surname, typo), or None.

    ``resolve_actor(db, "Putin")`` → ActorMatch(name="Vladimir Poutine", …).
    """
    index = alias_index(db)
    key = name_key(text)
    if not key:
        return None
    if key in index.exact:
        return _matches(index.exact[key], 1.0)[0]
    _, matches = _fuzzy(index, key)
    return matches[0] if matches else None


def suggest_actors(db: sqlite_utils.Database, text: str, limit: int = 3) -> list[str]:
    """Closest actor names to ``text`` (for "did you mean"), best first; may be empty."""
    index = alias_index(db)
    key = name_key(text)
    if not key or not index.choices:
        return []
    found = process.extract(
        key, index.choices, scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF, limit=limit * 4
    )
    names: list[str] = []
    for choice, _, _ in found:
        for entry in index.exact[choice]:
            if entry.name not in names:
                names.append(entry.name)
    return names[:limit]


def linked_actors(db: sqlite_utils.Database, actor_id: int) -> list[tuple[int, str]]:
    """Actors linked by a spokesperson role (Peskov ⇄ Kremlin), as (id, name)."""
    index = alias_index(db)
    return [(i, index.names[i]) for i in index.links.get(actor_id, []) if i in index.names]


def actor_kind(db: sqlite_utils.Database, actor_id: int) -> str:
    return alias_index(db).kinds.get(actor_id, "person")
