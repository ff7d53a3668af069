"""Surface rules, read on the words where the parse is unreliable or absent: statements laid
out as a transcript ("Name: words" lines; interviews, questions then the interviewee's answers
with no quotation marks), headlines ("X dénonce …") and sentences carrying quoted fragments."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from bot.models import Mention
from bot.nlp.cues import Candidate, CueRules
from bot.nlp.lexicons import Lexicons
from bot.nlp.quotes import signature_at
from bot.nlp.text import Quote, fold, sentence_of, text_of, word_count

_LABEL = re.compile(r"^(?P<label>[^:«»\"“”?!.\n]{2,70}?)\s?:\s*(?P<words>\S.*)$", re.DOTALL)
_MIN_WORDS = 4
_ADDRESS = {"vous", "votre", "vos"}
_FIRST_PERSON = {"je", "j", "nous", "moi", "notre", "nos", "mon", "ma", "mes"}

Block = tuple[int, int, str, str]


def labelled_candidates(doc: Doc, blocks: list[Block], mentions: list[Mention],
                        quotes: list[Quote], lex: Lexicons) -> list[Candidate]:
    """"Me X: Difficile de répondre …", "Le secrétaire général de l'ONU : Les conflits …":
    a paragraph or headline opened by a person (or a role) and a colon; the rest is theirs.
    A label with a verb is a sentence, not a speaker ("Il a ajouté: …" is found elsewhere)."""
    found: list[Candidate] = []
    for start, _end, kind, text in blocks:
        match = _LABEL.match(text)
        if match is None or word_count(match.group("words")) < _MIN_WORDS:
            continue
        words_start = start + match.start("words")
        if any(q.start <= words_start < q.end or q.start == words_start for q in quotes):
            continue  # "X : « … »" is a quotation, found with its marks
        label = doc.char_span(start, start + match.end("label"), alignment_mode="expand")
        if label is None or any(t.pos_ in {"VERB", "AUX"} for t in label):
            continue
        if not _names_someone(label, mentions, lex) or any(
                m.actor_kind == "person" and m.start == words_start for m in mentions):
            continue  # "Budget : Clara Vasseur dénonce …": the words name their own speaker
        spoken = "indirect" if kind in {"title", "heading"} else "direct"
        found.append(Candidate(spoken, words_start, start + len(text.rstrip()), label.root.i,
                               None, label, False, via="label",
                               reporting=[(start, words_start)], confidence=0.7))
    return found


def _names_someone(label: Span, mentions: list[Mention], lex: Lexicons) -> bool:
    """The label is a person ("Me Mamadou Konaté"), with at most a title or a role around
    the name, or a role ("Le secrétaire général de l'ONU")."""
    width = len(label.text)
    opener = label[0]
    if (opener.pos_ == "PROPN" or fold(opener.text) in lex.titles) and any(
            m.actor_kind == "person" and label.start_char <= m.start < label.end_char
            and (m.end - m.start) * 2 >= width for m in mentions):
        return True
    return fold(label.root.lemma_) in lex.role_heads or fold(label.root.text) in lex.role_heads


def interview_candidates(doc: Doc, blocks: list[Block], mentions: list[Mention],
                         quotes: list[Quote], lex: Lexicons) -> list[Candidate]:
    """An interview (the headline or lead says so): each paragraph that follows a question
    (it ends with "?" or addresses "vous") and is not one itself is the interviewee's answer,
    the person the headline names."""
    heads = [b for b in blocks[:3] if b[2] in {"title", "heading"}]
    if not any(any(w in fold(b[3]) for w in lex.interview_words) for b in heads):
        return []  # "dans cet entretien" in a report does not make it an interview
    person = _interviewee(blocks, mentions, lex)
    if person is None:
        return []
    subject = doc.char_span(person.start, person.end, alignment_mode="expand")
    found: list[Candidate] = []
    asked = False
    for start, end, kind, text in blocks:
        if kind in {"title", "heading"} and not text.rstrip().endswith("?"):
            continue
        words = _pronoun_words(doc, start, end)
        # a question ends with "?" or addresses the interviewee and speaks of no "je"/"nous"
        question = text.rstrip().endswith("?") or (bool(_ADDRESS & words)
                                                   and not _FIRST_PERSON & words)
        if question:
            asked = True
            continue
        if asked and word_count(text) >= _MIN_WORDS and not any(
                q.start <= start and end <= q.end for q in quotes):
            label = _ANSWER_LABEL.match(text)
            first = start + (label.end() if label else 0)
            found.append(Candidate("direct", first, start + len(text.rstrip()),
                                   subject.root.i if subject is not None else 0, None,
                                   subject, False, via="answer", reporting=[],
                                   confidence=0.65))
        asked = False
    if len(found) < 2:
        return []  # one question answered is no interview
    return _headline_quotes(heads, quotes, subject, doc) + found


_ANSWER_LABEL = re.compile(r"^\s*(?:R|Réponse|Rép)\s?[:.–—-]\s*", re.IGNORECASE)
_CREDIT = re.compile(r"^\s*(?:propos\s+)?recueilli(?:e|s|es)?\s+par\b", re.IGNORECASE)


def _interviewee(blocks: list[Block], mentions: list[Mention], lex: Lexicons) -> Mention | None:
    """The person an interview questions: named in the headline or in the lines before the
    first question ("Martine Aubry" on a line of its own), never in the credit line that
    names the interviewer ("Propos recueillis par …", "Par …")."""
    for start, end, _kind, text in blocks:
        if text.rstrip().endswith("?"):
            return None
        if lex.is_byline(text) or _CREDIT.match(text):
            continue
        person = next((m for m in mentions if m.actor_kind == "person"
                       and start <= m.start < end), None)
        if person is not None:
            return person
    return None


def _pronoun_words(doc: Doc, start: int, end: int) -> set[str]:
    """The folded words of a block as the tokenizer cuts them: an inverted clitic stands alone
    ("croyez" "-moi", "expliquez" "-vous") while a compound noun stays whole ("rendez-vous" is
    no "vous"); elided forms lose their apostrophe ("j'" → "j")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return {fold(t.text).strip("-'") for t in span} if span is not None else set()


