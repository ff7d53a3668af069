"""Who speaks: role/name pairings and speaker resolution (names, roles, pronouns and
anaphora, institutions; agencies are never speakers) over the mentions that
bot/nlp/mentions.py finds."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.models import ActorKind, Mention
from bot.nlp.actors import ActorIndex, role_words
from bot.nlp.lexicons import Lexicons
from bot.nlp.text import fold, sentences, text_of

CENTRAL_DEPS = {"appos", "flat:name", "flat", "compound", "fixed"}
PRONOUN_REACH = 600  # characters back a pronoun looks for a gender-marked antecedent
BODY_REACH = 1500  # characters back "l'entreprise" looks for the body it describes
FEMININE_DETS = {"la", "cette", "une"}
FEMININE_TITLES = {"mme", "mme.", "madame", "mlle"}
MASCULINE_TITLES = {"m.", "m", "monsieur"}


def _mention_gender(span: Span, lex: Lexicons) -> str | None:
    """"la ministre espagnole Teresa Ribera" → f; "le président X" → m; "le ministre X" →
    nothing (said of women too); "Mme X" → f."""
    doc = span.doc
    if span.start > 0:
        before = fold(doc[span.start - 1].text)
        if before in FEMININE_TITLES:
            return "f"
        if before in MASCULINE_TITLES:
            return "m"
    root = span.root
    roles = [root.head] if root.dep_ in {"appos", "nmod", "flat:name", "flat"} else []
    roles += [c for c in root.children if c.dep_ == "appos"]
    roles += [t for t in doc[max(0, span.start - 4) : span.start]
              if fold(t.lemma_) in lex.role_heads or fold(t.text) in lex.role_heads]
    for role in roles:
        word = fold(role.text)
        if word in lex.feminine_role_heads:
            return "f"
        if word in lex.masculine_role_heads:
            return "m"
        if fold(role.lemma_) in lex.role_heads and any(
                c.dep_ == "det" and fold(c.text) in FEMININE_DETS for c in role.children):
            return "f"
    return None


def _description_gender(head: Token, lex: Lexicons) -> str | None:
    """"la championne" → f, "l'entraîneur" → m, "l'athlète", "le ministre" → nothing."""
    word = fold(head.text)
    if word in lex.feminine_role_heads:
        return "f"
    if word in lex.masculine_role_heads:
        return "m"
    dets = {fold(c.text) for c in head.children if c.dep_ == "det"}
    return "f" if dets & FEMININE_DETS else None  # "le ministre" is also said of women


def _body_gender(span: Span) -> str | None:
    """The grammatical gender of a body's name, which its pronoun takes: "l'organisation" →
    f, "la SNCF" → f, "le ministère" → m."""
    root = span.root
    gender = root.morph.get("Gender", [])
    if gender:
        return "f" if gender[0] == "Fem" else "m"
    dets = {fold(c.text) for c in root.children if c.dep_ == "det"}
    if dets & FEMININE_DETS:
        return "f"
    if dets & {"le", "ce", "un"}:
        return "m"
    return None


@dataclass
class Pairing:
    words: tuple[str, ...]
    actor: str
    start: int


def find_pairings(doc: Doc, mentions: list[Mention], lex: Lexicons) -> list[Pairing]:
    """Roles the article itself pairs with a named person ("le porte-parole du Kremlin,
    Dmitri Peskov", "le président russe Vladimir Poutine", "Lavrov, le chef de la diplomatie")."""
    pairings: list[Pairing] = []
    for mention in mentions:
        if mention.actor_kind != "person":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        head = root.head
        # "le procureur de Montbéliard, Paul-Édouard Lallois": an apposition the parser may
        # file as a conjunct (no "et" before the name)
        apposed = root.dep_ in {"appos", "nmod", "flat:name", "flat"} or (
            root.dep_ == "conj" and span.start > 0 and doc[span.start - 1].text == ","
            and not any(c.dep_ == "cc" for c in root.children))
        if apposed and head.i < span.start and fold(head.lemma_) in lex.role_heads:
            role = _role_text(doc, head.left_edge.i, span.start - 1)
            if role:
                pairings.append(Pairing(role_words(role), mention.actor, mention.start))
        else:
            before = _role_before_name(doc, span.start, lex)
            if before:  # "le procureur de Montbéliard, Paul-Édouard Lallois", however parsed
                pairings.append(Pairing(role_words(before), mention.actor, mention.start))
        for child in root.children:
            if child.dep_ == "appos" and child.i > span.end - 1 and \
                    fold(child.lemma_) in lex.role_heads:
                role = _role_text(doc, child.left_edge.i, child.right_edge.i)
                if role:
                    pairings.append(Pairing(role_words(role), mention.actor, mention.start))
                break
        else:
            after = _role_after_comma(doc, span.end, lex)
            if after:  # "a déclaré Yoshihide Suga, porte-parole du gouvernement lors …"
                pairings.append(Pairing(role_words(after), mention.actor, mention.start))
    return [p for p in pairings if p.words]


ROLE_MARKS = {'"', "«", "»"}  # marks a writer may set around a role word
ROLE_PHRASE_REACH = 20  # words a role phrase may run back from the comma before a name


def _role_before_name(doc: Doc, start: int, lex: Lexicons) -> str | None:
    """The role written right before a name, with or without a comma, however the parser
    attached it ("Le Premier ministre britannique Rishi Sunak"): the role noun and its
    complements (within the noun phrase; "et" between complements and a body's acronym in
    brackets belong to it: "le chef du groupe du Parti de la justice et du développement
    (PJD), Abdellah Bouanou")."""
    last = start - 2 if start >= 2 and doc[start - 1].text == "," else start - 1
    if last < 0:
        return None
    if last >= 3 and doc[last].text == ")" and _is_acronym(doc[last - 1].text) and \
            doc[last - 2].text == "(":
        last -= 3  # the role ends before the acronym
    k = last
    while k >= 0 and start - k <= ROLE_PHRASE_REACH and (
            doc[k].pos_ in {"NOUN", "PROPN", "ADJ", "ADP", "DET"} or _joins_complements(doc, k)
            or doc[k].text in ROLE_MARKS):
        if fold(doc[k].lemma_) in lex.role_heads and doc[k].pos_ == "NOUN":
            return _role_text(doc, k, last)
        k -= 1
    return None


def _joins_complements(doc: Doc, k: int) -> bool:
    """"et" between two "de" complements of one noun ("des Affaires étrangères et du
    Commerce"), not between two clauses."""
    return fold(doc[k].text) == "et" and k + 1 < len(doc) and \
        fold(doc[k + 1].text) in {"de", "du", "des", "d'", "de la", "l'"}


def _role_after_comma(doc: Doc, after: int, lex: Lexicons) -> str | None:
    """The role written right after a name and a comma, however the parser attached it:
    the role noun and its complements, up to the first word of another kind."""
    k = after + 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    while k < len(doc) and doc[k].pos_ == "DET":
        k += 1
    if k >= len(doc) or fold(doc[k].lemma_) not in lex.role_heads:
        return None
    last = k
    while last + 1 < len(doc) and doc[last + 1].pos_ in {"NOUN", "PROPN", "ADJ", "ADP", "DET"}:
        last += 1
    return _role_text(doc, k, last)


def _fuller_form(head: Token) -> str | None:
    """"le gouvernement" after "le gouvernement malien" or "le gouvernement de transition du
    Mali": the latest earlier mention of the same noun with its adjective, else with a
    complement naming a place or a body, as the article wrote it."""
    named: str | None = None
    for tok in reversed(head.doc[: head.i]):
        if tok.lemma_ != head.lemma_ or tok.pos_ != "NOUN":
            continue
        adjectives = [c for c in tok.children if c.dep_ == "amod" and c.i == tok.i + 1
                      and c.pos_ == "ADJ"]
        if adjectives:
            return head.text + " " + adjectives[0].text
        if named is None:
            named = _with_named_complement(tok)
    return named


def _with_named_complement(noun: Token) -> str | None:
    """"gouvernement de transition du Mali": the noun and a "de" complement that ends on a
    proper noun (its own words, no clause)."""
    for child in noun.children:
        if child.dep_ != "nmod" or child.i < noun.i or not any(
                fold(g.text) in {"de", "du", "des", "d'"} for g in child.children
                if g.dep_ == "case"):
            continue
        last = child.right_edge.i
        words = noun.doc[noun.i : last + 1]
        if len(words) <= 6 and any(t.pos_ == "PROPN" for t in words) and not any(
                t.pos_ in {"VERB", "AUX"} or t.is_punct for t in words):
            return words.text
    return None


def _is_acronym(word: str) -> bool:
    """"OIM", "CGT", "PJD", "AIEA": two to six capitals."""
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def _role_text(doc: Doc, first: int, last: int) -> str:
    while first <= last and (doc[first].is_punct or doc[first].pos_ in {
            "DET", "CCONJ", "SCONJ", "ADV"}):  # "mais le chef péquiste X"
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first : last + 1].text if last >= first else ""


