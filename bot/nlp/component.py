"""Extraction as a spaCy pipeline component, so that ``nlp.pipe(..., n_process=N)`` runs the
rules in the worker processes too, not serially in the parent.

The article travels as the ``as_tuples`` context; the component reads it from the doc, runs the
extractor's rules on the parsed doc and leaves the result in ``doc.user_data`` as plain data
(the worker sends docs back with ``Doc.to_bytes``, which only carries msgpack-able values).
Docs without an :class:`~bot.models.Article` context pass through untouched.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from bot.models import Analysis, Article, Mention, Statement

FACTORY = "quotedesk_analysis"
RESULT_KEY = "quotedesk_analysis"
#: per-doc caches of the rules (spans, offsets): not serialisable, dropped before shipping
CACHE_KEYS = ("quotedesk_sentences", "quotedesk_text", "quotedesk_starts")


class DocAnalyzer(Protocol):
    """What the component runs: :class:`bot.nlp.extractor.Extractor` (named here only by its
    method, so that the extractor imports this module and not the other way round)."""

    def analyze_doc(self, article: Article, doc: Doc) -> Analysis: ...


@Language.factory(FACTORY)
def create_analysis_component(nlp: Language, name: str) -> AnalysisComponent:
    return AnalysisComponent()


class AnalysisComponent:
    """Runs :meth:`Extractor.analyze_doc` on docs whose context is an article."""

    def __init__(self) -> None:
        self.extractor: DocAnalyzer | None = None

    def __call__(self, doc: Doc) -> Doc:
        article = getattr(doc, "_context", None)
        if self.extractor is None or not isinstance(article, Article):
            return doc
        analysis = self.extractor.analyze_doc(article, doc)
        for key in CACHE_KEYS:
            doc.user_data.pop(key, None)
        doc.user_data[RESULT_KEY] = to_data(analysis)
        return doc


def to_data(analysis: Analysis) -> dict[str, Any]:
    return {"statements": [asdict(s) for s in analysis.statements],
            "mentions": [asdict(m) for m in analysis.mentions]}


def from_data(data: dict[str, Any]) -> Analysis:
    return Analysis(statements=[Statement(**s) for s in data.get("statements", [])],
                    mentions=[Mention(**m) for m in data.get("mentions", [])])


def take_result(doc: Doc) -> Analysis | None:
    """The analysis a worker left on ``doc`` (removed from it), or None."""
    data = doc.user_data.pop(RESULT_KEY, None)
    return from_data(data) if isinstance(data, dict) else None