def _headline_quotes(heads: list[Block], quotes: list[Quote], subject: Span | None,
                     doc: Doc) -> list[Candidate]:
    """"Interview de X « Je m'attends à … »": an interview's headline quotes the interviewee."""
    found: list[Candidate] = []
    for start, end, _kind, _text in heads:
        for quote in quotes:
            inner = quote.inner(text_of(doc))
            if start <= quote.start and quote.end <= end and word_count(inner) >= _MIN_WORDS:
                found.append(Candidate("direct", quote.inner_start, quote.inner_end,
                                       subject.root.i if subject is not None else 0, None,
                                       subject, False, via="answer", reporting=[],
                                       confidence=0.65))
    return found


_SIGN_DASH = re.compile(r"\s[-–—]\s+(?=\S(?:(?!\s[-–—]\s).)*$)")


def signed_candidates(doc: Doc, blocks: list[Block], quotes: list[Quote],
                      rules: CueRules) -> list[Candidate]:
    """"Nous avons beaucoup à faire, beaucoup à réparer - Joe Biden, président des
    États-Unis": a line of words signed after a dash by a person is theirs (pull quotes set
    without quotation marks). The words must be a sentence (a verb), not a topic, and speak
    in the first person, as the words of someone quoted do."""
    found: list[Candidate] = []
    for start, _end, _kind, text in blocks:
        stripped = text.rstrip()
        dash = _SIGN_DASH.search(stripped)
        if dash is None or word_count(stripped[: dash.start()]) < _MIN_WORDS:
            continue
        name = signature_at(doc, start + dash.start(), rules)
        if name is None:
            continue
        words = doc.char_span(start, start + dash.start(), alignment_mode="contract")
        if words is None or not any(t.pos_ in {"VERB", "AUX"} for t in words):
            continue
        if not _FIRST_PERSON & set(re.findall(r"\w+", fold(words.text))):
            continue  # "Le texte a été adopté - Jean Martin": a narrative line and its author
        if any(q.start <= words.start_char and words.end_char <= q.end for q in quotes):
            continue  # a quotation, signed: found with its marks
        found.append(Candidate("direct", words.start_char, words.end_char, name.root.i, "dire",
                               name, False, via="signed",
                               reporting=[(words.end_char, name.end_char)], confidence=0.8))
    return found


_BRACKETED_SOURCE = re.compile(r"\s\((?P<sig>[^()\n]{3,60})\)\s*$")


