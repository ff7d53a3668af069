"""The extractor: one spaCy pass per article, then light rules → statements and mentions."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from bot.models import Analysis, Article, Mention, Statement
from bot.nlp import dates
from bot.nlp.actors import ActorIndex, load_actor_records, load_genders
from bot.nlp.component import FACTORY, AnalysisComponent, take_result
from bot.nlp.cues import Candidate, CueRules
from bot.nlp.lexicons import Lexicons
from bot.nlp.mentions import MentionFinder
from bot.nlp.model import load_model
from bot.nlp.quotes import direct_candidates
from bot.nlp.redline_flag import RedLineFlag, RedLineFlagger
from bot.nlp.reported import (
    heard_from_source_candidates,
    participle_candidates,
    source_candidates,
    verb_candidates,
)
from bot.nlp.speakers import Speaker, SpeakerResolver, find_pairings
from bot.nlp.text import Quote, find_quotes, fold, sentence_of, text_of
from bot.nlp.transcripts import (
    bracketed_source_candidates,
    colon_paragraph_candidates,
    fragment_candidates,
    headline_candidates,
    interview_candidates,
    label_speakers,
    labelled_candidates,
    signed_candidates,
    subjects_above,
)

BATCH_SIZE = 16
LEAD_SHARE = 0.5  # share of attributed statements a speaker needs to own a subjectless lead


class Extractor:
    """Finds statements and mentions in articles."""

    def __init__(self, seeds_dir: Path) -> None:
        self.seeds_dir = Path(seeds_dir)
        self.lexicons = Lexicons.load(self.seeds_dir)
        self.index = ActorIndex(load_actor_records(self.seeds_dir), load_genders(self.seeds_dir))
        self.rules = CueRules(self.lexicons)
        self.red_lines = RedLineFlagger.load(self.seeds_dir)
        self._nlp: Language | None = None
        self._mentions: MentionFinder | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    @property
    def mention_finder(self) -> MentionFinder:
        if self._mentions is None:
            self._mentions = MentionFinder(self.nlp, self.index, self.lexicons)
        return self._mentions

    def analyze(self, article: Article) -> Analysis:
        return self.analyze_doc(article, self.nlp(article.text))

    def analyze_many(
        self, articles: Iterable[Article], n_process: int = 1
    ) -> Iterator[tuple[Article, Analysis]]:
        """Parse and analyse; with ``n_process > 1`` the rules run in the spaCy workers (a
        pipeline component), so the parent only rebuilds the results."""
        pairs = ((article.text, article) for article in articles)
        mine = self._analysis_component() if n_process > 1 else None
        disable = [name for name in self.nlp.pipe_names
                   if name.startswith(FACTORY) and name != mine]
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE,
                                          n_process=n_process, disable=disable):
            analysis = take_result(doc) if mine else None
            yield article, analysis if analysis is not None else self.analyze_doc(article, doc)

    def _analysis_component(self) -> str:
        """Name of this extractor's analysis component in the shared pipeline (added once;
        inert for docs without an article context)."""
        name = f"{FACTORY}_{id(self):x}"
        if name not in self.nlp.pipe_names:
            _ = self.mention_finder  # built here so that forked workers inherit it
            component = self.nlp.add_pipe(FACTORY, name=name, last=True)
            if not isinstance(component, AnalysisComponent):
                raise ValueError(f"unexpected component for {FACTORY}")
            component.extractor = self
        return name

    # --- one article ---------------------------------------------------------------------
    def analyze_doc(self, article: Article, doc: Doc) -> Analysis:
        blocks = _block_ranges(article)
        excluded = [(a, b) for (a, b, kind, text) in blocks
                    if self.lexicons.is_byline(text) or text in article.authors]
        mentions = self.mention_finder.find(doc, excluded)
        quotes = find_quotes(text_of(doc))
        resolver = SpeakerResolver(
            self.index, self.lexicons, mentions,
            find_pairings(doc, mentions, self.lexicons),
            article.published_on if article.date_precision != "none" else None,
            agencies_extra=_outlets(article),
            quoted=[(q.start, q.end) for q in quotes],
        )
        candidates = self._candidates(doc, quotes, resolver)
        candidates = self._transcript_candidates(doc, blocks, mentions, quotes, candidates)
        label_speakers(doc, blocks, mentions, candidates)
        candidates = _without_colon_acts(candidates)
        candidates.sort(key=lambda c: (c.anchor, c.start))
        candidates = [c for c in candidates if not any(a <= c.start < b for a, b in excluded)]
        statements: list[Statement] = []
        speakers: list[Speaker] = []
        used: list[Candidate] = []
        for candidate in candidates:
            if self._press_question(doc, candidate):
                continue
            speaker = resolver.resolve(candidate.subject, doc[candidate.anchor].idx)
            if speaker.agency:
                continue
            if speaker.name is None and candidate.fallback is not None:
                fallback = resolver.resolve(candidate.fallback.subject, doc[candidate.anchor].idx)
                if fallback.name is not None and not fallback.agency:
                    speaker, candidate = fallback, candidate.fallback
            statements.append(self._statement(doc, article, blocks, quotes, candidate, speaker))
            speakers.append(speaker)
            used.append(candidate)
        _participles_share_the_speaker(doc, statements, used)
        _narrative_infinitives_share_the_speaker(doc, statements, used)
        above = {n: resolver.resolve(span, span.start_char) for n, span in
                 subjects_above(doc, blocks, mentions).items()}
        _attribute_standalone_quotes(statements, used, speakers, blocks, above)
        _attribute_leads(statements, used, speakers)
        _date_statements(doc, article, statements, used)
        statements = _without_repeats(self._merge_continuations(text_of(doc), statements))
        return Analysis(statements=statements, mentions=mentions)

    def _merge_continuations(self, text: str, statements: list[Statement]) -> list[Statement]:
        """« A », a-t-il dit. « B »: a quotation running on after its reporting clause is one
        statement with the first (the words between are left out, marked […])."""
        merged: list[Statement] = []
        for st in statements:
            previous = merged[-1] if merged else None
            if st.rule != "continuation" or previous is None or previous.speaker != \
                    st.speaker or previous.kind != "direct" or previous.end > st.start:
                merged.append(st)
                continue
            gap = text[previous.end : st.start]
            joint = " " if not any(ch.isalnum() for ch in gap) else " […] "
            previous.text = previous.text + joint + st.text
            previous.end = st.end
            _set_flag(previous, self.red_lines.flag(previous.text, previous.cue))
        return merged

    def _candidates(
        self, doc: Doc, quotes: list[Quote], resolver: SpeakerResolver
    ) -> list[Candidate]:
        direct = direct_candidates(doc, quotes, self.rules)
        participles = participle_candidates(doc, quotes, self.rules)
        reported = participles + verb_candidates(doc, quotes, self.rules, direct + participles)
        reported += heard_from_source_candidates(doc, quotes, self.rules)
        # "…, indique l'agence Tass": an agency relays, it does not speak; its clause is
        # not a statement, but the speech it relays is.
        reported = [c for c in reported if c.subject is None or not resolver.is_agency(c.subject)]
        sources = source_candidates(doc, quotes, self.rules, self.lexicons)
        kept_sources: list[Candidate] = []
        for source in sources:
            inner = [c for c in direct + reported if source.start <= doc[c.anchor].idx < source.end]
            if inner and source.via == "selon":
                for c in inner:
                    c.fallback = c.fallback or source
                continue
            kept_sources.append(source)
        everything = [c for c in direct + reported + kept_sources
                      if not _only_reporting_clause(doc, c, quotes, self.rules)]
        _split_contrasts(doc, everything)
        kept = [c for c in everything if not _nested(doc, c, everything)]
        return sorted(_dedupe(kept), key=lambda c: (c.anchor, c.start))

    def _press_question(self, doc: Doc, candidate: Candidate) -> bool:
        """"Le gouvernement a-t-il fermé les yeux ? lui a demandé un journaliste": the
        press asking is no statement (ANNOTATION.md: questions asked by the journalist),
        whether the parser made the journalist the subject or the words."""
        if candidate.cue not in {"demander", "interroger", "questionner"}:
            return False
        cue = doc[candidate.anchor]
        asker = [t for t in cue.children
                 if t.dep_ == "nsubj" or (t.dep_ == "obj" and t.i > cue.i)]
        if candidate.subject is not None and len(candidate.subject) > 0:
            asker.append(candidate.subject.root)
        return any(fold(t.lemma_) in self.lexicons.press_askers for t in asker)

    def _transcript_candidates(
        self, doc: Doc, blocks: list[tuple[int, int, str, str]], mentions: list[Mention],
        quotes: list[Quote], found: list[Candidate],
    ) -> list[Candidate]:
        """``found`` with the surface rules' candidates, each only where no earlier rule found
        words (or only a quotation with no speaker): headlines, labelled lines, interview
        answers, sentences carrying quoted fragments."""
        extra = signed_candidates(doc, blocks, quotes, self.rules)
        extra += colon_paragraph_candidates(doc, blocks, self.rules)
        extra += bracketed_source_candidates(doc, blocks, mentions, self.lexicons)
        extra += headline_candidates(doc, blocks, self.lexicons, mentions)
        extra += labelled_candidates(doc, blocks, mentions, quotes, self.lexicons)
        extra += interview_candidates(doc, blocks, mentions, quotes, self.lexicons)
        extra += fragment_candidates(doc, quotes, self.lexicons,
                                     [(a, b) for a, b, kind, _ in blocks
                                                   if kind in {"title", "heading"}])
        kept = list(found)
        for candidate in extra:
            overlapping = [f for f in kept if f.start < candidate.end and candidate.start < f.end]
            if overlapping and candidate.subject is not None and all(
                    f.via == "standalone" and f.subject is None for f in overlapping):
                # "« Je continuerai … »" heading an interview: the interviewee's words
                kept = [f for f in kept if f not in overlapping]
                overlapping = []
            if not overlapping:
                kept.append(candidate)
        return kept

    def _statement(
        self, doc: Doc, article: Article, blocks: list[tuple[int, int, str, str]],
        quotes: list[Quote], candidate: Candidate, speaker: Speaker,
    ) -> Statement:
        _balance_quotes(text_of(doc), candidate, quotes)
        text = candidate.text or text_of(doc)[candidate.start : candidate.end]
        kind = candidate.kind
        whole = [q for q in quotes if abs(q.start - candidate.start) <= 1
                 and abs(q.end - candidate.end) <= 1]
        if kind == "indirect" and whole and candidate.via in {"selon", "inverted"}:
            # "« … », selon X": verbatim words; "que « … »" stays mixed (reported + verbatim)
            kind, text = "direct", _with_marks(text_of(doc), whole[0], candidate)
        elif kind == "direct" and candidate.text is None:
            marks = [q for q in quotes if q.start <= candidate.start and candidate.end <= q.end]
            if marks:  # verbatim words are kept with the marks they were published in
                text = _with_marks(text_of(doc), marks[0], candidate)
        elif kind == "indirect" and any(candidate.start <= q.start and q.end <= candidate.end + 1
                                        for q in quotes):
            kind = "mixed"
        if candidate.text is None and kind != "direct":
            text = _with_que(text_of(doc), candidate.start, text)
        paragraph, heading = _paragraph_and_heading(blocks, candidate.start)
        confidence = candidate.confidence * _speaker_confidence(speaker)
        statement = Statement(
            kind=kind,  # type: ignore[arg-type]
            text=text,
            start=candidate.start,
            end=candidate.end,
            speaker=speaker.name,
            speaker_text=speaker.text,
            speaker_kind=speaker.kind if speaker.name else "unknown",  # type: ignore[arg-type]
            cue=candidate.cue,
            rule=candidate.via,
            sentence=_sentence(doc, candidate),
            paragraph=paragraph,
            heading=heading,
            confidence=round(confidence, 3),
        )
        _set_flag(statement, self.red_lines.flag(text, candidate.cue))
        return statement


def _set_flag(statement: Statement, flag: RedLineFlag | None) -> None:
    """The red-line flag of a statement's words: its kind and what set it, or none."""
    statement.red_line = flag is not None
    statement.red_line_rule = flag.rule if flag else None
    statement.red_line_kind = flag.kind if flag else None
    statement.red_line_trigger = flag.trigger if flag else None


