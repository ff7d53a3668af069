"""Pure parts of search: parsing, glossary expansion, the safe MATCH builder, cursors."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search import (
    build_match,
    decode_cursor,
    encode_cursor,
    expand_topic,
    parse_query,
    topic_match,
)
from bot.search.expand import build_glossary, expand_words, load_glossary
from bot.search.query import normalize_date


def test_parse_words_phrases_filters() -> None:
    q = parse_query('Lavrov "ligne rouge" since:2025-01 until:2025/3/15 source:reuters '
                    "kind:direct redline:yes troupes")
    assert q.lead == ["Lavrov"]
    assert q.words == ["Lavrov", "troupes"]
    assert q.phrases == ["ligne rouge"]
    assert (q.since, q.until, q.source) == ("2025-01", "2025-03-15", "reuters")
    assert q.kinds == ("direct",) and q.red_line is True
    assert not q.errors and q.has_filters


def test_parse_lead_is_words_before_any_phrase_or_filter() -> None:
    q = parse_query('Jens Stoltenberg since:2020 Otan "guerre"')
    assert q.lead == ["Jens", "Stoltenberg"]
    assert q.words == ["Jens", "Stoltenberg", "Otan"]


def test_parse_french_quotes_and_quoted_filter_values() -> None:
    q = parse_query('Poutine «mer d’Azov» source:"Sputnik France" kind:reported')
    assert q.phrases == ["mer d’Azov"]
    assert q.source == "Sputnik France"
    assert q.kinds == ("indirect", "mixed")


@pytest.mark.parametrize(
    "text, message",
    [
        ("since:hier", "since:"),
        ("until:2025-13", "until:"),
        ("kind:rumour", "kind:"),
        ("redline:maybe", "redline:"),
        ("since:2025-03 until:2025-01", "after"),
    ],
)
def test_parse_bad_filters_give_messages(text: str, message: str) -> None:
    errors = parse_query(text).errors
    assert errors and message in errors[0]


def test_parse_unknown_keys_and_operators_stay_words() -> None:
    q = parse_query('http://x.org NEAR( truce AND -troops* "unclosed')
    assert q.words == ["http://x.org", "NEAR(", "truce", "AND", "-troops*", "unclosed"]
    assert q.phrases == [] and not q.errors


def test_normalize_date() -> None:
    assert normalize_date("2025") == "2025"
    assert normalize_date("2025-1") == "2025-01"
    assert normalize_date("2025.03.05") == "2025-03-05"
    assert normalize_date("25-03") is None
    assert normalize_date("2025-00") is None


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("truce", "trev"),
        ("ceasefire", "cess le feu"),
        ("troops", "troup"),
        ("Troupes", "troup"),
        ("red line", "lign roug"),
        ("peacekeepers", "forc de maintien de la paix"),
        ("NATO", "otan"),
        ("weapons", "arme"),
        ("meeting", "rencontr"),
        ("meeting", "reunion"),
        ("war", "guerr"),
        ("sanctions", "sanction"),
        ("trêve", "truc"),  # French → English too
        ("guerre", "war"),
    ],
)
def test_glossary_expansion(topic: str, expected: str) -> None:
    assert expected in expand_topic(topic)


def test_glossary_is_large_and_multiword() -> None:
    glossary = load_glossary()
    assert len(glossary.synonyms) >= 600
    assert sum(1 for key in glossary.synonyms if len(key) > 1) >= 100


def test_glossary_phrases_found_greedily_and_stopwords_dropped() -> None:
    groups = expand_words(["the", "red", "line", "about", "Ukraine"])
    assert [g.label for g in groups] == ["red line", "Ukraine"]
    assert groups[0].phrase


def test_glossary_rows_merge_by_shared_term() -> None:
    glossary = build_glossary("troops\ttroupes|soldats\nsoldiers\tsoldats|militaires\n")
    assert set(glossary.alternatives(("soldat",))) == {"soldat", "troop", "troup", "soldi",
                                                       "militair"}


def test_build_match_shape() -> None:
    match = topic_match('Peskov "ligne rouge"')
    assert match == (
        '{text_terms context_terms title_terms} : "peskov" AND '
        '{text_terms context_terms title_terms} : ("lign roug" OR "red lin")'
    )
    assert build_match([["a b", 'x" OR "y']], columns=None) == '("a b" OR "x OR y")'
    assert build_match([["***"]]) is None
    assert topic_match("the of le") is None


def _fts_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, text_terms, context_terms, title_terms, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('x', 'trev de 30 jour', 'kremlin', 'titr')")
    return conn


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_match_builder_never_yields_fts_syntax_errors(text: str) -> None:
    parsed = parse_query(text)  # never raises
    assert isinstance(parsed.errors, list)
    match = topic_match(text)
    if match is not None:
        _fts_db().execute("SELECT count(*) FROM t WHERE t MATCH ?", [match]).fetchone()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ['"', "*", "-", "NEAR(", ")", "AND", "OR", "NOT", "^", ":", "{", "}", "text:", "truce",
     "trêve", "«", "»", "'", "since:", "kind:x", "🙂", "DROP", ";", "\\", "%", "_"]
), max_size=20).map(" ".join))
def test_match_builder_on_operator_soup(text: str) -> None:
    match = topic_match(text)
    if match is not None:
        _fts_db().execute("SELECT count(*) FROM t WHERE t MATCH ?", [match]).fetchone()


def test_cursor_round_trip_and_tamper() -> None:
    cursor = encode_cursor("/quote", "Peskov truce", 10)
    assert decode_cursor(cursor, "/quote", "Peskov  truce") == (10, True)
    assert decode_cursor(cursor, "/quote", "Lavrov") == (0, False)
    assert decode_cursor("garbage!", "/quote", "x") == (0, False)
    assert decode_cursor(None, "/quote", "x") == (0, True)
