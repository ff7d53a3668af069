"""Statements: insert with their index terms; read back as hits."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.models import Statement, StatementHit
from store.params import ids_json
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


def statement_hits(db: sqlite_utils.Database, ids: list[int]) -> list[StatementHit]:
    """Statements as answer hits, in the order of ``ids`` (unknown ids left out)."""
    rows = db.execute(
        """
        SELECT st.id, st.article_id, a.doc, act.name, st.speaker_text, st.kind, st.text,
               st.said_on, st.said_precision, a.source, a.title, a.url, st.red_line,
               st.red_line_rule, st.sentence, st.red_line_kind, st.red_line_trigger
        FROM statements st JOIN articles a ON a.id = st.article_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE st.id IN (SELECT value FROM json_each(?))
        """,
        [ids_json(ids)],
    ).fetchall()
    by_id = {int(r[0]): _hit(r) for r in rows}
    return [by_id[sid] for sid in ids if sid in by_id]


def _hit(r: tuple[Any, ...]) -> StatementHit:
    return StatementHit(
        statement_id=int(r[0]), article_id=int(r[1]), doc=r[2], speaker=r[3],
        speaker_text=r[4], kind=r[5], text=r[6], said_on=r[7], said_precision=r[8],
        source=r[9], title=r[10], url=r[11], red_line=bool(r[12]), red_line_rule=r[13],
        context=r[14], red_line_kind=r[15], red_line_trigger=r[16],
    )