def _without_repeats(statements: list[Statement]) -> list[Statement]:
    """The same words given twice (a headline repeating a quotation of the body word for
    word, a quotation printed twice) are one statement: the first kept, or the one with a
    speaker. Words that differ, if only by a few, stay two statements."""
    kept: list[Statement] = []
    for st in sorted(statements, key=lambda s: s.speaker is None):
        if not any(_plain(st.text) == _plain(k.text) for k in kept):
            kept.append(st)
    return sorted(kept, key=lambda s: s.start)


def _plain(text: str) -> str:
    """Words and quotation marks, folded: punctuation, the style of the marks and case do
    not make words new; marking a word as quoted does."""
    return " ".join(re.findall(r'\w+|"', fold(text).translate(_ANY_QUOTE)))


_ANY_QUOTE = str.maketrans({mark: '"' for mark in "«»“”„"})


_QUE_BEFORE = re.compile(r"(?:^|\s)(qu['’]|que\s+)$", re.IGNORECASE)


def _with_que(text: str, start: int, words: str) -> str:
    """Reported words as the press quotes them back, their "que" included ("qu'il ne
    conservera pas son titre"): the conjunction opens what was said."""
    match = _QUE_BEFORE.search(text[max(0, start - 5) : start])
    return match.group(1) + words if match else words


