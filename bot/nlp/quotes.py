"""Direct quotes: a quotation attached to a reporting cue, in any order.

- « … », a déclaré X   (cue after the quote, inverted subject or clitic "a-t-il")
- X a déclaré : « … »  (cue before, colon)
- « … , a-t-il dit, … » (quote interrupted by its attribution)
- X a dit : « A. » « B. » (a quote continuing the previous one)
- « … » - X (role)       (a quotation signed with a dash, as pull quotes and headlines are)
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import Candidate, CueRules
from bot.nlp.text import Quote, fold, sentence_of, text_of, word_count

_CLAUSE_BREAK = re.compile(r"[.!?…:;\n]")
_MAX_CUE_DISTANCE = 7
_MAX_LOOKBACK = 30


def direct_candidates(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    found: list[Candidate] = []
    for quote in quotes:
        if word_count(quote.inner(text_of(doc))) == 0:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or len(span) < 3:
            continue
        candidate = (
            _signed(doc, quote, span, rules)
            or _cue_after(doc, quote, span, rules)
            or _cue_after_gloss(doc, quote, span, rules)
            or _cue_before(doc, quote, span, quotes, rules)
            or _interrupted(doc, quote, span, rules)
            or _headline_colon(doc, quote, span)
            or _continuation(doc, quote, found)
            or _standalone(doc, quote, span)
        )
        if candidate is not None:
            found.append(candidate)
    return found


def _subject(rules: CueRules, cue: Token, quote: Quote) -> tuple[Span | None, bool]:
    verb = rules.verb_of(cue)
    subject = rules.subject_of(verb)
    if subject is not None and quote.contains(subject.idx):
        subject = next((t for t in verb.subtree if rules.is_clitic(t) and t.i > verb.i - 4), None)
    if subject is None:
        subject = rules.inverted_subject(verb)
    if subject is None:
        before = rules.preverbal_subject(verb)
        return before, before is None
    return rules.subject_span(subject), False


def _inner(doc: Doc, quote: Quote) -> tuple[int, int]:
    """The quotation's words without the spaces inside the marks."""
    start, end = quote.inner_start, quote.inner_end
    while start < end and text_of(doc)[start].isspace():
        start += 1
    while end > start and text_of(doc)[end - 1].isspace():
        end -= 1
    return start, end


def _starts_clause(doc: Doc, quote: Quote) -> bool:
    """Nothing but punctuation between the previous sentence break and the quote."""
    before = text_of(doc)[max(0, quote.start - 400) : quote.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    lead = before[breaks[-1].end() :] if breaks else before
    if not breaks and quote.start > 400:
        return False
    return not any(ch.isalnum() for ch in lead)


_SIGNATURE = re.compile(
    r"(?:[ \t\u00a0]+[-–—]|[ \t\u00a0]*[–—]|(?<=[»”\"])-)[ \t\u00a0]*"
    r"(?P<sig>[^\n]{3,120}?)[ \t\u00a0]*(?:\n|$)")
_SIGNATURE_BREAKS = {",", "(", "[", "/"}


def signature_at(doc: Doc, pos: int, rules: CueRules) -> Span | None:
    """"… - Joe Biden, président des États-Unis", "…»-Me Mamadou Konaté (ancien ministre)":
    a dash, then a person's name (a title before it, a role after a comma or in brackets
    allowed) closing the line: the words before are signed by that person. Nothing with a
    verb signs ("- a déclaré X" is a reporting clause)."""
    match = _SIGNATURE.match(text_of(doc), pos)
    if match is None:
        return None
    sig = doc.char_span(match.start("sig"), match.end("sig"), alignment_mode="expand")
    if sig is None or not sig.text[:1].isupper() or re.search(r"\s[-–—]\s", sig.text):
        return None
    name_end = next((t.i for t in sig if t.text in _SIGNATURE_BREAKS), sig.end)
    name = [t for t in doc[sig.start : name_end]
            if fold(t.text).rstrip(".") not in rules.lex.titles]
    if not name or len(name) > 5 or any(t.pos_ in {"VERB", "AUX"} or not t.text[:1].isupper()
                                         for t in name):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.text[:1].islower() for t in sig):
        return None
    if not any(t.ent_type_ == "PER" or t.pos_ == "PROPN" for t in name) or len(name) < 2:
        return None  # a first and last name at least: "- AFP", "- Reuters" credit a source
    return doc[name[0].i : name[-1].i + 1]


