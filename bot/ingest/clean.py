"""Cleaning rules: photo credits, cross-promotion, teasers, trailing bios, glued text.

Every rule is general (a shape of line, a lexicon from ``seeds/ingest_rules.json``), never a
string copied from a known article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.ingest.rules import Rules
from folding import fold

_WORD = re.compile(r"[\w'’-]+")
_TERMINAL = ".!?:;"
_CLOSERS = "\"'»”’)]"
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*[\"»”]?\s*$")
_INLINE_CREDIT = re.compile(
    r"\s*[(\[](?:cr[ée]dits?(?:\s+photos?)?|photos?|illustration|image)\s*[:©][^)\]]{1,80}[)\]]",
    re.IGNORECASE,
)
# ", 14.01.2022, Sputnik France" at the end of a lead: publication stamp of an embed card.
_TRAILER = re.compile(
    r"[\s,]*(?P<date>\d{1,2}\.\d{1,2}\.(?:19|20)\d{2})\s*,\s*(?P<outlet>[A-ZÀ-Þ][\w' .-]{1,40})\s*$"
)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_with_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and (stripped[-1] in _TERMINAL or stripped.endswith("…"))


def is_credit(line: str, rules: Rules) -> bool:
    """'Crédit : Contributor/Getty Images', 'Photo : AFP', '© Reuters', 'Sipa/AP'."""
    text = line.strip().strip("()[]").strip()
    if not text or len(words(text)) > 12:
        return False
    folded = fold(text)
    if folded.startswith(("©", "(c) ", "copyright")):
        return True
    if _credit_pattern(rules.credit_markers).match(folded):
        return True
    parts = [p.strip() for p in re.split(r"[/|,]|\bvia\b", folded) if p.strip()]
    if "/" in folded and any(p in rules.photo_agencies for p in parts):
        return True
    return bool(parts) and all(p in rules.photo_agencies for p in parts)


def strip_inline_credits(text: str) -> tuple[str, list[str]]:
    """'(Photo : AFP)' inside a paragraph → removed."""
    if "(" not in text and "[" not in text:
        return text, []
    removed = [m.group(0).strip() for m in _INLINE_CREDIT.finditer(text)]
    return _INLINE_CREDIT.sub("", text), removed


def is_web_notice(line: str, rules: Rules) -> bool:
    """A site's notice about cookies, external content or the browser ("Si vous acceptez
    que des cookies soient placés…", "Si vous utilisez le navigateur Firefox…"): one of the
    web's own words in a line that addresses the reader. News about cookies does not say
    "vous"."""
    folded = fold(line)
    if not any(term in folded for term in rules.web_notice_terms):
        return False
    return bool(rules.web_notice_address & set(re.findall(r"\w+", folded)))


def is_promo(line: str, rules: Rules) -> bool:
    """Cross-promotion: 'À voir également sur Brut', 'A voir aussi', 'Lire aussi : …'."""
    text = line.strip()
    if len(words(text)) > rules.promo_max_words:
        return False
    folded = fold(text).lstrip("»>-–—•* ")
    return any(
        folded.startswith(prefix)
        and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum())
        for prefix in rules.promo_prefixes
    )


def promo_outlet(line: str, rules: Rules) -> str | None:
    """'À voir également sur Brut' → 'Brut' (the site promoting its own content); not
    'Partager sur Facebook' (a social network is nobody's outlet)."""
    text = line.strip()
    if not fold(text).startswith(rules.promo_outlet_prefixes):
        return None
    match = re.search(r"\bsur\s+(?P<name>[A-ZÀ-Þ][\w'’ .-]{1,40}?)\s*[.!]?\s*$", text)
    if not match or fold(match["name"].strip()) in rules.social_networks:
        return None
    return match["name"].strip()


_SIGNOFF = re.compile(
    r"^\(?\s*(?:(?P<outlet>[\w' .-]{2,40}?)\s+)?(?:avec|source|sources|d'apres)\s*:?\s*"
    r"(?P<names>[\w .,/&'-]{2,60}?)\s*\)?\s*\.?$"
)


def signoff(line: str, rules: Rules) -> tuple[str | None, list[str]] | None:
    """'(Avec AFP)', 'Le Monde avec AFP', 'Source : agences' → (outlet, agencies); None when
    the line is not a sign-off."""
    match = _SIGNOFF.match(fold(line.strip()))
    if not match:
        return None
    outlet = None
    if match["outlet"]:
        outlet = rules.outlets.get(match["outlet"].strip())
        if outlet is None:
            return None
    agencies = signoff_agencies(match["names"], rules)
    return None if agencies is None else (outlet, agencies)


def signoff_agencies(names_text: str, rules: Rules) -> list[str] | None:
    """'afp et reuters' → ['AFP', 'Reuters']; None unless every name is an agency."""
    names = [n.strip() for n in re.split(r",|/|&|\bet\b", fold(names_text)) if n.strip()]
    names = [n[2:] if n.startswith("l'") else n for n in names]
    if not names or not all(n in rules.agencies or n in {"agences", "agence"} for n in names):
        return None
    return [rules.agencies[n] for n in names if n in rules.agencies]


def is_teaser(line: str, rules: Rules) -> bool:
    """A short stand-alone line ending in '…': a headline pointing to another article."""
    text = line.strip()
    return bool(_ELLIPSIS.search(text)) and 0 < len(words(text)) <= rules.teaser_max_words


def english_score(text: str, rules: Rules) -> tuple[int, int]:
    tokens = [fold(t) for t in re.findall(r"[A-Za-zÀ-ÿ'-]+", text)]
    tokens = [t.strip("'") for t in tokens]
    english = sum(1 for t in tokens if t in rules.english_words)
    french = sum(1 for t in tokens if t in rules.french_words)
    return english, french


def is_foreign_junk(line: str, rules: Rules) -> bool:
    """A line in English at the end of a French article (author bio, sign-off)."""
    text = line.strip()
    if not text or re.search(r"[éèêàùçœ]", text):
        return False
    english, french = english_score(text, rules)
    if english >= 2 and english > 2 * french:
        return True
    # "Music lover. Avid reader.": fragments with not one French grammar word or accent
    fragments = [f for f in re.split(r"[.!?]+", text) if f.strip()]
    return french == 0 and len(words(text)) >= 4 and len(fragments) >= 2


def is_french_prose(text: str, rules: Rules) -> bool:
    """A paragraph of French sentences (not a word list, a table row or another language)."""
    if len(words(text)) < 8:
        return False
    english, french = english_score(text, rules)
    return french >= 2 and french >= english


def split_trailer(paragraph: str) -> tuple[str, str | None, str | None]:
    """'… a assuré... 14.01.2022, Sputnik France' → (text, '14.01.2022', 'Sputnik France')."""
    match = _TRAILER.search(paragraph)
    if not match or match.start() == 0:
        return paragraph, None, None
    return paragraph[: match.start()].rstrip(), match["date"], match["outlet"].strip()


# ---------------------------------------------------------------- glued-text repair


def fix_abbreviations(text: str, rules: Rules) -> str:
    """'M.Lavrov' → 'M. Lavrov'."""
    if not _PERIOD_UPPER.search(text):
        return text
    return _abbreviation_pattern(rules.abbreviations).sub(r"\1. ", text)


def _is_opening_quote(text: str, index: int) -> bool:
    """Whether the straight double quote at ``index`` opens a quotation (odd count so far)."""
    return text.count('"', 0, index + 1) % 2 == 1


def fix_sentence_spacing(text: str) -> str:
    """'l'Ukraine.Pour' → 'l'Ukraine. Pour'; 'ministre."Le' → 'ministre. "Le'."""
    if re.search(r"://|www\.|\S/\S|@", text):
        protected = re.split(r"(\S*(?:://|www\.|\S/\S|@)\S*)", text)
        return "".join(
            part if i % 2 else fix_sentence_spacing(part) for i, part in enumerate(protected)
        )
    text = re.sub(rf"(?<=[{_LOWER}]{{2}})([.!?])(?=[{_UPPER}][{_LOWER}'’])", r"\1 ", text)
    text = re.sub(rf"(?<=[{_LOWER}]{{2}})([.!?])(?=[«“][ {_UPPER}])", r"\1 ", text)
    return _GLUED_QUOTE.sub(lambda m: _space_quote(m, text), text)


_GLUED_QUOTE = re.compile(rf'(?<=[.!?])"(?=[{_UPPER}])')


def _space_quote(match: re.Match[str], text: str) -> str:
    if _is_opening_quote(text, match.start()):
        return ' "'  # 'ministre."Le' → 'ministre. "Le'
    return '" '  # '"C'est fini."Le' → '"C'est fini." Le'


_PERIOD_UPPER = re.compile(rf"\.[{_UPPER}]")


@lru_cache(maxsize=8)
def _credit_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})s?\s*(?::|/|-|–|©)")