def _with_marks(text: str, quote: Quote, candidate: Candidate) -> str:
    """A quotation as published, its marks included ("« Nous discutons »"); the candidate's
    offsets widen to the marks so that they still index the words."""
    end = quote.end
    while end > quote.start and text[end - 1].isspace():  # a quote left open at a break
        end -= 1
    candidate.start, candidate.end = quote.start, end
    return text[quote.start : end]


CONTRAST_MARKS = {"tandis", "alors", "pendant", "cependant"}


def _split_contrasts(doc: Doc, candidates: list[Candidate]) -> None:
    """"X a jugé que …, tandis que Y a dénoncé …": Y's statement is not part of X's."""
    for inner in candidates:
        cue = doc[inner.anchor]
        marks = [c for c in cue.children if c.dep_ == "mark" and fold(c.text) in CONTRAST_MARKS]
        if not marks or inner.subject is None:
            continue
        cut = marks[0].idx
        for outer in candidates:
            if outer is not inner and outer.start < cut < outer.end and outer.text is None:
                end = cut
                while end > outer.start and text_of(doc)[end - 1] in " ,;":
                    end -= 1
                outer.end = end


def _balance_quotes(text: str, candidate: Candidate, quotes: list[Quote]) -> None:
    """Widen the words to whole quotations when they cut one ("un passage en force »")."""
    if candidate.kind == "direct" or candidate.text is not None:
        return
    for quote in quotes:
        if quote.start < candidate.start < quote.end <= candidate.end + 1:
            candidate.start = quote.start
        if candidate.start <= quote.start < candidate.end < quote.end:
            candidate.end = quote.end


