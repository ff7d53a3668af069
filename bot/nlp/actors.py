"""Actors from seeds/actors.json: alias lookup (exact, then rapidfuzz) and dated roles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.models import ActorRecord
from bot.nlp.text import fold

ROLE_STOPWORDS = {"le", "la", "les", "l'", "de", "du", "des", "d'", "a", "au", "aux", "son", "sa",
                  "ses", "leur", "un", "une", "en", "et", "pour", "chez", "dans", "sur"}
FUZZY_CUTOFF = 88.0


def load_actor_records(seeds_dir: Path) -> list[ActorRecord]:
    """Actors known in advance (seeds/actors.json); an absent file means no known actors."""
    path = Path(seeds_dir) / "actors.json"
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON ({exc})") from exc
    records = []
    for item in data.get("actors", []):
        if not item.get("name"):
            raise ValueError(f"{path}: an actor has no name")
        records.append(
            ActorRecord(
                name=item["name"],
                kind=item.get("kind", "person"),
                aliases=list(item.get("aliases", [])),
                roles=[dict(role) for role in item.get("roles", [])],
            )
        )
    return records


def load_genders(seeds_dir: Path) -> dict[str, str]:
    """Grammatical gender of known people ("m"/"f"), used to resolve il/elle."""
    path = Path(seeds_dir) / "actors.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {a["name"]: a["gender"] for a in data.get("actors", []) if a.get("gender")}


def role_words(text: str) -> tuple[str, ...]:
    """Content words of a role phrase, folded: "le ministre russe" → ("ministre", "russe")."""
    words = [w.strip('"«»“”') for w in fold(text).replace("'", "' ").replace("-", " - ").split()]
    # 'la "ministre" de l'Éducation': marks around a word are not part of it
    return tuple(w for w in words if w not in ROLE_STOPWORDS and w not in {"-", ""})


@dataclass(frozen=True)
class Role:
    words: tuple[str, ...]
    actor: ActorRecord
    start: str | None
    end: str | None

    def active_on(self, day: str | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def active_during(self, first: str, last: str) -> bool:
        """Held on some day from ``first`` to ``last`` (a month known, not its day)."""
        return (self.start is None or self.start <= last) and (self.end is None or first < self.end)


def date_range(date: str) -> tuple[str, str]:
    """The first and last day a date of any precision covers: "2021-01" → 01-01 … 01-31."""
    if len(date) == 7:
        return date + "-01", date + "-31"
    if len(date) == 4:
        return date + "-01-01", date + "-12-31"
    return date, date


class ActorIndex:
    """Resolves names, aliases and roles to known actors."""

    def __init__(self, records: list[ActorRecord], genders: dict[str, str] | None = None) -> None:
        self.records = records
        self.genders = genders or {}
        self.by_name = {r.name: r for r in records}
        self.by_alias: dict[str, ActorRecord] = {}
        self.by_surname: dict[str, ActorRecord | None] = {}
        self.roles: list[Role] = []
        for record in records:
            for alias in [record.name, *record.aliases]:
                self.by_alias.setdefault(fold(alias), record)
                if record.kind == "person":
                    surname = fold(alias).split()[-1]
                    known = self.by_surname.get(surname, record)
                    self.by_surname[surname] = record if known is record else None
            for role in record.roles:
                self.roles.append(
                    Role(role_words(str(role.get("role") or "")), record,
                         role.get("start"), role.get("end"))
                )
        self._person_keys = [k for k, r in self.by_alias.items() if r.kind == "person"]

    def lookup(self, text: str) -> ActorRecord | None:
        """Exact (folded) alias match."""
        key = fold(text)
        if key.startswith(("l'", "le ", "la ", "les ")):
            rest = key.split("'", 1)[1] if key.startswith("l'") else key.split(" ", 1)[1]
            return self.by_alias.get(key) or self.by_alias.get(rest.strip())
        return self.by_alias.get(key)

    def match_person(self, name: str) -> ActorRecord | None:
        """A person's name as written → known actor (alias, surname, then fuzzy)."""
        key = fold(name)
        if not key:
            return None
        record = self.by_alias.get(key)
        if record is not None:
            return record
        surname = key.split()[-1]
        if len(key.split()) == 1 and self.by_surname.get(surname):
            return self.by_surname[surname]
        if len(key) < 5:
            return None
        found = process.extractOne(key, self._person_keys, scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF)
        return self.by_alias[found[0]] if found else None

    def match_role(
        self, phrase: str, date: str | None, preferred: list[str] | None = None
    ) -> ActorRecord | None:
        """The holder of a role phrase on ``date`` (preferring actors in ``preferred``, most
        recent first); None when the phrase is ambiguous."""
        words = role_words(phrase)
        if not words:
            return None
        span = date_range(date) if date else None  # a month: whoever held it in that month
        holders: list[ActorRecord] = []  # roles the phrase names, perhaps in part
        exact: list[ActorRecord] = []  # roles whose every word the phrase writes
        for role in self.roles:
            active = role.active_during(*span) if span else role.active_on(None)
            if role.words[:1] == words[:1] and set(words) <= set(role.words) and \
                    role.actor not in holders and active:
                holders.append(role.actor)
                if set(words) == set(role.words):
                    exact.append(role.actor)
        if preferred:  # a partial role ("le chancelier") for someone the article names
            for name in preferred:
                for holder in holders:
                    if holder.name == name:
                        return holder
        # otherwise every word must be written: "le chef du gouvernement" alone does not
        # name the Russian prime minister, whose role says "russe"
        if len(exact) == 1 and len(words) >= 2:
            return exact[0]
        return None