@lru_cache(maxsize=8)
def _starter_pattern(starters: tuple[str, ...]) -> re.Pattern[str]:
    """A sentence starter glued to the end of a word: 'UkraineLe ', 'OTANLa ', '2022Selon '."""
    alternatives = "|".join(re.escape(s) for s in sorted(starters, key=len, reverse=True))
    before = rf"(?:[{_LOWER}0-9]|[{_UPPER}]{{2}})"
    word_end = r"(?:(?<=['’.])|(?=[\s'’,]|$))"
    return re.compile(rf"{before}(?P<starter>{alternatives}){word_end}")


@lru_cache(maxsize=8)
def _abbreviation_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alternatives})\.(?=[{_UPPER}])")


def glue_points(text: str, rules: Rules) -> list[int]:
    """Where two units were glued without a space: 'UkraineLe', 'intérêts"Selon', '(AFP)Le'."""
    points: set[int] = set()
    for match in _starter_pattern(rules.sentence_starters).finditer(text):
        start = match.start("starter")
        left = re.search(r"\S*$", text[:start])
        fragment = left.group(0) if left else ""
        if len(fragment) <= 3 and fragment[:1].isupper():
            continue  # a name's particle: 'DeLa Cruz', 'McLe…'
        if fragment:
            points.add(start)
    for match in re.finditer(rf"[\"»”)](?=[{_UPPER}])", text):
        index = match.start()
        if text[index] == '"' and _is_opening_quote(text, index):
            continue
        if index > 0 and not text[index - 1].isspace():
            points.add(index + 1)
    return sorted(points)


_SENTENCE_END = re.compile(r"[.!?…][\"»”)]?\s+")


def last_sentence_start(text: str, end: int, rules: Rules) -> int:
    """Start of the sentence that ``end`` closes (abbreviations like 'M.' are not ends)."""
    start = 0
    abbrevs = set(rules.abbreviations)
    for match in _SENTENCE_END.finditer(text, 0, end):
        before = re.search(r"(\w+)[.!?…][\"»”)]?\s+$", text[: match.end()])
        if before and (before.group(1) in abbrevs or len(before.group(1)) == 1):
            continue
        start = match.end()
    return start
