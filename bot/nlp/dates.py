"""When a statement was said: date words of the reporting clause resolved against the
article's date and its precision. Never invents a date the text and the article do not give."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.models import DatePrecision
from bot.nlp.text import fold

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
            "dimanche": 6}
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\s+(\d{{4}})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\b")
WEEKDAY = re.compile(rf"\b({_WEEKDAY})\b(\s+dernier)?")
# "dans la nuit de vendredi à samedi": the night ends on the second day
NIGHT_OF = re.compile(rf"\bnuit\s+(?:de|du)\s+(?:{_WEEKDAY})\s+(?:a|au)\s+")
YESTERDAY = re.compile(r"\b(hier|la veille|avant-hier|l'avant-veille)\b")
MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b")
MONTH_ONLY = re.compile(rf"\b(?:en|mois de|mois d'|debut|fin|mi-)\s*({_MONTH})\b(\s+dernier)?")
TODAY = re.compile(r"\b(aujourd'hui|ce matin|ce soir|cet apres-midi)\b")
# "depuis le 7 octobre 2023", "l'attaque du 7 octobre", "avant fin août": a date the words
# are about (an event, a deadline), not the day they were said
EVENT_DATE = re.compile(
    rf"\b(?:depuis|avant|apres|jusqu'(?:au|a|en)|d'ici|du|des|pour)\s+(?:le\s+|la\s+|l')?"
    rf"(?:(?:{_WEEKDAY})\s+)?(?:\d{{1,2}}(?:er)?\s+)?(?:(?:debut|fin|mi-)\s*)?"
    rf"(?:{_MONTH}|{_WEEKDAY})(?:\s+\d{{4}})?\b")


@dataclass(frozen=True)
class SaidOn:
    value: str | None
    precision: DatePrecision
    explicit: bool = False  # came from words in the text


def _parse_article_date(value: str | None, precision: DatePrecision) -> date | None:
    if not value or precision != "day":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def article_said_on(value: str | None, precision: DatePrecision) -> SaidOn:
    if not value or precision == "none":
        return SaidOn(None, "none")
    return SaidOn(value, precision)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(folded: str, published_on: str | None, precision: DatePrecision) -> SaidOn | None:
    """"en juillet 2023" → 2023-07; "en juillet (dernier)" → the latest July not after the
    article's date (which must give its month); None when the words give no month."""
    match = MONTH_YEAR.search(folded)
    if match:
        return SaidOn(f"{int(match.group(2)):04d}-{MONTHS[match.group(1)]:02d}", "month",
                      explicit=True)
    match = MONTH_ONLY.search(folded)
    if match is None:
        return None
    if not published_on or precision not in {"day", "month"} or len(published_on) < 7:
        return None  # no month to count back from: the article's own date stands
    year, current = int(published_on[:4]), int(published_on[5:7])
    month = MONTHS[match.group(1)]
    if month > current or (month == current and match.group(2)):
        year -= 1
    return SaidOn(f"{year:04d}-{month:02d}", "month", explicit=True)


def resolve(text: str, published_on: str | None, precision: DatePrecision) -> SaidOn:
    """The date the words of a reporting clause point to, or the article's date."""
    folded = NIGHT_OF.sub(" ", EVENT_DATE.sub(" ", fold(text)))
    default = article_said_on(published_on, precision)
    for pattern, order in ((FULL_DATE, "dmy"), (NUMERIC_DATE, "dmy"), (ISO_DATE, "ymd")):
        match = pattern.search(folded)
        if match:
            a, b, c = match.groups()
            if order == "ymd":
                found = _safe_date(int(a), int(b), int(c))
            else:
                month = MONTHS.get(b) or int(b)
                found = _safe_date(int(c), month, int(a))
            if found is not None:
                return SaidOn(found.isoformat(), "day", explicit=True)
    year = int(published_on[:4]) if published_on and precision in {"day", "month", "year"} \
        else None
    match = DAY_MONTH.search(folded)
    if match and year is not None:
        month = MONTHS[match.group(2)]
        if precision in {"day", "month"} and published_on and month > int(published_on[5:7]):
            year -= 1
        found = _safe_date(year, month, int(match.group(1)))
        if found is not None:
            return SaidOn(found.isoformat(), "day", explicit=True)
    month_said = _month(folded, published_on, precision)
    if month_said is not None:
        return month_said
    anchor = _parse_article_date(published_on, precision)
    match = WEEKDAY.search(folded)
    if match:
        if anchor is None:
            return default
        target = WEEKDAYS[match.group(1)]
        back = (anchor.weekday() - target) % 7
        if back == 0 and match.group(2):
            back = 7
        return SaidOn((anchor - timedelta(days=back)).isoformat(), "day", explicit=True)
    match = YESTERDAY.search(folded)
    if match:
        if anchor is None:
            return default
        days = 2 if "avant" in match.group(1) else 1
        return SaidOn((anchor - timedelta(days=days)).isoformat(), "day", explicit=True)
    if TODAY.search(folded) and anchor is not None:
        return SaidOn(anchor.isoformat(), "day", explicit=True)
    return default
