"""Source lines and speakers as written, in the console text and in Block Kit."""

from __future__ import annotations

import json

import pytest

from bot.models import Answer, StatementHit
from bot.render.answers import to_blocks
from bot.render.console import hit_text
from bot.render.parts import written_form


def _hit(**changes: object) -> StatementHit:
    values: dict[str, object] = dict(
        statement_id=1, article_id=1, doc="/data/articles/aide-eleveurs.txt",
        speaker="Paul Marchand", speaker_text="le ministre", kind="direct",
        text="Nous serons aux côtés des éleveurs", said_on="2025-03-12", said_precision="day",
        source="Le Monde", title="Sécheresse : une aide promise aux éleveurs",
        url="https://www.lemonde.fr/x.html", red_line=False, red_line_rule=None, context="",
        published_on="2025-03-13",
    )
    values.update(changes)
    return StatementHit(**values)  # type: ignore[arg-type]


def test_source_line_has_outlet_headline_date_and_link() -> None:
    line = hit_text(_hit()).splitlines()[-1]
    assert line.strip() == ("Le Monde — Sécheresse : une aide promise aux éleveurs — 13 Mar 2025 "
                            "<https://www.lemonde.fr/x.html>")
    blocks = json.dumps(to_blocks(Answer("/quote", "x", kind="results", hits=[_hit()])),
                        ensure_ascii=False)
    assert "<https://www.lemonde.fr/x.html|Le Monde — Sécheresse : une aide promise aux " \
           "éleveurs — 13 Mar 2025>" in blocks


def test_file_name_only_without_address_and_no_unknown_outlet() -> None:
    hit = _hit(url=None, source=None)
    line = hit_text(hit).splitlines()[-1].strip()
    assert line == "Sécheresse : une aide promise aux éleveurs — 13 Mar 2025 <aide-eleveurs.txt>"
    assert "unknown outlet" not in json.dumps(
        to_blocks(Answer("/quote", "x", kind="results", hits=[hit])))


@pytest.mark.parametrize("written", ["(Ce dernier)", "-il", "Il", "celle-ci", "l'intéressé",
                                     "Cette dernière", "(elle)"])
def test_pronouns_and_anaphora_are_not_shown(written: str) -> None:
    assert written_form("Paul Marchand", written) is None
    assert "(" not in hit_text(_hit(speaker_text=written)).splitlines()[0]


def test_descriptions_are_shown() -> None:
    assert written_form("Paul Marchand", "le ministre de l'Agriculture") == \
        "le ministre de l'Agriculture"
