"""Block Kit and console rendering of the same Answer objects."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from slack_sdk.models.blocks import Block

from bot.dispatch import help_answer
from bot.models import ActorInfo, Answer, SpeakerGroup, StatementHit
from bot.render.answers import (
    ACTION_MORE,
    ACTION_SHARE,
    MAX_BLOCKS,
    ActionValue,
    fallback_text,
    to_blocks,
    to_message,
)
from bot.render.console import to_json, to_text
from bot.render.home import home_view
from bot.render.parts import cut, format_date, written_form


def make_hit(n: int = 1, **changes: object) -> StatementHit:
    hit = StatementHit(
        statement_id=n,
        article_id=1,
        doc="000_f5f453ad819113ae.txt",
        speaker="Dmitri Peskov",
        speaker_text="le porte-parole du Kremlin",
        kind="direct",
        text=f"Nous avons des contacts prévus dans les jours à venir ({n})",
        said_on="2025-03-14",
        said_precision="day",
        source="Reuters",
        title="Le Kremlin attend les détails de la trêve",
        url="https://example.org/article",
        red_line=False,
        red_line_rule=None,
        context="Le Kremlin a dit attendre les détails de la proposition de trêve.",
    )
    return replace(hit, **changes)  # type: ignore[arg-type]


def results(*hits: StatementHit, **changes: object) -> Answer:
    answer = Answer("/quote", "Peskov truce", kind="results", title="Peskov — truce",
                    hits=list(hits))
    return replace(answer, **changes)  # type: ignore[arg-type]


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def sections(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_format_date() -> None:
    assert format_date("2022-01-14") == "14 Jan 2022"
    assert format_date("2025-03") == "Mar 2025"
    assert format_date(None) == "date unknown"
    assert format_date("2024") == "2024"


def test_cut_on_a_word_boundary_with_ellipsis() -> None:
    text = "La Russie ne tolérera aucune présence de troupes occidentales en Ukraine"
    short = cut(text, 30)
    assert short.endswith("…") and len(short) <= 30
    kept = short[:-1]
    assert text.startswith(kept) and text[len(kept)] == " "  # cut between two words
    assert cut("court", 30) == "court"
    with pytest.raises(ValueError):
        cut(text, 1)


def test_statement_section_has_speaker_date_kind_words_and_link() -> None:
    blocks = to_blocks(results(make_hit()))
    assert blocks[0] == {"type": "header",
                         "text": {"type": "plain_text", "text": "Peskov — truce"}}
    first = sections(blocks)[0]
    assert "*Dmitri Peskov* (le porte-parole du Kremlin)" in first
    assert "14 Jan 2022" not in first and "14 Mar 2025" in first
    assert "verbatim" in first
    assert "«Nous avons des contacts" in first
    assert "<https://example.org/article|Reuters — Le Kremlin attend" in first
    assert "proposition de trêve" in all_text(blocks)  # the context line


def test_reported_words_are_not_put_in_quotes_and_red_lines_are_badged() -> None:
    hit = make_hit(kind="indirect", text="la Russie ne céderait pas", red_line=True,
                   red_line_rule="troops-in-ukraine", url=None, said_on=None)
    first = sections(to_blocks(results(hit)))[0]
    assert "reported" in first and "«" not in first
    assert "RED LINE" in first and "troops-in-ukraine" in first
    assert "date unknown" in first
    assert "`000_f5f453ad819113ae.txt`" in first  # no URL: the file is named


def test_long_quotes_are_cut_and_sections_stay_within_limits() -> None:
    long_text = " ".join(["trêve"] * 2000)
    blocks = to_blocks(results(make_hit(text=long_text, context=long_text)))
    for text in sections(blocks):
        assert len(text) <= 3000
    assert "trêve…»" in sections(blocks)[0]
    for block in blocks:
        Block.parse(block).validate_json()  # slack_sdk's own limits


def test_never_more_than_50_blocks() -> None:
    answer = results(*[make_hit(n) for n in range(80)], next_cursor="p2", total=200)
    blocks = to_blocks(answer)
    assert len(blocks) <= MAX_BLOCKS
    text = all_text(blocks)
    assert "more not shown" in text
    assert blocks[-1]["type"] == "actions"  # the buttons survive the cut


def test_buttons_carry_the_query_and_cursors() -> None:
    blocks = to_blocks(results(make_hit(), next_cursor="page-2"), cursor="page-1")
    values = {e["action_id"]: e["value"] for e in blocks[-1]["elements"]}
    assert ActionValue.decode(values[ACTION_MORE]) == ActionValue("/quote", "Peskov truce",
                                                                  "page-2")
    assert ActionValue.decode(values[ACTION_SHARE]) == ActionValue("/quote", "Peskov truce",
                                                                   "page-1")
    shared = to_blocks(results(make_hit()), shared_by="U0ALICE", interactive=False)
    assert all(b["type"] != "actions" for b in shared)
    assert "Shared by <@U0ALICE>" in all_text(shared)


def test_action_value_rejects_foreign_values() -> None:
    for value in ("", "not json", "[1, 2]", '{"q": "x"}'):
        with pytest.raises(ValueError):
            ActionValue.decode(value)


def test_user_text_is_escaped() -> None:
    hit = make_hit(text="<script> & <@U123>", kind="indirect")
    first = sections(to_blocks(results(hit)))[0]
    assert "&lt;script&gt; &amp; &lt;@U123&gt;" in first


def test_messages_and_help() -> None:
    blocks = to_blocks(help_answer("/quote"))
    text = all_text(blocks)
    assert "/quote — help" in text and "Usage" in text
    assert all(b["type"] != "actions" for b in blocks)
    error = Answer("/quote", "x", message="Sorry, that went wrong.", is_error=True)
    message = to_message(error)
    assert message["text"] == "Sorry, that went wrong."
    assert sections(message["blocks"]) == ["Sorry, that went wrong."]


def test_no_results_says_so() -> None:
    text = all_text(to_blocks(results()))
    assert "No statements found" in text


def test_who_and_actors() -> None:
    who = Answer("/who", "truce", kind="who", title="Who spoke about truce", groups=[
        SpeakerGroup("Dmitri Peskov", 3, make_hit()),
        SpeakerGroup("Sergueï Lavrov", 1, make_hit(2, speaker="Sergueï Lavrov")),
    ])
    text = all_text(to_blocks(who))
    assert "*Dmitri Peskov* — 3 statements" in text
    assert "*Sergueï Lavrov* — 1 statement\\n" in text
    actors = Answer("/actors", "", kind="actors", title="Actors", actors=[
        ActorInfo(f"Actor {n}", "person", ["Alias A", "Alias B"], n) for n in range(300)
    ])
    blocks = to_blocks(actors)
    assert len(blocks) <= MAX_BLOCKS
    assert "Actor 299" in all_text(blocks)
    assert all(len(s) <= 3000 for s in sections(blocks))


def test_console_and_slack_render_the_same_content() -> None:
    hits = [make_hit(1), make_hit(2, kind="mixed", said_on="2022-01", speaker=None)]
    answer = results(*hits)
    text = to_text(answer)
    blocks = all_text(to_blocks(answer))
    for label in ("Dmitri Peskov", "Unknown speaker", "14 Mar 2025", "Jan 2022",
                  "verbatim", "reported, partly quoted", "Reuters"):
        assert label in text and label in blocks
    assert to_json(answer)["results"][0]["speaker"] == "Dmitri Peskov"
    assert "Dmitri Peskov" in fallback_text(answer)


def test_home_view() -> None:
    view = home_view({"articles": 5, "statements": 49, "actors": 12, "last_ingest": None},
                     ["/quote Peskov truce"], subscriptions=[("C0NEWS", "Peskov")])
    assert view["type"] == "home"
    text = all_text(view["blocks"])
    assert "5 articles" in text and "49 statements" in text and "never" in text
    assert "/quote Peskov truce" in text and "<#C0NEWS> — Peskov" in text
    for block in view["blocks"]:
        Block.parse(block).validate_json()


@pytest.mark.parametrize(
    ("speaker", "written", "expected"),
    [
        ("Dmitri Peskov", "le porte-parole du Kremlin", "le porte-parole du Kremlin"),
        ("Dmitri Peskov", "-il", None),
        ("Dmitri Peskov", "Elle", None),
        ("Dmitri Peskov", "Dmitri Peskov", None),
        (None, "un haut responsable du Pentagone", "un haut responsable du Pentagone"),
        (None, None, None),
    ],
)
def test_written_form_leaves_out_pronouns(
    speaker: str | None, written: str | None, expected: str | None
) -> None:
    assert written_form(speaker, written) == expected


def test_user_mentions_in_messages_stay_mentions() -> None:
    from bot.models import Answer
    from bot.render.answers import to_blocks

    answer = Answer("/subscriptions", "", message="• Peskov — added by <@U0ABC1> <b>x</b>")
    text = str(to_blocks(answer))
    assert "<@U0ABC1>" in text and "&lt;@U0ABC1&gt;" not in text
    assert "&lt;b&gt;" in text  # other markup is still escaped
