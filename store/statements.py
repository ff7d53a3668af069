"""Statements: insert with their index terms."""

from __future__ import annotations

import sqlite_utils

from bot.models import Statement
from store.terms import index_terms


def insert_statements(
    db: sqlite_utils.Database,
    article_id: int,
    title: str,
    statements: list[Statement],
    actor_ids: list[int | None],
) -> list[int]:
    """Insert an article's statements (caller owns the transaction). Returns their ids."""
    ids: list[int] = []
    title_terms = index_terms(title)
    for statement, actor_id in zip(statements, actor_ids, strict=True):
        context = " ".join(
            part for part in (statement.heading or "", statement.paragraph) if part
        )
        cursor = db.execute(
            """
            INSERT INTO statements (article_id, actor_id, speaker_text, kind, text, cue,
                sentence, paragraph, heading, start, "end", said_on, said_precision,
                red_line, red_line_rule, red_line_kind, red_line_trigger, confidence,
                text_terms, context_terms, title_terms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                article_id,
                actor_id,
                statement.speaker_text,
                statement.kind,
                statement.text,
                statement.cue,
                statement.sentence,
                statement.paragraph,
                statement.heading,
                statement.start,
                statement.end,
                statement.said_on,
                statement.said_precision,
                int(statement.red_line),
                statement.red_line_rule,
                statement.red_line_kind,
                statement.red_line_trigger,
                statement.confidence,
                index_terms(statement.text),
                index_terms(context),
                title_terms,
            ],
        )
        assert cursor.lastrowid is not None
        ids.append(int(cursor.lastrowid))
    return ids
