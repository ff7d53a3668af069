"""Loading ``fr_core_news_md`` once, with tokenizer rules robust to glued text.

Nothing here runs at import: :func:`load_model` loads the model on first call and caches it,
so every :class:`~bot.nlp.Extractor` of a process shares one pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

MODEL_NAME = "fr_core_news_md"

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿœæ"
# Function words that open a French sentence; used to split "UkraineLe chef" style glue.
_SENTENCE_OPENERS = (
    "Le|La|Les|L'|L’|Un|Une|Des|Il|Elle|Ils|Elles|Selon|Pour|Dans|Mais|En|Au|Aux|Ce|Cette|"
    "Ces|Sur|Par|Après|Avant|Lors|Depuis|Parmi|Alors|Ainsi|Cependant|Toutefois|Enfin|Nous|"
    "Je|On"
)  # place names are not listed: "expliqué.Moscou" splits on its glued full stop (below)
_EXTRA_INFIXES = [
    # "étrangères.Pour" / "expliqué.Moscou": a full stop glued to the next sentence
    rf"(?<=[{_LOWER}]{{2}})\.(?=[{_UPPER}])",
    # "M.Lavrov": honorific glued to the name (split after the dot)
    rf"(?<=\bM\.)(?=[{_UPPER}])",
    # quotation marks glued to words: qu'"il, intérêts"Selon
    r"(?<=[\w'’])[\"«»“”](?=\w)",
    # "l'erreur»-Me Konaté": a closing quotation mark glued to a dash and a signature
    r"(?<=[\w'’.!?])[»”\"](?=[-–—]\w)",
    r"(?<=[»”\"])[-–—](?=\w)",
    # "UkraineLe chef": lower case letter glued to a sentence opener
    rf"(?<=[{_LOWER}]{{2}})(?=(?:{_SENTENCE_OPENERS})\b)",
]
_GLUE_BOUNDARY = re.compile(rf"^[{_UPPER}]")


@Language.factory("quotedesk_glue_boundaries")
def create_glue_boundaries(nlp: Language, name: str) -> GlueBoundaries:
    return GlueBoundaries()


class GlueBoundaries:
    """Marks sentence starts the parser tends to miss: block breaks and glued sentences.

    Runs before the parser, which keeps the boundaries it is given.
    """

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            prev = doc[token.i - 1]
            if _after_break(prev) or _glued_start(doc, token):
                token.is_sent_start = True
            elif prev.whitespace_ == "" and prev.text not in _ENDINGS:
                token.is_sent_start = False  # inside a word: "russo-américaine", "M.Lavrov"
            elif token.text[:1].islower() and prev.is_alpha and "\n" not in prev.whitespace_:
                token.is_sent_start = False  # "Sergueï Lavrov | a averti": no sentence opens
                # on a lower-case word right after a word
        return doc


def _after_break(prev: Token) -> bool:
    """The previous token ends a block (blank line or line break)."""
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


def _glued_start(doc: Doc, token: Token) -> bool:
    """"étrangères.Pour", "intérêts"Selon", "UkraineLe": a sentence glued to the previous one."""
    prev = doc[token.i - 1]
    if prev.whitespace_ != "" or not _GLUE_BOUNDARY.match(token.text) or token.i < 2:
        return False
    before = doc[token.i - 2]
    if prev.text in {".", "!", "?"}:
        return before.is_alpha
    if prev.text in {'"', "»", "”"}:
        return _glued_word(before)
    return prev.is_alpha and prev.text[-1:].islower() and token.text in _OPENERS


_OPENERS = set(_SENTENCE_OPENERS.split("|"))
_ENDINGS = {".", "!", "?", "…", '"', "»", "”", ":", ";"}


def _glued_word(token: Token) -> bool:
    """A word directly followed by a closing quote (``intérêts"``), not an elision (``qu'"``)."""
    return token.whitespace_ == "" and token.text[-1:].isalnum()


def _keep_hyphenated_names(finditer: Any) -> Any:
    """The infix splitter, except for the hyphen inside a capitalised compound name
    ("Keller-Sutter", "Amir-Abdollahian", "Paul-Édouard"): one token, as NER and the parser
    read a name best ("a-t-il" and "celle-là" still split)."""
    def finditer_names(text: str) -> Iterator[re.Match[str]]:
        for match in finditer(text):
            at = match.start()
            if match.group() == "-" and text[:1].isupper() and at + 1 < len(text) and \
                    text[at + 1].isupper() and text[at - 1].isalpha():
                continue
            yield match
    return finditer_names


_DEMONSTRATIVES = [
    form(f"{pronoun}-{place}")
    for pronoun in ("celui", "celle", "ceux", "celles") for place in ("ci", "là")
    for form in (str, str.capitalize)
]


def customize(nlp: Language) -> Language:
    """Add the glue-robust tokenizer rules and boundary component to a loaded pipeline."""
    infixes = list(nlp.Defaults.infixes or []) + _EXTRA_INFIXES
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = _keep_hyphenated_names(compile_infix_regex(infixes).finditer)
    for word in _DEMONSTRATIVES:  # "Celui-ci accuse …": one pronoun, capitalised or not
        tokenizer.add_special_case(word, [{"ORTH": word}])
    if "quotedesk_glue_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("quotedesk_glue_boundaries", before="parser")
    return nlp


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The shared French pipeline (loaded on first use, then cached)."""
    return customize(spacy.load(MODEL_NAME))
