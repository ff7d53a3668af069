"""Reported speech: cue verbs with a que-clause, infinitive or inverted content; "selon X",
"d'après X"; "les remarques de X selon lesquelles …"."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import Candidate, CueRules, trim
from bot.nlp.lexicons import Lexicons
from bot.nlp.text import Quote, fold, sentence_of, sentences, text_of

CUE_DEPS = {"ROOT", "conj", "parataxis", "ccomp", "advcl", "xcomp", "acl:relcl", "acl"}
RELATIVE_OPENERS = {"dont", "qui", "lequel", "laquelle", "lesquels", "lesquelles"}
RELATIVE_PRONOUNS = {"lequel", "laquelle", "lesquels", "lesquelles"}
POSSESSIVES = {"nos", "notre", "mes", "ma", "mon", "vos", "votre"}
SOURCE_PRONOUNS = {"lui", "elle", "eux", "elles", "celui-ci", "celle-ci", "ceux-ci"}
ELLIPSIS = {"...", "…"}


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.contains(pos) for q in quotes)


def _is_attributed_quote(start: int, end: int, attributed: list[tuple[int, int]]) -> bool:
    """The content is exactly a quotation already attributed as a direct quote."""
    return any(abs(a - start) <= 2 and abs(b - end) <= 2 for a, b in attributed)


def participle_candidates(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    """"Soulignant que <content>, M. X a indiqué …": a sentence-initial present participle
    with a que-clause, read on the surface because parses of this pattern are unreliable."""
    found: list[Candidate] = []
    for sent in sentences(doc):
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        if len(words) < 6:
            continue
        cue, mark = words[0], words[1]
        if fold(cue.text) in {"se", "s'"}:  # "Se disant rassuré par la mobilisation, il …"
            cue = mark
            if fold(rules.cue_lemma(cue) or "") not in rules.lex.reflexive_adjective_verbs:
                continue
        lemma = rules.cue_lemma(cue)
        if lemma is None or not cue.lower_.endswith("ant") or (
                fold(mark.text) not in {"que", "qu'"} and mark is not cue):
            continue
        for comma in sent[mark.i - sent.start + 1 :]:
            if comma.text != "," or _inside(comma.idx, quotes):
                continue
            subject = next((t for t in doc[comma.i + 1 : min(comma.i + 7, sent.end)]
                            if t.dep_ == "nsubj" and t.head.i > comma.i
                            and t.head.pos_ in {"VERB", "AUX", "ADJ"}), None)
            if subject is None:
                continue
            chars = trim(doc, mark.i + 1 if mark is not cue else words[0].i, comma.i - 1)
            if chars is not None:
                found.append(Candidate("indirect", *chars, cue.i, lemma,
                                       rules.subject_span(subject), False, via="participle",
                                       reporting=[(cue.idx, chars[0])], confidence=0.8))
            break
    found.extend(_verdict_participles(doc, quotes, rules))
    found.extend(_trailing_participles(doc, quotes, rules))
    found.extend(_noun_tagged_cues(doc, quotes, rules))
    return found


def _noun_tagged_cues(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    """"La CGT, de son côté, juge que …": a present-tense cue the tagger took for a noun
    ("juge", "note"), right before "que", is the verb; the subject is the noun phrase that
    opens the sentence (an aside between commas skipped). Read on the surface: the parse
    of such a sentence is lost."""
    found: list[Candidate] = []
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN", "ADJ"} or tok.i + 1 >= len(doc) or \
                fold(doc[tok.i + 1].text) not in {"que", "qu'"} or _inside(tok.idx, quotes):
            continue
        lemma = rules.lex.cue_forms.get(tok.lower_)
        if lemma is None or not tok.lower_.endswith("e") or doc[tok.i - 1].pos_ == "DET":
            continue  # "le juge que …", "la note que …": a noun after its determiner
        sent = sentence_of(tok)
        subject = _opening_noun_phrase(doc, sent.start, tok.i)
        chars = trim(doc, tok.i + 2, _sentence_end(doc, tok.i + 2, sent))
        if subject is None or chars is None:
            continue
        found.append(Candidate("indirect", *chars, tok.i, lemma, subject, False, via="verb",
                               reporting=[(sent.start_char, chars[0])], confidence=0.75))
    return found


_FRONTED_PLACE = {"a", "au", "aux", "chez", "cote"}


def _fronted_body(doc: Doc, sent: Span, subject: Token) -> Token | None:
    """"À la mairie, on assure …", "Chez Renault, on dément …", "Côté syndical, on …": an
    impersonal "on" after a fronted place or body speaks for that body (its noun)."""
    if fold(subject.text) != "on" or fold(doc[sent.start].text) not in _FRONTED_PLACE:
        return None
    comma = next((t.i for t in doc[sent.start : subject.i] if t.text == ","), None)
    if comma is None or comma != subject.i - 1 or comma - sent.start > 6:
        return None
    nouns = [t for t in doc[sent.start + 1 : comma] if t.pos_ in {"NOUN", "PROPN", "ADJ"}]
    if not nouns or nouns[0].ent_type_ == "LOC":
        return None  # "À Brest, on dit …": a town is no one
    return nouns[0]


def _sentence_end(doc: Doc, first: int, sent: Span) -> int:
    """The last token from ``first`` before the sentence's closing punctuation."""
    last = first
    while last + 1 < sent.end and doc[last + 1].text not in {".", ";", "!", "?"}:
        last += 1
    return last


