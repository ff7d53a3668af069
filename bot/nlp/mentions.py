"""Who is named: known actors (by their aliases) and unknown people (by NER) in a parsed
article, as :class:`~bot.models.Mention` spans. Who of them speaks is bot/nlp/speakers.py."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot.models import Mention
from bot.nlp.actors import ActorIndex
from bot.nlp.lexicons import Lexicons
from bot.nlp.text import fold


def _strip_accents_keep_case(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class MentionFinder:
    """Finds known actors (aliases) and unknown people (NER) named in a doc."""

    def __init__(self, nlp: Language, index: ActorIndex, lex: Lexicons) -> None:
        self.index = index
        self.lex = lex
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        for record in index.records:
            key = record.name
            for alias in {record.name, *record.aliases}:
                for variant in {alias, _strip_accents_keep_case(alias)}:
                    pattern = nlp.make_doc(variant)
                    short = len(variant) <= 4 or variant.isupper()
                    (self.by_orth if short else self.by_lower).add(key, [pattern])

    def find(self, doc: Doc, excluded: list[tuple[int, int]]) -> list[Mention]:
        spans: list[Span] = []
        for matcher in (self.by_lower, self.by_orth):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=match_id)
                spans.append(span)
        people = [e for e in doc.ents if e.label_ == "PER"]
        people.extend(self._parsed_names(doc, people))
        people.extend(self._names_after_roles(doc, people))
        people.extend(self._names_after_given_names(doc, people))
        people.sort(key=lambda e: e.start)
        known = filter_spans(spans)
        taken = {t.i for s in known for t in s}
        mentions: list[Mention] = []
        for span in known:
            record = self.index.by_name.get(span.label_)
            if record is not None:
                mentions.append(Mention(record.name, record.kind, span.text, span.start_char,
                                        span.end_char))
        names = [(ent, self.clean_name(ent)) for ent in people
                 if not any(t.i in taken for t in ent) and not _indefinite_noun(ent)]
        full_names = _full_names(name for _, name in names)
        for ent, name in names:
            if not name:
                continue
            record = self.index.match_person(name)
            if record is not None:
                mentions.append(Mention(record.name, record.kind, ent.text, ent.start_char,
                                        ent.end_char))
                continue
            words = name.split()
            if len(words) == 1 and words[0] in full_names:
                # "Mme Mao" before or after "Mao Ning": the article's full name
                name = full_names[words[0]]
            elif len(words) > 1 and name in full_names:
                # "M. St-Pierre Plamondon" after "Paul St-Pierre Plamondon"
                name = full_names[name]
            mentions.append(Mention(name, "person", ent.text, ent.start_char, ent.end_char))
        mentions = [m for m in mentions
                    if not any(a <= m.start < b for a, b in excluded)]
        mentions.sort(key=lambda m: m.start)
        return mentions

    @staticmethod
    def _parsed_names(doc: Doc, people: list[Span]) -> list[Span]:
        """First name + surname chains the parser sees (PROPN + flat:name) that NER filed
        elsewhere ("Le Premier ministre François Bayrou" as MISC)."""
        covered = {t.i for e in people for t in e}
        found = []
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.dep_ == "flat:name" or tok.i in covered:
                continue
            if tok.ent_type_ in {"LOC", "ORG"}:
                continue
            tail = [c for c in tok.children if c.dep_ == "flat:name" and c.pos_ == "PROPN"]
            if not tail or not tok.text[:1].isupper() or tok.text.isupper():
                continue
            end = max(c.i for c in tail) + 1
            if end - tok.i <= 4 and not any(i in covered for i in range(tok.i, end)):
                found.append(Span(doc, tok.i, end, label="PER"))
        return found

    def _names_after_roles(self, doc: Doc, people: list[Span]) -> list[Span]:
        """"le Premier ministre Benyamin Netanyahou": two or three capitalised words right
        after a role noun (and its adjectives) name its holder, whatever NER made of them."""
        covered = {t.i for e in people for t in e}
        found = []
        for tok in doc:
            if fold(tok.lemma_) not in self.lex.role_heads and fold(tok.text) not in \
                    self.lex.role_heads:
                continue
            k = tok.i + 1
            while k < len(doc) and doc[k].pos_ == "ADJ" and doc[k].text.islower():
                k += 1
            end = k
            while end < len(doc) and end - k < 3 and _capitalised_word(doc[end]):
                end += 1
            if end - k < 2 or any(i in covered for i in range(k, end)):
                continue
            if any(doc[i].ent_type_ in {"LOC", "ORG"} for i in range(k, end)):
                continue
            found.append(Span(doc, k, end, label="PER"))
            covered.update(range(k, end))
        return found

    def _names_after_given_names(self, doc: Doc, people: list[Span]) -> list[Span]:
        """"la Lyonnaise Aurélie Rivière" (filed as a place): a known given name followed by
        one or two capitalised words names a person, whatever NER made of them."""
        covered = {t.i for e in people for t in e}
        found = []
        for tok in doc:
            if tok.i in covered or not tok.text[:1].isupper() or tok.ent_type_ == "ORG" or \
                    not self._given_name(tok.text):
                continue
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 2 and _capitalised_word(doc[end]) and \
                    doc[end].ent_type_ != "ORG" and end not in covered:
                end += 1
            if end == tok.i + 1:
                continue
            found.append(Span(doc, tok.i, end, label="PER"))
            covered.update(range(tok.i, end))
        return found

    def _given_name(self, word: str) -> bool:
        """A known given name, or a compound of them ("Paul-Édouard", "Marie-Claire")."""
        return fold(word) in self.lex.first_names or ("-" in word and all(
            fold(part) in self.lex.first_names for part in word.split("-")))

    def clean_name(self, ent: Span) -> str:
        """The name as written ("Agnès Pannier-Runacher", "Sultan Al-Jaber"), titles and
        edge punctuation removed."""
        tokens = [t for t in ent if fold(t.text) not in self.lex.titles]
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        name = "".join(t.text + (t.whitespace_ and " ") for t in tokens).strip()
        name = " ".join(name.split())
        if len(name) < 3 or not name[:1].isupper() or (name.isupper() and len(name) < 6):
            return ""
        return name


INDEFINITE_DETS = {"un", "une", "des", "du", "ce", "cet", "cette", "ces"}


def _indefinite_noun(ent: Span) -> bool:
    """"un Malien", "des Parisiens": a one-word name after an indefinite or demonstrative
    determiner is a demonym or a common noun, not a person's name."""
    return len(ent) == 1 and ent.start > 0 and \
        fold(ent.doc[ent.start - 1].text) in INDEFINITE_DETS


def _full_names(names: Iterable[str]) -> dict[str, str]:
    """A one-word name → the full name the article gives it: "Le Maire" → "Bruno Le Maire",
    "Mme Mao" → "Mao Ning" (a family name written first); a family name of several words →
    the full name it ends ("St-Pierre Plamondon"). A part that two full names share points
    to neither."""
    full: dict[str, str] = {}
    shared: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) < 2:
            continue
        # the first word, the last one, and the family name of several words a given name
        # opens ("St-Pierre Plamondon" of "Paul St-Pierre Plamondon")
        for part in {words[0], words[-1], " ".join(words[1:]) if len(words) > 2 else words[-1]}:
            if part in full and full[part] != name:
                shared.add(part)
            full.setdefault(part, name)
    return {part: name for part, name in full.items() if part not in shared}


def _capitalised_word(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or text.isupper() or token.pos_ not in {"PROPN", "NOUN", "ADJ",
                                                                        "X"}:
        return False
    return token.is_alpha or all(part.isalpha() for part in text.split("-") if part)