_NAME_LINE = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*(?P<sig>[^\n]{3,60}?)[ \t\u00a0]*(?:\n|$)")


def _name_line_after(doc: Doc, quote: Quote, rules: CueRules) -> Span | None:
    """A pull quote alone on its line, the next line only a person's name:
    "«La confiance est rétablie»⏎André Simonazzi"."""
    text = text_of(doc)
    line_start = text.rfind("\n", 0, quote.start) + 1
    if text[line_start : quote.start].strip():
        return None
    match = _NAME_LINE.match(text, quote.end)
    if match is None:
        return None
    line = doc.char_span(match.start("sig"), match.end("sig"), alignment_mode="expand")
    if line is None or not 2 <= len(line) <= 4 or not all(
            t.text[:1].isupper() and t.pos_ not in {"VERB", "AUX"} for t in line):
        return None
    person = any(t.ent_type_ == "PER" for t in line) or \
        rules.lex.given_name_gender(line.text) is not None
    return line if person else None


def _signed(doc: Doc, quote: Quote, span: Span, rules: CueRules) -> Candidate | None:
    """« … » - X: a quotation signed by its speaker after a dash, or on the next line."""
    name = signature_at(doc, quote.end, rules) or _name_line_after(doc, quote, rules)
    if name is None:
        return None
    return Candidate("direct", *_inner(doc, quote), name.root.i, "dire", name, False,
                     via="signed", reporting=[(quote.end, name.end_char)], confidence=0.85)


def _cue_after(doc: Doc, quote: Quote, span: Span, rules: CueRules) -> Candidate | None:
    if not _starts_clause(doc, quote):
        return None
    j = span.end
    while j < len(doc) and doc[j].is_space:
        j += 1
    inner = quote.inner(text_of(doc))
    if j >= len(doc):
        return None
    unmarked = False  # no comma after the marks: "« … » confie Patrick Bruel"
    if doc[j].text in {",", "—", "–"}:
        j += 1
    elif not inner.endswith(("?", "!", "…")):
        unmarked = True
    inverted = False  # an auxiliary or a subject clitic was seen: "a-t-il", "a"
    for k in range(j, min(len(doc), j + _MAX_CUE_DISTANCE)):
        tok = doc[k]
        if tok.is_space:
            continue
        lemma = rules.cue_lemma(tok)
        if lemma is None and (inverted or _clitic_follows(doc, k) or _subject_follows(doc, j, k)):
            lemma = rules.surface_cue(tok)  # the reporting clause read off its words
        if lemma is not None:
            if _opens_own_content(doc, tok):
                return None  # "« … », notant que « … »": the participle reports what follows
            if unmarked and not (_clitic_follows(doc, k) or _subject_follows(doc, k, k) or any(
                    rules.is_clitic(t) for t in doc[j:k])):
                return None  # without a comma, only a verb and its inverted subject report
            subject, missing = _subject(rules, tok, quote)
            clitic = next((t for t in doc[j : k + 3] if rules.is_clitic(t)), None)
            if clitic is not None:  # "a-t-elle soutenu", "martèle-t-il": the clitic speaks
                subject, missing = doc[clitic.i : clitic.i + 1], False
            clause_end = _clause_end(tok, subject)
            return Candidate("direct", *_inner(doc, quote), tok.i, lemma,
                             subject, missing, via="quote",
                             reporting=[(quote.end, clause_end)], confidence=0.95)
        if tok.pos_ in {"AUX", "ADV", "PRON"} or tok.text in {"-t", "-il", "-elle"} or \
                tok.lemma_ in {"faire", "laisser"} or tok.lemma_ in rules.lex.control_verbs \
                or tok.lower_ in {"à", "de", "d'"}:
            inverted = inverted or tok.lemma_ in {"avoir", "être"} or rules.is_clitic(tok) \
                or tok.text == "-t"
            continue  # "a tenu à rappeler", "a-t-il fait savoir"
        break
    return None


def _opens_own_content(doc: Doc, cue: Token) -> bool:
    """A present participle followed by "que" ("…, notant que …") brings words of its own."""
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    return cue.lower_.endswith("ant") and after is not None and fold(after.text) in {"que", "qu'"}


_MAX_GLOSS = 20


