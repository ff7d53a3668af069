"""Reporting cues read off the dependency parse: which verb reports speech, who its subject
is, and which span is the reported content.

Why one file of ~850 lines: nearly all of it is :class:`CueRules`, one set of rules over the
same lexicons whose methods call each other (a cue's subject, its content and its negation
are read together); the helpers at the bottom are the single-token tests those rules share.
Splitting the class would only pass its state between modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicons import Lexicons
from bot.nlp.text import fold, sentence_of, text_of

SUBJECT_CLITICS = {"-il", "-elle", "-ils", "-elles", "-on", "il", "elle", "ils", "elles"}
NEGATIONS = {"pas", "jamais", "guère", "nullement", "aucunement", "point"}
INTERROGATIVE_MARKS = {"si", "s'", "comment", "pourquoi", "quand", "où", "combien"}
MODAL_HEADS = {"devoir", "pouvoir", "aller", "refuser", "falloir"}
QUOTE_MARKS = {"«", "»", '"', "“", "”"}
DATE_WORDS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
              "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
              "octobre", "novembre", "decembre", "matin", "soir", "midi", "semaine", "jour",
              "veille", "hier", "nuit", "week-end", "apres-midi", "heure", "heures"}
CLAUSE_OPENERS = {"que", "qu'", "si", "s'", "comment", "pourquoi", "combien", "quel", "quelle",
                  "quels", "quelles", "dont", "ou", "lorsque", "quand"}
CLAUSE_CUT_DEPS = {"acl:relcl", "acl", "parataxis", "punct", "dep", "advcl", "conj", "cc"}


@dataclass
class Candidate:
    """A statement found but not yet attributed."""

    kind: str  # "direct" | "indirect" (mixed is decided from quotes in the text)
    start: int  # char offsets of the reported words in the doc
    end: int
    anchor: int  # token index used to order candidates (the cue)
    cue: str | None
    subject: Span | None = None
    subject_missing: bool = False
    via: str = "verb"  # verb | quote | selon | relative | continuation
    text: str | None = None  # set when the words are not one contiguous span
    fallback: Candidate | None = None  # "selon X" around it: X speaks if the subject is unknown
    reporting: list[tuple[int, int]] = field(default_factory=list)  # char spans of the cue clause
    confidence: float = 0.9


def _finite_verb_in(words: Span) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm", []) for t in words)


def _opens_a_clause(conjunction: Token) -> bool:
    """"et les écologistes ont réclamé": a conjunction followed by a noun phrase and a
    conjugated verb joins a new clause with its own subject, whatever the parse says."""
    doc = conjunction.doc
    k = conjunction.i + 1
    seen_noun = False
    while k < len(doc) and k - conjunction.i <= 6 and doc[k].pos_ in {
            "DET", "ADJ", "NOUN", "PROPN", "NUM"}:
        seen_noun = seen_noun or doc[k].pos_ in {"NOUN", "PROPN"}
        k += 1
    return seen_noun and k < len(doc) and doc[k].pos_ in {"AUX", "VERB"} and \
        "Fin" in doc[k].morph.get("VerbForm", [])


_QUE_GAP = 6  # words between a reporting verb and its "que" ("samedi à la presse")


def _surface_que_clause(cue: Token) -> tuple[int, int] | None:
    """"a déclaré samedi à la presse que la Grande-Bretagne … progressaient": a "que" a few
    words after the verb (a day, an addressee, an adverb between), then a conjugated verb
    before the sentence ends; read on the words when the parse hung "que" elsewhere."""
    doc = cue.doc
    end = sentence_of(cue).end
    for k in range(cue.i + 1, min(end, cue.i + 2 + _QUE_GAP)):
        tok = doc[k]
        if tok.is_punct or (tok.pos_ in {"VERB", "AUX"} and k > cue.i + 1):
            return None
        if fold(tok.text) in {"que", "qu'"}:
            if _adverbial_que(tok) or fold(doc[k - 1].text) == "ce" or not any(
                    t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm", [])
                    for t in doc[k + 1 : end]):
                return None
            last = end - 1
            while last > k and ((doc[last].is_punct and doc[last].text not in QUOTE_MARKS)
                                or doc[last].is_space):
                last -= 1
            return (k + 1, last) if last > k else None
    return None


def _filed_under_a_date(cue: Token) -> tuple[int, int] | None:
    """"a promis vendredi une riposte « immédiate »": the object noun phrase right after a
    day the parser made its head (the noun hangs on "vendredi")."""
    for child in cue.children:
        if child.i > cue.i and fold(child.text) in DATE_WORDS:
            for noun in child.children:
                if noun.i > child.i and noun.dep_ in {"nmod", "obj", "appos"} and \
                        noun.pos_ in {"NOUN", "PROPN"} and noun.left_edge.i == child.i + 1 \
                        and not any(g.dep_ == "case" for g in noun.children):
                    return noun.left_edge.i, noun.right_edge.i
    return None


def trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range [first, last] without edge punctuation, as char offsets."""
    while (first <= last and (doc[first].is_punct and doc[first].text not in '«"“(')) \
            or (first <= last and doc[first].is_space):
        first += 1
    while (last >= first and (doc[last].is_punct and doc[last].text not in '»"”)…')) \
            or (last >= first and doc[last].is_space):
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


# "après que", "alors que", "parce que": subordinators, not a reported que-clause
ADVERBIAL_MARKS = {"apres", "avant", "alors", "pendant", "parce", "bien", "sans", "pour",
                   "des", "depuis", "tandis", "lors", "maintenant", "puisque", "lorsque",
                   "quoique", "afin", "sitot", "jusqu'a", "tant", "encore", "si"}


def _adverbial_que(mark: Token) -> bool:
    """The "que" of a compound subordinator ("après que", "alors que", "bien que")."""
    doc = mark.doc
    if fold(mark.text) not in {"que", "qu'"} or mark.i == 0:
        return False
    return fold(doc[mark.i - 1].text) in ADVERBIAL_MARKS


def _number_clash(subject: Token, verb: Token) -> bool:
    """"Une violation des accords, dénoncent les autorités": the verb does not agree with the
    noun the parser gave it as subject, so the real subject follows the verb."""
    finite = next((c for c in verb.children if c.dep_.startswith("aux")
                   and "Fin" in c.morph.get("VerbForm", [])), verb)
    said = finite.morph.get("Number", [])
    own = subject.morph.get("Number", [])
    return bool(said and own and said != own)


SET_PHRASES = ("c'est-a-dire", "c'est a dire", "a vrai dire", "pour ainsi dire",
               "autrement dit", "soit dit")  # a speech verb in them reports nothing


