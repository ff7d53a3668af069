"""Matching a new article against subscriptions, inside the ingest transaction.

Indexed, never a scan of subscriptions:
- actor subscriptions join on ``actor_id``;
- ``redlines`` subscriptions join on the statements' ``red_line`` flag;
- ``redline <name>`` subscriptions join on the extractor's ``red_line_kind`` (the built-in
  red lines named after the flag's kinds: ``threat``, ``ultimatum``…) and on the red lines
  whose patterns match the article's statements;
- red-line patterns and keyword subscriptions are found through ``alert_anchors`` (one index
  term per alternative, looked up with the article's terms), then checked with an FTS5 MATCH
  on a TEMP index of the article's own statements (:class:`ArticleIndex`), so matching costs
  the same whatever the size of the corpus.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from store.params import now_iso
from store.patterns import column_expr
from store.redline_sets import BUILTIN_TEAM
from store.schema import FTS_TOKENIZE

ARTICLE_INDEX = "alert_article_fts"  # TEMP FTS5 table: the statements being matched


class ArticleIndex:
    """The statements of one article, indexed on their own for matching alert expressions.

    Expressions are checked with FTS5 against a TEMP contentless table (same tokenizer and
    column name as ``statements_fts``, so the same MATCH semantics: phrases, AND/OR groups,
    column filter) that holds only the new article's ``text_terms``. Its cost depends on the
    article, never on the size of the corpus. The table lives in the connection's temp schema
    (private to the connection, written inside the caller's transaction) and is emptied before
    each article. Each distinct expression is evaluated once per article.
    """

    def __init__(self, db: sqlite_utils.Database, article_id: int) -> None:
        self.db = db
        self._hits: dict[str, list[int]] = {}
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{ARTICLE_INDEX} USING fts5("
            f"text_terms, content='', tokenize=\"{FTS_TOKENIZE}\")"
        )
        db.execute(f"INSERT INTO temp.{ARTICLE_INDEX}({ARTICLE_INDEX}) VALUES ('delete-all')")
        rows = db.execute(
            "SELECT id, text_terms FROM statements WHERE article_id = ? ORDER BY id",
            [article_id],
        ).fetchall()
        db.conn.executemany(
            f"INSERT INTO temp.{ARTICLE_INDEX}(rowid, text_terms) VALUES (?, ?)", rows
        )
        terms: set[str] = set()
        for _, text_terms in rows:
            terms.update((text_terms or "").split())
        self.terms_json = json.dumps(sorted(terms))

    def hits(self, expr: str) -> list[int]:
        """Ids of the article's statements whose ``text_terms`` match ``expr``, ascending."""
        if expr not in self._hits:
            rows = self.db.execute(
                f"SELECT rowid FROM temp.{ARTICLE_INDEX} WHERE {ARTICLE_INDEX} MATCH ?"
                " ORDER BY rowid",
                [column_expr(expr)],
            ).fetchall()
            self._hits[expr] = [int(r[0]) for r in rows]
        return self._hits[expr]


def _matched_redlines(
    db: sqlite_utils.Database, index: ArticleIndex
) -> list[tuple[int, int, str, str]]:
    """(statement id, red line id, red line team, red line name) for pattern matches."""
    candidates = db.execute(
        """
        SELECT r.id, r.team_id, r.name, r.expr FROM alert_redlines r
        WHERE r.id IN (SELECT target_id FROM alert_anchors
                       WHERE target_kind = 'redline'
                         AND term IN (SELECT value FROM json_each(?)))
        """,
        [index.terms_json],
    ).fetchall()
    found = []
    for redline_id, team_id, name, expr in candidates:
        for statement_id in index.hits(expr):
            found.append((statement_id, int(redline_id), str(team_id), str(name)))
    return found


_INSERT_OUTBOX = """
    INSERT OR IGNORE INTO alert_outbox (subscription_id, statement_id, article_id, team_id,
        channel_id, detail, created_at)
"""


def _insert_outbox(db: sqlite_utils.Database, select: str, params: dict[str, Any]) -> int:
    """Outbox rows from ``select`` (duplicates ignored); returns how many were new."""
    return int(db.execute(_INSERT_OUTBOX + select, params).rowcount)


def enqueue_for_article(db: sqlite_utils.Database, article_id: int) -> int:
    """Write outbox rows for every subscription the article's statements match.

    Called inside the ingest transaction that stored the article. Returns rows written.
    One row per (subscription, statement); re-running never duplicates. CROSS JOIN keeps
    the article's few statements as the outer loop, so subscriptions are reached by index.
    """
    if db.execute(
        "SELECT 1 FROM statements WHERE article_id = ? LIMIT 1", [article_id]
    ).fetchone() is None:
        return 0
    index = ArticleIndex(db, article_id)
    now = now_iso()
    written = 0
    args = {"a": article_id, "now": now, "builtin": BUILTIN_TEAM}
    direct = "(sub.only_direct = 0 OR st.kind = 'direct')"
    written += _insert_outbox(
        db,
        f"""
        SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, NULL, :now
        FROM statements st CROSS JOIN alert_subscriptions sub
            ON sub.kind = 'actor' AND sub.actor_id = st.actor_id
        WHERE st.article_id = :a AND st.actor_id IS NOT NULL AND sub.status = 'active'
            AND {direct}
        """,
        args,
    )
    written += _insert_outbox(
        db,
        f"""
        SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id,
               coalesce(st.red_line_kind, st.red_line_rule, 'red line'), :now
        FROM statements st CROSS JOIN alert_subscriptions sub ON sub.kind = 'redlines'
        WHERE st.article_id = :a AND st.red_line = 1 AND sub.status = 'active' AND {direct}
        """,
        args,
    )
    written += _insert_outbox(
        db,
        f"""
        SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, r.name, :now
        FROM statements st
            CROSS JOIN alert_redlines r ON r.team_id = :builtin AND r.builtin = 1
                AND r.expr = '' AND r.name = st.red_line_kind
            CROSS JOIN alert_subscriptions sub ON sub.kind = 'redline' AND sub.redline_id = r.id
        WHERE st.article_id = :a AND st.red_line = 1 AND sub.status = 'active' AND {direct}
        """,
        args,
    )
    matches = _matched_redlines(db, index)
    if matches:
        matched_json = json.dumps([list(m) for m in matches])
        matched_cte = """
            WITH m AS (SELECT value ->> 0 AS statement_id, value ->> 1 AS redline_id,
                              value ->> 2 AS team_id, value ->> 3 AS name
                       FROM json_each(:m))
        """
        margs = {**args, "m": matched_json, "builtin": BUILTIN_TEAM}
        # one red line followed by name, then every red line of the team (and the built-in
        # ones): two joins, each served by its own index
        for subscribed in ("sub.kind = 'redline' AND sub.redline_id = m.redline_id",
                           "sub.kind = 'redlines' AND (m.team_id = :builtin "
                           "OR sub.team_id = m.team_id)"):
            written += _insert_outbox(
                db,
                matched_cte
                + f"""
                SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, m.name, :now
                FROM m JOIN statements st ON st.id = m.statement_id
                    JOIN alert_subscriptions sub ON {subscribed}
                WHERE sub.status = 'active' AND {direct}
                """,
                margs,
            )
    keyword_subs = db.execute(
        """
        SELECT id, expr FROM alert_subscriptions
        WHERE kind = 'keyword' AND status = 'active'
          AND id IN (SELECT target_id FROM alert_anchors
                     WHERE target_kind = 'keyword'
                       AND term IN (SELECT value FROM json_each(?)))
        ORDER BY id
        """,
        [index.terms_json],
    ).fetchall()
    pairs = [
        [int(sub_id), statement_id]
        for sub_id, expr in keyword_subs
        for statement_id in index.hits(str(expr))
    ]
    if pairs:
        written += _insert_outbox(
            db,
            f"""
            SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, sub.phrase, :now
            FROM json_each(:pairs) p
                JOIN alert_subscriptions sub ON sub.id = p.value ->> 0
                JOIN statements st ON st.id = p.value ->> 1
            WHERE {direct}
            ORDER BY p.key
            """,
            {**args, "pairs": json.dumps(pairs)},
        )
    return written