@dataclass
class Speaker:
    name: str | None
    text: str | None
    kind: str = "unknown"
    agency: bool = False
    how: str = "none"  # name | role | pronoun | institution | unknown | none


def _demonstrative_description(span: Span) -> str | None:
    """"Celui qui dirige le groupe", "celle qui fut ministre": a demonstrative pronoun opened
    by a relative clause describes a person, like "il"/"elle" (the pronoun to read it as)."""
    head = span.root
    word = fold(head.text)
    if word not in {"celui", "celle"} or head.pos_ != "PRON":
        return None
    if not any(c.dep_ == "acl:relcl" for c in head.children):
        return None
    return "il" if word == "celui" else "elle"


DEMONYM_ENDINGS = ("ien", "ienne", "ais", "aise", "ois", "oise", "ain", "aine", "ene", "and",
                   "ande", "ol", "ole", "ique", "ite", "ote", "ard", "arde", "in", "ine")


def _demonym(head: Token) -> bool:
    """"le Slovène", "la Britannique": a capitalised nationality noun (by its ending; the
    places themselves, "la Slovénie", end otherwise)."""
    word = fold(head.text)
    return head.text[:1].isupper() and word.endswith(DEMONYM_ENDINGS) and any(
        c.dep_ == "det" and fold(c.text) in {"le", "la", "l'"} for c in head.children)


