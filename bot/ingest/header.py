"""What an article says about itself: seed header line, dates, byline, dateline, outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from bot.ingest.rules import Rules
from bot.models import DatePrecision
from folding import fold

# " date 2025-03" or " date 2022-01 https://…", optionally followed by the first paragraph;
# " date  https://…" when the article has no date.
_HEADER = re.compile(
    r"^\s*date\s+(?:(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:\s+(?P<url>https?://\S+))?"
    r"|(?P<bare_url>https?://\S+))(?:\s+(?P<rest>.*))?$",
    re.IGNORECASE,
)
# A first line that is only the article's address.
_URL_LINE = re.compile(r"^\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE)
_URL_DATES = (
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:/|[-_])"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?:[/_.-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)\d{2})\b")
_NAME = r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:de|du|von|van|der|le|la|[A-ZÀ-Þ][\w'’.-]*))*"
_BYLINE = re.compile(rf"^(?:Par|De|By)\s+(?P<names>{_NAME}(?:\s*(?:,|et|and|avec)\s+{_NAME})*)"
                     r"\s*(?:\((?P<agency>[^)]{2,30})\))?\s*$")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\wÀ-ÿ'’-]*(?:[ -][A-ZÀ-Þa-zà-ÿ][\wÀ-ÿ'’-]*){0,3})"
    r"(?:\s*,\s*(?P<when>[\wÀ-ÿ' .-]{2,30}))?\s*\((?P<agency>[^()]{2,40})\)\s*[-–—:]\s*"
)
# 'Tahiti, le 6 février 2024 - Deux hommes…': a place and a full date, no agency.
_DATED_PLACE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\wÀ-ÿ'’-]*(?:[ -][A-ZÀ-Þa-zà-ÿ][\wÀ-ÿ'’-]*){0,3})\s*,\s*"
    r"(?P<when>(?:le\s+)?\d{1,2}(?:er)?\s+[^\W\d_]+\s+(?:19|20)\d{2})\s*[-–—:]\s+"
)
#: Words of a source line that are neither its date nor its outlet.
_SOURCE_FILLER = {
    "publie", "publiee", "le", "la", "a", "mis", "mise", "jour", "modifie", "actualise",
    "information", "fournie", "par", "date", "en", "ligne", "update", "updated", "published",
    "on", "h", "min", "lecture", "temps", "de",
}
_TIME = re.compile(r"\b\d{1,2}\s*(?:h|:)\s*\d{2}\b|\b\d{1,2}\s*h\b")
_SEPARATORS = re.compile(r"\s*(?:[|/—–•·,]|\s-\s)\s*")


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
    """The seed header line (`` date 2025-03 [url]``) or a line holding only the article's
    address; None when ``line`` is neither."""
    bare = _URL_LINE.match(line)
    if bare:
        return Header(None, "none", bare["url"], "")
    match = _HEADER.match(line)
    if not match:
        return None
    value = match.group("date")
    if value is None:
        return Header(None, "none", match.group("bare_url"), (match.group("rest") or "").strip())
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
    """Publication date and its precision; never invented. Without a date in the header the
    article is dated only by a day it states about itself (``stated_day``: a 'Publié le …'
    or source line, a dateline; '--MM-DD' when written without its year): an address
    ("…/2021-07-20/…") may be a filing date or a copy's, and dates nothing alone. A header
    giving only the month takes the day from the URL, a stated day or the text when they
    fall in that month."""
    full_stated = stated_day if stated_day and not stated_day.startswith("--") else None
    if header is None or header.published_on is None:
        return (full_stated, "day") if full_stated else (None, "none")
    from_url = date_from_url(url)
    if header.precision == "day":
        return header.published_on, "day"
    month = header.published_on
    for day in (from_url, full_stated, _in_year(stated_day, month)):
        if day and day.startswith(month):
            return day, "day"
    if from_url or full_stated:
        return month, "month"  # the URL disagrees with the header: trust the header
    year, mon = (int(p) for p in month.split("-"))
    days = days_in_text(text, year, mon, rules)
    if len(days) == 1:
        return days.pop(), "day"
    return month, "month"


def _in_year(stated: str | None, month: str) -> str | None:
    """A year-less stated day ('--11-07') placed in the header's year, if a real day."""
    if not stated or not stated.startswith("--"):
        return None
    mon, day = (int(p) for p in stated[2:].split("-"))
    found = _valid_day(int(month[:4]), mon, day)
    return found.isoformat() if found else None


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