def _opening_noun_phrase(doc: Doc, first: int, cue: int) -> Span | None:
    """The noun phrase from the sentence start to the first comma (or to the cue), when
    what lies between that comma and the cue is an aside with no verb."""
    comma = next((k for k in range(first, cue) if doc[k].text == ","), cue)
    phrase = doc[first:comma]
    aside = doc[comma:cue]
    if not phrase or len(phrase) > 8 or any(t.pos_ in {"VERB", "AUX"} for t in phrase):
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in aside) or not any(
            t.pos_ in {"NOUN", "PROPN"} for t in phrase):
        return None
    return phrase


_PARTICIPLE_GAP = 5


def _trailing_participles(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    """"C'est un X visiblement fâché qui s'est présenté devant les médias, lançant d'entrée
    de jeu que …": a present participle after a comma, a few words, then a que-clause, where
    the parse lost the clause (read on the surface). The subject of the clause before the
    comma speaks (a relative "qui" stands for its antecedent)."""
    found: list[Candidate] = []
    for tok in doc:
        lemma = rules.cue_lemma(tok)
        if lemma is None or not tok.lower_.endswith("ant") or tok.i < 3 or \
                doc[tok.i - 1].text != "," or _inside(tok.idx, quotes):
            continue
        if rules.clausal_content(tok, rules.verb_of(tok)) is not None:
            continue  # the parse holds the clause: the verb rule reads it
        sent = sentence_of(tok)
        mark = next((t for t in doc[tok.i + 1 : min(tok.i + 2 + _PARTICIPLE_GAP, sent.end)]
                     if fold(t.text) in {"que", "qu'"}), None)
        if mark is None or any(t.is_punct for t in doc[tok.i + 1 : mark.i]):
            continue
        subject = _subject_before(doc, sent.start, tok.i - 1)
        chars = trim(doc, mark.i + 1, _sentence_end(doc, mark.i + 1, sent))
        if subject is None or chars is None:
            continue
        found.append(Candidate("indirect", *chars, tok.i, lemma, rules.subject_span(subject),
                               False, via="participle", reporting=[(tok.idx, chars[0])],
                               confidence=0.75))
    return found


def _subject_before(doc: Doc, first: int, last: int) -> Token | None:
    """The last subject of a verb between two positions; a relative pronoun gives way to
    its antecedent ("un X … qui s'est présenté")."""
    for k in range(last, first - 1, -1):
        tok = doc[k]
        if tok.dep_ != "nsubj" or tok.head.i > last or tok.head.pos_ not in {"VERB", "AUX"}:
            continue
        if fold(tok.text) in {"qui", "lequel", "laquelle"} and tok.head.dep_ == "acl:relcl":
            return tok.head.head
        return tok
    return None


OBJECT_CLITICS = {"le", "la", "les", "l'"}


def _participle_forms(verbs: set[str]) -> dict[str, str]:
    """"qualifier" → "qualifiant", "juger" → "jugeant" (regular -er verbs)."""
    forms = {}
    for verb in verbs:
        if verb.endswith("er") and " " not in verb:
            stem = verb[:-2]
            forms[stem + ("eant" if stem.endswith("g") else "ant")] = verb
    return forms


def _verdict_participles(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    """"X a rejeté ces accusations, les qualifiant de « pure propagande »": a verdict
    participle after a comma and an object clitic, with quoted words after "de"; the subject
    of the verb before the comma speaks. Read on the surface: the tagger often files the
    participle as a noun."""
    forms = _participle_forms(rules.lex.verdict_verbs)
    found: list[Candidate] = []
    for tok in doc:
        lemma = forms.get(tok.lower_)
        if lemma is None or tok.i < 3 or _inside(tok.idx, quotes):
            continue
        clitic, comma = doc[tok.i - 1], doc[tok.i - 2]
        if fold(clitic.text) not in OBJECT_CLITICS or comma.text != ",":
            continue
        sent = sentence_of(tok)
        last = tok.i + 1
        while last < sent.end and (doc[last].text not in {",", ";", ".", "!", "?", ":"}
                                   or _inside(doc[last].idx, quotes)):
            last += 1
        after = doc[tok.i + 1 : last]
        if not after or fold(after[0].text) not in {"de", "d'"} or not any(
                t.text in {"«", '"', "“"} for t in after):
            continue
        verb = next((t for t in reversed(doc[sent.start : comma.i]) if t.pos_ == "VERB"),
                    None)
        subject = rules.subject_of(verb) if verb is not None else None
        if subject is None or subject.i > comma.i:
            continue
        chars = trim(doc, clitic.i, last - 1)
        if chars is None:
            continue
        found.append(Candidate("indirect", *chars, tok.i, lemma, rules.subject_span(subject),
                               False, via="participle", reporting=[(doc[sent.start].idx,
                                                                    chars[0])],
                               confidence=0.75))
    return found


def verb_candidates(
    doc: Doc, quotes: list[Quote], rules: CueRules, direct: list[Candidate]
) -> list[Candidate]:
    used = {c.anchor for c in direct}
    attributed = [(c.start, c.end) for c in direct]
    found: list[Candidate] = []
    for sent in sentences(doc):
        if sent.text.rstrip().endswith("?"):
            continue
        for tok in sent:
            candidate = _verb_candidate(tok, sent, quotes, rules, used, attributed)
            if candidate is not None:
                found.append(candidate)
    return found


def _verb_candidate(
    tok: Token, sent: Span, quotes: list[Quote], rules: CueRules, used: set[int],
    attributed: list[tuple[int, int]],
) -> Candidate | None:
    if tok.i in used or _inside(tok.idx, quotes):
        return None
    lemma = rules.cue_lemma(tok)
    if lemma is None:
        return None
    verb = rules.verb_of(tok)
    if verb.dep_ not in CUE_DEPS or rules.is_negated(verb) or rules.is_modal(verb):
        return None
    if _purpose_clause(verb) or _court_sentence(tok, lemma, rules.lex):
        return None
    if rules.is_passive(verb):
        return None
    subject = rules.subject_of(verb)
    if verb.dep_ == "acl" and not rules.is_participle(verb) and not rules.is_clitic(subject) \
            and not (subject is not None and subject.i == verb.head.i):
        subject = rules.split_auxiliary_subject(verb)
        if subject is None:
            return None  # "les réponses proposées par Washington"; "…, a-t-elle précisé" is fine
    if subject is not None and subject.i > verb.i and any(
        t.text in ELLIPSIS for t in tok.doc[verb.i : subject.i]
    ):
        subject = None
    if subject is not None and subject.i < verb.i and \
            fold(tok.doc[subject.left_edge.i].text) in RELATIVE_OPENERS:
        # "Poutine, dont le pays n'est pas convié, a exigé …": the parser took the relative
        # clause's subject; the antecedent before it speaks
        opener = subject.left_edge.i
        before = opener - 1
        while before >= 0 and tok.doc[before].is_punct:
            before -= 1
        subject = tok.doc[before] if before >= 0 and tok.doc[before].pos_ in {
            "PROPN", "NOUN"} else None
    if subject is not None and subject.i < verb.i and any(
            t.text == ":" for t in tok.doc[subject.i : verb.i]):
        # "Budget : Clara Vasseur juge …": a headline's topic is not the subject
        preverbal = rules.preverbal_subject(verb)
        subject = preverbal.root if preverbal is not None else None
    fronted = _fronted_body(tok.doc, sent, subject) if subject is not None else None
    if fronted is not None:  # "À la mairie, on assure que …": the mairie speaks
        subject = fronted
    elif subject is not None and fold(subject.lemma_) in rules.lex.non_speaker_subjects:
        # "le rapport indique que": no speaker; "le rapport de la Cour des comptes estime
        # que": the body that issued it speaks
        subject = document_issuer(subject, rules.lex)
        if subject is None:
            return None
    elif subject is not None and fold(subject.text) in rules.lex.excluded_subjects:
        return None  # "on dit que": no speaker
    comme = _comme_clause(tok, verb, subject, sent, rules)
    if comme is not None:
        return comme
    via = "inverted"
    content_start = -1
    rng = rules.inverted_content(tok, verb, subject, sent)
    subj_span: Span | None = None
    if rng is None:
        via = "verb"
        rng = rules.clausal_content(tok, verb)
        if rng is None or _narrative_relative(tok.doc, verb, rng,
                                              lemma in rules.lex.de_content_verbs):
            return None
        rng = rules.extend(tok, verb, *rng)
        content_start = rng[0]
        rng = (_act_start(tok, rng[0]), rng[1])
        if subject is None:
            subj_span = rules.preverbal_subject(verb)
    elif any(rng[0] <= anchor <= rng[1] for anchor in used):
        return None  # "« … », a-t-il dit, citant X": the words before hold a quote's clause
    elif subject is None or (subject.i < verb.i and not subject.text.startswith("-")):
        subject = rules.inverted_subject(verb)  # None for a truncated lead ("a assuré...")
    doc = tok.doc
    chars = trim(doc, *rng)
    if chars is None or _is_attributed_quote(*chars, attributed):
        return None
    start, end = chars
    if len(text_of(doc)[start:end].split()) < 2:
        return None
    if subject is not None:
        subj_span = rules.subject_span(subject)
    if via == "verb" and content_start > rng[0]:
        # the verb group opens the words; its dates still tell when they were said
        start_of_content = doc[content_start].idx
        reporting = [(sent.start_char, start_of_content), (end, sent.end_char)]
    else:
        reporting = [(sent.start_char, start), (end, sent.end_char)]
    confidence = 0.85 if via == "verb" else 0.8
    return Candidate("indirect", start, end, tok.i, lemma, subj_span, subj_span is None, via=via,
                     reporting=reporting, confidence=confidence)


def _purpose_clause(verb: Token) -> bool:
    """"pour qu'elle dise où …", "afin qu'il annonce …": what someone was to say, not what
    was said."""
    marks = [fold(c.text) for c in verb.children if c.dep_ == "mark"]
    return verb.dep_ == "advcl" and any(m in {"pour", "afin", "avant", "sans"} for m in marks) \
        and any(m in {"que", "qu'"} for m in marks)


def _court_sentence(cue: Token, lemma: str, lex: Lexicons) -> bool:
    """"a condamné l'agresseur à 15 ans de réclusion": a court's sentence, not words."""
    if lemma not in lex.sentence_verbs:
        return False
    doc = cue.doc
    end = sentence_of(cue).end
    return any(fold(t.text) == "a" and any(fold(w.text) in lex.sentence_words
                                           for w in doc[t.i + 1 : min(t.i + 4, end)])
               for t in doc[cue.i + 1 : end])


def _act_start(cue: Token, first: int) -> int:
    """Words that are not a que-clause ("a dénoncé la lenteur des négociations", "se défend
    de tout conflit d'intérêts", "a promis de garder le cap") are the act itself: the
    statement starts at the verb group (auxiliaries and reflexive included) when the content
    follows it closely."""
    doc = cue.doc
    if first <= cue.i or fold(doc[first - 1].text) in {"que", "qu'"}:
        return first
    between = doc[cue.i + 1 : first]
    if len(between) > 4 or any(t.text in {",", ";", ":", "«", '"', "“"} for t in between):
        return first
    start = cue.i
    while start - 1 >= 0 and (doc[start - 1].pos_ == "AUX" or fold(doc[start - 1].text) in {
            "se", "s'", "ne", "n'"} or doc[start - 1].dep_.startswith("aux")):
        start -= 1
    return start


def _narrative_relative(doc: Doc, verb: Token, rng: tuple[int, int],
                        accusation: bool = False) -> bool:
    """"…, qui exige le retrait des troupes": a relative clause with a bare noun object
    describes the person; only a que-clause, quoted words or an accusation or threat with
    "de + infinitive" ("les familles, qui l'accusent de sacrifier …") make it speech."""
    if verb.dep_ != "acl:relcl":
        return False
    first, last = rng
    if first > 0 and fold(doc[first - 1].text) in {"que", "qu'"}:
        return False
    if _person_infinitive(verb, doc[first], accusation):
        return False  # "…, Vladimir Poutine, qui a menacé de couper le gaz": speech

    return not any(t.text in {"«", "»", '"', "“", "”"} for t in doc[first : last + 1])


def _person_infinitive(verb: Token, first: Token, accusation: bool = False) -> bool:
    """A relative clause on a named person (or any accusation, threat or warning) whose
    content is "de/à + infinitive"."""
    antecedent = verb.head
    named = antecedent.pos_ == "PROPN" or antecedent.ent_type_ == "PER"
    return (named or accusation) and fold(first.text) in {"de", "d'", "a"} and any(
        "Inf" in t.morph.get("VerbForm", []) for t in first.doc[first.i : first.i + 4])


def _comme_clause(
    tok: Token, verb: Token, subject: Token | None, sent: Span, rules: CueRules
) -> Candidate | None:
    """"Comme l'a souligné le ministre, <content>": the main clause after the comma."""
    if not any(c.dep_ == "mark" and fold(c.text) == "comme" for c in verb.children):
        return None
    doc = tok.doc
    if subject is None or subject.i < verb.i:
        subject = rules.inverted_subject(verb) or subject
    end = max(verb.right_edge.i, subject.right_edge.i if subject is not None else 0)
    while end + 1 < sent.end and doc[end + 1].text != ",":
        end += 1
    if subject is None or end + 2 >= sent.end:
        return None
    chars = trim(doc, end + 2, sent.end - 1)
    if chars is None:
        return None
    return Candidate("indirect", *chars, tok.i, rules.cue_lemma(tok), rules.subject_span(subject),
                     False, via="comme", reporting=[(sent.start_char, chars[0])],
                     confidence=0.8)


def source_candidates(
    doc: Doc, quotes: list[Quote], rules: CueRules, lex: Lexicons
) -> list[Candidate]:
    found: list[Candidate] = []
    for tok in doc:
        lowered = fold(tok.text)
        elided = lowered == "apres" and tok.i > 0 and fold(doc[tok.i - 1].text) == "d'"
        if lowered == "pour":
            candidate = _pour_candidate(tok, quotes, rules, lex)
            if candidate is not None:
                found.append(candidate)
            continue
        if lowered not in lex.source_preps and not elided:
            continue
        if _inside(tok.idx, quotes) or (tok.head is tok and not elided):
            continue
        first = tok.i - 1 if elided else tok.i
        source = doc[first].head if elided and tok.head.i == first else tok.head
        if fold(source.text) in RELATIVE_PRONOUNS:
            candidate = _relative_candidate(tok, source, rules, lex)
        elif _speakerish(source, lex):
            candidate = _selon_candidate(doc, first, source, rules)
        elif (issuer := document_issuer(source, lex)) is not None:
            # "selon un rapport de l'ONU publié mardi, …": the ONU speaks
            candidate = _selon_candidate(doc, first, source, rules, speaker=issuer)
        else:
            candidate = None
        if candidate is not None:
            found.append(candidate)
    return found


def document_issuer(document: Token, lex: Lexicons) -> Token | None:
    """Who issued a report, a study or an inquiry named with it ("le rapport de la Cour des
    comptes", "une étude de l'Insee", "l'enquête de l'IGPN"): the complement after "de" that
    names a body or a person. None for a document alone ("le rapport", "les chiffres du
    chômage")."""
    for child in document.children:
        if child.dep_ not in {"nmod", "obl"} or child.i < document.i:
            continue
        if not any(c.dep_ == "case" and fold(c.text) in {"de", "du", "des", "d'"}
                   for c in child.children):
            continue
        if _speakerish(child, lex) or _speaking_body(child, lex):
            return child
    return None


def _speakerish(source: Token, lex: Lexicons) -> bool:
    lemma = fold(source.lemma_)
    if lemma in lex.non_speech_source_heads or fold(source.text) in lex.non_speech_source_heads:
        return False
    if any(fold(c.text) in POSSESSIVES for c in source.children if c.dep_ == "det"):
        return False
    if source.pos_ == "PRON":
        return fold(source.text) in SOURCE_PRONOUNS
    if source.pos_ == "PROPN" or source.ent_type_ in {"PER", "ORG", "LOC"}:
        return True
    return lemma in lex.role_heads or lemma in lex.source_nouns or fold(source.text) in \
        lex.source_nouns


def _pour_candidate(
    tok: Token, quotes: list[Quote], rules: CueRules, lex: Lexicons
) -> Candidate | None:
    """"Pour l'analyste X, <opinion>": only a person (named, a role, or lui/elle) or a body
    that speaks (a union, a party: "Pour la CFDT, …") at the head of the sentence; "Pour la
    Russie, …" or "Pour rappel, …" are not sources."""
    doc = tok.doc
    source = tok.head
    if source is tok or _inside(tok.idx, quotes):
        return None
    sent = sentence_of(tok)
    lead = doc[sent.start : tok.i]
    colon = max((t.i for t in lead if t.text in {":", "–", "—"}), default=None)
    if colon is not None:  # "« … » : pour X, …" in a headline
        lead = doc[colon + 1 : tok.i]
    if any(not (t.is_punct or t.is_space) for t in lead):
        return None
    person = (source.ent_type_ == "PER" or fold(source.text) in SOURCE_PRONOUNS
              or fold(source.lemma_) in lex.role_heads
              or any(c.dep_ in {"appos", "flat:name"} and c.ent_type_ == "PER"
                     for c in source.children))
    last = _pp_end(source)
    if not (person or _speaking_body(source, lex)) or last + 1 >= sent.end or \
            doc[last + 1].text != ",":
        return None
    return _selon_candidate(doc, tok.i, source, rules)


def _speaking_body(source: Token, lex: Lexicons) -> bool:
    """A union, party or other body written as an acronym ("la CFDT", "le FMI") or named by
    a noun of the speaking lexicons ("le syndicat", "l'opposition"); not a place."""
    acronym = source.pos_ == "PROPN" and len(source.text) >= 2 and source.text.isupper() \
        and source.ent_type_ != "LOC"
    lemma = fold(source.lemma_)
    return acronym or lemma in lex.institution_heads or lemma in lex.speaking_groups


def _pp_end(source: Token) -> int:
    """Last token of the "selon X" phrase (stopping at the first comma after X)."""
    doc = source.doc
    last = source.right_edge.i
    for k in range(source.i + 1, last + 1):
        if doc[k].text in {",", ";", ":"}:
            # "Pour le président du groupe, X, …": the name may hang on a complement
            appositions = [c for c in source.subtree if c.dep_ == "appos" and c.i > k
                           and c.right_edge.i + 1 < len(doc)
                           and doc[c.right_edge.i + 1].text == ","]
            return appositions[0].right_edge.i if appositions else k - 1
    return last


def _selon_candidate(
    doc: Doc, first: int, source: Token, rules: CueRules, speaker: Token | None = None
) -> Candidate | None:
    """"selon X, <content>", "<content>, selon X"; ``speaker`` when the words of the phrase
    are a document and ``speaker`` the body that issued it."""
    sent = sentence_of(doc[first])
    colon = max((t.i for t in doc[sent.start : first] if t.text in {":", "–", "—"}),
                default=None)
    if colon is not None:  # "« … » : pour X, …": the headline's second half
        sent = doc[colon + 1 : sent.end]
    last = _pp_end(source)
    before = [t for t in doc[sent.start : first] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[last + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if not before and after:
        rng = trim(doc, last + 1, sent.end - 1)
        text = None
    elif before and not after:
        rng = trim(doc, sent.start, first - 1)
        text = None
    elif before and after:
        clause = source.head
        if clause.dep_ != "ROOT" and clause.pos_ in {"VERB", "AUX"} and clause.i != source.i:
            rng = trim(doc, clause.left_edge.i, clause.right_edge.i)
        else:
            rng = trim(doc, sent.start, sent.end - 1)
        text_all = text_of(doc)
        pp_end = doc[last].idx + len(doc[last].text)
        left = text_all[rng[0] : doc[first].idx].rstrip(" ,") if rng else ""
        right = text_all[pp_end : rng[1]].lstrip(" ,") if rng else ""
        text = f"{left} {right}".strip()
    else:
        return None
    if rng is None or len(text_of(doc)[rng[0] : rng[1]].split()) < 3:
        return None
    subject = doc[source.left_edge.i : last + 1] if source.left_edge.i > first else \
        doc[source.i : last + 1]
    subject = _strip_span(subject) if speaker is None else rules.subject_span(speaker)
    reporting = [(doc[first].idx, doc[last].idx + len(doc[last].text))]
    return Candidate("indirect", rng[0], rng[1], first, "selon", subject, False, via="selon",
                     text=text, reporting=reporting, confidence=0.8)


def _strip_span(span: Span) -> Span:
    doc = span.doc
    first, last = span.start, span.end - 1
    while first < last and (doc[first].is_punct or fold(doc[first].text) in {"selon", "d'",
                                                                            "apres"}):
        first += 1
    while last > first and doc[last].is_punct:
        last -= 1
    return doc[first : last + 1]


def _relative_candidate(
    prep: Token, pronoun: Token, rules: CueRules, lex: Lexicons
) -> Candidate | None:
    """"les remarques de X selon lesquelles <content>": X said <content>."""
    clause = pronoun.head
    if clause.dep_ != "acl:relcl" or clause.head is clause:
        return None
    antecedent = clause.head
    doc = prep.doc
    subject: Token | None = antecedent
    if fold(antecedent.lemma_) in lex.cue_nouns or fold(antecedent.text) in lex.cue_nouns:
        subject = next((c for c in antecedent.children if c.dep_ in {"nmod", "obl"}
                        and c.i > antecedent.i), None)
    elif not _speakerish(antecedent, lex):
        return None
    rng = trim(doc, pronoun.i + 1, clause.right_edge.i)
    if rng is None or subject is None:
        return None
    return Candidate("indirect", rng[0], rng[1], prep.i, "selon", rules.subject_span(subject),
                     False, via="relative", reporting=[(antecedent.idx, rng[0])],
                     confidence=0.75)


def heard_from_source_candidates(doc: Doc, quotes: list[Quote], rules: CueRules) -> list[Candidate]:
    """"<content>, a-t-on appris auprès du parquet" / "… de source policière": the press
    learned the words from someone; the source after "auprès de" or "de source" speaks
    (an unnamed source stays unknown)."""
    found: list[Candidate] = []
    for tok in doc:
        if fold(tok.lemma_) != "apprendre" or tok.i < 1 or fold(doc[tok.i - 1].text) != "-on":
            continue
        if _inside(tok.idx, quotes):
            continue
        sent = sentence_of(tok)
        rng = rules.inverted_content(tok, tok, None, sent)
        if rng is None:
            continue
        chars = trim(doc, *rng)
        if chars is None or len(text_of(doc)[chars[0]:chars[1]].split()) < 2:
            continue
        source = _heard_from_source(doc, tok, sent)
        subject = _strip_case(rules.subject_span(source)) if source is not None else None
        found.append(Candidate("indirect", *chars, tok.i, "apprendre", subject, subject is None,
                               via="inverted", confidence=0.8,
                               reporting=[(sent.start_char, chars[0]),
                                          (chars[1], sent.end_char)]))
    return found


def _heard_from_source(doc: Doc, verb: Token, sent: Span) -> Token | None:
    """The noun after "auprès de" or the "source" of "de source(s) …" following the verb."""
    after = list(doc[verb.i + 1 : sent.end])
    for k, tok in enumerate(after):
        if tok.is_punct and tok.text not in {"-", "'"}:
            return None
        if fold(tok.text) == "aupres" or (fold(tok.text) in {"de", "d'"} and k + 1 < len(after)
                                          and fold(after[k + 1].lemma_) == "source"):
            return next((t for t in after[k + 1 :] if t.pos_ in {"NOUN", "PROPN"}), None)
    return None


def _strip_case(span: Span) -> Span:
    """"du parquet de Nantes" → "parquet de Nantes"."""
    first = span.start
    while first < span.end - 1 and span.doc[first].pos_ == "ADP":
        first += 1
    return span.doc[first : span.end]