def _cue_after_gloss(doc: Doc, quote: Quote, span: Span, rules: CueRules) -> Candidate | None:
    """"« … », entre pétrole et gaz d'une part, a déclaré le PDG", "« … » dans le budget,
    menace X": the journalist's gloss between the quotation and its reporting clause (no
    verb in it) is skipped; the words stay the quotation's own."""
    if not _starts_clause(doc, quote):
        return None
    j = span.end
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc) or (doc[j].text != "," and (
            doc[j].pos_ != "ADP" or "\n" in text_of(doc)[quote.end : doc[j].idx])):
        return None  # a comma, or a complement going on from the words ("« … » dans le
    end = min(len(doc), j + _MAX_GLOSS)  # projet de budget, menace X")
    for k in range(j + 1 if doc[j].text == "," else j, end):
        tok = doc[k]
        if tok.text in {".", "!", "?", ";", ":", "«", "»", '"'} or "\n" in tok.text:
            return None
        if tok.text != ",":
            if tok.pos_ in {"VERB", "AUX"}:
                return None  # a clause of its own, not a gloss
            continue
        clause = doc[k : min(len(doc), k + _MAX_CUE_DISTANCE + 1)]
        cue = next((t for t in clause if rules.cue_lemma(t) is not None
                    or rules.surface_cue(t) is not None), None)
        if cue is None or any(t.pos_ not in {"AUX", "ADV", "PRON", "PUNCT"} and t.text != "-t"
                              for t in doc[k + 1 : cue.i]):
            continue
        lemma = rules.cue_lemma(cue) or rules.surface_cue(cue)
        subject, missing = _subject(rules, cue, quote)
        clitic = next((t for t in doc[k : cue.i + 3] if rules.is_clitic(t)), None)
        if clitic is not None:
            subject, missing = doc[clitic.i : clitic.i + 1], False
        if subject is None:
            return None
        return Candidate("direct", *_inner(doc, quote), cue.i, lemma, subject, missing,
                         via="quote", reporting=[(doc[k].idx, _clause_end(cue, subject))],
                         confidence=0.85)
    return None


def _clitic_follows(doc: Doc, k: int) -> bool:
    """"martèle-t-elle": an inverted subject clitic right after the word."""
    return k + 1 < len(doc) and (doc[k + 1].text == "-t" or doc[k + 1].lower_ in {
        "-il", "-elle", "-ils", "-elles", "-on"})


def _subject_follows(doc: Doc, j: int, k: int) -> bool:
    """"« … », juge la présidente du groupe": the first word after the quotation's comma,
    followed by a determiner or a capitalised name (an inverted subject), tagged as a noun."""
    if k != j or k + 1 >= len(doc):
        return False
    after = doc[k + 1]
    return after.pos_ == "DET" or (after.pos_ == "PROPN" and after.text[:1].isupper())


def _clause_end(cue: Token, subject: Span | None) -> int:
    end = cue.idx + len(cue.text)
    if subject is not None and subject.end_char > end:
        end = subject.end_char
    sent_end = sentence_of(cue).end_char
    rest = text_of(cue.doc)[end:sent_end]
    # ", ajoutant que …", ", qui …", ", alors que …": another clause, with its own dates
    stop = re.search(r"[.!?:;]|,\s+(?:en\s+)?(?:\w+ant\b|qui\b|dont\b|alors\b|tandis\b)",
                     rest)
    return end + (stop.start() if stop else len(rest))


def _cue_before(
    doc: Doc, quote: Quote, span: Span, quotes: list[Quote], rules: CueRules
) -> Candidate | None:
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text not in {":", ","}:
        return None
    colon = doc[j]
    previous_quote_end = max((q.end for q in quotes if q.end <= quote.start), default=-1)
    for k in range(colon.i - 1, max(-1, colon.i - _MAX_LOOKBACK), -1):
        tok = doc[k]
        if tok.idx < previous_quote_end or tok.text in {".", "!", "?", ";"} or "\n" in tok.text:
            break
        lemma = rules.cue_lemma(tok)
        if lemma is None and colon.text == ":" and _main_verb(tok):
            # "Interrogé sur …, il s'est montré inquiet : « … »": the clause the colon
            # closes has a verb of its own, not a reporting one; its subject speaks
            subject = _clause_subject_before(doc, colon, rules)
            if subject is None:
                return None
            return Candidate("direct", *_inner(doc, quote), tok.i, None, subject, False,
                             via="quote", reporting=[(subject.start_char, quote.start)],
                             confidence=0.85)
        if lemma is None or tok.dep_ == "acl":
            continue  # "les coupes annoncées par …": a participle describing a noun
        if colon.text == "," and not (k == colon.i - 1 and rules.is_participle(tok)):
            return None
        subject, missing = _subject(rules, tok, quote)
        start = subject.start_char if subject is not None and subject.start < k else tok.idx
        return Candidate("direct", *_inner(doc, quote), tok.i, lemma,
                         subject, missing, via="quote", reporting=[(start, quote.start)],
                         confidence=0.95)
    return None