def _nested(doc: Doc, candidate: Candidate, everything: list[Candidate]) -> bool:
    """A cue inside another statement's words reports speech within speech: drop it."""
    if candidate.via == "relative":
        return False
    pos = doc[candidate.anchor].idx
    for other in everything:
        if other is candidate or other.via == "continuation":
            continue
        if other.start <= pos < other.end and not (
            candidate.start <= other.start and other.end <= candidate.end
        ):
            return True
    return False


def _only_reporting_clause(doc: Doc, candidate: Candidate, quotes: list[Quote],
                           rules: CueRules) -> bool:
    """Words that, quotations aside, are only a reporting clause ("a-t-il affirmé") are
    no statement: the words reported are elsewhere."""
    if candidate.text is not None or candidate.kind == "direct":
        return False
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)
             and not any(q.contains(t.idx) for q in quotes)]
    return bool(words) and all(
        t.pos_ == "AUX" or t.lemma_ in {"avoir", "être"} or t.text.startswith("-")
        or rules.cue_lemma(t) is not None or rules.surface_cue(t) is not None
        for t in words)


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        if key in seen:
            continue
        seen.add(key)
        kept.append(candidate)
    return kept


def _outlets(article: Article) -> set[str]:
    return {fold(x) for x in (article.source, article.agency) if x}