def _body_named(head: Token) -> bool:
    """"l'agence régionale de santé", "l'agence de l'eau": a public body whose noun happens to
    be "agence" (a complement or adjective says which body); the agencies' own names are read
    from the agencies list instead."""
    return any(c.dep_ == "amod" for c in head.children) or any(
        c.dep_ == "nmod" and c.pos_ == "NOUN" and fold(c.text) != "presse"
        for c in head.children)


def _sentence_index(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's sentences and, for each token, the index of its sentence."""
    spans = sentences(doc)
    index = [0] * len(doc)
    for n, sent in enumerate(spans):
        index[sent.start : sent.end] = [n] * (sent.end - sent.start)
    return spans, index


@dataclass
class SpeakerResolver:
    """Resolves subject phrases to actors, in reading order (it remembers the last speaker)."""

    index: ActorIndex
    lex: Lexicons
    mentions: list[Mention]
    pairings: list[Pairing]
    article_date: str | None
    last_speaker: tuple[str, str] | None = None
    agencies_extra: set[str] = field(default_factory=set)
    history: list[tuple[str, str]] = field(default_factory=list)

    last_at: int = -1
    genders: dict[str, str] = field(default_factory=dict)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # quotations (char spans)
    _subjects: list[Mention] | None = None
    described: dict[str, set[str]] = field(default_factory=dict)  # name → role nouns used
    _acronyms: dict[str, str] | None = None

    def resolve(self, span: Span | None, at: int) -> Speaker:
        if span is None or len(span) == 0:
            return Speaker(None, None)
        if self._subjects is None:
            self._subjects = self._main_subject_mentions(span.doc)
        speaker = self._resolve(span, at)
        if speaker.name and speaker.kind != "person":
            speaker.name = self._acronym(span.doc).get(fold(speaker.name), speaker.name)
        if speaker.name and speaker.kind == "person" and span.root.pos_ == "NOUN":
            # "la réalisatrice française" for Justine Triet: a role she is known by
            self.described.setdefault(speaker.name, set()).add(fold(span.root.lemma_))
        if speaker.name and speaker.kind == "institution" and self._names_a_body(span):
            gender = _body_gender(span)
            if gender is not None:
                self.genders[speaker.name] = gender
        if speaker.name and not speaker.agency:
            self.last_speaker = (speaker.name, speaker.kind)
            self.history.append(self.last_speaker)
            self.last_at = at
        return speaker

    def _names_a_body(self, span: Span) -> bool:
        """"la SNCF", "l'organisation", "le ministère": a body by its name or its noun (not a
        name the parser could not type, "la Saint-Galloise")."""
        head = span.root
        lemma = fold(head.lemma_)
        return head.ent_type_ == "ORG" or lemma in self.lex.body_descriptions or \
            lemma in self.lex.institution_heads or any(
                m.actor_kind == "institution" for m in self._mentions_in(span))

    def _acronym(self, doc: Doc) -> dict[str, str]:
        """Bodies the article names in full then by an acronym ("l'Organisation
        internationale pour les migrations (OIM)"): every leading part of the full name of
        two words or more (folded) → the acronym, the name the article goes on to use."""
        if self._acronyms is None:
            self._acronyms = {}
            for tok in doc[2:-1]:
                if tok.text != "(" or not _is_acronym(doc[tok.i + 1].text) or \
                        tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
                    continue
                first = tok.i
                while first > 0 and (doc[first - 1].pos_ in {"NOUN", "PROPN", "ADJ", "ADP",
                                                             "DET"} or doc[first - 1].lower_
                                     == "et") and doc[first - 1].text[:1] not in "(,":
                    first -= 1
                words = [t for t in doc[first : tok.i] if t.pos_ != "DET" or t.i > first]
                while words and words[0].pos_ in {"DET", "ADP"}:
                    words.pop(0)
                for end in range(2, len(words) + 1):
                    part = "".join(t.text_with_ws for t in words[:end]).strip()
                    self._acronyms.setdefault(fold(part), doc[tok.i + 1].text)
        return self._acronyms

    def _gender_ok(self, name: str, feminine: bool | None) -> bool:
        if feminine is None:
            return True
        gender = self._known_gender(name)
        return gender is None or (gender == "f") == feminine

    def _main_subject_mentions(self, doc: Doc) -> list[Mention]:
        """People who are the subject of a main clause ("Roland Lescure s'est montré prudent"):
        the entities a following il/elle most likely points to. Also notes the gender the
        text gives each person (role noun, determiner, title)."""
        found = []
        for mention in self._antecedents():
            if mention.actor_kind != "person":
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            gender = _mention_gender(span, self.lex)
            if gender is not None:
                self.genders.setdefault(mention.actor, gender)
            root = span.root
            subject = root if root.dep_.startswith("nsubj") else (
                root.head if root.dep_ in {"appos", "flat:name", "nmod", "amod"}
                and root.head.dep_.startswith("nsubj") else None)
            if subject is None and root.dep_ in {"appos", "nmod"} and \
                    root.head.dep_ in {"nmod", "amod"} and root.head.head.dep_.startswith("nsubj"):
                subject = root.head.head
            if subject is not None and subject.head.dep_ in {"ROOT", "conj", "parataxis"}:
                found.append(mention)
        return found

    @staticmethod
    def _feminine(folded: str) -> bool | None:
        if folded in {"elle", "-elle", "elles", "-elles", "celle-ci", "cette derniere",
                      "l'interessee", "ces dernieres"}:
            return True
        if folded in {"il", "-il", "ils", "-ils", "celui-ci", "ce dernier", "l'interesse",
                      "ces derniers", "lui", "eux"}:
            return False
        return None

    def _resolve(self, span: Span, at: int) -> Speaker:
        text = span.text
        folded = fold(text)
        head = span.root
        if self.is_agency(span):
            return Speaker(None, text, agency=True, how="agency")
        pronoun = self._pronoun(span, folded, at)
        if pronoun is not None:
            return pronoun
        named = self._name_after_comma(span)
        if named is not None:  # "la présidente de la commission, Sandrine Rousseau"
            return Speaker(named, text, "person", how="name")
        central = self._central_tokens(head)
        for mention in self._mentions_in(span):
            tokens = {t.i for t in span.doc.char_span(mention.start, mention.end,
                                                      alignment_mode="expand") or []}
            if tokens & central and mention.actor_kind == "person":
                return Speaker(mention.actor, text, "person", how="name")
        for mention in self._mentions_in(span):
            tokens = {t.i for t in span.doc.char_span(mention.start, mention.end,
                                                      alignment_mode="expand") or []}
            if tokens & central:
                return Speaker(mention.actor, text, mention.actor_kind, how="institution")
        for mention in self._mentions_in(span):
            # "Le Premier ministre François Bayrou": the name closes the noun phrase
            if mention.actor_kind == "person" and mention.end >= span.end_char:
                return Speaker(mention.actor, text, "person", how="name")
        apposed = self._apposed_person(span)
        if apposed is not None:  # "son collègue Ignazio Cassis", "le ministre X"
            return Speaker(apposed, text, "person", how="name")
        is_role = fold(head.lemma_) in self.lex.role_heads or fold(head.text) in \
            self.lex.role_heads
        if is_role:
            written = self._role_phrase(span)
            role = self.lex.office_of(written)
            recent = self._recent_speaker(span, None)
            if recent is not None and span.start_char > at and role != written and \
                    self._bare(role) and self._may_hold(recent, role):
                # "…, a précisé le chef de l'État" right after Macron spoke: a periphrasis
                # for a bare office is his, not that of a foreign president named earlier
                return Speaker(recent, text, "person", how="pronoun")
            actor = self._role_holder(role, at) or self._paired_person(role, at) or \
                self._only_holder_of_head(role)
            if actor is not None:
                return Speaker(actor, text, "person", how="role")
            if self._anaphoric(span) and self._person_before(at):
                return Speaker(self._described_speaker(span, at), text, "person", how="pronoun")
            if recent is not None and span.start_char > at and self._may_hold(recent, role):
                # "…, a conclu le président du PS" right after he spoke (a role after its
                # verb; before it, "La ministre de la Culture a assuré …" brings in someone)
                return Speaker(recent, text, "person", how="pronoun")
            later = self._named_next(span, role)
            if later is not None:  # "Le ministre d'État … a appelé … Mustapha Ramid a …"
                # the article has paired them: "le ministre d'État" later is the same man
                self.pairings.append(Pairing(role_words(role), later, span.start_char))
                return Speaker(later, text, "person", how="role")
            # a role nobody in the article holds speaks as written ("porte-parole du
            # gouvernement")
            return self._as_written(span, "person")  # a role is held by a person
        for ent in span.ents:
            if ent.label_ == "ORG" and ent.root.i in central:
                return Speaker(ent.text, text, "institution", how="institution")
        body = self._referred_body(span)
        if body is not None:  # "…, a détaillé l'entreprise ferroviaire" after "la SNCF"
            return Speaker(body, text, "institution", how="institution")
        if fold(head.text) in self.lex.institution_heads or fold(head.lemma_) in \
                self.lex.institution_heads:
            return self._as_written(span, "institution")
        if fold(head.lemma_) in self.lex.document_nouns and self.last_speaker is not None:
            # "…, souligne le communiqué": the issuer of the document speaks
            return Speaker(self.last_speaker[0], text, self.last_speaker[1], how="pronoun")
        if _demonym(head) and self._anaphoric(span) and self._person_before(at):
            # "souffle le Slovène", "l'Allemande a répondu": a nationality standing for
            # someone the article has named (the tagger files it as a proper noun)
            return Speaker(self._described_speaker(span, at), text, "person", how="pronoun")
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            # a name the actors file and NER do not know ("Netanyahu dit …")
            return self._as_written(span, "person" if head.ent_type_ == "PER" else "institution")
        lemma = fold(head.lemma_)
        anonymous = lemma in self.lex.anonymous_heads or fold(head.text) in \
            self.lex.anonymous_heads
        after_its_verb = span.start_char > at and not anonymous and \
            lemma not in self.lex.institution_heads
        if head.pos_ == "NOUN" and (self._describes_person(head) or after_its_verb) and \
                self._anaphoric(span) and self._singular(head) and self._person_before(at):
            # "le Tessinois répond", "le socialiste a répondu": a definite description of
            # someone the article has named; after the verb of a quotation ("« … », tranche
            # la libraire") whatever the noun
            return Speaker(self._described_speaker(span, at), text, "person", how="pronoun")
        if anonymous:
            return Speaker(None, text, how="unknown")  # "de source judiciaire": no one named
        if head.pos_ == "NOUN" and (lemma in self.lex.speaking_groups or lemma in
                                    self.lex.source_nouns or fold(head.text) in
                                    self.lex.speaking_groups):
            return self._as_written(span, "institution")
        if head.pos_ == "NOUN" and not self._singular(head) and self._describes_person(head):
            # "les communistes appellent à …", "les écologistes ont réclamé": a political
            # family or a group of people described by what they are speaks as written
            return self._as_written(span, "institution")
        if head.pos_ == "NOUN" and not self._singular(head) and any(
                c.dep_ == "nmod" and c.pos_ == "PROPN" for c in head.children):
            # "Les indépendantistes du FLNKS", "les salariés de Renault": members of a body
            return self._as_written(span, "institution")
        return Speaker(None, text, how="unknown")

    def _referred_body(self, span: Span) -> str | None:
        """"l'entreprise ferroviaire", "la compagnie aérienne", "l'organisation": a definite
        description of a body, with no name of its own, is the body that spoke last, else the
        body the article named last (within BODY_REACH characters)."""
        head = span.root
        if head.pos_ != "NOUN" or not self._singular(head) or \
                fold(head.lemma_) not in self.lex.body_descriptions or \
                any(t.pos_ not in {"DET", "ADJ"} for t in span if t.i != head.i):
            return None  # "le Parti de la justice (PJD)" names a body of its own
        if not any(c.dep_ == "det" and fold(c.text) in {"le", "la", "l'", "cette", "ce"}
                   for c in head.children):
            return None
        spoke = [name for name, kind in reversed(self.history) if kind == "institution"]
        named = [m.actor for m in reversed(self._antecedents())
                 if m.end <= span.start_char and m.actor_kind == "institution"
                 and span.start_char - m.start <= BODY_REACH]
        candidates = spoke + named
        noun = fold(head.lemma_)
        acronyms = self._acronym(span.doc)
        for name in candidates:  # "l'organisation" is the Organisation internationale (OIM)
            written = {fold(name)} | {full for full, short in acronyms.items() if short == name}
            if any(noun in full.split() for full in written):
                return name
        return candidates[0] if candidates else None

    def _describes_person(self, head: Token) -> bool:
        word = fold(head.text)
        return word in self.lex.description_heads or fold(head.lemma_) in \
            self.lex.description_heads or (head.text[:1].isupper() and head.i > 0
                                           and head.doc[head.i - 1].pos_ == "DET")

    def _apposed_person(self, span: Span) -> str | None:
        head = span.root
        doc = span.doc
        for child in head.children:
            if child.dep_ in {"appos", "flat:name", "nmod"} and child.i == head.i + 1:
                for mention in self.mentions:
                    if mention.actor_kind == "person" and \
                            mention.start <= child.idx < mention.end:
                        return mention.actor
        after = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if after is not None and after.pos_ == "PROPN":
            for mention in self.mentions:
                if mention.actor_kind == "person" and mention.start == after.idx:
                    return mention.actor
        return None

    @staticmethod
    def _singular(head: Token) -> bool:
        return "Plur" not in head.morph.get("Number", [])

    def _person_before(self, at: int) -> bool:
        return any(kind == "person" for _, kind in self.history) or \
            self._last_person_mention(at) is not None

    @staticmethod
    def _as_written(span: Span, kind: ActorKind) -> Speaker:
        """The subject as the newsroom would write it: without its determiner, numerals and
        what follows a comma or a relative clause ("la mission permanente iranienne")."""
        head = span.root
        words = []
        for tok in span:
            if tok.i > head.i and (tok.text in {",", "(", ";", ":"} or tok.dep_ in {
                    "acl:relcl", "appos"} or fold(tok.text) in {"qui", "que", "dont"}):
                break
            if tok.i < head.i and tok.pos_ in {"DET", "NUM", "PUNCT"}:
                continue
            words.append(tok)
        name = "".join(t.text_with_ws for t in words).strip(" ,")
        if not name or len(name) < 2:
            return Speaker(None, span.text, how="unknown")
        if len(words) == 1 and head.pos_ == "NOUN":
            name = _fuller_form(head) or name
        return Speaker(name, span.text, kind, how="written")

    def _paired_person(self, role: str, at: int) -> str | None:
        """"le dirigeant iranien" after "le président iranien Massoud Pezeshkian", "le patron
        de la CGT" after "le secrétaire général de la CGT, Philippe Martinez": the person the
        article pairs with a role sharing a word other than the role noun (the latest one
        before, else the first after)."""
        words = role_words(role)
        heads = [n for n, w in enumerate(words) if w in self.lex.role_heads]
        if heads:  # "tout nouveau chef de gouvernement": what follows the role noun
            words = words[heads[0]:]
        if len(words) < 2:
            return None
        qualifiers = set(words[1:]) - self.lex.generic_role_words
        best: tuple[int, int, str] | None = None
        for pairing in self.pairings:
            shared = len(qualifiers & set(pairing.words))
            if shared == 0:
                continue
            order = pairing.start if pairing.start < at else -pairing.start
            key = (shared, order, pairing.actor)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best is not None else None

    def _bare(self, role: str) -> bool:
        """An office with nothing that tells its holders apart ("président")."""
        return len(set(role_words(role)) - self.lex.generic_role_words) <= 1

    def _named_next(self, span: Span, role: str) -> str | None:
        """A role that opens a sentence, held by no one the article named before, is the
        person the next sentence names, for the first time, before its verb ("Le ministre
        d'État a appelé … . Cité par le site du parti, Mustapha Ramid a insisté …"), unless
        the article gives them a role of another kind."""
        doc = span.doc
        spans, index = _sentence_index(doc)
        here = index[span[0].i]
        if span.start != spans[here].start + (doc[spans[here].start].is_punct) or \
                here + 1 >= len(spans):
            return None
        following = spans[here + 1]
        verb = following.root.idx  # the person is named before the next sentence's verb
        named = [m for m in self._antecedents() if m.actor_kind == "person"
                 and following.start_char <= m.start < verb]
        if len(named) != 1 or not self._named_first_at(named[0]) or \
                not self._may_hold(named[0].actor, role):
            return None
        return named[0].actor

    def _named_first_at(self, mention: Mention) -> bool:
        """Whether ``mention`` is the first time the article names that person."""
        return not any(m.actor == mention.actor and m.start < mention.start
                       for m in self.mentions)

    def _only_holder_of_head(self, role: str) -> str | None:
        """"le chef du PQ" right after "le chef péquiste Paul St-Pierre Plamondon" spoke: the
        one person the article pairs with the same role noun, however the rest is worded,
        when they are the latest speaker (a "chef de l'Otan" after a "chef de la diplomatie
        russe" who did not just speak is someone else)."""
        head = role_words(role)[:1]
        holders = {p.actor for p in self.pairings if p.words[:1] == head}
        if not head or len(holders) != 1 or self.last_speaker is None:
            return None
        holder = holders.pop()
        return holder if self.last_speaker[0] == holder else None  # same name, same person

    def _may_hold(self, name: str, role: str) -> bool:
        """Whether the article lets ``name`` hold ``role``: not when it pairs them only with
        roles of another kind ("la réalisatrice X" is not "la ministre de la Culture")."""
        head = role_words(role)[:1]
        theirs = [p.words[:1] for p in self.pairings if p.actor == name]
        theirs += [(word,) for word in self.described.get(name, set())]
        return not theirs or head in theirs

    def _name_after_comma(self, span: Span) -> str | None:
        """A person named after a comma at the end of the subject: the text names the role's
        holder, whoever the actor list says holds it."""
        for mention in self._mentions_in(span):
            if mention.actor_kind != "person" or mention.end < span.end_char:
                continue
            before = text_of(span.doc)[span.start_char : mention.start].rstrip()
            if len(before.split()) > 1 and before.endswith(","):
                return mention.actor
        return None

    def is_agency(self, span: Span) -> bool:
        folded = f" {fold(span.text)} "
        agencies = self.lex.agencies | self.agencies_extra
        if fold(span.root.lemma_) in self.lex.agency_nouns and (
                not _body_named(span.root) or any(f" {a} " in folded for a in agencies)):
            return True  # "l'agence", "le quotidien", "l'agence Tass" relay others' words
        central = self._central_tokens(span.root)
        central_text = " " + " ".join(fold(t.text) for t in span if t.i in central) + " "
        return (any(f" {a} " in central_text for a in agencies) and not any(
            m.actor_kind == "person" for m in self._mentions_in(span)
        )) or folded.strip() in agencies

    def _pronoun(self, span: Span, folded: str, at: int) -> Speaker | None:
        demonstrative = _demonstrative_description(span)
        if demonstrative is not None:  # "Celui qui dirige le groupe a promis …" is "il"
            folded = demonstrative
        feminine = self._feminine(folded)
        if folded in self.lex.pronouns_last_mentioned:
            name = self._last_person_mention(at, feminine)
            return Speaker(name, span.text, "person" if name else "unknown", how="pronoun")
        if folded in self.lex.pronouns_person:
            recent = self._recent_speaker(span, feminine)
            if recent is not None:
                return Speaker(recent, span.text, "person", how="pronoun")
            body = self._recent_speaker(span, feminine, "institution")
            if body is not None:
                return Speaker(body, span.text, "institution", how="pronoun")
            known = self._known_gender_antecedent(at, feminine)
            if known is not None:
                return Speaker(known, span.text, "person", how="pronoun")
            subject = next((m for m in reversed(self._subjects or []) if m.end <= at
                            and m.start > self.last_at
                            and self._gender_ok(m.actor, feminine)), None)
            if subject is not None:
                return Speaker(subject.actor, span.text, "person", how="pronoun")
            role = self._role_subject_before(span, feminine)
            if role is not None:  # "Le ministre de la Santé a annoncé … Il a appelé …"
                return role
            for name, kind in reversed(self.history):
                if kind == "person" and self._gender_ok(name, feminine):
                    return Speaker(name, span.text, "person", how="pronoun")
            name = self._last_person_mention(at, feminine)
            return Speaker(name, span.text, "person" if name else "unknown", how="pronoun")
        if folded in self.lex.pronouns_plural:
            if self.last_speaker:
                return Speaker(self.last_speaker[0], span.text, self.last_speaker[1],
                               how="pronoun")
            return Speaker(None, span.text, how="pronoun")
        return None

    def _role_subject_before(self, span: Span, feminine: bool | None) -> Speaker | None:
        """The previous sentence's subject when it is a role nobody in the article is named
        for ("Le ministre de la Santé a annoncé …"), and its gender fits the pronoun."""
        doc = span.doc
        spans, index = _sentence_index(doc)
        here = index[span[0].i]
        if here == 0:
            return None
        root = spans[here - 1].root
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubj:pass"}), None)
        if subject is None or subject.pos_ != "NOUN" or not (
                fold(subject.lemma_) in self.lex.role_heads or
                fold(subject.text) in self.lex.role_heads):
            return None
        if self._mentions_in(doc[subject.left_edge.i : subject.right_edge.i + 1]):
            return None  # a named holder is found by the rules above
        gender = _description_gender(subject, self.lex)
        if feminine is not None and gender is not None and (gender == "f") != feminine:
            return None
        phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
        role = self.lex.office_of(self._role_phrase(phrase))
        holder = self._role_holder(role, phrase.start_char)
        if holder is not None:  # "Le gouverneur de l'institution a ajouté … Il a …"
            return Speaker(holder, span.text, "person", how="pronoun")
        written = self._as_written(phrase, "person")
        return Speaker(written.name, span.text, "person", how="pronoun") if written.name \
            else None

    def _recent_speaker(self, span: Span, feminine: bool | None,
                        kind: str = "person") -> str | None:
        """"Pour X, « … ». Il a réclamé …": the speaker of a statement in the same or the
        previous sentence, when the pronoun's gender fits (a body's is its noun's:
        "L'organisation a dit … Elle a estimé …")."""
        if not self.history or self.last_at < 0 or self.history[-1][1] != kind:
            return None
        name = self.history[-1][0]
        if kind == "person" and not self._gender_ok(name, feminine):
            return None
        if kind != "person" and (feminine is None or self.genders.get(name) !=
                                 ("f" if feminine else "m")):
            return None
        doc = span.doc
        spans, index = _sentence_index(doc)
        last = doc.char_span(self.last_at, self.last_at + 1, alignment_mode="expand")
        if last is None or len(last) == 0:
            return None
        here, there = index[span[0].i], index[last[0].i]
        between = [s for s in spans[there + 1 : here] if s.text.strip()]
        return name if here >= there and not between else None

    def _known_gender(self, name: str) -> str | None:
        return self.index.genders.get(name) or self.genders.get(name) or \
            self.lex.given_name_gender(name)

    def _known_gender_antecedent(self, at: int, feminine: bool | None) -> str | None:
        """"a-t-elle estimé" after a man spoke: the nearest person the text marks with the
        pronoun's gender, when the nearest antecedents do not carry it."""
        if feminine is None:
            return None
        wanted = "f" if feminine else "m"
        recent = [name for name, kind in reversed(self.history) if kind == "person"][:1]
        if recent and self._known_gender(recent[0]) == wanted:
            return None  # the usual rules find it
        for mention in reversed(self._antecedents()):
            if mention.start >= at or at - mention.start > PRONOUN_REACH:
                continue
            # the text (or the actor list) must mark the gender: a given name alone is too
            # weak to pass over nearer antecedents (a byline's "Par Léa …" before a quote)
            marked = self.index.genders.get(mention.actor) or self.genders.get(mention.actor)
            if mention.actor_kind == "person" and marked == wanted:
                return mention.actor
        return None

    def _described_speaker(self, span: Span, at: int) -> str | None:
        """"plaisante la championne" after her coach spoke: the latest speaker whose gender
        fits the description's (role noun form, determiner), else the latest person
        mentioned with that gender; the latest speaker when the description has none."""
        gender = _description_gender(span.root, self.lex)
        if gender is not None:
            for name, kind in reversed(self.history):
                if kind == "person" and self._known_gender(name) == gender:
                    return name
            for mention in reversed(self._antecedents()):
                if mention.start < at and mention.actor_kind == "person" and \
                        self._known_gender(mention.actor) == gender:
                    return mention.actor
        spoke = next((name for name, kind in reversed(self.history) if kind == "person"), None)
        if spoke is not None:  # a person, never a body that spoke since ("le gouvernement")
            return spoke
        # nobody spoke yet: the latest person named whose gender does not clash
        return self._last_person_mention(at, None if gender is None else gender == "f")

    @staticmethod
    def _anaphoric(span: Span) -> bool:
        """"le ministre", "la responsable allemande": a short definite description (no
        "de X" complement) refers back to the current speaker."""
        head = span.root
        definite = any(c.dep_ == "det" and fold(c.text) in {"le", "la", "l'"}
                       for c in head.children)
        complement = any(c.dep_ in {"nmod", "appos", "acl", "acl:relcl"}
                         and span.start <= c.i < span.end for c in head.children)
        return definite and not complement and len(span) <= 4

    def _antecedents(self) -> list[Mention]:
        """Mentions a pronoun may point to: a name inside quotation marks belongs to the
        quoted words ("« X veut frapper … », a-t-il dit"), never to the narrative."""
        return [m for m in self.mentions
                if not any(a <= m.start < b for a, b in self.quoted)]

    def _last_person_mention(self, at: int, feminine: bool | None = None) -> str | None:
        for mention in reversed(self._antecedents()):
            if mention.start < at and mention.actor_kind == "person" and \
                    self._gender_ok(mention.actor, feminine):
                return mention.actor
        return None

    @staticmethod
    def _central_tokens(head: Token) -> set[int]:
        central = {head.i}
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ in CENTRAL_DEPS and child.i not in central:
                    central.add(child.i)
                    stack.append(child)
        return central

    def _mentions_in(self, span: Span) -> list[Mention]:
        return [m for m in self.mentions
                if m.start < span.end_char and m.end > span.start_char]

    def _role_phrase(self, span: Span) -> str:
        head = span.root
        cut = [c for c in head.children if c.dep_ == "appos"]
        last = min([c.left_edge.i for c in cut], default=span.end) - 1
        return _role_text(span.doc, span.start, min(last, span.end - 1))

    def _role_holder(self, role: str, at: int) -> str | None:
        words = role_words(role)
        if not words:
            return None
        # "le gouverneur de l'institution" is "le gouverneur de la Banque de France, X":
        # words pointing back to a body need not be shared ("général" tells an "avocat
        # général" from an "avocat")
        telling = set(words) - self.lex.referring_role_words
        matches = [p for p in self.pairings if p.words[:1] == words[:1] and
                   telling <= set(p.words)]
        before = [p for p in matches if p.start < at]
        if before:
            return before[-1].actor
        if matches:
            return matches[0].actor
        preferred: list[str] = []
        preferred.extend(name for name, kind in reversed(self.history) if kind == "person")
        for mention in reversed(self.mentions):
            if mention.start < at and mention.actor_kind == "person":
                preferred.append(mention.actor)
        for mention in self.mentions:
            if mention.start >= at and mention.actor_kind == "person":
                preferred.append(mention.actor)
        record = self.index.match_role(role, self.article_date, preferred)
        return record.name if record is not None else None