def _main_verb(tok: Token) -> bool:
    """A verb heading a clause with a subject of its own ("il s'est montré")."""
    return tok.pos_ == "VERB" and tok.dep_ in {"ROOT", "advcl", "conj", "parataxis"} and any(
        c.dep_ in {"nsubj", "expl:subj", "nsubj:pass"} for c in tok.children)


def _clause_subject_before(doc: Doc, colon: Token, rules: CueRules) -> Span | None:
    """The subject of the clause a colon closes (its verb's subject, before the colon)."""
    verb = next((t for t in reversed(doc[sentence_of(colon).start : colon.i])
                 if _main_verb(t)), None)
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "expl:subj", "nsubj:pass"}),
                   None)
    if subject is None or subject.i > colon.i:
        return None
    return rules.subject_span(subject)


def _headline_colon(doc: Doc, quote: Quote, span: Span) -> Candidate | None:
    """"Lavrov : « L'Otan joue avec le feu »": a short name phrase, a colon, a quotation."""
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text != ":":
        return None
    k = j - 1
    while k >= 0 and not (doc[k].is_space and "\n" in doc[k].text) and \
            doc[k].text not in {".", "!", "?", ";", ":", "»", '"', "”"} and j - k <= 7:
        k -= 1
    if k >= 0 and not (doc[k].is_space or doc[k].text in {".", "!", "?"}):
        return None
    phrase = doc[k + 1 : j]
    if not phrase or any(t.pos_ in {"VERB", "AUX"} for t in phrase):
        return None
    if not (phrase.root.pos_ == "PROPN" or phrase.root.ent_type_ == "PER"):
        return None
    start, end = _inner(doc, quote)
    return Candidate("direct", start, end, phrase.root.i, "dire", phrase, False, via="quote",
                     reporting=[(phrase.start_char, quote.start)], confidence=0.75)


def _interrupted(doc: Doc, quote: Quote, span: Span, rules: CueRules) -> Candidate | None:
    """« Q1, a-t-il dit, Q2 »: an inverted cue between commas inside one quotation."""
    for tok in span[2:-2]:
        lemma = rules.cue_lemma(tok)
        if lemma is None:
            continue
        k = tok.i - 1
        while k > span.start and (doc[k].pos_ in {"AUX", "ADV"} or doc[k].text == "-t"
                                  or rules.is_clitic(doc[k])
                                  or fold(doc[k].text) in {"se", "s'"}):
            k -= 1
        if doc[k].text != ",":
            continue
        verb = rules.verb_of(tok)
        clitic = next((t for t in doc[tok.i - 3 : tok.i + 4] if rules.is_clitic(t)), None)
        subject = clitic or next((c for c in verb.children if c.dep_ == "nsubj"
                                  and c.i > tok.i), None) or rules.subject_of(verb)
        if subject is None or subject.i < k:
            subject = rules.inverted_subject(verb)
        if subject is None:
            continue
        subj_span = rules.subject_span(subject) if subject is not clitic else doc[
            subject.i : subject.i + 1]
        r = max(subj_span.end, tok.i + 1)
        while r < span.end - 1 and doc[r].text not in {",", "."} and r - tok.i < 8:
            r += 1
        # « A, a-t-il dit, B » or « A, concède-t-elle. B »
        if doc[r].text not in {",", "."} or r >= span.end - 2:
            continue
        first = text_of(doc)[quote.inner_start : doc[k].idx].strip()
        second = text_of(doc)[doc[r].idx + 1 : quote.inner_end].strip()
        return Candidate("direct", *_inner(doc, quote), tok.i, lemma,
                         subj_span, False, via="quote", text=f"{first} […] {second}",
                         reporting=[(doc[k].idx, doc[r].idx)], confidence=0.9)
    return None


def _left_open(doc: Doc, candidate: Candidate) -> bool:
    """The candidate's quotation ran to the end of its paragraph without a closing mark."""
    text = text_of(doc)
    end = candidate.end
    while end < len(text) and text[end] in " \u00a0\u202f":
        end += 1
    return end >= len(text) or text[end] == "\n"


