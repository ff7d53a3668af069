"""Source → ingest → nlp → store: the one way articles enter Quotedesk."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest import IngestError, content_hash, iter_articles
from bot.ingest.decode import MAX_ARTICLE_CHARS
from bot.ingest.dedup import NearDuplicateIndex
from bot.models import Analysis, Article
from bot.nlp import Extractor, load_actor_records
from store import Store
from store.actors import upsert_actor
from store.articles import article_id_by_hash, recent_originals
from store.ingest import save_article

logger = logging.getLogger(__name__)

BATCH_SIZE = 32
# With worker processes, each batch starts spaCy's workers anew: larger batches amortise that.
PARALLEL_BATCH_SIZE = 1024
#: A new article is compared with this many of the most recently stored originals.
RECENT_ORIGINALS = 2000


def _key(article: Article) -> tuple[str, str]:
    """Identifies an article across extraction: with ``n_process > 1`` spaCy hands back
    unpickled copies, so object identity (``id()``) does not survive the round trip."""
    return article.doc, article.body


@dataclass
class IngestReport:
    stored: list[tuple[str, int, int]] = field(default_factory=list)  # doc, id, statements
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # doc, original id
    errors: list[IngestError] = field(default_factory=list)

    def summary(self) -> str:
        statements = sum(n for _, _, n in self.stored)
        return (
            f"{len(self.stored)} stored ({statements} statements), "
            f"{len(self.unchanged)} unchanged, {len(self.duplicates)} near-duplicates, "
            f"{len(self.errors)} errors"
        )


class Pipeline:
    """Ingests sources into a store, running extraction on each new article."""

    def __init__(
        self,
        store: Store,
        seeds_dir: Path,
        extractor: Extractor | None = None,
        n_process: int = 1,
    ) -> None:
        self.store = store
        self.seeds_dir = seeds_dir
        self._extractor = extractor
        self.n_process = n_process

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(self.seeds_dir)
        return self._extractor

    def ensure_seed_actors(self) -> int:
        """Load seeds/actors.json into the actors table (idempotent)."""
        records = load_actor_records(self.seeds_dir)
        db = self.store.db
        with db.atomic():  # one transaction (``with db.conn`` would commit per row)
            for record in records:
                upsert_actor(db, record.name, record.kind, record.aliases, list(record.roles))
        return len(records)

    def ingest(
        self,
        sources: Iterable[str | Path],
        on_item: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Ingest every article of every source; one bad document never stops the batch."""
        self.ensure_seed_actors()
        report = IngestReport()
        batch: list[Article] = []
        batch_size = BATCH_SIZE if self.n_process <= 1 else PARALLEL_BATCH_SIZE
        for item in self._articles(sources, report):
            batch.append(item)
            if len(batch) >= batch_size:
                self._ingest_batch(batch, report, on_item)
                batch = []
        if batch:
            self._ingest_batch(batch, report, on_item)
        return report

    def ingest_articles(self, articles: Iterable[Article]) -> IngestReport:
        """Ingest already-built articles (feeds, URLs)."""
        self.ensure_seed_actors()
        report = IngestReport()
        self._ingest_batch(list(articles), report, None)
        return report

    def _articles(
        self, sources: Iterable[str | Path], report: IngestReport
    ) -> Iterator[Article]:
        for source in sources:
            for item in iter_articles(source):
                if isinstance(item, IngestError):
                    logger.warning("%s", item)
                    report.errors.append(item)
                else:
                    yield item

    def _ingest_batch(
        self,
        batch: list[Article],
        report: IngestReport,
        on_item: Callable[[str], None] | None,
    ) -> None:
        db = self.store.db
        fresh: list[tuple[Article, str]] = []
        later: list[tuple[Article, str]] = []  # rewrites of an article earlier in this batch
        seen: set[str] = set()
        originals = self._originals_index()
        pending = NearDuplicateIndex()  # this batch's new originals, not stored yet
        for article in batch:
            digest = content_hash(article)
            if digest in seen or article_id_by_hash(db, digest) is not None:
                report.unchanged.append(article.doc)
                if on_item:
                    on_item(article.doc)
                continue
            seen.add(digest)
            if self._store_if_duplicate(article, digest, originals, report, on_item):
                continue
            if pending.find(article) is not None:
                later.append((article, digest))  # linked once its original is stored
                continue
            pending.add(len(fresh), article.body)
            fresh.append((article, digest))
        self._store_fresh(fresh, report, on_item, originals)
        if later:  # ``originals`` now holds this batch's stored originals too, newest first
            rest = [
                (article, digest)
                for article, digest in later
                if not self._store_if_duplicate(article, digest, originals, report, on_item)
            ]
            self._store_fresh(rest, report, on_item, originals)

    def _originals_index(self) -> NearDuplicateIndex:
        """The recent stored originals, indexed oldest first so that the newest win ties."""
        index = NearDuplicateIndex(limit=RECENT_ORIGINALS)
        for row in reversed(recent_originals(self.store.db, limit=RECENT_ORIGINALS)):
            index.add(int(row["id"]), str(row["body"] or ""))
        return index

    def _store_if_duplicate(
        self,
        article: Article,
        digest: str,
        originals: NearDuplicateIndex,
        report: IngestReport,
        on_item: Callable[[str], None] | None,
    ) -> bool:
        """Store ``article`` as a rewritten copy when it rewrites a stored original."""
        original = originals.find(article)
        if original is None:
            return False
        save_article(self.store.db, article, digest, Analysis(), duplicate_of=original)
        report.duplicates.append((article.doc, original))
        if on_item:
            on_item(article.doc)
        return True

    def _store_fresh(
        self,
        fresh: list[tuple[Article, str]],
        report: IngestReport,
        on_item: Callable[[str], None] | None,
        originals: NearDuplicateIndex,
    ) -> None:
        """Extract and store new originals, adding each one stored to ``originals``."""
        db = self.store.db
        hashes = {_key(article): digest for article, digest in fresh}
        for article, analysis in self._analyze([a for a, _ in fresh], report):
            try:
                article_id, statement_ids = save_article(
                    db, article, hashes[_key(article)], analysis
                )
            except Exception as exc:  # one article's failure must not stop the batch
                logger.exception("could not store %s", article.doc)
                report.errors.append(IngestError(article.doc, f"could not store: {exc}"))
            else:
                report.stored.append((article.doc, article_id, len(statement_ids)))
                originals.add(article_id, article.body)
            if on_item:
                on_item(article.doc)

    @staticmethod
    def _within_length(articles: list[Article], report: IngestReport) -> list[Article]:
        """Refuse, with a clear error, articles too long for the parser (not news articles)."""
        kept = []
        for article in articles:
            size = len(article.body)
            if size > MAX_ARTICLE_CHARS:
                report.errors.append(IngestError(
                    article.doc,
                    f"article too long to analyse ({size:,} characters, limit "
                    f"{MAX_ARTICLE_CHARS:,}): is it several articles in one file?",
                ))
            else:
                kept.append(article)
        return kept

    def _analyze(
        self, articles: list[Article], report: IngestReport
    ) -> Iterator[tuple[Article, Analysis]]:
        articles = self._within_length(articles, report)
        if not articles:
            return
        done: set[tuple[str, str]] = set()
        try:
            for article, analysis in self.extractor.analyze_many(
                articles, n_process=self.n_process
            ):
                done.add(_key(article))
                yield article, analysis
            return
        except Exception:
            logger.exception("batch extraction failed; retrying one article at a time")
        for article in articles:  # isolate the failing article(s)
            if _key(article) in done:
                continue
            try:
                analysis = self.extractor.analyze(article)
            except Exception as exc:
                logger.exception("extraction failed for %s", article.doc)
                report.errors.append(IngestError(article.doc, f"extraction failed: {exc}"))
                continue
            yield article, analysis