def bracketed_source_candidates(doc: Doc, blocks: list[Block], mentions: list[Mention],
                                lex: Lexicons) -> list[Candidate]:
    """"La question de Taiwan ne tolère aucune ingérence extérieure (porte-parole)": a
    headline whose source closes it in brackets, a role or a person (not "(vidéo)", not an
    agency); the sentence before is theirs."""
    found: list[Candidate] = []
    for start, _end, kind, text in blocks:
        if kind not in {"title", "heading"}:
            continue
        match = _BRACKETED_SOURCE.search(text.rstrip())
        if match is None or word_count(text[: match.start()]) < _MIN_WORDS:
            continue
        source = doc.char_span(start + match.start("sig"), start + match.end("sig"),
                               alignment_mode="contract")
        words = doc.char_span(start, start + match.start(), alignment_mode="contract")
        if source is None or words is None or not any(t.pos_ in {"VERB", "AUX"} for t in words):
            continue
        person = any(m.actor_kind == "person" and source.start_char <= m.start < source.end_char
                     for m in mentions)
        role = fold(source.root.lemma_) in lex.role_heads or fold(source.root.text) in \
            lex.role_heads
        if not (person or role):
            continue
        found.append(Candidate("indirect", words.start_char, words.end_char, source.root.i,
                               "dire", source, False, via="signed",
                               reporting=[(words.end_char, source.end_char + 1)],
                               confidence=0.7))
    return found


_HEADLINE_BREAKS = {":", "-", "–", "—", "|", "«", "»", '"', "“", "”", "?", "!"}
_HEADLINE_SUBJECT_MAX = 6


_HEADLINE_MAX_WORDS = 30


def _headline_like(kind: str, text: str) -> bool:
    """A title or heading, or a short line with no closing punctuation (a headline the
    ingestion kept as a paragraph)."""
    if kind in {"title", "heading"}:
        return True
    stripped = text.rstrip()
    return word_count(stripped) <= _HEADLINE_MAX_WORDS and not stripped.endswith(
        (".", "!", "?", "…", ":", ";", ")"))


def headline_candidates(doc: Doc, blocks: list[Block], lex: Lexicons,
                        mentions: list[Mention]) -> list[Candidate]:
    """"Ballon abattu : Pékin dénonce une « réaction excessive »", "Le président X menace
    l'Europe d'un flux de migrants": headlines drop articles and auxiliaries, and the parser
    often misreads them, so they are read on the surface: a short noun phrase naming someone,
    a reporting verb in the present (from the cue lexicon's forms), then what was said."""
    found: list[Candidate] = []
    for start, end, kind, text in blocks:
        if not _headline_like(kind, text):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            lemma = lex.cue_forms.get(tok.lower_)
            if lemma is None or tok.i == span.start or tok.text[:1].isupper() or \
                    doc[tok.i - 1].pos_ in {"DET", "ADP"}:
                continue  # "L'invité de …", "un juge": a noun, not the verb
            subject = _headline_subject(doc, span.start, tok.i)
            if subject is None:
                continue
            named = [m for m in mentions if m.actor_kind == "person"
                     and subject.start_char <= m.start < subject.end_char]
            if named:  # "Usa 2020-Biden promet …": the person named speaks
                subject = doc.char_span(named[-1].start, named[-1].end,
                                        alignment_mode="expand") or subject
            first = tok.i + 1
            if first >= span.end - 1 or word_count(doc[first : span.end].text) < 2:
                break
            found.append(Candidate("indirect", doc[first].idx, span.end_char, tok.i, lemma,
                                   subject, False, via="headline",
                                   reporting=[(subject.start_char, doc[first].idx)],
                                   confidence=0.7))
            break
        else:
            verdict = _quoted_verdict(doc, span, lex, mentions)
            if verdict is not None:
                found.append(verdict)
    return found


_VERDICT_MAX_WORDS = 6


def _quoted_verdict(doc: Doc, span: Span, lex: Lexicons,
                    mentions: list[Mention]) -> Candidate | None:
    """"Cyréna Samba-Mayela « tellement fière » de sa médaille", "la ministre de la Culture
    « estomaquée » par le discours": a headline with no verb that sets a few quoted words
    right after the person (or role) they are from."""
    for tok in span:
        if tok.text not in {"«", '"', "“"} or tok.i == span.start:
            continue
        subject = _headline_subject(doc, span.start, tok.i)
        closing = next((t for t in doc[tok.i + 1 : span.end] if t.text in {"»", '"', "”"}), None)
        if subject is None or closing is None or \
                word_count(doc[tok.i + 1 : closing.i].text) > _VERDICT_MAX_WORDS:
            return None
        person = any(m.actor_kind == "person" and subject.start_char <= m.start < subject.end_char
                     for m in mentions)
        if not (person or fold(subject.root.lemma_) in lex.role_heads) or \
                _names_a_work(subject, lex):
            return None
        return Candidate("indirect", tok.idx, span.end_char, tok.i, None, subject, False,
                         via="headline", reporting=[(subject.start_char, tok.idx)],
                         confidence=0.6)
    return None


