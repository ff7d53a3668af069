"""Search precision: /who on own words, /quote tiers, actor-or-topic names, people found in
the news, designations, questions, words the glossary lacks (real SQLite file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_search_commands import ACTORS, add_article, ask

from bot.config import Settings
from bot.context import CommandContext
from bot.search.expand import code_alternatives, expand_words, is_question_word
from store import Store
from store.actors import upsert_actor


def build(db) -> None:
    with db.conn:
        for name, kind, aliases, roles in ACTORS:
            upsert_actor(db, name, kind, aliases, roles)
    add_article(
        db, "p1.txt", "Le Kremlin et la trêve",
        [("heading", "Débat sur la trêve et les troupes"),
         ("paragraph", "Dmitri Peskov a estimé que les discussions avançaient lentement. "
                       "Le Kremlin a jugé la trêve prématurée.")],
        [
            {"speaker": "Dmitri Peskov", "text": "les discussions avançaient lentement"},
            {"speaker": "Kremlin", "speaker_kind": "institution",
             "text": "la trêve prématurée"},
        ],
        published_on="2025-03-10",
    )
    add_article(
        db, "p2.txt", "Troupes en Ukraine : l'Otan prudente",
        [("paragraph", "Sergueï Lavrov a affirmé que les troupes de l'Otan en Ukraine "
                       "seraient une cible. L'Otan a répété que la sécurité de l'Ukraine "
                       "comptait. L'Otan a déclaré que des troupes alliées resteraient en "
                       "Pologne.")],
        [
            {"speaker": "Sergueï Lavrov", "text": "les troupes de l'Otan en Ukraine seraient "
                                                  "une cible"},
            {"speaker": "Otan", "speaker_kind": "institution",
             "text": "la sécurité de l'Ukraine comptait"},
            {"speaker": "Otan", "speaker_kind": "institution",
             "text": "des troupes alliées resteraient en Pologne"},
        ],
        published_on="2025-02-01",
    )
    add_article(
        db, "p2b.txt", "L'Otan et l'Ukraine",
        [("paragraph", "L'Otan a estimé que l'Ukraine avait besoin de soutien. Plus tôt, "
                       "l'Otan avait exclu l'envoi de troupes en Ukraine.")],
        [
            {"speaker": "Otan", "speaker_kind": "institution",
             "text": "l'Ukraine avait besoin de soutien", "said_on": "2025-03-20"},
            {"speaker": "Otan", "speaker_kind": "institution",
             "text": "l'envoi de troupes en Ukraine", "said_on": "2024-01-02"},
        ],
        published_on="2025-03-20",
    )
    add_article(
        db, "p3.txt", "Lavrov en mars",
        [("paragraph", "Sergueï Lavrov a dit : « Nous parlerons du gaz. » Puis il a ajouté "
                       "que les livraisons de F-16 et le sommet du G7 ne changeraient rien.")],
        [
            {"speaker": "Sergueï Lavrov", "kind": "direct", "text": "Nous parlerons du gaz.",
             "said_on": "2025-02-20"},
            {"speaker": "Sergueï Lavrov", "kind": "indirect", "said_on": "2025-03-05",
             "text": "les livraisons de F-16 et le sommet du G7 ne changeraient rien"},
        ],
        published_on="2025-03-05",
    )
    add_article(
        db, "p4.txt", "Sécheresse : la préfète inquiète",
        [("paragraph", "Anne-Sophie Vautrin-Leclerc, préfète, a averti que la sécheresse "
                       "menaçait les récoltes. Les instructeurs militaires sont arrivés, "
                       "a dit Marc Dubreuil.")],
        [
            {"speaker": "Anne-Sophie Vautrin-Leclerc",
             "text": "la sécheresse menaçait les récoltes"},
            {"speaker": "Marc Dubreuil", "text": "Les instructeurs militaires sont arrivés"},
        ],
        published_on="2024-08-01",
    )


    add_article(
        db, "p5.txt", "Inflation : le gouverneur prudent",
        [("paragraph", "François Villeroy de Galhau a estimé que le pic d'inflation était "
                       "passé. Marchetti juge l'inflation durable. Paolo Marchetti a ajouté "
                       "que les salaires suivraient.")],
        [
            {"speaker": "François Villeroy de Galhau",
             "text": "le pic d'inflation était passé"},
            {"speaker": "Marchetti", "speaker_kind": "institution",
             "text": "l'inflation durable"},
            {"speaker": "Paolo Marchetti", "text": "les salaires suivraient"},
        ],
        published_on="2023-02-09",
    )


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CommandContext]:
    path: Path = tmp_path_factory.mktemp("precision") / "precision.db"
    store = Store(path)
    build(store.db)
    yield CommandContext(store=store, settings=Settings(db_path=path))
    store.close()


def test_who_lists_only_speakers_whose_own_words_match(ctx: CommandContext) -> None:
    # Peskov's statement sits under a heading about the truce and troops, his words do not.
    answer = ask(ctx, "/who", "truce")
    assert [g.speaker for g in answer.groups] == ["Kremlin"]
    troops = ask(ctx, "/who", "troops")
    assert "Dmitri Peskov" not in [g.speaker for g in troops.groups]
    # Two statements by NATO, one by Lavrov: most statements first.
    assert [(g.speaker, g.count) for g in troops.groups] == [("Otan", 1), ("Sergueï Lavrov", 1)] \
        or [g.count for g in troops.groups] == sorted((g.count for g in troops.groups),
                                                      reverse=True)


def test_who_groups_sorted_by_count_and_paged(ctx: CommandContext) -> None:
    answer = ask(ctx, "/who", "Ukraine")
    counts = [g.count for g in answer.groups]
    assert counts == sorted(counts, reverse=True)
    assert answer.groups[0].speaker in {"Otan", "Sergueï Lavrov"}
    from bot.search import WHO_LIMIT
    assert len(answer.groups) <= WHO_LIMIT


def test_quote_topic_in_own_words_before_context(ctx: CommandContext) -> None:
    answer = ask(ctx, "/quote", "Peskov truce")
    # The Kremlin's statement says «trêve»; Peskov's only sits under a heading about it.
    assert [h.speaker for h in answer.hits][:2] == ["Kremlin", "Dmitri Peskov"]


def test_quote_every_concept_in_own_words_first(ctx: CommandContext) -> None:
    answer = ask(ctx, "/quote", "NATO troops Ukraine")
    assert answer.kind == "results", answer.message
    # NATO is read as the speaker (another word is left as the topic) and the answer says so.
    assert answer.actor == "Otan"
    assert "as the speaker" in (answer.message or "")
    # The older statement holding troops and Ukraine comes before the newer one holding only
    # Ukraine.
    assert answer.hits[0].text == "l'envoi de troupes en Ukraine"


def test_name_alone_that_is_a_topic_word_is_the_topic(ctx: CommandContext) -> None:
    answer = ask(ctx, "/quote", "NATO")
    assert answer.actor is None
    assert "as a topic" in (answer.message or "")
    assert "Sergueï Lavrov" in [h.speaker for h in answer.hits]


def test_actor_only_quote_is_newest_first(ctx: CommandContext) -> None:
    answer = ask(ctx, "/quote", "Lavrow")  # a typo; a direct quote in Feb, a report in Mar
    dates = [h.said_on or "" for h in answer.hits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2025-03-05"


def test_people_found_in_the_news_are_actors(ctx: CommandContext) -> None:
    for typed in ("Vautrin-Leclerc drought", "Anne-Sophie Vautrin-Leclerc drought",
                  "Vautrin Leclerc drought", "Vautrin-Leclerk drought", "Dubreuil instructors"):
        answer = ask(ctx, "/quote", typed)
        assert answer.kind == "results", (typed, answer.message)
        assert answer.hits[0].speaker in {"Anne-Sophie Vautrin-Leclerc", "Marc Dubreuil"}
        assert answer.actor == answer.hits[0].speaker, typed


def test_designations_match_as_written(ctx: CommandContext) -> None:
    assert code_alternatives("F-16") == ("f16", "f 16")
    assert code_alternatives("COP29") == ("cop29", "cop 29")
    assert code_alternatives("A400M")[0] == "a400m"
    assert code_alternatives("troops") is None
    groups = expand_words(["F-16"])
    assert len(groups) == 1
    for typed in ("F-16", "G7", "Lavrov F-16"):
        answer = ask(ctx, "/quote", typed)
        assert answer.hits, (typed, answer.message)
        assert "F-16" in answer.hits[0].text
        assert "No known actor" not in (answer.message or "")
    assert not ask(ctx, "/quote", "F-35").hits


def test_question_words_are_not_topic_words(ctx: CommandContext) -> None:
    for typed in ("what did Lavrov say about troops?", "qu'a dit Lavrov sur les troupes",
                  "Lavrov said troops"):
        answer = ask(ctx, "/quote", typed)
        assert answer.actor == "Sergueï Lavrov", (typed, answer.message)
        assert "troupes" in answer.hits[0].text, typed
    assert is_question_word("say") and is_question_word("Qu'a") and not is_question_word("gas")
    assert ask(ctx, "/who", "what did they say").kind == "message"


def test_words_the_glossary_lacks_are_searched_as_written(ctx: CommandContext) -> None:
    answer = ask(ctx, "/who", "zorblax")
    assert "No French equivalent known for “zorblax”" in (answer.message or "")
    drought = ask(ctx, "/who", "drought")
    assert [g.speaker for g in drought.groups] == ["Anne-Sophie Vautrin-Leclerc"]
    assert [g.speaker for g in ask(ctx, "/who", "instructors").groups] == ["Marc Dubreuil"]


def test_glossary_covers_the_news_vocabulary() -> None:
    from bot.search.expand import load_glossary

    glossary = load_glossary()
    assert len(glossary.synonyms) > 4000
    # Country and nationality pairs, both ways, with their forms.
    for typed, french in (("Ukraine", "ukrain"), ("Ukrainians", "ukrainien"),
                          ("ivorian", "ivoirien"), ("ukrainienne", "ukrainian"),
                          ("Germany", "allemagn"), ("Swiss", "suiss")):
        alternatives = expand_words([typed])[0].alternatives
        assert french in alternatives, (typed, alternatives)
    # Regular English forms the rows do not list.
    for typed, french in (("threatened", "menac"), ("planned", "plan"), ("policies", "polit"),
                          ("voting", "scrutin"), ("droughts", "secheress")):
        assert french in expand_words([typed])[0].alternatives, typed


def test_who_pages_like_quote(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    names = [f"Orateur{chr(65 + i)} Durand{chr(65 + i)}" for i in range(13)]
    for i, name in enumerate(names):
        says = " ".join(["Le gaz manquera, a dit " + name + "."] * (i % 3 + 1))
        add_article(store.db, f"m{i}.txt", f"Article {i}", [("paragraph", says)],
                    [{"speaker": name, "text": "Le gaz manquera"}] * (i % 3 + 1),
                    published_on=f"2024-01-{i + 1:02d}")
    ctx = CommandContext(store=store, settings=Settings(db_path=tmp_path / "many.db"))
    first = ask(ctx, "/who", "gas")
    assert len(first.groups) == 10 and first.next_cursor
    counts = [g.count for g in first.groups]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3
    second = ask(ctx, "/who", "gas", cursor=first.next_cursor)
    assert len(second.groups) == 3 and second.next_cursor is None
    assert "speakers 11–13" in second.title
    shown = {g.speaker for g in first.groups} | {g.speaker for g in second.groups}
    assert shown == set(names)
    store.close()


def test_surnames_with_particles_and_short_forms(ctx: CommandContext) -> None:
    for typed in ("Villeroy inflation peak", "Villeroy de Galhau inflation", "Galhau inflation"):
        answer = ask(ctx, "/quote", typed)
        assert answer.actor == "François Villeroy de Galhau", (typed, answer.message)
        assert answer.hits[0].text == "le pic d'inflation était passé"
    # A speaker extraction knew by the surname alone is the same person as the full name.
    for typed in ("Marchetti inflation", "Paolo Marchetti inflation"):
        answer = ask(ctx, "/quote", typed)
        assert [h.text for h in answer.hits][:1] == ["l'inflation durable"], typed
    both = ask(ctx, "/quote", "Paolo Marchetti")
    assert {h.speaker for h in both.hits} == {"Paolo Marchetti", "Marchetti"}


def test_order_candidates_tiers_and_partial_concepts() -> None:
    from bot.search.rank import order_candidates
    from store.search import Candidate

    def cand(i: int, text: str, context: str = "", score: float = 1.0) -> Candidate:
        return Candidate(i, score, 1, "2025-01-01", text, context, "")

    concepts = [("retrait", "pension", "reform des retrait"), ("gaz",)]
    words = [[("pension", "retrait"), ("reform",)], []]
    ranked = order_candidates([
        cand(1, "autr chos", "reform des retrait gaz", score=9.0),  # all in context only
        cand(2, "gaz et retrait"),  # every concept in its own words
        cand(3, "le retrait", "gaz", score=0.5),  # one concept in words, both anywhere
        cand(4, "autr chos", "gaz", score=5.0),  # one concept, context only
        cand(5, "retrait de", "", score=0.1),  # part of one concept in its words
    ], concepts, None, words)
    # Every concept in its words; then more concepts in its own words (context breaks ties:
    # 3 before 5); then context only (1 holds both there, 4 one).
    assert [r.statement_id for r in ranked] == [2, 3, 5, 1, 4]


def test_part_of_a_multi_word_concept_counts() -> None:
    from bot.search.rank import order_candidates
    from store.search import Candidate

    concepts = [("reform des retrait",), ("gaz",)]
    words = [[("retrait", "pension"), ("reform",)], []]
    holding_part = Candidate(1, 0.1, 1, "2020-01-01", "le retrait", "", "")
    holding_none = Candidate(2, 9.0, 1, "2025-01-01", "autr chos", "gaz", "")
    ranked = order_candidates([holding_none, holding_part], concepts, None, words)
    assert [r.statement_id for r in ranked] == [1, 2]
    assert ranked[0].partial == 0.5
    # Without the word-level alternatives, the higher score would come first.
    assert [r.statement_id for r in order_candidates([holding_none, holding_part],
                                                     concepts)] == [2, 1]
