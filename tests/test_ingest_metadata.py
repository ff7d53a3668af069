"""Outlet, headline and date from an article's own structure (new sentences, real builder)."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_article
from bot.ingest.header import date_from_url, parse_header, parse_source_line, read_dateline
from bot.ingest.rules import default_rules

RULES = default_rules()
BODY = (
    "Le ministre de l'Agriculture a promis jeudi une aide aux éleveurs touchés par la "
    "sécheresse, a-t-il déclaré devant la presse à Rennes."
)


@pytest.mark.parametrize(
    ("line", "outlet", "day"),
    [
        ("Le Monde — 12 mars 2025", "Le Monde", "2025-03-12"),
        ("AFP / le 04 octobre 2025 à 21h30", "AFP", "2025-10-04"),
        ("information fournie par Reuters 07/11/2020 à 17:58", "Reuters", "2020-11-07"),
        ("Publié le 12/03/2025 à 10h05", None, "2025-03-12"),
        ("Publié le 27 mai 2023 à 23h19, mis à jour le 27 mai 2023 à 23h35", None, "2023-05-27"),
        ("Radio Ouest, 3 mai 2024", "Radio Ouest", "2024-05-03"),
        ("12 mars 2025", None, "2025-03-12"),
    ],
)
def test_source_lines(line: str, outlet: str | None, day: str) -> None:
    found = parse_source_line(line, RULES)
    assert found is not None
    assert (found.outlet, found.day) == (outlet, day)


@pytest.mark.parametrize("line", [
    BODY,
    "Le président a reçu le 12 mars 2025 à Paris les représentants des syndicats agricoles",
    "« Nous tiendrons », Rennes, 12 mars 2025",
    "Le Monde",
])
def test_not_source_lines(line: str) -> None:
    assert parse_source_line(line, RULES) is None


def test_datelines_with_dates() -> None:
    paris = read_dateline(f"PARIS, 12 mars 2025 (AFP) - {BODY}", RULES)
    assert paris is not None
    assert (paris.place, paris.agency, paris.day) == ("Paris", "AFP", "2025-03-12")
    assert paris.rest == BODY
    tahiti = read_dateline(f"Tahiti, le 6 février 2024 - {BODY}", RULES)
    assert tahiti is not None and (tahiti.agency, tahiti.day) == (None, "2024-02-06")
    yearless = read_dateline(f"LYON, 7 novembre (Reuters) - {BODY}", RULES)
    assert yearless is not None and yearless.day == "--11-07"
    assert read_dateline(BODY, RULES) is None


def test_url_line_and_url_dates() -> None:
    header = parse_header("https://www.exemple-info.fr/politique/aide-eleveurs")
    assert header is not None and header.url and header.published_on is None
    assert date_from_url("http://exemple.cn/txt/2026-01/09/content_1.htm") == "2026-01-09"


def test_header_line_is_not_the_title() -> None:
    text = f"Le Monde — 12 mars 2025\n\nSécheresse : une aide promise aux éleveurs\n\n{BODY}\n"
    article = build_article("x.txt", text, RULES)
    assert article.title == "Sécheresse : une aide promise aux éleveurs"
    assert article.source == "Le Monde"
    assert (article.published_on, article.date_precision) == ("2025-03-12", "day")
    assert "12 mars 2025" not in article.body


def test_url_first_line_gives_outlet_and_title() -> None:
    text = (f"https://www.journal-exemple.fr/agriculture/20250312/aide-eleveurs\n\n"
            f"Une aide promise aux éleveurs\n\n{BODY}\n")
    article = build_article("y.txt", text, RULES)
    assert article.title == "Une aide promise aux éleveurs"
    assert article.url == "https://www.journal-exemple.fr/agriculture/20250312/aide-eleveurs"
    assert article.source == "journal-exemple.fr"
    # the address alone dates nothing (ANNOTATION.md: no date in the article, no date)
    assert (article.published_on, article.date_precision) == (None, "none")


def test_dateline_date_dates_the_article() -> None:
    article = build_article("z.txt", f"Aide aux éleveurs\n\nPARIS, 12 mars 2025 (AFP) - {BODY}",
                            RULES)
    assert (article.published_on, article.date_precision) == ("2025-03-12", "day")
    assert article.source == "AFP" and article.body == BODY


def test_month_header_takes_the_stated_day_of_that_month() -> None:
    text = f" date 2020-11\n\nUn titre\n\nLYON, 7 novembre (Reuters) - {BODY}"
    article = build_article("w.txt", text, RULES)
    assert (article.published_on, article.date_precision) == ("2020-11-07", "day")
    other = build_article("v.txt", f" date 2020-12\n\nUn titre\n\nLYON, 7 novembre (Reuters) - "
                                   f"{BODY}", RULES)
    assert (other.published_on, other.date_precision) == ("2020-12", "month")


def test_statements_are_dated_from_the_derived_article_date() -> None:
    from bot.config import DEFAULT_SEEDS_DIR
    from bot.nlp import Extractor

    text = ("Le Monde — 12 mars 2025\n\nSécheresse : une aide promise\n\n"
            "« Nous serons aux côtés des éleveurs », a déclaré jeudi le ministre de "
            "l'Agriculture, Paul Marchand, devant la presse.")
    article = build_article("d.txt", text, RULES)
    analysis = Extractor(DEFAULT_SEEDS_DIR).analyze(article)
    assert analysis.statements
    said = analysis.statements[0].said_on
    assert said is not None and said.startswith("2025-03")