def _speaker_confidence(speaker: Speaker) -> float:
    return {"name": 1.0, "institution": 0.95, "role": 0.9, "pronoun": 0.85,
            "lead": 0.6}.get(speaker.how, 0.5)


def _without_colon_acts(candidates: list[Candidate]) -> list[Candidate]:
    """"Il a détaillé ses priorités :" then a paragraph: the paragraph is what was said, not
    the words before the colon."""
    colon_cues = {c.anchor for c in candidates if c.via == "colon"}
    return [c for c in candidates if not (c.via == "verb" and c.anchor in colon_cues)]


def _block_ranges(article: Article) -> list[tuple[int, int, str, str]]:
    ranges: list[tuple[int, int, str, str]] = []
    pos = 0
    for block in article.analysed_blocks:
        ranges.append((pos, pos + len(block.text), block.kind, block.text))
        pos += len(block.text) + 2
    return ranges


def _paragraph_and_heading(
    blocks: list[tuple[int, int, str, str]], pos: int
) -> tuple[str, str | None]:
    heading: str | None = None
    for start, end, kind, text in blocks:
        if start <= pos <= end:
            return text, heading
        if kind == "heading":
            heading = text
    return "", heading


def _token_at(doc: Doc, pos: int) -> int:
    """Index of the token covering (or following) char ``pos``."""
    starts = doc.user_data.get("quotedesk_starts")
    if starts is None:
        starts = [t.idx for t in doc]
        doc.user_data["quotedesk_starts"] = starts
    return max(0, min(len(doc) - 1, bisect_right(starts, pos) - 1))


def _sentence(doc: Doc, candidate: Candidate) -> str:
    first = min(candidate.start, doc[candidate.anchor].idx)
    last = max(candidate.end - 1, doc[candidate.anchor].idx)
    start = sentence_of(doc[_token_at(doc, first)]).start_char
    end = sentence_of(doc[_token_at(doc, last)]).end_char
    return text_of(doc)[start:end].strip()


def _attribute_leads(
    statements: list[Statement], candidates: list[Candidate], speakers: list[Speaker]
) -> None:
    """A headline/lead that reports speech without a subject ("…, a assuré…") belongs to the
    article's main speaker when one person clearly dominates; otherwise it stays unknown."""
    named = Counter(s.speaker for s in statements if s.speaker and s.speaker_kind == "person")
    attributed = sum(1 for s in statements if s.speaker)
    if not named or attributed == 0:
        return
    main, count = named.most_common(1)[0]
    if count / attributed < LEAD_SHARE or count < 2:
        return
    for statement, candidate, speaker in zip(statements, candidates, speakers, strict=False):
        if statement.speaker is None and candidate.subject_missing and speaker.how == "none":
            statement.speaker = main
            statement.speaker_kind = "person"
            statement.confidence = round(statement.confidence * 0.6, 3)


def _participles_share_the_speaker(
    doc: Doc, statements: list[Statement], candidates: list[Candidate]
) -> None:
    """"X a affirmé que …, (en) appelant Y à …": a present participle has no subject of its
    own; it speaks with the statement before it in the same sentence."""
    for n, (statement, candidate) in enumerate(zip(statements, candidates, strict=False)):
        cue = doc[candidate.anchor]
        if n == 0 or candidate.via != "verb" or not _present_participle(cue):
            continue
        before = statements[n - 1]
        same_sentence = sentence_of(doc[candidates[n - 1].anchor]).start == \
            sentence_of(cue).start
        if same_sentence and before.speaker is not None:
            statement.speaker, statement.speaker_kind = before.speaker, before.speaker_kind
            statement.speaker_text = before.speaker_text


def _narrative_infinitives_share_the_speaker(
    doc: Doc, statements: list[Statement], candidates: list[Candidate]
) -> None:
    """"Et d'ajouter : « … »", "Et de rappeler que …": the narrative infinitive has no
    subject; it goes on with the latest speaker."""
    for n, (statement, candidate) in enumerate(zip(statements, candidates, strict=False)):
        cue = doc[candidate.anchor]
        if n == 0 or statement.speaker is not None or not _narrative_infinitive(cue):
            continue
        before = next((s for s in reversed(statements[:n]) if s.speaker is not None), None)
        if before is not None:
            statement.speaker, statement.speaker_kind = before.speaker, before.speaker_kind
            statement.speaker_text = before.speaker_text