def _headline_subject(doc: Doc, first: int, verb: int) -> Span | None:
    """The words between the headline's last break (a colon, a dash) and the verb, when
    they are a short phrase opened by a capital or a determiner and holding a noun."""
    k = verb - 1
    while k >= first and doc[k].text not in _HEADLINE_BREAKS and verb - k <= \
            _HEADLINE_SUBJECT_MAX:
        k -= 1
    if k >= first and doc[k].text not in _HEADLINE_BREAKS:
        return None
    words = doc[k + 1 : verb]
    if not words or not any(t.pos_ in {"PROPN", "NOUN"} or t.text[:1].isupper()
                            for t in words):
        return None
    if not (words[0].text[:1].isupper() or words[0].pos_ == "DET"):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.text[:1].islower() for t in words):
        return None
    return words


_FRAGMENT_MIN_WORDS = 2


def _names_a_work(span: Span, lex: Lexicons) -> bool:
    """"le film « La guerre est déclarée »", "l'opération « Barkhane »": a title."""
    doc = span.doc
    k = span.start - 1
    while k >= 0 and (doc[k].is_space or doc[k].pos_ == "ADJ"):
        k -= 1
    return k >= 0 and (fold(doc[k].lemma_) in lex.work_nouns or fold(doc[k].text) in
                       lex.work_nouns)


