"""Statements laid out as a transcript rather than reported: "Name: words" lines and
interviews (questions, then the interviewee's answers with no quotation marks)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from bot.models import Mention
from bot.nlp.cues import Candidate
from bot.nlp.lexicons import Lexicons
from bot.nlp.text import Quote, fold, word_count

_LABEL = re.compile(r"^(?P<label>[^:«»\"“”?!.\n]{2,70}?)\s?:\s*(?P<words>\S.*)$", re.DOTALL)
_MIN_WORDS = 4
_ADDRESS = {"vous", "votre", "vos"}

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
    if any(m.actor_kind == "person" and label.start_char <= m.start < label.end_char
           for m in mentions):
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
    person = next((m for b in heads for m in mentions if m.actor_kind == "person"
                   and b[0] <= m.start < b[1]), None)
    if person is None:
        return []
    subject = doc.char_span(person.start, person.end, alignment_mode="expand")
    found: list[Candidate] = []
    asked = False
    for start, end, kind, text in blocks:
        if kind in {"title", "heading"} and not text.rstrip().endswith("?"):
            continue
        question = text.rstrip().endswith("?") or bool(_ADDRESS & set(fold(text).split()))
        if question:
            asked = True
            continue
        if asked and word_count(text) >= _MIN_WORDS and not any(
                q.start <= start and end <= q.end for q in quotes):
            found.append(Candidate("direct", start, start + len(text.rstrip()),
                                   subject.root.i if subject is not None else 0, None,
                                   subject, False, via="answer", reporting=[],
                                   confidence=0.65))
        asked = False
    return found if len(found) >= 2 else []  # one question answered is no interview