def _continuation(doc: Doc, quote: Quote, found: list[Candidate]) -> Candidate | None:
    """A quote that directly follows an attributed quote's sentence continues it."""
    if not found or found[-1].via not in {"quote", "continuation"}:
        return None
    previous = found[-1]
    clause_end = max([previous.end, *[e for _, e in previous.reporting]])
    if quote.start < clause_end:
        return None
    tail = text_of(doc)[quote.end : quote.end + 80].split("\n", 1)[0]
    stop = re.search(r"[.!?]", tail)
    if any(ch.isalnum() for ch in tail[: stop.start() if stop else len(tail)]):
        return None  # the quote has its own attribution after it
    gap = text_of(doc)[clause_end : quote.start]
    # French convention: a quotation running over several paragraphs leaves each one open
    # and opens the next with «
    carried = previous.via in {"quote", "continuation"} and _left_open(doc, previous) and \
        not gap.strip()
    if not carried and ("\n" in gap or any(ch.isalnum() for ch in gap) or len(gap) > 6):
        return None
    if word_count(quote.inner(text_of(doc))) < 3:
        return None
    return Candidate("direct", *_inner(doc, quote), previous.anchor, previous.cue,
                     previous.subject, previous.subject_missing, via="continuation",
                     fallback=previous.fallback,
                     reporting=[(quote.end, quote.end)], confidence=0.8)


_STANDALONE_MIN_WORDS = 4


def _standalone(doc: Doc, quote: Quote, span: Span) -> Candidate | None:
    """A quotation that is a sentence of its own, with no reporting clause ("« Nous
    discutons avec les organisateurs. »", "X a choisi la prudence : « … »", "« … » : X
    tacle Y"): someone's words. The speaker is a person named across the colon, else the
    speaker of the neighbouring statements (decided once all statements are known)."""
    text = text_of(doc)
    inner = quote.inner(text)
    if word_count(inner) < _STANDALONE_MIN_WORDS or not any(
            t.pos_ in {"VERB", "AUX"} for t in span):
        return None
    lead = _lead_in(text, quote.start)
    tail = _tail(text, quote.end)
    colon_before = lead.rstrip().endswith(":")
    colon_after = tail.lstrip().startswith(":")
    if not colon_before and any(ch.isalnum() for ch in lead):
        return None
    if not colon_after and any(ch.isalnum() for ch in tail) and not _closed_sentence(inner, tail):
        return None
    if not colon_before and not colon_after and not inner[:1].isupper():
        return None
    subject = None
    if colon_before:
        subject = _named_person(doc, quote.start - len(lead), quote.start)
    elif colon_after:
        subject = _named_person(doc, quote.end, quote.end + len(tail))
    return Candidate("direct", *_inner(doc, quote), span.start, None, subject, subject is None,
                     via="standalone", reporting=[], confidence=0.6)


def _closed_sentence(inner: str, tail: str) -> bool:
    """« … sur la durée d'un match. » En résumé …: the quotation ends its own sentence
    (its last mark inside) and a new sentence opens after it."""
    return inner.rstrip().endswith((".", "!", "?", "…")) and tail.lstrip()[:1].isupper()


def _lead_in(text: str, start: int) -> str:
    """The words between the previous sentence end (or line start) and ``start``."""
    before = text[max(0, start - 300) : start]
    cut = max(before.rfind("\n"), *(before.rfind(m + " ") for m in ".!?"))
    return before[cut + 1 :] if cut >= 0 else before


def _tail(text: str, end: int) -> str:
    """The words between ``end`` and the next sentence end (or line end)."""
    after = text[end : end + 300]
    stops = [i for i in (after.find("\n"), *(after.find(m) for m in ".!?")) if i >= 0]
    return after[: min(stops)] if stops else after


def _named_person(doc: Doc, start: int, end: int) -> Span | None:
    """The first person (or proper-noun subject) named between two offsets."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    people = [e for e in span.ents if e.label_ == "PER"]
    if people:
        return people[0]
    subjects = [t for t in span if t.dep_.startswith("nsubj") and t.pos_ in {"PROPN", "NOUN"}]
    if subjects:
        head = subjects[0]
        return doc[head.left_edge.i : head.right_edge.i + 1] if head.right_edge.i < span.end \
            else doc[head.i : head.i + 1]
    names = [t for t in span if t.pos_ == "PROPN" and t.text[:1].isupper()]
    return doc[names[0].i : names[0].i + 1] if names else None
