"""Tracked red lines (what a newsroom subscribes to): keyword patterns, EN⇄FR expansion,
built-ins from seeds/redlines.json. (The extractor's per-statement flag is bot.nlp.redline_flag.)

A pattern is one alternative of a red line: its bare words must all occur in a statement (any
order), a part in double quotes as a phrase. Words go through the search glossary and stemmer,
so an English pattern (``NATO troops Ukraine``) also matches French statements (``troupes de
l'Otan en Ukraine``), and a country matches its adjective (``Ukraine`` → ``territoire
ukrainien``) through the glossary's terms of the same stem (``demonym_suffixes``).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.config import DEFAULT_SEEDS_DIR
from bot.search.expand import Glossary, TopicGroup, expand_words, load_glossary
from store import redline_sets as alert_store
from store.patterns import Compiled
from store.terms import index_terms, words

REDLINES_FILE = "redlines.json"
LEXICON_FILE = "redline_lexicon.json"  # extraction's red-line rules (owned by the nlp side)
FLAG_KINDS = ("red-line", "threat", "ultimatum", "unacceptable", "non-negotiable")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
_QUOTED = re.compile(r"[\"«“]([^\"»”]+)[\"»”]")

META_KEY = "builtin_redlines_sha256"
_load_lock = threading.Lock()


def pattern_groups(pattern: str, *, as_phrase: bool = False) -> list[list[str]]:
    """Stemmed groups of alternatives for one pattern (see store.redline_sets.compile_groups)."""
    if as_phrase:
        phrases, typed = [pattern], []
    else:
        phrases = [p for p in _QUOTED.findall(pattern) if p.strip()]
        typed = [_QUOTED.sub(" ", pattern)]
    glossary = load_glossary()
    suffixes = demonym_suffixes()
    return [with_related_forms(group, glossary, suffixes) for group in expand_words(typed, phrases)]


def _suffix_of(longer: str, stem: str, suffixes: tuple[str, ...]) -> bool:
    return len(stem) >= 4 and longer.startswith(stem) and longer[len(stem):] in suffixes


def with_related_forms(
    group: TopicGroup, glossary: Glossary, suffixes: tuple[str, ...]
) -> list[str]:
    """A word group's alternatives plus the glossary rows of its country or adjective forms:
    ``ukrain`` (Ukraine) gains ``ukrainian``/``ukrainien``; ``americain`` gains ``americ``,
    ``amer``, ``etat unis``. Phrases stay as they are."""
    alternatives = list(group.alternatives)
    if group.phrase or not suffixes:
        return alternatives
    singles = [a for a in alternatives if " " not in a]
    for (key,) in (k for k in glossary.synonyms if len(k) == 1):
        if any(_suffix_of(key, s, suffixes) or _suffix_of(s, key, suffixes) for s in singles):
            alternatives.extend(a for a in glossary.alternatives((key,)) if a not in alternatives)
    return alternatives


_suffixes_cache: dict[Path, tuple[str, ...]] = {}


def demonym_suffixes(seeds_dir: Path | None = None) -> tuple[str, ...]:
    """Endings that turn a country's stem into its adjective (seeds/redlines.json)."""
    path = (seeds_dir or DEFAULT_SEEDS_DIR) / REDLINES_FILE
    if path not in _suffixes_cache:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        found = data.get("demonym_suffixes", []) if isinstance(data, dict) else []
        _suffixes_cache[path] = tuple(str(s) for s in found)
    return _suffixes_cache[path]


def too_common(phrase: str) -> bool:
    """True when every word of ``phrase`` is a grammatical word (the glossary's stop words) or
    a single character: such a keyword would match almost every statement."""
    stop = load_glossary().stopwords
    found = [w for w in words(phrase) if any(ch.isalnum() for ch in w)]
    return all(len(w) < 2 or all(s in stop for s in index_terms(w).split()) for w in found)


def compile_pattern(pattern: str, *, as_phrase: bool = False) -> Compiled:
    """One user pattern → FTS expression; ValueError when nothing searchable is left."""
    groups = pattern_groups(pattern, as_phrase=as_phrase)
    if not groups:
        raise ValueError(f"“{pattern}” has no word to look for")
    return alert_store.compile_groups(groups)


def split_patterns(text: str) -> list[str]:
    """``a b; "c d"; e`` → ["a b", '"c d"', "e"] (also accepts new lines)."""
    return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]


def valid_name(name: str) -> bool:
    return bool(NAME_RE.match(name))


def load_seed_redlines(seeds_dir: Path) -> list[dict[str, Any]]:
    path = seeds_dir / REDLINES_FILE
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("redlines", []) if isinstance(data, dict) else data
    result = []
    for item in items:
        name = str(item.get("name", "")).strip()
        patterns = [str(p) for p in item.get("patterns", []) if str(p).strip()]
        if not valid_name(name) or not patterns:
            raise ValueError(f"{path}: bad red line entry {item!r}")
        result.append(
            {"name": name, "description": str(item.get("description", "")), "patterns": patterns}
        )
    return result


def load_flag_kinds(seeds_dir: Path) -> list[dict[str, str]]:
    """The extraction flag's kinds as built-in red lines: name (the kind) and description."""
    path = seeds_dir / REDLINES_FILE
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    items = data.get("flag_kinds", []) if isinstance(data, dict) else []
    described = {str(i.get("name")): str(i.get("description") or "") for i in items}
    unknown = set(described) - set(FLAG_KINDS)
    if unknown:
        raise ValueError(f"{path}: flag_kinds names no kind of the red-line flag: {unknown}")
    return [{"name": kind, "description": described.get(kind) or f"statements flagged as {kind}"}
            for kind in FLAG_KINDS]


def ensure_builtin_redlines(db: sqlite_utils.Database, seeds_dir: Path) -> int:
    """Load the built-in red lines into the database if their files changed since the last
    load (idempotent; the files' hash is kept in the database). Returns red lines (re)loaded.

    Built-ins are the named pattern sets of seeds/redlines.json, plus one pattern-less red line
    per kind of the extraction flag (``/subscribe redline threat``). Built-ins no longer
    defined are removed unless a channel subscribes to them.
    """
    files = [seeds_dir / name for name in (LEXICON_FILE, REDLINES_FILE)]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes() if path.exists() else b"-")
    fingerprint = digest.hexdigest()
    with _load_lock:
        if alert_store.get_meta(db, META_KEY) == fingerprint:
            return 0
        items = load_seed_redlines(seeds_dir)
        own = {item["name"] for item in items}
        kinds = [kind for kind in load_flag_kinds(seeds_dir) if kind["name"] not in own]
        with db.atomic():
            alert_store.remove_stale_builtins(db, own | {k["name"] for k in kinds})
            for kind in kinds:
                alert_store.save_redline(
                    db, alert_store.BUILTIN_TEAM, kind["name"], [], builtin=True,
                    description=kind["description"],
                )
            for item in items:
                compiled = [(p, compile_pattern(p)) for p in item["patterns"]]
                alert_store.save_redline(
                    db,
                    alert_store.BUILTIN_TEAM,
                    item["name"],
                    compiled,
                    description=item["description"],
                    builtin=True,
                )
            alert_store.set_meta(db, META_KEY, fingerprint)
    return len(items) + len(kinds)
