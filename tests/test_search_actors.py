"""Actor resolution: aliases, accents, transliteration, surnames, typos, cache, role links."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot.search import resolve_actor, suggest_actors
from bot.search.actors import alias_index, linked_actors, resolve_lead
from store.actors import upsert_actor


@pytest.fixture
def db(fresh_db: sqlite_utils.Database) -> sqlite_utils.Database:
    with fresh_db.conn:
        upsert_actor(fresh_db, "Vladimir Poutine", "person", ["Poutine", "Putin"],
                     [{"role": "président de la Fédération de Russie"}])
        # no "Peskov" alias on purpose: the surname is derived from the name
        upsert_actor(fresh_db, "Dmitri Peskov", "person", ["Dmitry Peskov"],
                     [{"role": "porte-parole du Kremlin", "start": "2012-05-01", "end": None}])
        upsert_actor(fresh_db, "Sergueï Lavrov", "person", ["Lavrov"],
                     [{"role": "ministre russe des Affaires étrangères"}])
        upsert_actor(fresh_db, "Jens Stoltenberg", "person", ["Stoltenberg"])
        upsert_actor(fresh_db, "Kremlin", "institution", ["le Kremlin"])
        upsert_actor(fresh_db, "Otan", "institution", ["OTAN", "NATO"])
        upsert_actor(fresh_db, "Marc Lavrov", "person", [])  # shares a surname
    return fresh_db


@pytest.mark.parametrize(
    "text, name, exact",
    [
        ("Putin", "Vladimir Poutine", True),
        ("poutine", "Vladimir Poutine", True),
        ("Peskov", "Dmitri Peskov", False),  # surname of the name
        ("Peskow", "Dmitri Peskov", False),  # typo
        ("Lavorv", "Sergueï Lavrov", False),  # typo
        ("Sergei Lavrov", "Sergueï Lavrov", False),  # other transliteration
        ("SERGUEI LAVROV", "Sergueï Lavrov", True),  # case and accents
        ("Jens Stoltenberg", "Jens Stoltenberg", True),
        ("nato", "Otan", True),
        ("  Dmitry   Peskov, ", "Dmitri Peskov", True),
    ],
)
def test_resolve_actor(db: sqlite_utils.Database, text: str, name: str, exact: bool) -> None:
    match = resolve_actor(db, text)
    assert match is not None and match.name == name
    assert (match.score == 1.0) is exact
    assert 0.0 < match.score <= 1.0


@pytest.mark.parametrize("text", ["truce", "troupes", "", "🙂", "x", "Zzyzx Qwerty", "de la"])
def test_resolve_actor_rejects_non_names(db: sqlite_utils.Database, text: str) -> None:
    assert resolve_actor(db, text) is None


def test_exact_alias_beats_derived_surname(db: sqlite_utils.Database) -> None:
    # "Lavrov" is an alias of Sergueï Lavrov; Marc Lavrov only has it as a derived surname.
    match = resolve_actor(db, "Lavrov")
    assert match is not None and match.name == "Sergueï Lavrov"


def test_resolve_lead_consumes_multiword_names(db: sqlite_utils.Database) -> None:
    matches, used = resolve_lead(db, ["Jens", "Stoltenberg", "Otan", "troupes"])
    assert used == 2 and matches[0].name == "Jens Stoltenberg"
    matches, used = resolve_lead(db, ["Peskow", "truce"])
    assert used == 1 and matches[0].name == "Dmitri Peskov"
    assert resolve_lead(db, ["truce", "Peskov"]) == ([], 0)


def test_suggestions(db: sqlite_utils.Database) -> None:
    assert "Sergueï Lavrov" in suggest_actors(db, "Lavroff")
    assert suggest_actors(db, "Stoltenbrg")[0] == "Jens Stoltenberg"
    assert len(suggest_actors(db, "a", limit=2)) <= 2


def test_cache_sees_new_aliases(db: sqlite_utils.Database) -> None:
    before = alias_index(db)
    assert alias_index(db) is before  # unchanged version: cached
    assert resolve_actor(db, "Sergueï Viktorovitch") is None
    with db.conn:
        upsert_actor(db, "Sergueï Lavrov", "person", ["Sergueï Viktorovitch"])
    match = resolve_actor(db, "Sergueï Viktorovitch")
    assert match is not None and match.name == "Sergueï Lavrov"


def test_spokesperson_role_links_person_and_institution(db: sqlite_utils.Database) -> None:
    peskov = resolve_actor(db, "Peskov")
    kremlin = resolve_actor(db, "Kremlin")
    lavrov = resolve_actor(db, "Lavrov")
    assert peskov and kremlin and lavrov
    assert linked_actors(db, peskov.actor_id) == [(kremlin.actor_id, "Kremlin")]
    assert linked_actors(db, kremlin.actor_id) == [(peskov.actor_id, "Dmitri Peskov")]
    assert linked_actors(db, lavrov.actor_id) == []  # a minister, not a spokesperson
