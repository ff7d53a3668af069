"""Small text helpers shared by the extraction modules (folding, quotation marks)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from folding import fold as fold_terms

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})
QUOTE_CHARS = set('"«»“”„')


def fold(text: str) -> str:
    """The store's folding (lower case, no accents, straight apostrophes), with backticks and
    non-breaking spaces normalised and runs of white space collapsed."""
    return " ".join(fold_terms(text.translate(APOSTROPHES)).split())


@dataclass(frozen=True)
class Quote:
    """A quotation in a text: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end].strip()

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


def find_quotes(text: str) -> list[Quote]:
    """Balanced quotations (« », “ ”, "…") within each paragraph; unbalanced marks are ignored."""
    quotes: list[Quote] = []
    guillemets: list[int] = []
    curly: int | None = None
    straight: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            if (i + 1 < len(text) and text[i + 1] == "\n") or (i > 0 and text[i - 1] == "\n"):
                # « … (paragraph break) « …: a quotation carried over paragraphs, or one
                # whose closing mark was left out; this paragraph's part ends with it
                quotes += _left_open(text, guillemets, (curly, straight), _trim_end(text, i) + 1,
                                     _next_paragraph_opens(text, i))
                guillemets, curly, straight = [], None, None
            continue
        if ch == "«":
            guillemets.append(i)
        elif ch == "»" and guillemets:
            start = guillemets.pop()
            if not guillemets:
                quotes.append(Quote(start, i + 1))
        elif ch in "“„":
            curly = i
        elif ch == "”":
            if curly is not None:
                quotes.append(Quote(curly, i + 1))
                curly = None
            else:
                curly = i
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                quotes.append(Quote(straight, i + 1))
                straight = None
    # the text cut short inside a quotation ("« … on a")
    quotes += _left_open(text, guillemets, (curly, straight), _trim_end(text, len(text)), False)
    quotes.sort(key=lambda q: q.start)
    return _outermost(quotes)


def _left_open(text: str, guillemets: list[int], marks: tuple[int | None, int | None],
               end: int, carried: bool) -> list[Quote]:
    """Quotations still open where a paragraph (or the text) ends, closed at ``end``: a
    « that opens its paragraph or a sentence, or whose words go on in the next paragraph
    (``carried``); a curly or straight mark that opens its paragraph."""
    found = []
    if len(guillemets) == 1 and (carried or _opens_paragraph(text, guillemets[0])
                                 or _opens_sentence(text, guillemets[0])):
        found.append(Quote(guillemets[0], end))
    found += [Quote(opened, end) for opened in marks
              if opened is not None and _opens_paragraph(text, opened)]
    return found


def _opens_paragraph(text: str, i: int) -> bool:
    """The mark at ``i`` opens its paragraph, or follows a colon: the quotation runs to the
    paragraph's end (multi-paragraph quotes leave each paragraph open)."""
    start = text.rfind("\n", 0, i) + 1
    lead = text[start:i].rstrip()
    return not lead or lead.endswith(":")


def _opens_sentence(text: str, i: int) -> bool:
    """The mark at ``i`` opens a sentence ("… a-t-il dit. «Si jamais …" to the paragraph's
    end): a quotation left open there runs to the end of its paragraph."""
    lead = text[text.rfind("\n", 0, i) + 1 : i].rstrip()
    return lead.endswith((".", "!", "?", "…")) and text[i + 1 : i + 3].strip()[:1].isupper()


def _next_paragraph_opens(text: str, i: int) -> bool:
    rest = text[i : i + 40].lstrip()
    return rest.startswith("«")


def _trim_end(text: str, i: int) -> int:
    """Index just past the last visible character before ``i`` (the paragraph end)."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _outermost(quotes: list[Quote]) -> list[Quote]:
    kept: list[Quote] = []
    for quote in quotes:
        if kept and quote.start < kept[-1].end:
            continue
        kept.append(quote)
    return kept


def word_count(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalnum() for ch in w)])


_SENTENCE_CACHE = "quotedesk_sentences"


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, computed once per doc (``Doc.sents`` rescans every token)."""
    cached = doc.user_data.get(_SENTENCE_CACHE)
    if cached is None:
        spans = list(doc.sents)
        index = [0] * len(doc)
        for number, span in enumerate(spans):
            for i in range(span.start, span.end):
                index[i] = number
        cached = (spans, index)
        doc.user_data[_SENTENCE_CACHE] = cached
    return list(cached[0])


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (cached; same result as ``token.sent``)."""
    doc = token.doc
    sentences(doc)
    spans, index = doc.user_data[_SENTENCE_CACHE]
    return spans[index[token.i]]


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc (the property re-joins every token on each call)."""
    cached = doc.user_data.get("quotedesk_text")
    if cached is None:
        cached = doc.text
        doc.user_data["quotedesk_text"] = cached
    return str(cached)
