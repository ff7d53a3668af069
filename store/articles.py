"""Articles: insert, look up by content hash, list."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

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


def recent_originals(db: sqlite_utils.Database, limit: int = 2000) -> list[dict[str, Any]]:
    """Recent non-duplicate articles (id, title, body) for near-duplicate checks."""
    rows = db.execute(
        """
        SELECT id, title, body FROM articles
        WHERE duplicate_of IS NULL ORDER BY id DESC LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [{"id": r[0], "title": r[1], "body": r[2]} for r in rows]


def list_articles(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every stored article with its statement count, oldest first."""
    rows = db.execute(
        """
        SELECT a.id, a.doc, a.title, a.source, a.agency, a.url, a.published_on,
               a.date_precision, a.authors, a.duplicate_of, a.ingested_at,
               (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements
        FROM articles a ORDER BY a.id
        """
    ).fetchall()
    keys = [
        "id", "doc", "title", "source", "agency", "url", "published_on",
        "date_precision", "authors", "duplicate_of", "ingested_at", "statements",
    ]
    result = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["authors"] = json.loads(item["authors"] or "[]")
        result.append(item)
    return result


def corpus_stats(db: sqlite_utils.Database) -> dict[str, Any]:
    """Counts for the App Home and the demo."""
    row = db.execute(
        """
        SELECT (SELECT count(*) FROM articles WHERE duplicate_of IS NULL),
               (SELECT count(*) FROM statements),
               (SELECT count(*) FROM actors),
               (SELECT max(ingested_at) FROM articles)
        """
    ).fetchone()
    return {"articles": row[0], "statements": row[1], "actors": row[2], "last_ingest": row[3]}
