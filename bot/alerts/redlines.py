"""Red lines and keyword patterns: parsing, EN⇄FR expansion, built-ins from seeds/redlines.json.

A pattern is one alternative of a red line: its bare words must all occur in a statement (any
order), a part in double quotes as a phrase. Words go through the search glossary, so an
English pattern (``NATO troops Ukraine``) also matches French statements (``troupes de
l'Otan en Ukraine``).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.search.expand import expand_words
from store import alerts as alert_store
from store.alerts import Compiled

REDLINES_FILE = "redlines.json"
LEXICON_FILE = "redline_lexicon.json"  # extraction's red-line rules (owned by the nlp side)
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
_QUOTED = re.compile(r"[\"«“]([^\"»”]+)[\"»”]")

META_KEY = "builtin_redlines_sha256"
_load_lock = threading.Lock()


def pattern_groups(pattern: str, *, as_phrase: bool = False) -> list[list[str]]:
    """Stemmed groups of alternatives for one pattern (see store.alerts.compile_groups)."""
    if as_phrase:
        phrases, typed = [pattern], []
    else:
        phrases = [p for p in _QUOTED.findall(pattern) if p.strip()]
        typed = [_QUOTED.sub(" ", pattern)]
    groups = expand_words(typed, phrases)
    return [list(group.alternatives) for group in groups]


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


def load_lexicon_rules(seeds_dir: Path) -> list[str]:
    """Names of the extraction's red-line rules (statements.red_line_rule values)."""
    path = seeds_dir / LEXICON_FILE
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = data.get("rules", []) if isinstance(data, dict) else []
    return [str(r["name"]) for r in rules if isinstance(r, dict) and valid_name(str(r.get("name")))]


def ensure_builtin_redlines(db: sqlite_utils.Database, seeds_dir: Path) -> int:
    """Load the built-in red lines into the database if their files changed since the last
    load (idempotent; the files' hash is kept in the database). Returns red lines (re)loaded.

    Built-ins are the named pattern sets of seeds/redlines.json, plus one pattern-less red line
    per extraction rule of seeds/redline_lexicon.json (``/subscribe redline ligne-rouge``).
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
        rules = [name for name in load_lexicon_rules(seeds_dir) if name not in own]
        with db.atomic():
            for name in rules:
                alert_store.save_redline(
                    db, alert_store.BUILTIN_TEAM, name, [], builtin=True,
                    description="flagged at extraction",
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
    return len(items) + len(rules)