def fragment_candidates(doc: Doc, quotes: list[Quote], lex: Lexicons,
                        skip: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """"Le problème sera « réglé dans le cadre des institutions »", "la préfecture se veut
    vigilante « sur les accueils des hôpitaux »": a sentence carrying quoted words with no
    reporting verb is reported speech with verbatim fragments. The speaker is the person or
    body the sentence is about (its subject, or the agent of a passive: "considérée comme
    « sérieuse » par le parquet"), else the speaker of the neighbouring statements; a single
    quoted word stays a scare quote."""
    found: list[Candidate] = []
    seen: set[int] = set()
    for quote in quotes:
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or word_count(quote.inner(text_of(doc))) < _FRAGMENT_MIN_WORDS:
            continue
        if any(a <= quote.start < b for a, b in skip or []) or _names_a_work(span, lex):
            continue
        sent = span.sent
        if sent.start in seen:
            continue
        seen.add(sent.start)
        first, last = sent.start, sent.end - 1
        while first <= last and (doc[first].is_space or (doc[first].is_punct
                                 and doc[first].text not in '«"“')):
            first += 1
        while last >= first and (doc[last].is_space or doc[last].text in {".", ";"}):
            last -= 1
        if last - first < 3:
            continue
        root = sent.root
        agent = next((c for c in root.children if c.dep_ == "obl:agent"), None)
        subject = agent or next((c for c in root.children if c.dep_.startswith("nsubj")), None)
        subject_span = doc[subject.left_edge.i : subject.right_edge.i + 1] \
            if subject is not None and not quote.contains(subject.idx) else None
        if subject_span is not None and subject_span[0].pos_ == "ADP":
            subject_span = subject_span[1:]
        found.append(Candidate("indirect", doc[first].idx, doc[last].idx + len(doc[last].text),
                               root.i, None, subject_span, subject_span is None,
                               via="fragment", reporting=[], confidence=0.55))
    return found


_LABEL_MAX_WORDS = 12


def label_speakers(doc: Doc, blocks: list[Block], mentions: list[Mention],
                   candidates: list[Candidate]) -> None:
    """"Le plus déçu : Pierre Martin (Castres)" on a line of its own, then a paragraph that
    is one quotation: the person the line names said it (reaction boxes, "ils ont dit"
    round-ups). Sets the subject of such quotations in place."""
    for candidate in candidates:
        if candidate.via != "standalone" or candidate.subject is not None:
            continue
        here = next((n for n, b in enumerate(blocks) if b[0] <= candidate.start <= b[1]), -1)
        if here < 1 or _opening_words(blocks[here], candidate.start):
            continue
        above = here - 1
        if above > 0 and _short_quotation(blocks[above][3]):
            above -= 1  # "Pogacar, vainqueur du Tour :" then "« Un autre monde »" then the words
        start, end, _kind, text = blocks[above]
        line = text.rstrip()
        if word_count(line) > _LABEL_MAX_WORDS or line.endswith((".", "!", "?", "»", '"')):
            continue
        label = doc.char_span(start, end, alignment_mode="expand")
        if line.endswith(":") and (label is None or any(t.pos_ in {"VERB", "AUX"}
                                                          for t in label)):
            continue  # "Le maire a déclaré :" is a reporting clause, found elsewhere
        person = next((m for m in mentions if m.actor_kind == "person"
                       and start <= m.start < end), None)
        if person is not None:
            candidate.subject = doc.char_span(person.start, person.end,
                                              alignment_mode="expand")
            candidate.subject_missing = candidate.subject is None


def _short_quotation(text: str) -> bool:
    """A heading that is only a few quoted words ("« Un autre monde »")."""
    line = text.strip()
    return word_count(line) <= _LABEL_MAX_WORDS and line[:1] in "«\"“" and line[-1:] in "»\"”"


def _opening_words(block: Block, position: int) -> bool:
    """Whether words (not only a quotation mark) come before ``position`` in its block."""
    return any(ch.isalnum() for ch in block[3][: position - block[0]])


_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")
_QUOTE_OPENERS = ("«", '"', "“", "‹", "„")


def colon_paragraph_candidates(doc: Doc, blocks: list[Block], rules: CueRules) -> list[Candidate]:
    """"Le maire a détaillé ses priorités :" closing a paragraph, then the words with no
    quotation marks: the next paragraph is what was said, or, when a list follows, each
    item is one statement ("Le porte-parole a notamment déclaré :" then "- …" lines)."""
    found: list[Candidate] = []
    for n, (start, _end, kind, text) in enumerate(blocks[:-1]):
        line = text.rstrip()
        if kind in {"title", "heading"} or not line.endswith(":"):
            continue
        colon = doc.char_span(start + len(line) - 1, start + len(line), alignment_mode="expand")
        cue = _colon_cue(colon[0], rules) if colon is not None else None
        if cue is None:
            continue
        subject = rules.subject_of(rules.verb_of(cue))
        span = rules.subject_span(subject) if subject is not None else None
        clause = (sentence_of(cue).start_char, start + len(line))
        for item_start, item_end, item_kind, item in _said_blocks(blocks[n + 1 :]):
            if item_kind in {"title", "heading"} or word_count(item) < _MIN_WORDS:
                break
            found.append(Candidate("direct", item_start, item_end, cue.i,
                                   rules.cue_lemma(cue), span, span is None, via="colon",
                                   reporting=[clause], confidence=0.6))
    return found


def _colon_cue(colon: Token, rules: CueRules) -> Token | None:
    """The reporting verb of the clause a colon closes ("il a ajouté :"), if any."""
    doc = colon.doc
    sent_start = sentence_of(colon).start
    for tok in reversed(doc[sent_start : colon.i]):
        if rules.cue_lemma(tok) is not None and rules.verb_of(tok).pos_ in {"VERB", "AUX"} \
                and not rules.is_negated(rules.verb_of(tok)):
            return tok
    return None


def _said_blocks(following: list[Block]) -> list[tuple[int, int, str, str]]:
    """The paragraph after a colon, or the run of list items after it, as (start, end of the
    words, kind, words); nothing when the words open with a quotation mark (found with
    their marks)."""
    if not following or following[0][3].lstrip().startswith(_QUOTE_OPENERS):
        return []
    first = following[0]
    if not _ITEM.match(first[3]):
        return [(first[0], first[0] + len(first[3].rstrip()), first[2], first[3])]
    items = []
    for start, _end, kind, text in following:
        marker = _ITEM.match(text)
        if marker is None:
            break
        items.append((start + marker.end(), start + len(text.rstrip()), kind,
                      text[marker.end():]))
    return items


def subjects_above(doc: Doc, blocks: list[Block], mentions: list[Mention]) -> dict[int, Span]:
    """Per paragraph, the person the paragraph above it ends on as a subject ("le chef de la
    junte Ibrahim Traoré a envoyé un message très clair à …"), a quoted heading in between
    skipped: a quotation standing alone there, with no statement around it, is theirs."""
    found: dict[int, Span] = {}
    for n, (start, _end, kind, text) in enumerate(blocks[:-1]):
        line = text.rstrip()
        if kind != "paragraph" or not line.endswith((".", ":")):
            continue
        span = _closing_subject(doc, start, start + len(line), mentions)
        if span is None:
            continue
        below = n + 1
        if below + 1 < len(blocks) and _short_quotation(blocks[below][3]):
            below += 1
        found[below] = span
    return found


def _closing_subject(doc: Doc, start: int, end: int, mentions: list[Mention]) -> Span | None:
    """The person named as the subject of the sentence ending at ``end``."""
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None or not len(words):
        return None
    root = sentence_of(words[-1]).root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    first = subject.left_edge.idx
    final = subject.right_edge.idx + len(subject.right_edge)
    person = next((m for m in mentions if m.actor_kind == "person"
                   and first <= m.start and m.end <= final), None)
    if person is None:
        return None
    return doc.char_span(person.start, person.end, alignment_mode="expand")
