"""Header line, dates (never invented), title, byline, dateline and outlet, on new text."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_article
from bot.ingest.header import (
    date_from_url,
    days_in_text,
    outlet_from_host,
    parse_byline,
    parse_header,
    read_dateline,
    resolve_date,
)
from bot.ingest.rules import default_rules

RULES = default_rules()

BODY = (
    "La Commission européenne a proposé mercredi de nouvelles sanctions contre des "
    "entreprises accusées de contourner l'embargo, a indiqué une porte-parole à Bruxelles."
)


def test_header_with_month_and_url() -> None:
    header = parse_header(" date 2023-06 https://www.example.fr/monde/20230609/article.html")
    assert header is not None
    assert (header.published_on, header.precision) == ("2023-06", "month")
    assert header.url == "https://www.example.fr/monde/20230609/article.html"
    assert header.rest == ""


def test_header_glued_to_the_first_paragraph() -> None:
    header = parse_header(f" date 2023-06 {BODY}")
    assert header is not None and header.url is None
    assert header.rest == BODY


def test_header_with_an_address_and_no_date() -> None:
    header = parse_header(" date  https://www.example.fr/ville/article-1234.html")
    assert header is not None
    assert (header.published_on, header.precision) == (None, "none")
    assert header.url == "https://www.example.fr/ville/article-1234.html"


@pytest.mark.parametrize("line", ["date 2023-13", "date de publication inconnue",
                                  "mise à jour 2023-06", BODY, "date 2023-02-30"])
def test_not_a_header(line: str) -> None:
    assert parse_header(line) is None


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://fr.example.com/20230609/titre-1234.html", "2023-06-09"),
        ("https://www.example.fr/ville/259166-20081003-titre-de-l-article", "2008-10-03"),
        ("https://www.example.fr/international/article/2023/06/09/titre_123.html", "2023-06-09"),
        ("https://example.fr/actu/titre-2023-06-09-abc", "2023-06-09"),
        ("https://example.fr/actu/20231345/titre", None),
        ("https://example.fr/actu/titre-1054426426.html", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, day: str | None) -> None:
    assert date_from_url(url) == day


def test_days_in_text_need_the_right_month_and_weekday() -> None:
    # 9 June 2023 was a Friday.
    assert days_in_text("a déclaré ce vendredi 9 juin le ministre", 2023, 6, RULES) == {
        "2023-06-09"
    }
    assert days_in_text("a déclaré ce lundi 9 juin le ministre", 2023, 6, RULES) == set()
    assert days_in_text("publié le 09.06.2023, Agence", 2023, 6, RULES) == {"2023-06-09"}
    assert days_in_text("publié le 09.05.2023", 2023, 6, RULES) == set()
    # A past event in the same month is not the day of publication.
    assert days_in_text("la réunion du 2 juin à Genève", 2023, 6, RULES) == set()


def test_resolve_date_rules() -> None:
    month = parse_header(" date 2023-06")
    url = "https://x.fr/20230609/a.html"
    assert resolve_date(month, url, "", RULES) == ("2023-06-09", "day")
    assert resolve_date(month, "https://x.fr/20230709/a.html", "", RULES) == ("2023-06", "month")
    assert resolve_date(month, None, "ce vendredi 9 juin", RULES) == ("2023-06-09", "day")
    assert resolve_date(month, None, BODY, RULES) == ("2023-06", "month")
    assert resolve_date(None, None, "ce vendredi 9 juin 2023", RULES) == (None, "none")
    assert resolve_date(None, None, "", RULES, stated_day="2023-06-09") == ("2023-06-09", "day")


@pytest.mark.parametrize("line", [" https://x.fr/20230609/a.html", " date  https://x.fr/20230609/a.html"])
def test_an_article_without_a_date_is_not_dated_by_its_address(line: str) -> None:
    header = parse_header(line)
    assert resolve_date(header, "https://x.fr/20230609/a.html", "", RULES) == (None, "none")
    assert resolve_date(header, None, "", RULES, stated_day="2023-06-09") == ("2023-06-09", "day")


def test_byline_gives_authors_not_speakers() -> None:
    byline = parse_byline("Par Anne Dupont, Marc Leroy et Jean de La Salle", RULES)
    assert byline is not None
    assert byline.authors == ["Anne Dupont", "Marc Leroy", "Jean de La Salle"]
    assert parse_byline("Par ailleurs, le Kremlin a indiqué mercredi attendre.", RULES) is None
    assert parse_byline("Par la voix de son ministre, Rome a réagi", RULES) is None


def test_dateline_gives_place_and_agency() -> None:
    found = read_dateline(f"BRUXELLES (AFP) – {BODY}", RULES)
    assert found is not None and (found.place, found.agency, found.rest) == (
        "Bruxelles", "AFP", BODY)
    kiev = read_dateline(f"Kiev (Reuters) - {BODY}", RULES)
    assert kiev is not None and kiev.agency is not None
    commission = read_dateline(f"La Commission (UE) - {BODY}", RULES)
    assert commission is None or commission.agency is None


def test_outlet_from_host() -> None:
    assert outlet_from_host("https://fr.sputniknews.com/20220114/x.html", RULES) == "Sputnik France"
    assert outlet_from_host("https://www.lemonde.fr/a.html", RULES) == "Le Monde"
    assert outlet_from_host("https://www.journal-inconnu.fr/a.html", RULES) == "journal-inconnu.fr"
    assert outlet_from_host("http://127.0.0.1:8000/a.html", RULES) is None


def test_full_header_article() -> None:
    text = (
        " date 2023-06 https://www.lemonde.fr/international/article/2023/06/09/x_1.html\n\n"
        "Bruxelles durcit le ton\n\n"
        "Par Anne Dupont\n"
        f"BRUXELLES (AFP) – {BODY}\n"
    )
    article = build_article("a.txt", text, RULES)
    assert article.title == "Bruxelles durcit le ton"
    assert (article.published_on, article.date_precision) == ("2023-06-09", "day")
    assert article.url is not None and article.url.startswith("https://www.lemonde.fr/")
    assert article.source == "Le Monde"  # the URL's outlet, not the dateline agency
    assert article.agency == "AFP" and article.dateline_place == "Bruxelles"
    assert article.authors == ["Anne Dupont"]
    assert article.body == BODY


def test_agency_quoted_in_a_sentence_is_not_the_outlet() -> None:
    text = f" date 2023-06 {BODY} Selon l'agence TASS, Moscou a protesté contre ces mesures."
    article = build_article("b.txt", text, RULES)
    assert article.source is None
    assert (article.published_on, article.date_precision) == ("2023-06", "month")
    # No title line: the first sentence is the title and stays in the body.
    assert article.title == BODY
    assert article.body.startswith(BODY)


def test_dateline_agency_is_the_outlet_without_url() -> None:
    article = build_article("c.txt", f"Par Marc Leroy\nKIEV (Reuters) – {BODY}\n", RULES)
    assert article.source == "Reuters" and article.agency == "Reuters"
    assert article.published_on is None and article.date_precision == "none"
    assert article.authors == ["Marc Leroy"]
    assert "Marc Leroy" not in article.body


def test_long_first_sentence_title_is_shortened() -> None:
    long_sentence = "La Commission " + "a proposé de nouvelles mesures, " * 12 + "a-t-on appris."
    article = build_article("d.txt", long_sentence, RULES)
    assert len(article.title) <= 251 and article.title.endswith("…")
    assert article.body == long_sentence
