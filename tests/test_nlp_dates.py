"""Statement dates and red-line flags."""

from __future__ import annotations

import pytest
from nlp_helpers import only, statements

from bot.nlp import dates


@pytest.mark.parametrize(
    ("clause", "published", "precision", "expected"),
    [
        ("a déclaré mardi", "2025-03-14", "day", ("2025-03-11", "day")),
        ("a déclaré vendredi", "2025-03-14", "day", ("2025-03-14", "day")),
        ("a déclaré vendredi dernier", "2025-03-14", "day", ("2025-03-07", "day")),
        ("a indiqué la veille", "2025-03-14", "day", ("2025-03-13", "day")),
        ("a dit hier soir", "2025-03-01", "day", ("2025-02-28", "day")),
        ("a déclaré mardi", "2025-03", "month", ("2025-03", "month")),
        ("a déclaré mardi", None, "none", (None, "none")),
        ("a déclaré", "2025-03-14", "day", ("2025-03-14", "day")),
        ("a déclaré", None, "none", (None, "none")),
        ("a déclaré le 3 mars 2024", None, "none", ("2024-03-03", "day")),
        ("a déclaré ce vendredi 14 janvier", "2022-01", "month", ("2022-01-14", "day")),
        ("a déclaré le 28 décembre", "2025-01-05", "day", ("2024-12-28", "day")),
        ("a déclaré le 14 janvier", None, "none", (None, "none")),
        ("14.01.2022, Sputnik", None, "none", ("2022-01-14", "day")),
    ],
)
def test_resolve(clause: str, published: str | None, precision: str,
                 expected: tuple[str | None, str]) -> None:
    said = dates.resolve(clause, published, precision)  # type: ignore[arg-type]
    assert (said.value, said.precision) == expected


def test_statement_date_from_reporting_clause_not_from_the_content() -> None:
    st = only("Le Kremlin a indiqué mercredi que l'Ukraine avait accepté la trêve mardi.",
              "2025-03-14", "day")
    assert st.said_on == "2025-03-12"


def test_no_article_date_no_invented_date() -> None:
    st = only("Sergueï Lavrov a déclaré jeudi que Moscou était prête à discuter.")
    assert st.said_on is None and st.said_precision == "none"


def test_explicit_day_carries_to_the_same_speaker() -> None:

    found = statements("Le ministre russe des Affaires étrangères a déclaré ce lundi 10 mars que "
                       "Moscou refusait. Il a ajouté que rien n'était décidé.", "2025-03", "month")
    assert [s.said_on for s in found] == ["2025-03-10", "2025-03-10"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("« Toute livraison de missiles à longue portée serait une ligne rouge », a averti "
         "Dmitri Medvedev.", "red-line"),
        ("Le Kremlin a estimé que ces propos étaient inacceptables.", "unacceptable"),
        ("Vladimir Poutine a prévenu que la Russie riposterait à toute attaque.", "threat"),
        ("Sergueï Choïgou a affirmé que Moscou ne tolérera aucune provocation.", "unacceptable"),
        ("Mark Rutte a assuré que l'Otan n'acceptera jamais une telle annexion.",
         "unacceptable"),
        ("Dmitri Medvedev a affirmé que l'Occident s'exposait à de graves conséquences.",
         "threat"),
        ("Dmitri Peskov a déclaré que ce déploiement constituait une menace pour la Russie.",
         "red-line"),
    ],
)
def test_red_line_flags(text: str, kind: str) -> None:
    st = only(text, "2025-03-14", "day")
    assert st.red_line
    assert st.red_line_kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Marco Rubio a estimé que le dialogue progressait dans le bon sens.",
        "Emmanuel Macron a déclaré que la France accueillerait le sommet en juin.",
    ],
)
def test_no_red_line(text: str) -> None:
    st = only(text)
    assert not st.red_line and st.red_line_rule is None


def test_a_date_the_words_are_about_is_not_when_they_were_said() -> None:
    from bot.nlp.dates import resolve

    said = resolve("a déclaré samedi, deux ans après l'attaque du 7 octobre 2023",
                   "2025-10-04", "day")
    assert said.value == "2025-10-04"
    assert resolve("a-t-il affirmé depuis le 3 mars", "2025-10-04", "day").value == \
        "2025-10-04"


def test_a_participle_after_the_reporting_clause_keeps_its_own_dates() -> None:

    found = statements(
        "« Nous les ramènerons tous », a déclaré samedi le ministre Daniel Cohen, ajoutant "
        "que la pression avait payé depuis l'offensive lancée le 7 octobre 2023.",
        "2025-10-04", "day")
    assert found[0].said_on == "2025-10-04"


def test_a_night_from_one_day_to_the_next_ends_on_the_second() -> None:
    from bot.nlp import dates
    said = dates.resolve("dans une vidéo diffusée dans la nuit de vendredi à samedi, ils "
                         "affirment", "2024-06-16", "day")
    assert said.value == "2024-06-15"


def test_month_in_the_reporting_clause() -> None:
    text = ("La Cour des comptes avait estimé en juillet que la trajectoire de la dette "
            "n'était pas tenable.")
    st = only(text, "2025-10-15", "day")
    assert (st.said_on, st.said_precision) == ("2025-07", "month")
    st = only(text, "2025-03-02", "day")  # the latest July not after the article: last year
    assert st.said_on == "2024-07"
    assert only(text).said_on is None  # no article date, no year: nothing invented


def test_month_dernier_and_month_with_year() -> None:
    st = only("Le ministre Paul Girard avait affirmé en octobre dernier que la réforme serait "
              "votée.", "2025-10-15", "day")
    assert st.said_on == "2024-10"
    st = only("Le ministre Paul Girard avait affirmé en mars 2023 que la réforme serait "
              "votée.")
    assert (st.said_on, st.said_precision) == ("2023-03", "month")
