"""Tracked red lines: country adjectives and synonyms through the glossary and stemmer,
/redline test explaining each match, /redline list with descriptions and counts, and keyword
subscriptions that would match everything refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alerts_helpers import ctx_for, make_article, save, seed_actors, settings_for

from bot.alerts import tracked_redlines as rl
from bot.config import DEFAULT_SEEDS_DIR
from bot.dispatch import run_command
from bot.nlp.redline_flag import RedLineFlagger
from store import Store

ARTICLE = (
    "moscou-avertit.html",
    "Moscou avertit l'Alliance",
    [
        ("Sergueï Lavrov", "Sergueï Lavrov", "indirect",
         "Moscou ne tolérera en aucun cas la présence de soldats de l'Otan sur le sol "
         "ukrainien, même sous un drapeau européen", False, None),
        ("Sergueï Lavrov", "Sergueï Lavrov", "indirect",
         "le déploiement d'un contingent de l'Otan en Ukraine n'avait pas été discuté",
         False, None),
        ("Dmitri Peskov", "Dmitri Peskov", "indirect",
         "les discussions avec les Américains se poursuivraient la semaine prochaine",
         False, None),
    ],
)


@pytest.fixture
def env(tmp_path: Path):
    store = Store(tmp_path / "quotedesk.db")
    seed_actors(store)
    settings = settings_for(tmp_path)
    article, analysis = make_article(*ARTICLE)
    flagger = RedLineFlagger.load(DEFAULT_SEEDS_DIR)
    for statement in analysis.statements:
        flag = flagger.flag(statement.text, statement.cue)
        statement.red_line = flag is not None
        statement.red_line_rule = flag.rule if flag else None
        statement.red_line_kind = flag.kind if flag else None
        statement.red_line_trigger = flag.trigger if flag else None
    save(store, article, analysis)
    yield ctx_for(store, settings)
    store.close()


def test_a_country_matches_its_adjective_through_the_glossary() -> None:
    groups = rl.pattern_groups("troupes Otan Ukraine")
    ukraine = next(g for g in groups if "ukrain" in g)
    assert "ukrainien" in ukraine  # sol ukrainien
    troops = next(g for g in groups if "troup" in g)
    assert "soldat" in troops  # soldats, from the same glossary row
    american = next(g for g in rl.pattern_groups("bases américaines") if "americain" in g)
    assert "etat unis" in american  # États-Unis


def test_redline_test_shows_each_match_with_its_pattern_and_the_flag(env) -> None:
    answer = run_command(env, "/redline", "test nato-troops-in-ukraine")
    assert not answer.is_error, answer.message
    by_text = {hit.text[:20]: hit.context for hit in answer.hits}
    assert set(by_text) == {"Moscou ne tolérera e", "le déploiement d'un "}
    assert by_text["Moscou ne tolérera e"].startswith("pattern: ")
    assert "soldats Otan Ukraine" in by_text["Moscou ne tolérera e"]
    assert "flag: unacceptable: « ne tolérera en aucun cas »" in by_text["Moscou ne tolérera e"]
    assert "contingent Otan Ukraine" in by_text["le déploiement d'un "]
    assert by_text["le déploiement d'un "].endswith("flag: not flagged")


def test_redline_list_describes_every_built_in_and_counts_matches(env) -> None:
    answer = run_command(env, "/redline", "list")
    lines = [line for line in (answer.message or "").splitlines() if line.startswith("• ")]
    names = {line.split("*")[1] for line in lines}
    assert {"threat", "ultimatum", "unacceptable", "non-negotiable", "red-line",
            "nato-troops-in-ukraine"} <= names
    assert all("(built-in, " in line and " — " in line for line in lines)
    assert not any("flagged at extraction" in line or "flags so" in line for line in lines)
    nato = next(line for line in lines if "*nato-troops-in-ukraine*" in line)
    assert "2 stored statements" in nato
    unacceptable = next(line for line in lines if "*unacceptable*" in line)
    assert "1 stored statement)" in unacceptable


@pytest.mark.parametrize("keyword", ["a", '"a"', "le", '"de la"', "the", "x y"])
def test_subscribe_keyword_refuses_words_that_match_everything(env, keyword: str) -> None:
    answer = run_command(env, "/subscribe", f"keyword {keyword}")
    assert answer.is_error
    assert "almost every statement" in (answer.message or "")
    assert run_command(env, "/subscriptions", "").message.startswith("This channel has no")


@pytest.mark.parametrize("keyword", ['"mer d\'Azov"', "UE", "G7", '"la paix"'])
def test_subscribe_keyword_accepts_specific_words(env, keyword: str) -> None:
    answer = run_command(env, "/subscribe", f"keyword {keyword}")
    assert not answer.is_error, answer.message


def test_migration_004_keeps_statements_flagged_before_it(tmp_path: Path) -> None:
    from store import connect
    from store.db import Database, _migration_sets
    from store.schema import migrations as core_migrations

    path = tmp_path / "old.db"
    old = Database(str(path))
    for migration_set in _migration_sets():
        if migration_set is core_migrations:
            migration_set.apply(old, stop_before="004_red_line_kind")
        else:
            migration_set.apply(old)
    columns = {row[1] for row in old.execute("PRAGMA table_info(statements)").fetchall()}
    assert "red_line_kind" not in columns
    old.execute("INSERT INTO articles (doc, content_hash, ingested_at) VALUES ('a', 'h', 'now')")
    old.execute("INSERT INTO statements (article_id, kind, text, start, \"end\", red_line,"
                " red_line_rule) VALUES (1, 'direct', 'Nous riposterons.', 0, 17, 1, 'riposte')")
    old.conn.commit()
    old.conn.close()
    db = connect(path)
    assert "004_red_line_kind" in {m.name for m in core_migrations.applied(db)}
    row = db.execute("SELECT text, red_line, red_line_rule, red_line_kind, red_line_trigger"
                     " FROM statements").fetchone()
    assert tuple(row) == ("Nous riposterons.", 1, "riposte", None, None)
