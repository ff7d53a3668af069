"""The lexicons behind the ingestion rules (``seeds/ingest_rules.json``), loaded once, lazily."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.config import DEFAULT_SEEDS_DIR
from folding import fold

__all__ = ["RULES_FILE", "Rules", "default_rules", "load_rules"]

RULES_FILE = "ingest_rules.json"


@dataclass(frozen=True)
class Rules:
    credit_markers: tuple[str, ...]
    photo_agencies: tuple[str, ...]
    promo_prefixes: tuple[str, ...]
    promo_outlet_prefixes: tuple[str, ...]
    social_networks: frozenset[str]
    promo_max_words: int
    teaser_max_words: int
    heading_max_words: int
    heading_max_chars: int
    glued_heading_max_words: int
    bio_max_trailing_lines: int
    sentence_starters: tuple[str, ...]
    abbreviations: tuple[str, ...]
    french_words: frozenset[str]
    english_words: frozenset[str]
    agencies: dict[str, str]
    outlets: dict[str, str]
    hosts: dict[str, str]
    months: dict[str, int]
    weekdays: dict[str, int]
    max_file_bytes: int
    web_notice_terms: tuple[str, ...] = ()
    web_notice_address: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rules:
        def folded(key: str) -> tuple[str, ...]:
            return tuple(fold(str(x)) for x in data[key])

        def mapping(key: str) -> dict[str, Any]:
            return {fold(k): v for k, v in dict(data[key]).items()}

        return cls(
            credit_markers=folded("credit_markers"),
            photo_agencies=folded("photo_agencies"),
            promo_prefixes=folded("promo_prefixes"),
            promo_outlet_prefixes=folded("promo_outlet_prefixes"),
            social_networks=frozenset(folded("social_networks")),
            promo_max_words=int(data["promo_max_words"]),
            teaser_max_words=int(data["teaser_max_words"]),
            heading_max_words=int(data["heading_max_words"]),
            heading_max_chars=int(data["heading_max_chars"]),
            glued_heading_max_words=int(data["glued_heading_max_words"]),
            bio_max_trailing_lines=int(data["bio_max_trailing_lines"]),
            sentence_starters=tuple(str(x) for x in data["sentence_starters"]),
            abbreviations=tuple(str(x) for x in data["abbreviations"]),
            french_words=frozenset(folded("french_function_words")),
            english_words=frozenset(folded("english_function_words")),
            agencies=mapping("agencies"),
            outlets=mapping("outlets"),
            hosts={str(k).lower(): str(v) for k, v in dict(data["hosts"]).items()},
            months=mapping("months"),
            weekdays=mapping("weekdays"),
            max_file_bytes=int(data["max_file_bytes"]),
            web_notice_terms=tuple(fold(str(x)) for x in data.get("web_notice_terms", [])),
            web_notice_address=frozenset(fold(str(x))
                                         for x in data.get("web_notice_address", [])),
        )


def load_rules(path: Path) -> Rules:
    """Read a rules file; ``ValueError`` when it is missing a key or is not JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Rules.from_dict(data)
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"bad ingestion rules file {path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    return load_rules(DEFAULT_SEEDS_DIR / RULES_FILE)
