"""EN⇄FR topic expansion from seeds/glossary_en_fr.tsv, down to index terms.

The glossary is data: each row is a set of interchangeable terms (English, then French,
``|``-separated, multi-word terms allowed). Every term is reduced with
:func:`store.terms.index_terms` (folded Snowball stems), exactly as the index is, so a query
word matches a row whatever its case, accents or inflection (``Troops``, ``troupe``,
``troupes``). A ``!stop`` row lists grammatical words that are dropped from topics when they
stand alone (``the``, ``about``, ``de``) — they still count inside phrases.

Expansion works on *groups*: each concept the user typed (a word, a glossary phrase found
greedily, longest first, or a quoted phrase) becomes one group of alternatives; a statement
must match every group (one alternative of each), see :func:`bot.search.build_match`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.config import DEFAULT_SEEDS_DIR
from bot.search.query import parse_query
from folding import fold
from store.terms import index_terms, words

GLOSSARY_FILE = "glossary_en_fr.tsv"
QUESTION_WORDS_FILE = "question_words.json"
#: A designation written with letters and digits (G7, COP29, F-16, A400M, MH17): one concept,
#: matched as written whether the text glues or spaces it ("COP29", "COP 29", "F16", "F-16").
_CODE = re.compile(r"^(?=.*\d)(?=.*[^\W\d_])[^\W_]+(?:[-‑][^\W_]+)*$")
_EDGE = "?!.,;:()[]…'’\"«»“”"
MAX_TERM_WORDS = 8
MAX_GROUPS = 12
MAX_ALTERNATIVES = 12


@dataclass(frozen=True)
class TopicGroup:
    """One concept of a topic: what was typed, and the index-term strings that match it."""

    label: str
    alternatives: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Glossary:
    """Stem-sequence → alternatives (index-term strings), plus stopword stems."""

    synonyms: dict[tuple[str, ...], tuple[str, ...]]
    stopwords: frozenset[str]
    longest: int
    display: dict[str, str] = field(default_factory=dict)  # index terms → term as written

    def alternatives(self, key: tuple[str, ...]) -> tuple[str, ...]:
        return self.synonyms.get(key, ())


_ENGLISH_WORD = re.compile(r"^[a-z]{4,}$")


def english_bases(word: str) -> list[str]:
    """The words an English form may be inflected from, most likely first: ``policies`` →
    policy; ``negotiated`` → negotiat, negotiate; ``voting`` → vot, vote; ``buses`` → bus.

    Over-generation is harmless: a base the glossary does not hold is never used.
    """
    w = word.casefold()
    if not _ENGLISH_WORD.match(w):
        return []
    bases: list[str] = []
    if w.endswith(("ies", "ied")):
        bases.append(w[:-3] + "y")
    for suffix in ("ing", "ed"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            bases.extend([stem + "e", stem])
            if len(stem) > 2 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # planned → plan
    if w.endswith("es"):
        bases.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        bases.append(w[:-1])
    return [b for b in dict.fromkeys(bases) if len(b) >= 3]


def _parse_rows(text: str) -> tuple[list[list[str]], list[str]]:
    rows: list[list[str]] = []
    stop: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] == "!stop":
            for cell in cells[1:]:
                stop.extend(t.strip() for t in cell.split("|") if t.strip())
            continue
        terms = [t.strip() for cell in cells for t in cell.split("|") if t.strip()]
        if len(terms) >= 2:
            rows.append(terms)
    return rows, stop


def build_glossary(text: str) -> Glossary:
    """Build the lookup from the TSV text (rows sharing a term are merged for that term).

    A term reduced to a grammatical word (a !stop stem) is never searched. English forms
    the rows do not list are found through :func:`english_bases` when a word is looked up.
    """
    rows, stop = _parse_rows(text)
    stop_stems = frozenset(s for word in stop for s in index_terms(word).split())
    merged: dict[tuple[str, ...], list[str]] = {}
    display: dict[str, str] = {}
    for row in rows:
        stems = []
        for term in row:
            terms = index_terms(term)
            display.setdefault(terms, term)
            if terms and terms not in stop_stems:
                stems.append(terms)
        for s in stems:
            key = tuple(s.split())
            if len(key) > MAX_TERM_WORDS:
                continue
            bucket = merged.setdefault(key, [s])
            for other in stems:
                if other not in bucket:
                    bucket.append(other)
    longest = max((len(k) for k in merged), default=1)
    return Glossary(
        {k: tuple(v) for k, v in merged.items()},
        stop_stems,
        min(longest, MAX_TERM_WORDS),
        display,
    )


@lru_cache(maxsize=4)
def load_glossary(path: Path | None = None) -> Glossary:
    """The glossary at ``path`` (default seeds/glossary_en_fr.tsv), cached; missing → empty."""
    file = path or DEFAULT_SEEDS_DIR / GLOSSARY_FILE
    try:
        text = file.read_text(encoding="utf-8")
    except OSError:
        text = ""
    return build_glossary(text)


@lru_cache(maxsize=4)
def load_question_words(path: Path | None = None) -> frozenset[str]:
    """Folded words that ask or report (what, say, dit, à propos…): never topic words."""
    file = path or DEFAULT_SEEDS_DIR / QUESTION_WORDS_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    listed = data.get("words", []) if isinstance(data, dict) else []
    return frozenset(fold(str(w)).strip() for w in listed if str(w).strip())


def is_question_word(token: str, question_words: frozenset[str] | None = None) -> bool:
    """``token`` (as typed, punctuation around it ignored) only asks or reports."""
    listed = load_question_words() if question_words is None else question_words
    word = fold(token.strip(_EDGE))
    return bool(word) and word in listed


def code_alternatives(chunk: str) -> tuple[str, ...] | None:
    """``F-16`` → ("f16", "f 16"); ``COP29`` → ("cop29", "cop 29"); None for other words."""
    token = chunk.strip(_EDGE)
    if not _CODE.match(token):
        return None
    parts = [p for p in re.split(r"[-‑]", token) if p]
    glued = index_terms("".join(parts))
    pieces = [x for p in parts for x in re.findall(r"\d+|[^\W\d_]+", p)]
    spaced = " ".join(index_terms(x) for x in pieces)
    return tuple(dict.fromkeys(a for a in (glued, spaced) if a))


def _group_for(glossary: Glossary, label: str, stems: tuple[str, ...], phrase: bool) -> TopicGroup:
    own = " ".join(stems)
    known = glossary.alternatives(stems)
    if not known and not phrase and label[:1].islower():  # an English form (voting)
        for base in english_bases(label):
            known = glossary.alternatives(tuple(index_terms(base).split()))
            if known:
                break
    alternatives = [own, *(a for a in known if a != own)]
    return TopicGroup(label, tuple(alternatives[:MAX_ALTERNATIVES]), phrase)


def expand_words(
    typed: list[str], phrases: list[str] | None = None, glossary: Glossary | None = None
) -> list[TopicGroup]:
    """Groups for free words (glossary phrases found greedily, longest first) and phrases."""
    glossary = glossary or load_glossary()
    groups: list[TopicGroup] = []
    run: list[tuple[str, str]] = []  # (word as typed, stem) between designations
    for chunk in typed:
        codes = code_alternatives(chunk)
        if codes is None:
            for word in words(chunk):
                stem = index_terms(word)
                if stem:
                    run.extend((word, s) for s in stem.split())
            continue
        groups.extend(_glossary_groups(glossary, run, MAX_GROUPS - len(groups)))
        run = []
        if len(groups) < MAX_GROUPS:
            groups.append(TopicGroup(chunk.strip(_EDGE), codes, phrase=True))
    groups.extend(_glossary_groups(glossary, run, MAX_GROUPS - len(groups)))
    for text in phrases or []:
        stems = tuple(index_terms(text).split())
        if stems and len(groups) < MAX_GROUPS:
            groups.append(_group_for(glossary, text, stems[:32], phrase=True))
    return _dedupe(groups)


def _glossary_groups(
    glossary: Glossary, tokens: list[tuple[str, str]], room: int
) -> list[TopicGroup]:
    """Groups for a run of words: glossary phrases found greedily (longest first), then
    single words; stop words alone are dropped."""
    groups: list[TopicGroup] = []
    i = 0
    while i < len(tokens) and len(groups) < room:
        for size in range(min(glossary.longest, len(tokens) - i), 0, -1):
            key = tuple(s for _, s in tokens[i : i + size])
            if size > 1 and not glossary.alternatives(key):
                continue
            label = " ".join(w for w, _ in tokens[i : i + size])
            if size == 1 and key[0] in glossary.stopwords:
                break
            groups.append(_group_for(glossary, label, key, phrase=size > 1))
            i += size - 1
            break
        i += 1
    return groups


def _dedupe(groups: list[TopicGroup]) -> list[TopicGroup]:
    seen: set[tuple[str, ...]] = set()
    result = []
    for group in groups:
        if group.alternatives not in seen:
            seen.add(group.alternatives)
            result.append(group)
    return result


def expand_topic(text: str) -> list[str]:
    """Every index-term string (stems, space separated) a topic can match, EN⇄FR expanded.

    ``expand_topic("truce")`` → ``["truc", "trev", "cess le feu", …]``. Quoted phrases in
    ``text`` stay phrases. For matching, prefer :func:`bot.search.topic_match`.
    """
    parsed = parse_query(text)
    result: list[str] = []
    for group in expand_words(parsed.words, parsed.phrases):
        result.extend(a for a in group.alternatives if a not in result)
    return result