@dataclass
class Dateline:
    """What opens a dispatch: 'PARIS, 12 mars 2025 (AFP) -' or 'Tahiti, le 6 février 2024 -'."""

    place: str
    agency: str | None
    rest: str
    day: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is not written


def read_dateline(paragraph: str, rules: Rules) -> Dateline | None:
    """The dateline opening ``paragraph`` (place, agency, date), or None."""
    match = _DATELINE.match(paragraph)
    agency = _canonical_agency(match["agency"], rules) if match else None
    if match is None or agency is None:
        match = _DATED_PLACE.match(paragraph)
        agency = None
        if match is None:
            return None
    place = match["place"].strip()
    if place.isupper():
        place = place.title()
    when = match["when"]
    day = (_day_in(fold(when), rules) or _month_day(when, rules)) if when else None
    if agency is None and day is None:
        return None
    return Dateline(place, agency, paragraph[match.end():], day)


def _month_day(text: str, rules: Rules) -> str | None:
    """'7 novembre' (no year) → '--11-07'."""
    months = "|".join(rules.months)
    found = re.search(rf"\b(\d{{1,2}})(?:er)?\s+({months})\b", fold(text))
    if not found or not 1 <= int(found[1]) <= 31:
        return None
    return f"--{rules.months[found[2]]:02d}-{int(found[1]):02d}"


@dataclass
class SourceLine:
    """A line that only says where and when the article was published."""

    outlet: str | None
    day: str | None


def parse_source_line(line: str, rules: Rules) -> SourceLine | None:
    """'Le Monde — 12 mars 2025', 'AFP / le 04 octobre 2025 à 21h30', 'information fournie
    par Reuters 07/11/2020 à 17:58', 'Publié le 12/03/2025 à 10h05, mis à jour le …',
    '12 mars 2025' → the outlet named (if any) and the day; None for any other line (a line
    whose words besides the date are more than a short name is text, not a source line)."""
    text = line.strip()
    if not text or len(text.split()) > 16 or any(q in text for q in "«»\"“”"):
        return None
    day = _day_in(fold(text), rules)
    if day is None:
        return None
    words = _name_words(re.findall(r"[^\W\d_][\w'’.-]*", _without_dates(text, rules)))
    if not words:
        return SourceLine(None, day)
    name = " ".join(words)
    outlet = outlet_from_name(name, rules)
    if outlet is None and (len(words) > 4 or not words[0][:1].isupper()):
        return None
    return SourceLine(outlet or name, day)


def _name_words(words: list[str]) -> list[str]:
    """The words of a source line left for a name: filler dropped at both ends, except an
    article opening a name ('Le Monde', 'La Matinale')."""

    def filler(word: str) -> bool:
        return fold(word).strip(".") in _SOURCE_FILLER

    while words and filler(words[-1]):
        words = words[:-1]
    while words and filler(words[0]):
        article = fold(words[0]) in {"le", "la", "les", "l'"}
        if article and len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper():
            break
        words = words[1:]
    return words


def _without_dates(text: str, rules: Rules) -> str:
    months = "|".join(sorted(rules.months, key=len, reverse=True))
    folded = fold(text)
    spans = [m.span() for m in re.finditer(
        rf"\b\d{{1,2}}(?:er)?\s+(?:{months})\s+(?:19|20)\d{{2}}\b|"
        r"\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\b|" + _TIME.pattern, folded)]
    kept = list(text)
    for start, end in spans:  # folding keeps positions for French text
        for i in range(start, min(end, len(kept))):
            kept[i] = " "
    return _SEPARATORS.sub(" ", "".join(kept))


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
