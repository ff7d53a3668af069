"""Articles: insert, look up by content hash, list."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TypedDict

import sqlite_utils

from bot.models import Article
from store.params import now_iso
from store.terms import index_terms


def article_id_by_hash(db: sqlite_utils.Database, content_hash: str) -> int | None:
    row = db.execute(
        "SELECT id FROM articles WHERE content_hash = ?", [content_hash]
    ).fetchone()
    return int(row[0]) if row else None


def insert_article(
    db: sqlite_utils.Database,
    article: Article,
    content_hash: str,
    duplicate_of: int | None = None,
) -> int:
    """Insert one article; the caller owns the transaction."""
    cursor = db.execute(
        """
        INSERT INTO articles (doc, title, body, blocks, source, agency, url, path,
            published_on, date_precision, language, authors, dateline_place,
            content_hash, duplicate_of, title_terms, body_terms, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            article.doc,
            article.title,
            article.body,
            json.dumps([asdict(b) for b in article.blocks], ensure_ascii=False),
            article.source,
            article.agency,
            article.url,
            article.path,
            article.published_on,
            article.date_precision,
            article.language,
            json.dumps(article.authors, ensure_ascii=False),
            article.dateline_place,
            content_hash,
            duplicate_of,
            index_terms(article.title),
            index_terms(article.body) if duplicate_of is None else "",
            now_iso(),
        ],
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


class Original(TypedDict):
    id: int
    title: str
    body: str


def recent_originals(db: sqlite_utils.Database, limit: int = 2000) -> list[Original]:
    """Recent non-duplicate articles (id, title, body) for near-duplicate checks."""
    rows = db.execute(
        """
        SELECT id, title, body FROM articles
        WHERE duplicate_of IS NULL ORDER BY id DESC LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [Original(id=int(r[0]), title=r[1], body=r[2]) for r in rows]


class ArticleRow(TypedDict):
    """A stored article as ``quotedesk articles`` lists it."""

    id: int
    doc: str
    title: str
    source: str | None
    agency: str | None
    url: str | None
    published_on: str | None
    date_precision: str
    authors: list[str]
    duplicate_of: int | None
    ingested_at: str
    statements: int


def list_articles(db: sqlite_utils.Database) -> list[ArticleRow]:
    """Every stored article with its statement count, oldest first."""
    rows = db.execute(
        """
        SELECT a.id, a.doc, a.title, a.source, a.agency, a.url, a.published_on,
               a.date_precision, a.authors, a.duplicate_of, a.ingested_at,
               (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements
        FROM articles a ORDER BY a.id
        """
    ).fetchall()
    return [
        ArticleRow(
            id=int(r[0]), doc=r[1], title=r[2], source=r[3], agency=r[4], url=r[5],
            published_on=r[6], date_precision=r[7], authors=json.loads(r[8] or "[]"),
            duplicate_of=r[9], ingested_at=r[10], statements=int(r[11]),
        )
        for r in rows
    ]


class CorpusStats(TypedDict):
    articles: int
    statements: int
    actors: int
    last_ingest: str | None


def corpus_stats(db: sqlite_utils.Database) -> CorpusStats:
    """Counts for the App Home and the demo."""
    row = db.execute(
        """
        SELECT (SELECT count(*) FROM articles WHERE duplicate_of IS NULL),
               (SELECT count(*) FROM statements),
               (SELECT count(*) FROM actors),
               (SELECT max(ingested_at) FROM articles)
        """
    ).fetchone()
    return CorpusStats(articles=int(row[0]), statements=int(row[1]), actors=int(row[2]),
                       last_ingest=row[3])
