"""Saving one analysed article: article row, actors, statements, mentions, alert outbox.

All of it in one transaction, so a crash never leaves half an article, and alerts are
enqueued atomically with the statements they announce.
"""

from __future__ import annotations

import sqlite_utils

from bot.models import Analysis, Article
from store.actors import actor_id_by_name, upsert_actor
from store.alert_matching import enqueue_for_article
from store.articles import insert_article
from store.statements import insert_statements


def _actor_id(db: sqlite_utils.Database, name: str | None, kind: str) -> int | None:
    if not name:
        return None
    existing = actor_id_by_name(db, name)
    if existing is not None:
        return existing
    return upsert_actor(db, name, kind if kind != "unknown" else "person", origin="ner")


def save_article(
    db: sqlite_utils.Database,
    article: Article,
    content_hash: str,
    analysis: Analysis,
    duplicate_of: int | None = None,
) -> tuple[int, list[int]]:
    """Store the article and what was found in it; returns (article id, statement ids)."""
    # db.atomic(), not ``with db.conn``: sqlite-utils commits each write on its own unless
    # a transaction is already open, so ``with db.conn`` would not make this atomic.
    with db.atomic():
        article_id = insert_article(db, article, content_hash, duplicate_of)
        if duplicate_of is not None:
            return article_id, []
        actor_ids = [_actor_id(db, s.speaker, s.speaker_kind) for s in analysis.statements]
        statement_ids = insert_statements(
            db, article_id, article.title, analysis.statements, actor_ids
        )
        for mention in analysis.mentions:
            mention_actor = _actor_id(db, mention.actor, mention.actor_kind)
            db.execute(
                'INSERT INTO mentions (article_id, actor_id, text, start, "end") '
                "VALUES (?, ?, ?, ?, ?)",
                [article_id, mention_actor, mention.text, mention.start, mention.end],
            )
        enqueue_for_article(db, article_id)
    return article_id, statement_ids