def _set_phrase(token: Token) -> bool:
    """"c'est-à-dire", "à vrai dire", "autrement dit": a set phrase, not a reporting verb."""
    doc = token.doc
    before = fold(text_of(doc)[max(0, token.idx - 12) : token.idx + len(token.text)])
    return any(before.endswith(phrase) for phrase in SET_PHRASES)


def _light_verb(token: Token, heads: list[str] | set[str]) -> Token | None:
    """The verb of a light-verb cue ("mettre" of "mettre en cause"): the word's head, else
    the verb a few words before it, past prepositions and adverbs ("a fait savoir" parsed
    upside down, "ont mis à nouveau en cause")."""
    if token.head != token and token.head.lemma_.lower() in heads:
        return token.head
    for k in range(token.i - 1, max(-1, token.i - 5), -1):
        before = token.doc[k]
        if before.lemma_.lower() in heads:
            return before
        if before.pos_ not in {"ADP", "ADV", "ADJ"}:
            return None
    return None


class CueRules:
    """Decides, token by token, whether a verb reports speech and what it reports."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    # --- cue verbs -------------------------------------------------------------------------
    def cue_lemma(self, token: Token) -> str | None:
        """The cue lemma of ``token`` when it is a reporting verb, else None."""
        if not token.is_alpha or token.pos_ not in {"VERB", "AUX", "ADJ", "NOUN", "PROPN", "X"}:
            return None
        lemma = token.lemma_.lower()
        if _set_phrase(token):
            return None
        if lemma in self.lex.light_verb_cues:
            light = _light_verb(token, self.lex.light_verb_cues[lemma])
            return f"{light.lemma_.lower()} {lemma}" if light is not None else None
        if token.pos_ in {"NOUN", "PROPN", "X"} and not (
                token.i > 0 and token.doc[token.i - 1].lemma_ == "avoir"):
            return None  # a noun, unless the tagger missed "a tweeté"
        if token.i > 0 and token.doc[token.i - 1].lemma_ == "faire" and \
                "Inf" in token.morph.get("VerbForm", []):
            return None  # "a fait répéter son texte": someone else was made to speak
        if lemma in self.lex.cue_verbs:
            return lemma
        guess = self._lemma_guess(token.lower_)
        after_aux = token.i > 0 and token.doc[token.i - 1].lemma_ == "avoir"
        if guess in self.lex.cue_verbs and (token.pos_ in {"VERB", "ADJ"} or after_aux):
            return guess
        known = self.lex.cue_forms.get(token.lower_)
        if known is not None and after_aux:  # "avait prévenu" with a wrong lemma
            return known
        return None

    def surface_cue(self, token: Token) -> str | None:
        """The cue lemma of an inflected form of a lexicon verb, whatever its tag
        ("martelé" filed as a noun in "« … », a-t-il martelé devant la commission")."""
        if not token.is_alpha:
            return None
        return self.lex.cue_forms.get(token.lower_)

    @staticmethod
    def _lemma_guess(form: str) -> str:
        for suffix, repl in (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ant", "er"),
                             ("ent", "er"), ("e", "er")):
            if form.endswith(suffix):
                return form[: -len(suffix)] + repl
        return form

    def verb_of(self, cue: Token) -> Token:
        """The verb carrying subject/auxiliaries: "laissé entendre" → "laissé"."""
        lemma = cue.lemma_.lower()
        heads = self.lex.light_verb_cues.get(lemma)
        if heads is None:
            return cue
        return _light_verb(cue, heads) or cue

    def is_negated(self, verb: Token) -> bool:
        """"n'a pas dit", "ne précise pas": a "ne" before the verb and a negation word."""
        children = list(verb.children)
        has_ne = any(fold(c.text) in {"ne", "n'"} and c.i < verb.i for c in children)
        return has_ne and any(c.lower_ in NEGATIONS for c in children)

    @staticmethod
    def _bare_participle(verb: Token) -> bool:
        """A past participle with no auxiliary and no clitic subject."""
        if "Part" not in verb.morph.get("VerbForm", []) or "Past" not in verb.morph.get(
                "Tense", []):
            return False
        return not any(c.dep_.startswith(("aux", "expl", "nsubj")) or c.text.startswith("-")
                       for c in verb.children)

    @staticmethod
    def is_passive(verb: Token) -> bool:
        # "a-t-il affirmé": the parser may file the euphonic "-t" as a passive subject
        if _active_with_avoir(verb):
            return False  # "ont condamné" with its subject filed as nsubj:pass
        return any(c.dep_ in {"aux:pass", "nsubj:pass"} and c.lower_ != "-t"
                   for c in verb.children)

    def is_modal(self, verb: Token) -> bool:
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in MODAL_HEADS

    @staticmethod
    def is_clitic(token: Token | None) -> bool:
        return token is not None and token.lower_ in SUBJECT_CLITICS and token.text[:1] == "-"

    @staticmethod
    def is_participle(token: Token) -> bool:
        return "Part" in token.morph.get("VerbForm", []) and "Pres" in token.morph.get("Tense", [])

    # --- subjects --------------------------------------------------------------------------
    def subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        if depth < 3 and self.is_participle(verb) and verb.dep_ in {"advcl", "acl"}:
            # "« … », a déclaré Sergueï Lavrov lors d'une conférence, jugeant … « utile »":
            # the participle shares the subject of the reporting verb before it
            reporter = self._previous_cue(verb)
            if reporter is not None:
                found = next((c for c in reporter.children if c.dep_ == "nsubj"
                              and c.i > reporter.i), None) or self.subject_of(reporter, depth + 1)
                if found is not None:
                    return found
        for child in verb.children:
            if child.lower_ == "-t":  # "a-t-elle": the clitic may hang under the "-t"
                clitic = next((g for g in child.children if self.is_clitic(g)), None)
                if clitic is not None:
                    return clitic
            if (child.dep_ == "nsubj" or (child.dep_ == "nsubj:pass" and (
                    depth > 0 or _active_with_avoir(verb)))) and child.lower_ != "-t":
                # (a verb that controls the cue passes on its subject, passive or not:
                # "X est intervenu pour dire que …")
                if child.lower_ in {"qui", "lequel", "laquelle"} and verb.dep_ == "acl:relcl":
                    return verb.head
                return child
        for child in verb.children:
            if child.lower_ in SUBJECT_CLITICS and child.text.startswith("-"):
                return child
            if child.dep_ == "expl:subj" and child.lower_ != "-t":
                return child
            if child.dep_.startswith("aux"):
                for grand in child.children:
                    if grand.lower_ in SUBJECT_CLITICS and grand.text.startswith("-"):
                        return grand
                    if grand.dep_ == "nsubj" and grand.i < child.i:
                        return grand  # "Les indépendantistes ont, eux, réclamé …"
        for child in verb.children:  # "La ministre, présente dans la salle, a assuré":
            if child.dep_ == "advcl" and child.i < verb.i:  # the subject went to the aside
                taken = next((g for g in child.children if g.dep_ == "nsubj" and g.i < child.i
                              and g.pos_ in {"NOUN", "PROPN"}), None)
                if taken is not None and _aside_after(taken, child):
                    return taken
        if verb.dep_ == "conj" and verb.head.dep_ == "ROOT" and verb.head.pos_ in {
                "NOUN", "PROPN"}:  # "Le premier ministre X, son ministre Y … l'ont accusée"
            return verb.head  # (the parse made the subject the root, the verb its conjunct)
        if _finite_verb_under_noun(verb):
            return verb.head  # "Le régime iranien avertit que …" parsed as a noun phrase
        if depth < 3 and verb.head != verb and (
            verb.dep_ in {"conj", "xcomp"}
            or (verb.dep_ in {"advcl", "acl"} and self.is_participle(verb))
            or _purpose_infinitive(verb)
        ):
            return self.subject_of(_detached_governor(verb), depth + 1)
        return None

    def _previous_cue(self, verb: Token) -> Token | None:
        """The nearest reporting verb before ``verb`` in its sentence, after a comma."""
        doc = verb.doc
        start = sentence_of(verb).start
        if verb.i == 0 or doc[verb.i - 1].text != ",":
            return None
        last = verb.i - 2
        if last >= start and doc[last].text in {"»", "”"}:
            # "X a déclaré : « … », notant que …": the reporting verb before the quotation
            opener = "«" if doc[last].text == "»" else "“"
            last = next((j for j in range(last - 1, -1, -1) if doc[j].text == opener),
                        start) - 1
            if 0 <= last < start and doc[last].text == ":":
                start = sentence_of(doc[last]).start  # the colon closed the sentence before
        for k in range(last, start - 1, -1):
            tok = doc[k]
            if tok.text in QUOTE_MARKS:
                return None
            if tok.pos_ == "VERB" and self.cue_lemma(tok) is not None:
                return tok
        return None

    def split_auxiliary_subject(self, verb: Token) -> Token | None:
        """"X a de son côté rappelé que …": the parser hangs the participle on the adverbial;
        the subject belongs to the auxiliary a few words before."""
        aux = self.split_auxiliary(verb)
        if aux is None:
            return None
        found = next((c for c in aux.children if c.dep_ == "nsubj"), None)
        if found is None and aux.dep_.startswith("aux"):
            # the parser made the que-clause the main verb and hung the speaker on it
            found = next((c for c in aux.head.children if c.dep_.startswith("nsubj")
                          and c.i < aux.i), None)
        return found

    @staticmethod
    def split_auxiliary(verb: Token) -> Token | None:
        """The auxiliary a participle was cut from by an adverbial ("a pour sa part averti")."""
        doc = verb.doc
        if "Part" not in verb.morph.get("VerbForm", []) or verb.dep_ not in {"acl", "advcl"}:
            return None
        for k in range(verb.i - 1, max(-1, verb.i - 7), -1):
            tok = doc[k]
            if tok.text in {",", ".", ";", ":"} or (tok.pos_ == "VERB" and tok.lemma_ not in {
                    "avoir", "être"}):
                return None
            if tok.lemma_ in {"avoir", "être"}:
                return tok
        return None

    def inverted_subject(self, verb: Token) -> Token | None:
        """"…, a déclaré vendredi 14 janvier le ministre": the first bare noun after the verb
        (the parser often files it as an object or a modifier of the date), past the words
        of a complement ("a souligné sur BFM Business le gouverneur")."""
        doc = verb.doc
        inside: set[int] = set()  # names in a complement ("sur BFM Business")
        for tok in doc[verb.i + 1 : sentence_of(verb).end]:
            if tok.text in {",", ".", ";", ":", "!", "?", "...", "…"} or tok.is_space:
                return None
            if tok.pos_ == "PROPN" and tok.i - 1 in inside and doc[tok.i - 1].pos_ == "PROPN" \
                    and (tok.ent_iob_ == "I" or tok.ent_type_ != "PER"):
                inside.add(tok.i)  # the rest of a name in a complement ("BFM Business"), not
                continue  # a person named right after it ("au micro de franceinfo X")
            if tok.pos_ in {"VERB", "AUX"} and tok.i == verb.i + 1 and \
                    "Inf" in tok.morph.get("VerbForm", []):
                continue  # "a fait savoir le ministre": the verb group goes on
            if tok.pos_ in {"VERB", "AUX"} or fold(tok.text) in CLAUSE_OPENERS:
                return None  # "rappellent à quel point cette équipe …": a clause of its own
            if tok.pos_ not in {"NOUN", "PROPN"} or fold(tok.text) in DATE_WORDS:
                continue
            if any(c.dep_ == "case" and fold(c.text) not in {"ses", "son", "sa"}
                   for c in tok.children):
                if tok.pos_ == "PROPN":
                    inside.add(tok.i)
                continue
            return tok
        return None

    def preverbal_subject(self, verb: Token) -> Span | None:
        """The words between the last comma and the verb group when the parse lost the
        subject ("…, Washington et l'Alliance atlantique ont laissé entendre")."""
        doc = verb.doc
        first_aux = min([verb.i, *[c.i for c in verb.children if c.dep_.startswith("aux")
                                   or (c.dep_ in {"advmod", "expl:comp"} and c.i < verb.i)]])
        k = first_aux - 1
        while k >= 0 and first_aux - k <= 9 and "\n" not in doc[k].text and \
                doc[k].text not in {",", ";", ":", "(", "»", '"', "”", ".", "!", "?"}:
            k -= 1
        span = doc[k + 1 : first_aux]
        verbs = [t.i for t in span if t.pos_ == "VERB"]
        joins = [t.i for t in span if t.pos_ == "CCONJ" and verbs and t.i > verbs[0]]
        if joins:  # "Les communistes appellent à … et les écologistes ont réclamé"
            span = doc[joins[-1] + 1 : first_aux]
        if not span or span[0].pos_ == "ADP" or len(span) > 8:
            return None
        if not any(t.pos_ in {"NOUN", "PROPN"} for t in span):
            return None
        return span

    def subject_span(self, subject: Token) -> Span:
        """The subject noun phrase as written (appositions kept, relative clauses cut)."""
        doc = subject.doc
        keep = {subject.i}
        stack = [subject]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ in CLAUSE_CUT_DEPS and not (child.dep_ == "punct" and
                                                          child.i < max(keep)) \
                        and not _affiliation(subject, child):
                    continue
                if child.dep_ in {"nmod", "obl", "obl:mod"} and any(
                        g.dep_ == "case" and fold(g.text) not in {"de", "du", "des", "d'"}
                        for g in child.children):
                    continue  # "le président américain sur son réseau": not the subject
                if child.text in {"«", "»", '"', "“", "”"}:
                    continue
                if child.i > subject.i and fold(child.text) in DATE_WORDS and not any(
                        g.dep_ == "case" for g in child.children):
                    continue  # "a réitéré la ministre mardi sur BFMTV": when, not who
                keep.add(child.i)
                stack.append(child)
        first, last = min(keep), max(keep)
        last = self._name_before_verb(subject, last)
        last = self._name_after_role(subject, last)
        while first < last and (doc[first].is_punct or doc[first].is_space or (
                doc[first].dep_ == "case" and doc[first].head.i == subject.i)):
            first += 1  # "par les familles, qui …": the antecedent without its preposition
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        return doc[first : last + 1]

    def _name_after_role(self, subject: Token, last: int) -> int:
        """"…, a annoncé la présidente de l'Assemblée, Yaël Braun-Pivet": a role noun
        phrase followed by a comma and a capitalised name (the parser often attaches the
        name to the verb); the name belongs to the subject."""
        doc = subject.doc
        if fold(subject.lemma_) not in self.lex.role_heads and \
                fold(subject.text) not in self.lex.role_heads:
            return last
        if last + 2 >= len(doc) or doc[last + 1].text != "," or doc[last].pos_ == "PROPN":
            return last
        end = last + 2
        while end < len(doc) and end - last <= 5 and (
                (doc[end].text[:1].isupper() and (doc[end].pos_ == "PROPN"
                                                   or fold(doc[end].text) in self.lex.first_names))
                or doc[end].text == "-" or (doc[end].text.isupper() and doc[end].is_alpha)):
            end += 1
        if end - (last + 2) < 2 or doc[end - 1].text == "-":
            return last
        return end - 1

    @staticmethod
    def _name_before_verb(subject: Token, last: int) -> int:
        """"La ministre espagnole Teresa Ribera a estimé", "L'envoyé pour le climat John Kerry
        a appelé": the parser splits role and name; a name closing the words up to the verb
        group belongs to the subject."""
        doc = subject.doc
        verb = subject.head
        if not subject.dep_.startswith("nsubj") or verb.i <= last + 1:
            return last
        stop = min([verb.i, *[c.i for c in verb.children if c.i > last and (
            c.dep_.startswith("aux") or c.dep_ in {"advmod", "expl:comp", "expl:subj"})]])
        gap = list(doc[last + 1 : stop])
        comma = bool(gap) and gap[0].text == "," and gap[-1].text == ","
        if comma:  # "Le ministre turc, Mehmet Kaya, a …" (the name filed as a conjunct)
            gap = gap[1:-1]
            if not all(t.text[:1].isupper() for t in gap if t.is_alpha):
                return last
        if not gap or len(gap) > 8 or any(t.is_punct or t.is_space or t.pos_ in {"VERB", "AUX"}
                                          for t in gap):
            return last
        tail = gap[-1]
        if tail.text[:1].isupper() and (tail.pos_ == "PROPN" or tail.ent_type_ == "PER"):
            return tail.i
        return last

    # --- content ---------------------------------------------------------------------------
    def clausal_content(self, cue: Token, verb: Token) -> tuple[int, int] | None:
        """Token range of a que-clause, infinitive or (for some verbs) noun object."""
        lemma = self.cue_lemma(cue) or cue.lemma_.lower()  # the tagger's lemma may be off
        holders = [cue] if verb is cue else [cue, verb]
        aux = self.split_auxiliary(verb)
        for holder in holders:
            for child in holder.children:
                if child.i > holder.i and (child.dep_ == "ccomp" or self._que_clause(child)):
                    rng = self._clause_range(child)
                    if rng is not None:
                        return rng
        if aux is not None:  # "X a pour sa part averti les Occidentaux que …"
            clauses = [c for c in aux.children if c.i > cue.i]
            if aux.dep_.startswith("aux") and aux.head.i > cue.i:
                clauses.append(aux.head)  # the parser made the que-clause the main verb
            for child in clauses:
                if child.dep_ == "ccomp" or self._que_clause(child) or child is aux.head:
                    if child is aux.head and not self._que_clause(child):
                        continue
                    rng = self._clause_range(child)
                    if rng is not None:
                        return rng
        verdict = self._verdict_content(cue, lemma)
        if verdict is not None:
            return verdict
        object_infinitive = self._object_infinitive(cue, lemma)
        if object_infinitive is not None:
            return object_infinitive
        for child in cue.children:  # "a indiqué mercredi attendre …", "a promis vendredi de
            if fold(child.text) in DATE_WORDS:  # garder …" (filed under the date)
                for grand in child.children:
                    if grand.i > child.i and "Inf" in grand.morph.get("VerbForm", []) and \
                            lemma in self.lex.infinitive_verbs:
                        marks = [c for c in grand.children if c.dep_ in {"mark", "case"}]
                        if not marks:
                            return grand.i, grand.right_edge.i
                        if len(marks) == 1 and fold(marks[0].text) in {"de", "d'"}:
                            return marks[0].i, grand.right_edge.i
        reflexive = any(c.lower_ in {"se", "s'"} for c in verb.children)
        for holder in holders:
            for child in holder.children:
                if child.i < holder.i or not (child.dep_ == "xcomp" or self._bare_infinitive_clause(
                        child, lemma)):
                    continue
                infinitive = "Inf" in child.morph.get("VerbForm", []) or any(
                    "Inf" in g.morph.get("VerbForm", []) for g in child.children
                    if g.dep_ in {"aux", "aux:tense", "cop", "aux:pass"})
                if infinitive and (lemma in self.lex.infinitive_verbs or verb is not cue):
                    return child.left_edge.i, child.right_edge.i
                if reflexive and lemma in self.lex.reflexive_adjective_verbs:
                    return child.left_edge.i, child.right_edge.i
        under_date = _filed_under_a_date(cue)
        if under_date is not None and ((lemma in self.lex.np_content_verbs and not reflexive)
                                       or lemma in self.lex.np_quoted_content_verbs):
            return under_date  # "a promis vendredi une riposte « immédiate »"
        if lemma in self.lex.np_content_verbs and not reflexive:  # "s'exprimer sur"
            for holder in holders:  # "a mis en cause les mesures": the object is the verb's
                for child in holder.children:
                    if child.left_edge.i > cue.i and self._noun_content(cue, child):
                        return child.left_edge.i, child.right_edge.i
            after_aside = _object_after_comma_aside(cue)
            if after_aside is not None:
                return after_aside
        if lemma in self.lex.np_quoted_content_verbs:  # "a promis une « enveloppe »"
            doc = cue.doc
            for child in cue.children:
                # the marks may hang on the verb: "promet « un accompagnement »"
                first, last = child.left_edge.i, child.right_edge.i
                if self._noun_content(cue, child) and any(
                        t.text in QUOTE_MARKS for t in doc[first - 1 : last + 2]):
                    return first, last
        if lemma in self.lex.de_content_verbs:  # "a accusé Moscou de bombarder …"
            obj = next((c for c in cue.children if c.dep_ == "obj" and c.i > cue.i), None)
            inf = next((c for c in cue.children if c.dep_ in {"xcomp", "advcl", "obl:arg"}
                        and c.i > cue.i and "Inf" in c.morph.get("VerbForm", [])), None)
            if obj is not None and inf is not None and obj.i < inf.i:
                return obj.left_edge.i, inf.right_edge.i
        if lemma in self.lex.de_content_verbs or lemma in self.lex.infinitive_verbs:
            # "reproche à M. Legault d'avoir …", "a demandé aux habitants de rester …"
            addressed = self._addressee_infinitive(cue, lemma in self.lex.de_content_verbs)
            if addressed is not None:
                return addressed
        if lemma in self.lex.de_content_verbs:  # "l'ont accusée de ne pas être …"
            de_content = self._de_infinitive(cue)
            if de_content is not None:
                return de_content
        for child in cue.children:  # "a demandé à la mairesse qu'elle se ravise"
            if child.i > cue.i and child.dep_ in {"obl:arg", "iobj", "obl"} and \
                    child.pos_ in {"NOUN", "PROPN"} and any(
                    fold(g.text) in {"a", "au", "aux"} for g in child.children
                    if g.dep_ == "case"):
                for grand in child.children:
                    if grand.i > child.i and (self._que_clause(grand) or
                                              _subjunctive_request(grand)):
                        rng = self._clause_range(grand)
                        if rng is not None:  # the addressee belongs to the request
                            return child.left_edge.i, rng[1]
        pp = self._pp_content(cue, lemma)
        if pp is not None:
            return pp
        if lemma in self.lex.de_content_verbs:  # "a menacé Paris de « conséquences graves »"
            for child in cue.children:
                if child.i > cue.i and child.dep_.startswith("obl") and child.pos_ == "NOUN" \
                        and any(fold(g.text) in {"de", "d'"} for g in child.children
                                if g.dep_ == "case"):
                    return child.left_edge.i, child.right_edge.i
                if child.i > cue.i and child.dep_ == "obj" and child.pos_ != "PRON" and any(
                        fold(g.text) in {"de", "d'"} and g.i == child.left_edge.i
                        for g in child.children if g.dep_ == "det"):
                    # "a menacé de nouvelles frappes": "de" is the article the parse kept
                    return child.left_edge.i, child.right_edge.i
        return _surface_que_clause(cue)  # "a déclaré samedi à la presse que …", misparsed

    @staticmethod
    def _addressee_infinitive(cue: Token, accusation: bool) -> tuple[int, int] | None:
        """"reproche à M. Legault d'avoir présenté …", "a demandé aux habitants de rester":
        the "de" infinitive the parser hung on the person addressed (the addressee belongs to
        the words). A direct object only for an accusation ("accuse X de"): "a annoncé son
        intention de poursuivre" is no request."""
        for child in cue.children:
            if child.i < cue.i or child.dep_ not in {"obj", "obl:arg", "iobj"}:
                continue
            addressed = any(g.dep_ == "case" and fold(g.text) in {"a", "au", "aux"}
                            for g in child.children)
            if not (addressed or accusation):
                continue
            for grand in child.subtree:  # "au chef de l'Etat de les défendre"
                if grand.i > child.i and grand.dep_ in {"acl", "nmod"} and any(
                        "Inf" in t.morph.get("VerbForm", []) for t in (grand, *grand.children)
                        if t is grand or t.dep_.startswith("aux")) and any(
                        c.dep_ == "mark" and fold(c.text) in {"de", "d'"}
                        for c in grand.children):
                    return child.left_edge.i, grand.right_edge.i
        return None

    def _bare_infinitive_clause(self, child: Token, lemma: str) -> bool:
        """"a démenti mercredi soir avoir reçu …": an infinitive the parser filed as an
        adverbial clause, with no preposition or conjunction ("pour", "sans", "avant de")."""
        return child.dep_ == "advcl" and lemma in self.lex.infinitive_verbs and not any(
            c.dep_ in {"mark", "case"} for c in child.children)

    def extend(self, cue: Token, verb: Token, first: int, last: int) -> tuple[int, int]:
        """Stretch the reported words to the end of the sentence (parses often cut a long
        clause short), stopping at a verb conjoined to the cue, at the cue's own governor
        (for participles and embedded cues), at a conjunction opening a clause of its own
        and at the final punctuation."""
        doc = cue.doc
        clause = fold(doc[first - 1].text) in {"que", "qu'"} if first > 0 else False
        joins = [t.i for t in doc[first + 1 : last + 1] if t.dep_ == "cc" and _opens_a_clause(t)
                 and not (clause and not _finite_verb_in(doc[first : t.i]))]
        k = joins[0] if joins else self._stretch(cue, verb, last)
        last = k - 1
        while last > first and (doc[last].dep_ == "cc" or doc[last].is_space or
                                (doc[last].is_punct and doc[last].text not in '»"”)…')):
            last -= 1
        return first, last

    def _stretch(self, cue: Token, verb: Token, last: int) -> int:
        """The first token after ``last`` that no longer belongs to the reported words."""
        doc = cue.doc
        holders = {cue.i, verb.i, *[a.i for a in verb.ancestors]}
        governors = holders - {cue.i, verb.i}
        k = last + 1
        while k < sentence_of(cue).end:
            tok = doc[k]
            if tok.i in holders or tok.head.i in governors or (tok.head.i in holders and (
                    tok.dep_ in {"conj", "cc"} or (tok.is_punct and tok.text in ".!?;")
                    or (tok.dep_ == "advcl" and not self.is_participle(tok)))):
                return max(tok.left_edge.i, last + 1) if tok.dep_ in {"advcl", "conj"} else k
            if tok.dep_ == "cc" and _opens_a_clause(tok):
                return k  # "… à la mobilisation et les écologistes ont réclamé …"
            k += 1
        return k

    def _verdict_content(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        """"a jugé « inacceptables » les menaces", "juge le projet « décevant »", "a qualifié
        la stratégie de « fuite en avant »": a verdict verb, a judged noun and the verdict
        (an adjective, or quoted words)."""
        if lemma not in self.lex.verdict_verbs:
            return None
        parts = [c for c in cue.children if c.i > cue.i and (c.dep_ in {
            "obj", "xcomp", "obl:arg", "obl", "nmod", "ccomp"} or (
                c.dep_ == "advmod" and c.pos_ == "ADJ")) and fold(c.text) not in DATE_WORDS]
        nouns = [c for c in parts if c.pos_ in {"NOUN", "PROPN"} and c.dep_ == "obj"]
        verdicts = [c for c in parts if c.pos_ == "ADJ" or (c.dep_ == "xcomp" and c.pos_ in {
            "NOUN", "ADJ"})]
        verdicts += [n for n in nouns if lemma in JUDGING_VERBS and _ends_on_verdict(n)]
        if not nouns or not parts:
            return None
        first = min(c.left_edge.i for c in parts)
        last = max(c.right_edge.i for c in parts)
        doc = cue.doc
        quoted = any(t.text in QUOTE_MARKS for t in doc[first : last + 1])
        if not verdicts and not quoted:
            return None
        if lemma in {"dire", "estimer", "trouver", "considerer", "considérer"} and not quoted:
            return None
        return first, last

    def _object_infinitive(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        """"a appelé les alliés à livrer …", "a exhorté Kiev à …": object, "à", infinitive
        (the parser often hangs the infinitive on the object)."""
        if lemma not in self.lex.object_infinitive_verbs:
            return None
        for obj in cue.children:
            if obj.i < cue.i or obj.dep_ not in {"obj", "obl:arg", "iobj"}:
                continue
            # "a exhorté les dirigeants réunis à Munich à ne pas relâcher …": the parser
            # hangs the infinitive on the participle that qualifies the object
            qualifiers = [g for c in obj.children if c.dep_ == "acl" and c.i > obj.i
                          for g in c.children]
            for inf in [*obj.children, *cue.children, *qualifiers]:
                if inf.i > obj.i and "Inf" in inf.morph.get("VerbForm", []) and any(
                        fold(m.text) in {"a", "de", "d'"} for m in inf.children
                        if m.dep_ in {"mark", "case"}):
                    last = max(inf.right_edge.i, obj.right_edge.i)
                    for extra in cue.children:  # "à accélérer « sans attendre » les …"
                        if extra.i > last and extra.dep_ not in {"punct", "cc", "conj"} and \
                                not any(t.text in {",", ";", ".", ":"}
                                        for t in cue.doc[last : extra.i]):
                            last = extra.right_edge.i
                    return obj.left_edge.i, last
            later = self._later_infinitive(cue, obj)
            if later is not None:
                return obj.left_edge.i, later.right_edge.i
        return self._surface_object_infinitive(cue)

    def _person_after(self, verb: Token, before: Span) -> bool:
        """"<clause>, a estimé le secrétaire général de la CGT X": a person or role right
        after the verb, and a finite clause before the comma — an inversion, whatever the
        parser made of the noun before the comma."""
        after = self.inverted_subject(verb)
        if after is None or after.i - verb.i > 4:
            return False
        person = after.pos_ == "PROPN" or fold(after.lemma_) in self.lex.role_heads or \
            fold(after.text) in self.lex.role_heads
        finite = any("Fin" in t.morph.get("VerbForm", []) for t in before)
        return person and finite

    @staticmethod
    def _de_infinitive(cue: Token) -> tuple[int, int] | None:
        """"de + infinitive" after the cue (its object a clitic before it, or absent)."""
        for child in cue.children:
            if child.i < cue.i or child.dep_ not in {"xcomp", "advcl", "obl:arg", "obl",
                                                     "ccomp"}:
                continue
            marks = [g for g in child.children if g.dep_ in {"case", "mark"}
                     and fold(g.text) in {"de", "d'"} and g.i < child.i]
            verbal = "Inf" in child.morph.get("VerbForm", []) or any(
                "Inf" in g.morph.get("VerbForm", []) for g in child.children
                if g.dep_ in {"cop", "aux", "aux:tense", "aux:pass"})
            if marks and verbal:
                return marks[0].i, child.right_edge.i
        return None

    @staticmethod
    def _surface_object_infinitive(cue: Token) -> tuple[int, int] | None:
        """"en appelant la Chine, un allié de Moscou, à se tenir à l'écart": when the parse
        is lost, read the words: a noun phrase after the cue, then "à"/"de" and an infinitive
        (a reflexive or negation between them allowed), to the end of the clause."""
        doc = cue.doc
        end = sentence_of(cue).end
        k = cue.i + 1
        if k >= end or doc[k].pos_ not in {"DET", "PROPN", "NOUN", "PRON"}:
            return None
        for j in range(k + 1, min(end - 1, cue.i + 20)):
            if doc[j].text in {".", ";", ":", "?", "!"}:
                return None
            if fold(doc[j].text) not in {"a", "de", "d'"}:
                continue
            verb = next((t for t in doc[j + 1 : min(end, j + 4)]
                         if "Inf" in t.morph.get("VerbForm", [])), None)
            if verb is None or any(t.pos_ not in {"PRON", "ADV", "PART"}
                                   for t in doc[j + 1 : verb.i]):
                continue
            last = verb.i
            while last + 1 < end and doc[last + 1].text not in {",", ".", ";", ":", "?", "!"}:
                last += 1
            return k, last
        return None

    @staticmethod
    def _later_infinitive(cue: Token, obj: Token) -> Token | None:
        """"a appelé les ministres réunis à Bruxelles pour deux jours à augmenter …": the
        first "à/de + infinitive" after the object, in the same clause and under the cue
        (the parser hangs it on a complement of the object or of the verb)."""
        doc = cue.doc
        end = sentence_of(cue).end
        for k in range(obj.right_edge.i + 1, min(end, obj.i + 25)):
            tok = doc[k]
            if tok.text in {",", ";", ":", ".", "!", "?"} or tok.text in QUOTE_MARKS or (
                    tok.pos_ in {"VERB", "AUX"} and "Fin" in tok.morph.get("VerbForm", [])):
                return None
            if tok.dep_ != "mark" or fold(tok.text) not in {"a", "de", "d'"}:
                continue
            inf = tok.head
            if inf.i > tok.i and "Inf" in inf.morph.get("VerbForm", []) and \
                    cue in inf.ancestors:
                return inf
        return None

    def _pp_content(self, cue: Token, lemma: str) -> tuple[int, int] | None:
        """"a plaidé pour des « pauses humanitaires »", "a appelé à un débat": a verb whose
        content is a prepositional noun phrase."""
        preps = self.lex.pp_content_verbs.get(lemma)
        if not preps:
            return None
        verb = self.verb_of(cue)  # "met en garde X contre …": the phrase may hang on "met"
        children = list(cue.children) + (list(verb.children) if verb.i != cue.i else [])
        for child in children:
            if child.i < cue.i or not child.dep_.startswith("obl") or child.pos_ != "NOUN":
                continue
            if fold(child.text) in DATE_WORDS:
                continue
            case = [g for g in child.children if g.dep_ == "case" and g.i < child.i]
            if case and fold(case[0].text) in preps:
                return child.left_edge.i, child.right_edge.i
        return None

    @staticmethod
    def _noun_content(cue: Token, child: Token) -> bool:
        """"a reproché à X <ses livraisons d'armes>": a noun object of two words or more."""
        indirect = any(fold(g.text) in {"a", "au", "aux", "de"}
                       for g in child.children if g.dep_ == "case")
        return (child.dep_ in {"obj", "obl:arg"} or _object_after_aside(cue, child)) and \
            child.pos_ in {"NOUN", "PROPN"} and child.i > cue.i and not indirect and \
            child.right_edge.i - child.left_edge.i >= 1

    @staticmethod
    def _que_clause(token: Token) -> bool:
        """A que-clause the parser filed under another relation (advcl, obl…)."""
        return token.dep_ not in {"conj", "nsubj", "punct"} and any(
            c.dep_ == "mark" and fold(c.text) in {"que", "qu'"} and c.i < token.i
            and not _adverbial_que(c) for c in token.children)

    def _clause_range(self, clause: Token) -> tuple[int, int] | None:
        first, last = clause.left_edge.i, clause.right_edge.i
        doc = clause.doc
        marks = [c for c in clause.children if c.dep_ == "mark" and c.i <= clause.i]
        if any(_adverbial_que(m) or fold(m.text) in ADVERBIAL_MARKS for m in marks):
            return None  # "après que X a menacé …": a time or cause, not what was said
        if marks and fold(marks[0].text) in INTERROGATIVE_MARKS:
            return None
        if fold(doc[first].text) in INTERROGATIVE_MARKS and not marks:
            return None
        if marks and fold(marks[0].text) in {"que", "qu'"}:
            first = marks[0].i + 1  # words before "que" belong to the main clause
        return first, last

    def inverted_content(self, cue: Token, verb: Token, subject: Token | None,
                         sentence: Span) -> tuple[int, int] | None:
        """"<content>, a déclaré X" / "<content>, assure le ministre": the words before."""
        doc = cue.doc
        if verb.dep_ in {"advcl", "acl"} and self.is_participle(verb):
            return None  # "…, a précisé X, confirmant une information": X's aside, not X's verb
        left = verb.i
        while left - 1 > sentence.start and (
            (doc[left - 1].head == verb and (doc[left - 1].dep_.startswith(("aux", "expl"))
                                            or doc[left - 1].dep_ == "advmod"
                                            or doc[left - 1].pos_ == "PRON"))
            or doc[left - 1].text in {"-t", "-il", "-elle"}
        ):
            left -= 1
        comma = left - 1
        while comma > sentence.start and doc[comma].is_space:
            comma -= 1
        if comma <= sentence.start or doc[comma].text not in {",", "—", "–"}:
            return None
        first = sentence.start
        if comma - first < 3:
            return None
        if subject is not None and not self.is_clitic(subject) and comma < subject.i < verb.i:
            return None  # "…, X a déclaré": the subject sits between the comma and the verb
        truncated = verb.i + 1 < len(doc) and doc[verb.i + 1].text in {"...", "…"}
        if subject is not None and subject.i < comma and not _number_clash(subject, verb) and \
                not self._person_after(verb, doc[first:comma]) and (
                self.clausal_content(cue, verb)
                or (self.inverted_subject(verb) is None and not truncated)):
            return None  # "X, the minister, a déclaré que …"; "Les combats, …, se poursuivent"
        if any(fold(c.text) in {"se", "s'"} and c.i < verb.i for c in verb.children):
            return None  # pronominal verbs do not report speech in an inversion
        after = doc[verb.i + 1] if verb.i + 1 < sentence.end else None
        clitic = any(self.is_clitic(t) for t in doc[left : verb.i])  # "a-t-on appris"
        if subject is None and not truncated and not clitic and \
                self.inverted_subject(verb) is None and after is not None and not after.is_punct:
            return None  # "Mais les défaites …, rappellent à quel point …": nobody after the verb
        if any(c.dep_.startswith("aux") and c.i < comma and all(
                t.is_punct or t.pos_ == "PRON" for t in doc[c.i + 1 : comma])
               for c in verb.children):
            return None  # "X n'a, lui, pas réagi": the verb group runs across the comma
        if _relative_aside_before(doc, first, comma):
            return None  # "De passage à Paris, X, qui est aussi …, répond": X is the subject
        if verb.dep_ == "acl:relcl" or any(fold(c.text) in {"qui", "lequel", "laquelle"}
                                           and c.dep_.startswith("nsubj")
                                           for c in verb.children):
            return None  # "…, qui réclame …": a relative clause is not a reporting clause
        if self._bare_participle(verb):
            return None  # "un mécanisme, jugé insuffisant par …": an adjectival participle
        if not any(t.pos_ in {"VERB", "AUX"} or t.text in QUOTE_MARKS
                   for t in doc[first:comma]):
            return None  # "Le président de la Douma, X, a qualifié …": no clause before
        return first, comma - 1


def _finite_verb_under_noun(verb: Token) -> bool:
    """A finite verb the parser hung on the noun before it as a modifier ("Le régime
    iranien avertit que …": ROOT "régime", acl "avertit"): the noun is its subject. A
    relative clause ("le régime qui avertit") is parsed as such and does not count."""
    head = verb.head
    return verb.dep_ == "acl" and head.i < verb.i and head.pos_ in {"NOUN", "PROPN"} and \
        _finite_form(verb) and not any(
            c.dep_ in {"nsubj", "mark"} or c.pos_ == "PRON"
            for c in verb.children if c.i < verb.i)


def _finite_form(verb: Token) -> bool:
    """Finite by its morphology, or by its ending: the tagger files "avertit" (present of
    "avertir") as the participle "averti"."""
    lemma = fold(verb.lemma_)
    return "Fin" in verb.morph.get("VerbForm", []) or (
        lemma.endswith("ir") and fold(verb.text) == lemma[:-1] + "t")


def _subjunctive_request(clause: Token) -> bool:
    """"a demandé à la mairesse qu'elle se ravise": the request's que-clause, which the
    parser files as a relative clause of the addressee; "que" is no argument of its verb (in
    "la mairesse qu'elle a reçue" it is the object) and the clause has its own subject."""
    opener = clause.doc[clause.left_edge.i]
    own_subject = any(c.dep_ == "nsubj" and c is not opener for c in clause.children)
    return clause.dep_ == "acl:relcl" and fold(opener.text) in {"que", "qu'"} and \
        opener.dep_ not in {"obj", "nsubj", "obl", "obl:arg"} and own_subject


def _relative_aside_before(doc: Doc, first: int, comma: int) -> bool:
    """The words before the comma end with a relative clause set off after a noun ("X,
    qui est aussi porte-parole du gouvernement"): they are the subject and an aside."""
    for k in range(comma - 1, first, -1):
        tok = doc[k]
        if fold(tok.text) in {"qui", "lequel", "laquelle", "dont"} and doc[k - 1].text == "," \
                and doc[k - 2].pos_ in {"PROPN", "NOUN"} if k >= first + 2 else False:
            return True
        if tok.text == "," or tok.text in QUOTE_MARKS:
            return False  # "Le chauffard, qui a …, va être déféré pour « … », a indiqué X"
    return False


def _active_with_avoir(verb: Token) -> bool:
    """"Les membres du gouvernement ont condamné …": a compound tense with "avoir" and no
    passive auxiliary is active, whatever the parser called its subject."""
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    return any(fold(c.lemma_) == "avoir" for c in auxes) and not any(
        c.dep_ == "aux:pass" for c in auxes)


def _object_after_aside(cue: Token, child: Token) -> bool:
    """"a dénoncé, en recevant la Palme d'or, la façon dont …": an object after an aside set
    off by commas, which the parser files as a conjunct of the verb (no "et" before it) or a
    bare adverbial noun (not a time: "…, en marge du sommet, ce jeudi")."""
    doc = cue.doc
    if child.dep_ not in {"conj", "obl:mod"} or child.i <= cue.i or any(
            c.dep_ in {"cc", "case"} for c in child.children) or _time_noun(child):
        return False
    aside = [c for c in cue.children if c.dep_ == "advcl" and cue.i < c.i < child.i]
    first = min([c.i for c in child.children if c.i < child.i and not c.is_punct], default=child.i)
    return bool(aside) and doc[cue.i + 1].text == "," and doc[first - 1].text == ","


JUDGING_VERBS = {"juger", "trouver", "considérer"}  # "a jugé la réforme brutale"


def _ends_on_verdict(noun: Token) -> bool:
    """"la réforme brutale" after "a jugé": the object ends on an adjective the parser hung
    on the noun, the verdict (a definite object; "a jugé des affaires pénales" judges)."""
    last = noun.right_edge
    return last.pos_ == "ADJ" and last.head.i == noun.i and last.i > noun.i and any(
        c.dep_ == "det" and fold(c.text) in {"le", "la", "l'", "les", "ce", "cette", "ces",
                                             "son", "sa", "ses", "leur", "leurs"}
        for c in noun.children)


_ASIDE_REACH = 12  # words an aside between commas may hold


def _object_after_comma_aside(cue: Token) -> tuple[int, int] | None:
    """"a réclamé, durant sa plaidoirie, l'acquittement de son client": an aside with no verb
    between two commas right after the verb, then a noun phrase that opens on a determiner
    (the parser files it as a conjunct inside the aside)."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or doc[cue.i + 1].text != ",":
        return None
    close = next((k for k in range(cue.i + 2, min(len(doc), cue.i + 2 + _ASIDE_REACH))
                  if doc[k].text == ","), None)
    if close is None or close + 2 >= len(doc) or any(
            t.pos_ in {"VERB", "AUX"} or t.is_sent_start or t.text in QUOTE_MARKS
            for t in doc[cue.i + 2 : close]):
        return None
    det, noun = doc[close + 1], doc[close + 2]
    if det.pos_ != "DET" or noun.pos_ != "NOUN" or noun.head.i == noun.i or \
            noun.head.i > close or _time_noun(noun):
        return None
    return det.i, noun.right_edge.i


def _time_noun(token: Token) -> bool:
    """"jeudi", "ce matin", "la semaine dernière": a noun that dates, not an object."""
    return fold(token.text) in DATE_WORDS or token.ent_type_ == "DATE" or any(
        fold(c.text) in {"ce", "cet", "cette"} for c in token.children if c.dep_ == "det")


def _affiliation(subject: Token, child: Token) -> bool:
    """"Un responsable lié à la présidence française", "une source proche du dossier": an
    unnamed source's affiliation (a past participle after an indefinite noun) is part of
    how the newsroom writes who spoke."""
    return child.dep_ == "acl" and child.head.i == subject.i and subject.pos_ == "NOUN" and \
        "Past" in child.morph.get("Tense", []) and any(
            c.dep_ == "det" and fold(c.text) in {"un", "une", "des"} for c in subject.children)


def _purpose_infinitive(verb: Token) -> bool:
    """"X est intervenu pour dire que …": an infinitive after "pour" shares the subject of
    the verb it depends on."""
    return verb.dep_ in {"advcl", "acl"} and "Inf" in verb.morph.get("VerbForm", []) and \
        verb.head.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "mark" and fold(c.text) == "pour" for c in verb.children)


def _detached_governor(verb: Token) -> Token:
    """The verb a participle set off by a comma belongs to: "Le parquet a requis … contre le
    propriétaire, estimant que …" hangs "estimant" on "propriétaire", but it is the
    parquet's (the nearest verb above it); otherwise the participle's own head."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ in {"VERB", "AUX"} or verb.i == 0 or \
            verb.doc[verb.i - 1].text != ",":
        return head
    for ancestor in head.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor
    return head


def _aside_after(subject: Token, aside: Token) -> bool:
    """The aside is set off by commas right after the subject phrase ("La ministre de la
    Culture, présente dans la salle, …"), not a clause of which it is the subject ("une
    telle situation est inacceptable, assure …")."""
    doc = subject.doc
    last = max(t.i for t in subject.subtree if not t.is_punct)
    return last + 1 < aside.i and doc[last + 1].text == "," and not any(
        c.dep_ == "cop" for c in aside.children)
