"""What an article says about itself: seed header line, dates, byline, dateline, outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from bot.ingest.rules import Rules, fold
from bot.models import DatePrecision

# " date 2025-03" or " date 2022-01 https://…", optionally followed by the first paragraph.
_HEADER = re.compile(
    r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:\s+(?P<url>https?://\S+))?(?:\s+(?P<rest>.*))?$",
    re.IGNORECASE,
)
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:/|[-_])"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?:[/_.-]|$)"),
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)\d{2})\b")
_NAME = r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:de|du|von|van|der|le|la|[A-ZÀ-Þ][\w'’.-]*))*"
_BYLINE = re.compile(rf"^(?:Par|De|By)\s+(?P<names>{_NAME}(?:\s*(?:,|et|and|avec)\s+{_NAME})*)"
                     r"\s*(?:\((?P<agency>[^)]{2,30})\))?\s*$")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\wÀ-ÿ'’-]*(?:[ -][A-ZÀ-Þa-zà-ÿ][\wÀ-ÿ'’-]*){0,3})"
    r"(?:\s*,\s*[\wÀ-ÿ' .-]{2,30})?\s*\((?P<agency>[^()]{2,40})\)\s*[-–—:]\s*"
)


@dataclass
class Header:
    published_on: str | None = None
    precision: DatePrecision = "none"
    url: str | None = None
    rest: str = ""


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    agency: str | None = None


def parse_header(line: str) -> Header | None:
    """The seed header line, or None when ``line`` is not one."""
    match = _HEADER.match(line)
    if not match:
        return None
    value = match.group("date")
    parts = [int(p) for p in value.split("-")]
    if not 1 <= parts[1] <= 12:
        return None
    if len(parts) == 3:
        if _valid_day(parts[0], parts[1], parts[2]) is None:
            return None
        precision: DatePrecision = "day"
    else:
        precision = "month"
    return Header(value, precision, match.group("url"), (match.group("rest") or "").strip())


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """A day written in a URL's path (/20220114/, /2022/01/14/, -2022-01-14-)."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            day = _valid_day(int(match["y"]), int(match["m"]), int(match["d"]))
            if day is not None:
                return day.isoformat()
    return None


def days_in_text(text: str, year: int, month: int, rules: Rules) -> set[str]:
    """Days of ``year-month`` that the text pins as 'today': numeric dates (14.01.2022) and
    'ce vendredi 14 janvier' (weekday checked against the calendar)."""
    found: set[str] = set()
    for match in _NUMERIC_DATE.finditer(text):
        day = _valid_day(int(match["y"]), int(match["m"]), int(match["d"]))
        if day and (day.year, day.month) == (year, month):
            found.add(day.isoformat())
    weekdays = "|".join(rules.weekdays)
    months = "|".join(rules.months)
    pattern = re.compile(
        rf"\b(?:ce|aujourd'hui|aujourd'hui,)\s+(?P<wd>{weekdays})\s+(?P<d>\d{{1,2}})(?:er)?\s+"
        rf"(?P<m>{months})\b(?:\s+(?P<y>(?:19|20)\d{{2}}))?"
    )
    for match in pattern.finditer(fold(text)):
        if rules.months[match["m"]] != month or (match["y"] and int(match["y"]) != year):
            continue
        day = _valid_day(year, month, int(match["d"]))
        if day and day.weekday() == rules.weekdays[match["wd"]]:
            found.add(day.isoformat())
    return found


def resolve_date(
    header: Header | None,
    url: str | None,
    text: str,
    rules: Rules,
    stated_day: str | None = None,
) -> tuple[str | None, DatePrecision]:
    """Publication date and its precision; never invented: without a header, a URL date or
    a 'Publié le …' line (``stated_day``) the article has no date."""
    url_day = date_from_url(url) or stated_day
    if header is None or header.published_on is None:
        return (url_day, "day") if url_day else (None, "none")
    if header.precision == "day":
        return header.published_on, "day"
    month = header.published_on
    if url_day:
        if url_day.startswith(month):
            return url_day, "day"
        return month, "month"  # the URL disagrees with the header: trust the header
    year, mon = (int(p) for p in month.split("-"))
    days = days_in_text(text, year, mon, rules)
    if len(days) == 1:
        return days.pop(), "day"
    return month, "month"


_STAMP = re.compile(
    r"^(?P<verb>publie|publiee|mis a jour|mise a jour|modifie|actualise)\s+le\s+(?P<when>.{6,60})$"
)


def parse_stamp(line: str, rules: Rules) -> tuple[bool, str | None]:
    """'Publié le 14/01/2022 à 10h05' → (True, '2022-01-14'); 'Mis à jour le …' is a stamp
    line too, but its day is not the publication day; (False, None) for any other line."""
    match = _STAMP.match(fold(line.strip()))
    if not match:
        return False, None
    if not match["verb"].startswith("publie"):
        return True, None
    return True, _day_in(match["when"], rules)


def _day_in(text: str, rules: Rules) -> str | None:
    numeric = re.search(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b", text)
    if numeric:
        day = _valid_day(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        return day.isoformat() if day else None
    months = "|".join(rules.months)
    written = re.search(rf"\b(\d{{1,2}})(?:er)?\s+({months})\s+((?:19|20)\d{{2}})\b", text)
    if written:
        day = _valid_day(int(written[3]), rules.months[written[2]], int(written[1]))
        return day.isoformat() if day else None
    return None


def parse_byline(line: str, rules: Rules) -> Byline | None:
    """'Par Vladimir Soldatkin et Alexander Marrow' → the authors (never speakers)."""
    stripped = line.strip()
    if len(stripped.split()) > 14:
        return None
    match = _BYLINE.match(stripped)
    if not match:
        return None
    names = [n.strip() for n in re.split(r"\s*(?:,|\bet\b|\band\b|\bavec\b)\s*", match["names"])]
    authors = [n for n in names if n]
    agency = _canonical_agency(match["agency"], rules) if match["agency"] else None
    return Byline(authors, agency)


def parse_dateline(paragraph: str, rules: Rules) -> tuple[str, str, str] | None:
    """'MOSCOU (Reuters) – Le président…' → (place, agency, rest of the paragraph)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    agency = _canonical_agency(match["agency"], rules)
    if agency is None:
        return None
    place = match["place"].strip()
    if place.isupper():
        place = place.title()
    return place, agency, paragraph[match.end():]


def _canonical_agency(text: str, rules: Rules) -> str | None:
    key = fold(text.strip())
    if key in rules.agencies:
        return rules.agencies[key]
    if key in rules.outlets:
        return rules.outlets[key]
    return None


def outlet_from_host(url: str | None, rules: Rules) -> str | None:
    """The outlet a URL belongs to: a known host, else the bare host name."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host or host == "localhost" or host.replace(".", "").isdigit() or ":" in host:
        return None  # a machine, not an outlet
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in rules.hosts:
            return rules.hosts[candidate]
    return host


def outlet_from_name(text: str, rules: Rules) -> str | None:
    """A known outlet or agency name, when ``text`` is exactly one."""
    key = fold(text.strip().strip(".").strip())
    return rules.outlets.get(key) or rules.agencies.get(key)