def _narrative_infinitive(cue: Token) -> bool:
    """"Et d'ajouter": an infinitive right after "de" right after a sentence-opening "et"."""
    doc = cue.doc
    return "Inf" in cue.morph.get("VerbForm", []) and cue.i >= 2 and \
        fold(doc[cue.i - 1].text) in {"de", "d'"} and fold(doc[cue.i - 2].text) == "et" and \
        (cue.i == 2 or doc[cue.i - 2].is_sent_start or doc[cue.i - 3].text in {".", "!", "?"})


def _present_participle(token: Token) -> bool:
    return token.lower_.endswith("ant") and (
        "Part" in token.morph.get("VerbForm", []) or token.pos_ == "VERB")


NEIGHBOUR_RULES = {"standalone", "fragment"}  # words whose speaker is the neighbours'
NEIGHBOUR_BLOCKS = 2  # how many paragraphs back a standalone quotation finds its speaker


def _attribute_standalone_quotes(
    statements: list[Statement], candidates: list[Candidate], speakers: list[Speaker],
    blocks: list[tuple[int, int, str, str]], above: dict[int, Speaker],
) -> None:
    """A quotation with no reporting clause is the words of the speaker of the statement just
    before it (within two paragraphs), else of the next one in the same paragraph, else of
    the person the paragraph above it ends on as a subject (``above``); with none of
    these, it is dropped (a title of a work, a slogan)."""
    def block_of(pos: int) -> int:
        return next((n for n, (a, b, _, _) in enumerate(blocks) if a <= pos <= b), -1)

    drop: list[int] = []
    for n, (statement, candidate) in enumerate(zip(statements, candidates, strict=False)):
        if candidate.via not in NEIGHBOUR_RULES or statement.speaker is not None:
            continue
        here = block_of(statement.start)
        before = next((s for s in reversed(statements[:n]) if s.speaker is not None
                       and 0 <= here - block_of(s.start) <= NEIGHBOUR_BLOCKS), None)
        after = next((s for s in statements[n + 1 :] if s.speaker is not None
                      and block_of(s.start) == here), None)
        source = before or after
        subject = above.get(here) if source is None and candidate.via == "standalone" else None
        if subject is not None and subject.name is not None:
            statement.speaker, statement.speaker_kind = subject.name, "person"
            statement.speaker_text = subject.text
        elif source is None:
            drop.append(n)
            continue
        else:
            statement.speaker = source.speaker
            statement.speaker_kind = source.speaker_kind
        statement.confidence = round(statement.confidence * 0.8, 3)
    for n in reversed(drop):
        del statements[n]
        del candidates[n]
        del speakers[n]


def _date_statements(
    doc: Doc, article: Article, statements: list[Statement], candidates: list[Candidate]
) -> None:
    last_explicit: dict[str | None, dates.SaidOn] = {}
    previous: tuple[str | None, dates.SaidOn] | None = None
    for statement, candidate in zip(statements, candidates, strict=False):
        clause = " ".join(text_of(doc)[a:b] for a, b in candidate.reporting)
        if candidate.via in {"selon", "relative", "continuation"}:
            clause = ""
        said = dates.resolve(clause, article.published_on, article.date_precision)
        if said.explicit:
            last_explicit[statement.speaker] = said
        elif statement.speaker in last_explicit and _refines(last_explicit[statement.speaker],
                                                             said):
            said = last_explicit[statement.speaker]
        elif previous is not None and statement.speaker is not None and \
                previous[0] == statement.speaker and previous[1].explicit:
            # "X a répété mardi soir que … « … », a-t-il martelé": the same occasion
            said = previous[1]
        previous = (statement.speaker, said)
        statement.said_on = said.value
        statement.said_precision = said.precision


def _refines(explicit: dates.SaidOn, default: dates.SaidOn) -> bool:
    """An explicit day refines the article date when it falls inside it."""
    if explicit.value is None or default.value is None:
        return False
    return explicit.value.startswith(default.value)


__all__ = ["Extractor"]
