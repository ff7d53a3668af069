"""Alerts SQL: subscriptions, red lines, outbox, digests, job runs, feeds and the inbox.

Every query that reads or changes a channel's data is scoped by ``(team_id, channel_id)`` (or
``team_id`` for a workspace's red lines), so a workspace never sees another's.

Matching a new article against subscriptions is indexed, never a scan of subscriptions:
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
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from store.errors import NotFound
from store.schema import FTS_TOKENIZE
from store.terms import index_terms

migrations = Migrations("quotedesk_alerts")

SUBSCRIPTION_KINDS = ("actor", "redline", "redlines", "keyword")
BUILTIN_TEAM = ""  # team_id of built-in red lines (visible to every workspace)


@migrations(name="001_alerts_tables")
def create_alert_tables(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE alert_redlines (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            builtin INTEGER NOT NULL DEFAULT 0,
            expr TEXT NOT NULL DEFAULT '',
            created_by TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (team_id, name)
        );
        CREATE INDEX idx_alert_redlines_name ON alert_redlines(name);

        CREATE TABLE alert_redline_patterns (
            id INTEGER PRIMARY KEY,
            redline_id INTEGER NOT NULL REFERENCES alert_redlines(id) ON DELETE CASCADE,
            pattern TEXT NOT NULL,
            expr TEXT NOT NULL
        );
        CREATE INDEX idx_alert_redline_patterns ON alert_redline_patterns(redline_id);

        CREATE TABLE alert_subscriptions (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('actor', 'redline', 'redlines', 'keyword')),
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            actor_id INTEGER REFERENCES actors(id),
            redline_id INTEGER REFERENCES alert_redlines(id) ON DELETE CASCADE,
            phrase TEXT,
            expr TEXT,
            only_direct INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'muted', 'broken')),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            broken_reason TEXT,
            broken_notified_at TEXT,
            UNIQUE (team_id, channel_id, key)
        );
        CREATE INDEX idx_alert_subs_actor ON alert_subscriptions(actor_id)
            WHERE kind = 'actor';
        CREATE INDEX idx_alert_subs_redline ON alert_subscriptions(redline_id)
            WHERE kind = 'redline';
        CREATE INDEX idx_alert_subs_kind_team ON alert_subscriptions(kind, team_id);

        CREATE TABLE alert_anchors (
            term TEXT NOT NULL,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('redline', 'keyword')),
            target_id INTEGER NOT NULL,
            PRIMARY KEY (term, target_kind, target_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_alert_anchors_target ON alert_anchors(target_kind, target_id);

        CREATE TABLE alert_outbox (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL
                REFERENCES alert_subscriptions(id) ON DELETE CASCADE,
            statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            detail TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'skipped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            claimed_at TEXT,
            sent_at TEXT,
            message_ts TEXT,
            last_error TEXT,
            UNIQUE (subscription_id, statement_id)
        );
        CREATE INDEX idx_alert_outbox_status ON alert_outbox(status, team_id, channel_id);
        CREATE INDEX idx_alert_outbox_channel ON alert_outbox(team_id, channel_id, id);

        CREATE TABLE alert_digests (
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            hour INTEGER NOT NULL,
            minute INTEGER NOT NULL,
            timezone TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            skip_empty INTEGER NOT NULL DEFAULT 0,
            last_outbox_id INTEGER NOT NULL DEFAULT 0,
            last_sent_at TEXT,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (team_id, channel_id)
        );

        CREATE TABLE alert_runs (
            job_id TEXT NOT NULL,
            scheduled_for TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'posted', 'done')),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            detail TEXT,
            PRIMARY KEY (job_id, scheduled_for)
        );

        CREATE TABLE alert_feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            etag TEXT,
            modified TEXT,
            added_by TEXT NOT NULL,
            team_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_polled_at TEXT,
            next_poll_at TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            items_ingested INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE alert_feed_items (
            feed_id INTEGER NOT NULL REFERENCES alert_feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, guid)
        ) WITHOUT ROWID;

        CREATE TABLE alert_inbox_files (
            path TEXT PRIMARY KEY,
            mtime_ns INTEGER NOT NULL,
            size INTEGER NOT NULL,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations(name="002_alerts_meta")
def create_alert_meta(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE alert_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations(name="003_feed_teams")
def create_feed_teams(db: sqlite_utils.Database) -> None:
    """A feed is polled once, but belongs to each workspace that added it: only those list,
    see or remove it."""
    db.executescript(
        """
        CREATE TABLE alert_feed_teams (
            team_id TEXT NOT NULL,
            feed_id INTEGER NOT NULL REFERENCES alert_feeds(id) ON DELETE CASCADE,
            added_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (team_id, feed_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_alert_feed_teams_feed ON alert_feed_teams(feed_id);
        INSERT INTO alert_feed_teams (team_id, feed_id, added_by, created_at)
            SELECT team_id, id, added_by, created_at FROM alert_feeds;
        """
    )


@migrations(name="004_outbox_retry")
def add_outbox_retry(db: sqlite_utils.Database) -> None:
    """Retries are scheduled in time: a row is not tried again before ``next_attempt_at``;
    ``failing_since`` is when its current run of failures began."""
    db.executescript(
        """
        ALTER TABLE alert_outbox ADD COLUMN next_attempt_at TEXT;
        ALTER TABLE alert_outbox ADD COLUMN failing_since TEXT;
        """
    )


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM alert_meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO alert_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Patterns → FTS5 expressions over statements_fts.text_terms
# --------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"«“]([^\"»”]+)[\"»”]")


@dataclass(frozen=True)
class Compiled:
    """An FTS5 expression (always column-filtered, every term quoted) and its anchor terms."""

    expr: str
    anchors: tuple[str, ...]


def _phrase(stems: list[str]) -> str:
    return '"' + " ".join(s.replace('"', "") for s in stems) + '"'


def compile_pattern(pattern: str, *, as_phrase: bool = False) -> Compiled:
    """One pattern → an expression over folded stems.

    Bare words must all occur in the statement (AND); a quoted part ("mer d'Azov") must occur
    as a phrase. ``as_phrase`` treats the whole pattern as one phrase (keyword subscriptions).
    Raises ValueError when the pattern has no word.
    """
    units: list[list[str]] = []
    if as_phrase:
        stems = index_terms(pattern).split()
        if stems:
            units.append(stems)
    else:
        for quoted in _QUOTED.findall(pattern):
            stems = index_terms(quoted).split()
            if stems:
                units.append(stems)
        for word in index_terms(_QUOTED.sub(" ", pattern)).split():
            units.append([word])
    if not units:
        raise ValueError(f"the pattern {pattern!r} has no word to look for")
    anchor = max((s for unit in units for s in unit), key=len)
    expr = " AND ".join(_phrase(unit) for unit in units)
    return Compiled(f"({expr})", (anchor,))


def compile_groups(groups: list[list[str]]) -> Compiled:
    """Already-stemmed groups → an expression: every group must match (AND), through any one
    of its alternatives (OR); an alternative of several stems is a phrase.

    The anchors are the longest stem of each alternative of the smallest group: any statement
    that matches contains at least one of them.
    """
    cleaned = [
        [alt for alt in dict.fromkeys(" ".join(a.split()) for a in group) if alt]
        for group in groups
    ]
    cleaned = [group for group in cleaned if group]
    if not cleaned:
        raise ValueError("nothing to look for")
    parts = []
    for group in cleaned:
        alternatives = " OR ".join(_phrase(alt.split()) for alt in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    smallest = min(cleaned, key=len)
    anchors = tuple(dict.fromkeys(max(alt.split(), key=len) for alt in smallest))
    return Compiled("(" + " AND ".join(parts) + ")", anchors)


def compile_any(options: list[Compiled]) -> Compiled:
    """Any of several compiled expressions (OR), with all their anchors."""
    if not options:
        raise ValueError("no pattern given")
    exprs = list(dict.fromkeys(o.expr for o in options))
    anchors = tuple(dict.fromkeys(a for o in options for a in o.anchors))
    return Compiled(" OR ".join(exprs), anchors)


def column_expr(expr: str) -> str:
    return "{text_terms} : (" + expr + ")"


# --------------------------------------------------------------------------------------------
# Red lines
# --------------------------------------------------------------------------------------------


def _set_anchors(
    db: sqlite_utils.Database, kind: str, target_id: int, anchors: tuple[str, ...]
) -> None:
    db.execute(
        "DELETE FROM alert_anchors WHERE target_kind = ? AND target_id = ?", [kind, target_id]
    )
    for term in anchors:
        db.execute(
            "INSERT OR IGNORE INTO alert_anchors (term, target_kind, target_id) VALUES (?, ?, ?)",
            [term, kind, target_id],
        )


def save_redline(
    db: sqlite_utils.Database,
    team_id: str,
    name: str,
    patterns: list[tuple[str, Compiled]],
    *,
    description: str = "",
    builtin: bool = False,
    created_by: str | None = None,
) -> int:
    """Create or replace a red line and its (pattern, compiled) pairs; caller owns the
    transaction. Returns the red line's id.

    A built-in red line may have no pattern: it then stands for the extraction flag's kind of
    the same name (``statements.red_line_kind``: threat, ultimatum…) and matches only by it.
    """
    if not patterns and not builtin:
        raise ValueError("a red line needs at least one pattern")
    rows = [(pattern, compiled.expr) for pattern, compiled in patterns]
    whole = compile_any([c for _, c in patterns]) if patterns else Compiled("", ())
    existing = db.execute(
        "SELECT id FROM alert_redlines WHERE team_id = ? AND name = ?", [team_id, name]
    ).fetchone()
    if existing is None:
        cursor = db.execute(
            "INSERT INTO alert_redlines (team_id, name, description, builtin, expr, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [team_id, name, description, int(builtin), whole.expr, created_by, now_iso()],
        )
        redline_id = int(cursor.lastrowid or 0)
    else:
        redline_id = int(existing[0])
        db.execute(
            "UPDATE alert_redlines SET description = ?, expr = ?, builtin = ? WHERE id = ?",
            [description, whole.expr, int(builtin), redline_id],
        )
        db.execute("DELETE FROM alert_redline_patterns WHERE redline_id = ?", [redline_id])
    for pattern, expr in rows:
        db.execute(
            "INSERT INTO alert_redline_patterns (redline_id, pattern, expr) VALUES (?, ?, ?)",
            [redline_id, pattern, expr],
        )
    _set_anchors(db, "redline", redline_id, whole.anchors)
    return redline_id


def find_redline(db: sqlite_utils.Database, team_id: str, name: str) -> dict[str, Any] | None:
    """The team's own red line called ``name``, else the built-in one."""
    row = db.execute(
        """
        SELECT id, team_id, name, description, builtin, expr, created_by, created_at
        FROM alert_redlines WHERE name = ? AND team_id IN (?, ?)
        ORDER BY team_id = ? DESC LIMIT 1
        """,
        [name, team_id, BUILTIN_TEAM, BUILTIN_TEAM],
    ).fetchone()
    if row is None:
        return None
    keys = ["id", "team_id", "name", "description", "builtin", "expr", "created_by", "created_at"]
    item = dict(zip(keys, row, strict=True))
    item["patterns"] = [
        r[0]
        for r in db.execute(
            "SELECT pattern FROM alert_redline_patterns WHERE redline_id = ? ORDER BY id",
            [item["id"]],
        ).fetchall()
    ]
    return item


def list_redlines(db: sqlite_utils.Database, team_id: str) -> list[dict[str, Any]]:
    """Built-in red lines and the team's own, with their patterns."""
    rows = db.execute(
        """
        SELECT r.id, r.name, r.description, r.builtin, r.created_by, r.created_at,
               (SELECT json_group_array(pattern) FROM
                   (SELECT pattern FROM alert_redline_patterns p
                    WHERE p.redline_id = r.id ORDER BY p.id))
        FROM alert_redlines r WHERE r.team_id IN (?, ?)
        ORDER BY r.builtin DESC, r.name
        """,
        [team_id, BUILTIN_TEAM],
    ).fetchall()
    return [
        {
            "id": r[0],
            "name": r[1],
            "description": r[2],
            "builtin": bool(r[3]),
            "created_by": r[4],
            "created_at": r[5],
            "patterns": json.loads(r[6] or "[]"),
        }
        for r in rows
    ]


def remove_redline(db: sqlite_utils.Database, team_id: str, name: str) -> int:
    """Delete the team's own red line (and its subscriptions). Returns subscriptions removed.

    Raises NotFound if the team has no such red line, ValueError for a built-in one.
    """
    row = db.execute(
        "SELECT id FROM alert_redlines WHERE team_id = ? AND name = ?", [team_id, name]
    ).fetchone()
    if row is None:
        if find_redline(db, team_id, name) is not None:
            raise ValueError(f"{name} is a built-in red line; it cannot be removed")
        raise NotFound(name)
    redline_id = int(row[0])
    with db.atomic():
        removed = db.execute(
            "DELETE FROM alert_subscriptions WHERE team_id = ? AND kind = 'redline'"
            " AND redline_id = ?",
            [team_id, redline_id],
        ).rowcount
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'redline' AND target_id = ?",
            [redline_id],
        )
        db.execute("DELETE FROM alert_redlines WHERE id = ?", [redline_id])
    return int(removed)


def remove_stale_builtins(db: sqlite_utils.Database, keep: set[str]) -> int:
    """Delete built-in red lines no longer defined (caller owns the transaction), except those
    a channel still subscribes to. Returns how many were removed."""
    rows = db.execute(
        "SELECT id, name FROM alert_redlines r WHERE team_id = ? AND builtin = 1 AND NOT EXISTS"
        " (SELECT 1 FROM alert_subscriptions s WHERE s.redline_id = r.id)",
        [BUILTIN_TEAM],
    ).fetchall()
    stale = [int(r[0]) for r in rows if r[1] not in keep]
    for redline_id in stale:
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'redline' AND target_id = ?",
            [redline_id],
        )
        db.execute("DELETE FROM alert_redlines WHERE id = ?", [redline_id])
    return len(stale)


def patterns_matching(
    db: sqlite_utils.Database, redline_id: int, statement_ids: list[int]
) -> dict[int, list[str]]:
    """For each of ``statement_ids``, the red line's patterns it matches (in pattern order)."""
    patterns = db.execute(
        "SELECT pattern, expr FROM alert_redline_patterns WHERE redline_id = ? ORDER BY id",
        [redline_id],
    ).fetchall()
    found: dict[int, list[str]] = {sid: [] for sid in statement_ids}
    for pattern, expr in patterns:
        rows = db.execute(
            "SELECT rowid FROM statements_fts WHERE statements_fts MATCH :expr"
            " AND rowid IN (SELECT value FROM json_each(:ids))",
            {"expr": column_expr(str(expr)), "ids": _ids_json(statement_ids)},
        ).fetchall()
        for row in rows:
            found[int(row[0])].append(str(pattern))
    return found


def statements_matching(
    db: sqlite_utils.Database, expr: str, kind: str | None = None, limit: int = 10
) -> tuple[int, list[int]]:
    """(total, newest statement ids) matching ``expr`` over the whole corpus, or flagged with
    ``red_line_kind = kind`` by extraction."""
    by_rule = "SELECT id FROM statements WHERE red_line = 1 AND red_line_kind = :rule"
    by_expr = "SELECT rowid FROM statements_fts WHERE statements_fts MATCH :expr"
    if expr and kind:
        sql = f"{by_expr} UNION {by_rule}"
    elif expr:
        sql = by_expr
    elif kind:
        sql = by_rule
    else:
        return 0, []
    rows = db.execute(sql, {"expr": column_expr(expr), "rule": kind}).fetchall()
    ids = sorted((int(r[0]) for r in rows), reverse=True)
    return len(ids), ids[:limit]


# --------------------------------------------------------------------------------------------
# Subscriptions
# --------------------------------------------------------------------------------------------

_SUB_COLUMNS = (
    "id",
    "team_id",
    "channel_id",
    "kind",
    "key",
    "label",
    "actor_id",
    "redline_id",
    "phrase",
    "only_direct",
    "status",
    "created_by",
    "created_at",
    "broken_reason",
)


def _sub_row(row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip(_SUB_COLUMNS, row, strict=True))
    item["only_direct"] = bool(item["only_direct"])
    return item


def add_subscription(
    db: sqlite_utils.Database,
    team_id: str,
    channel_id: str,
    kind: str,
    key: str,
    label: str,
    created_by: str,
    *,
    actor_id: int | None = None,
    redline_id: int | None = None,
    phrase: str | None = None,
    compiled: Compiled | None = None,
    only_direct: bool = False,
) -> tuple[int, bool]:
    """Subscribe a channel; returns (id, created). An existing one is re-activated."""
    if kind not in SUBSCRIPTION_KINDS:
        raise ValueError(f"unknown subscription kind {kind!r}")
    with db.atomic():
        row = db.execute(
            "SELECT id FROM alert_subscriptions WHERE team_id = ? AND channel_id = ? AND key = ?",
            [team_id, channel_id, key],
        ).fetchone()
        if row is not None:
            db.execute(
                "UPDATE alert_subscriptions SET status = 'active', broken_reason = NULL,"
                " broken_notified_at = NULL, only_direct = ? WHERE id = ?",
                [int(only_direct), row[0]],
            )
            return int(row[0]), False
        cursor = db.execute(
            """
            INSERT INTO alert_subscriptions (team_id, channel_id, kind, key, label, actor_id,
                redline_id, phrase, expr, only_direct, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                team_id,
                channel_id,
                kind,
                key,
                label,
                actor_id,
                redline_id,
                phrase,
                compiled.expr if compiled else None,
                int(only_direct),
                created_by,
                now_iso(),
            ],
        )
        sub_id = int(cursor.lastrowid or 0)
        if kind == "keyword" and compiled is not None:
            _set_anchors(db, "keyword", sub_id, compiled.anchors)
    return sub_id, True


def remove_subscription(db: sqlite_utils.Database, team_id: str, channel_id: str, key: str) -> bool:
    with db.atomic():
        row = db.execute(
            "SELECT id FROM alert_subscriptions WHERE team_id = ? AND channel_id = ? AND key = ?",
            [team_id, channel_id, key],
        ).fetchone()
        if row is None:
            return False
        db.execute(
            "DELETE FROM alert_anchors WHERE target_kind = 'keyword' AND target_id = ?", [row[0]]
        )
        db.execute("DELETE FROM alert_subscriptions WHERE id = ?", [row[0]])
    return True


def list_subscriptions(
    db: sqlite_utils.Database, team_id: str, channel_id: str
) -> list[dict[str, Any]]:
    rows = db.execute(
        f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions"
        " WHERE team_id = ? AND channel_id = ? ORDER BY id",
        [team_id, channel_id],
    ).fetchall()
    return [_sub_row(r) for r in rows]


def get_subscription(db: sqlite_utils.Database, team_id: str, sub_id: int) -> dict[str, Any] | None:
    row = db.execute(
        f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions WHERE team_id = ? AND id = ?",
        [team_id, sub_id],
    ).fetchone()
    return _sub_row(row) if row else None


def set_subscription_status(
    db: sqlite_utils.Database, team_id: str, sub_id: int, status: str
) -> bool:
    with db.atomic():
        changed = db.execute(
            "UPDATE alert_subscriptions SET status = ? WHERE team_id = ? AND id = ?",
            [status, team_id, sub_id],
        ).rowcount
        if status != "active":
            db.execute(
                "UPDATE alert_outbox SET status = 'skipped', last_error = ?"
                " WHERE subscription_id = ? AND team_id = ? AND status = 'pending'",
                [status, sub_id, team_id],
            )
    return bool(changed)


# --------------------------------------------------------------------------------------------
# Matching at ingest (inside the ingest transaction)
# --------------------------------------------------------------------------------------------


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
        written += _insert_outbox(
            db,
            matched_cte
            + f"""
            SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, m.name, :now
            FROM m JOIN statements st ON st.id = m.statement_id
                JOIN alert_subscriptions sub
                    ON sub.kind = 'redline' AND sub.redline_id = m.redline_id
            WHERE sub.status = 'active' AND {direct}
            """,
            margs,
        )
        written += _insert_outbox(
            db,
            matched_cte
            + f"""
            SELECT sub.id, st.id, st.article_id, sub.team_id, sub.channel_id, m.name, :now
            FROM m JOIN statements st ON st.id = m.statement_id
                JOIN alert_subscriptions sub ON sub.kind = 'redlines'
                    AND (m.team_id = :builtin OR sub.team_id = m.team_id)
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


# --------------------------------------------------------------------------------------------
# Outbox delivery
# --------------------------------------------------------------------------------------------


def skip_inactive(db: sqlite_utils.Database) -> int:
    """Pending rows of muted or broken subscriptions are never delivered."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'skipped', last_error = 'subscription inactive'
                WHERE status = 'pending' AND subscription_id IN
                    (SELECT id FROM alert_subscriptions WHERE status != 'active')
                """
            ).rowcount
        )


def claimed_channels(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(team, channel, earliest claim time) of rows claimed but not confirmed sent."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, min(claimed_at) FROM alert_outbox
        WHERE status = 'claimed' GROUP BY team_id, channel_id
        """
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def claimed_ids(db: sqlite_utils.Database, team_id: str, channel_id: str) -> list[int]:
    rows = db.execute(
        "SELECT id FROM alert_outbox WHERE status = 'claimed' AND team_id = ?"
        " AND channel_id = ? ORDER BY id",
        [team_id, channel_id],
    ).fetchall()
    return [int(r[0]) for r in rows]


def last_message_ts(db: sqlite_utils.Database, team_id: str, channel_id: str) -> str | None:
    """Slack ts of the newest alert confirmed sent to the channel (ts strings sort as text:
    fixed-width seconds, then microseconds)."""
    row = db.execute(
        "SELECT max(message_ts) FROM alert_outbox WHERE team_id = ? AND channel_id = ?"
        " AND status = 'sent' AND message_ts != ''",
        [team_id, channel_id],
    ).fetchone()
    return str(row[0]) if row and row[0] else None


@dataclass
class OutboxGroup:
    """Pending alerts for one channel about one article: one Slack message."""

    team_id: str
    channel_id: str
    article_id: int
    ids: list[int]


def pending_groups(
    db: sqlite_utils.Database, limit: int = 200, now: datetime | None = None
) -> list[OutboxGroup]:
    """Pending rows due now (no retry scheduled later), grouped per (team, channel, article),
    oldest first."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, article_id, json_group_array(id), min(id) AS first
        FROM alert_outbox
        WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        GROUP BY team_id, channel_id, article_id
        ORDER BY first LIMIT ?
        """,
        [now_iso(now), limit],
    ).fetchall()
    return [OutboxGroup(r[0], r[1], int(r[2]), sorted(json.loads(r[3]))) for r in rows]


def _ids_json(ids: list[int]) -> str:
    return json.dumps([int(i) for i in ids])


def claim_rows(
    db: sqlite_utils.Database, ids: list[int], now: datetime | None = None
) -> list[int]:
    """pending → claimed (committed before posting). Returns the ids actually claimed."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'claimed', claimed_at = ?, attempts = attempts + 1
            WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))
            """,
            [now_iso(now), _ids_json(ids)],
        )
        rows = db.execute(
            "SELECT id FROM alert_outbox WHERE status = 'claimed'"
            " AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
            [_ids_json(ids)],
        ).fetchall()
    return [int(r[0]) for r in rows]


def mark_sent(
    db: sqlite_utils.Database, ids: list[int], message_ts: str | None,
    now: datetime | None = None,
) -> int:
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'sent', sent_at = ?, message_ts = ?,
                    next_attempt_at = NULL
                WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
                """,
                [now_iso(now), message_ts, _ids_json(ids)],
            ).rowcount
        )


def release_rows(db: sqlite_utils.Database, ids: list[int], error: str | None) -> None:
    """claimed → pending, due at once (a post known not to have gone through, not a
    failure of Slack's: e.g. a run that died before posting)."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'pending', last_error = coalesce(?, last_error)
            WHERE status = 'claimed' AND id IN (SELECT value FROM json_each(?))
            """,
            [error, _ids_json(ids)],
        )


def retry_later(
    db: sqlite_utils.Database, ids: list[int], error: str, next_attempt: datetime,
    now: datetime | None = None,
) -> None:
    """A failed try: back to pending, not tried again before ``next_attempt``."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET status = 'pending', last_error = ?, next_attempt_at = ?,
                failing_since = coalesce(failing_since, ?)
            WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
            """,
            [error[:500], now_iso(next_attempt), now_iso(now), _ids_json(ids)],
        )


def note_failure(
    db: sqlite_utils.Database, ids: list[int], error: str, next_attempt: datetime,
    now: datetime | None = None,
) -> None:
    """A try whose outcome is unknown (Slack answered 5xx, the connection broke): the rows
    stay claimed until the channel's history tells whether the post went through."""
    with db.atomic():
        db.execute(
            """
            UPDATE alert_outbox SET last_error = ?, next_attempt_at = ?,
                failing_since = coalesce(failing_since, ?)
            WHERE status = 'claimed' AND id IN (SELECT value FROM json_each(?))
            """,
            [error[:500], now_iso(next_attempt), now_iso(now), _ids_json(ids)],
        )


def attempts_of(db: sqlite_utils.Database, ids: list[int]) -> int:
    """How many times these rows have been tried (the most of any)."""
    row = db.execute(
        "SELECT max(attempts) FROM alert_outbox WHERE id IN (SELECT value FROM json_each(?))",
        [_ids_json(ids)],
    ).fetchone()
    return int(row[0] or 0) if row else 0


def fail_rows(db: sqlite_utils.Database, ids: list[int], error: str) -> int:
    """Rows that can never be delivered (a permanent Slack error): failed."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox SET status = 'failed', last_error = ?, next_attempt_at = NULL
                WHERE status IN ('claimed', 'pending') AND id IN (SELECT value FROM json_each(?))
                """,
                [error[:500], _ids_json(ids)],
            ).rowcount
        )


def give_up_failing(db: sqlite_utils.Database, since_before: datetime) -> int:
    """Pending rows failing without a break since before ``since_before``: failed."""
    with db.atomic():
        return int(
            db.execute(
                """
                UPDATE alert_outbox
                SET status = 'failed', next_attempt_at = NULL,
                    last_error = 'gave up after retrying since ' || failing_since
                        || ' (' || coalesce(last_error, '') || ')'
                WHERE status = 'pending' AND failing_since IS NOT NULL AND failing_since < ?
                """,
                [now_iso(since_before)],
            ).rowcount
        )


def failing_channels(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """(team, channel, failing since, last error) of channels with undelivered rows that
    have failed at least once."""
    rows = db.execute(
        """
        SELECT team_id, channel_id, min(failing_since),
            (SELECT last_error FROM alert_outbox o2 WHERE o2.team_id = o.team_id
             AND o2.channel_id = o.channel_id AND o2.status IN ('pending', 'claimed')
             AND o2.failing_since IS NOT NULL ORDER BY o2.id DESC LIMIT 1)
        FROM alert_outbox o
        WHERE status IN ('pending', 'claimed') AND failing_since IS NOT NULL
        GROUP BY team_id, channel_id ORDER BY 3
        """
    ).fetchall()
    return [(r[0], r[1], r[2], r[3] or "") for r in rows]


def outbox_overview(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Undelivered rows per (team, channel, status): how many, the next retry, failing since,
    the latest error; plus failed rows."""
    columns = ("team_id", "channel_id", "status", "rows", "next_attempt_at", "failing_since",
               "last_error", "oldest")
    rows = db.execute(
        """
        SELECT team_id, channel_id, status, count(*), min(next_attempt_at), min(failing_since),
            (SELECT last_error FROM alert_outbox o2 WHERE o2.team_id = o.team_id
             AND o2.channel_id = o.channel_id AND o2.status = o.status
             AND o2.last_error IS NOT NULL ORDER BY o2.id DESC LIMIT 1),
            min(created_at)
        FROM alert_outbox o WHERE status IN ('pending', 'claimed', 'failed')
        GROUP BY team_id, channel_id, status ORDER BY team_id, channel_id, status
        """
    ).fetchall()
    return [dict(zip(columns, r, strict=True)) for r in rows]


def outbox_counts(db: sqlite_utils.Database) -> dict[str, int]:
    rows = db.execute("SELECT status, count(*) FROM alert_outbox GROUP BY status").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


_DETAIL_COLUMNS = (
    "outbox_id",
    "subscription_id",
    "sub_kind",
    "sub_label",
    "detail",
    "statement_id",
    "kind",
    "text",
    "said_on",
    "said_precision",
    "red_line",
    "red_line_rule",
    "speaker",
    "speaker_text",
    "article_id",
    "doc",
    "title",
    "source",
    "url",
    "published_on",
    "actor_id",
    "red_line_kind",
    "red_line_trigger",
)


def alert_details(db: sqlite_utils.Database, ids: list[int]) -> list[dict[str, Any]]:
    """What an alert message shows, one dict per outbox row (statement order)."""
    rows = db.execute(
        """
        SELECT o.id, o.subscription_id, sub.kind, sub.label, o.detail, st.id, st.kind, st.text,
               st.said_on, st.said_precision, st.red_line, st.red_line_rule, act.name,
               st.speaker_text, a.id, a.doc, a.title, a.source, a.url, a.published_on,
               st.actor_id, st.red_line_kind, st.red_line_trigger
        FROM alert_outbox o
            JOIN alert_subscriptions sub ON sub.id = o.subscription_id
            JOIN statements st ON st.id = o.statement_id
            JOIN articles a ON a.id = st.article_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE o.id IN (SELECT value FROM json_each(?))
        ORDER BY st.start, o.id
        """,
        [_ids_json(ids)],
    ).fetchall()
    return [dict(zip(_DETAIL_COLUMNS, r, strict=True)) for r in rows]


def mark_channel_broken(
    db: sqlite_utils.Database, team_id: str, channel_id: str, reason: str
) -> list[dict[str, Any]]:
    """The bot cannot post in the channel: its subscriptions become broken, its pending and
    claimed rows failed. Returns subscriptions whose subscriber has not been told yet."""
    with db.atomic():
        db.execute(
            "UPDATE alert_subscriptions SET status = 'broken', broken_reason = ?"
            " WHERE team_id = ? AND channel_id = ? AND status = 'active'",
            [reason, team_id, channel_id],
        )
        db.execute(
            "UPDATE alert_outbox SET status = 'failed', last_error = ?"
            " WHERE team_id = ? AND channel_id = ? AND status IN ('pending', 'claimed')",
            [reason, team_id, channel_id],
        )
        rows = db.execute(
            f"SELECT {', '.join(_SUB_COLUMNS)} FROM alert_subscriptions"
            " WHERE team_id = ? AND channel_id = ? AND status = 'broken'"
            " AND broken_notified_at IS NULL ORDER BY id",
            [team_id, channel_id],
        ).fetchall()
    return [_sub_row(r) for r in rows]


def mark_broken_notified(db: sqlite_utils.Database, sub_ids: list[int]) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_subscriptions SET broken_notified_at = ?"
            " WHERE id IN (SELECT value FROM json_each(?))",
            [now_iso(), _ids_json(sub_ids)],
        )


# --------------------------------------------------------------------------------------------
# Digests
# --------------------------------------------------------------------------------------------

_DIGEST_COLUMNS = (
    "team_id",
    "channel_id",
    "hour",
    "minute",
    "timezone",
    "enabled",
    "skip_empty",
    "last_outbox_id",
    "last_sent_at",
    "created_by",
    "updated_at",
)


FIRST_DIGEST_COVERS = timedelta(days=1)  # a new digest's first edition covers the last day


def set_digest(
    db: sqlite_utils.Database,
    team_id: str,
    channel_id: str,
    hour: int,
    minute: int,
    timezone: str,
    created_by: str,
    skip_empty: bool = False,
) -> None:
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError("the digest time must be between 00:00 and 23:59")
    with db.atomic():
        db.execute(
            """
            INSERT INTO alert_digests (team_id, channel_id, hour, minute, timezone, enabled,
                skip_empty, last_outbox_id, created_by, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?,
                    (SELECT coalesce(max(id), 0) FROM alert_outbox
                     WHERE team_id = ? AND channel_id = ? AND created_at < ?), ?, ?)
            ON CONFLICT (team_id, channel_id) DO UPDATE SET hour = excluded.hour,
                minute = excluded.minute, timezone = excluded.timezone, enabled = 1,
                skip_empty = excluded.skip_empty, updated_at = excluded.updated_at
            """,
            [
                team_id,
                channel_id,
                hour,
                minute,
                timezone,
                int(skip_empty),
                team_id,
                channel_id,
                now_iso(datetime.now(UTC) - FIRST_DIGEST_COVERS),
                created_by,
                now_iso(),
            ],
        )


def disable_digest(db: sqlite_utils.Database, team_id: str, channel_id: str) -> bool:
    with db.atomic():
        return bool(
            db.execute(
                "UPDATE alert_digests SET enabled = 0, updated_at = ?"
                " WHERE team_id = ? AND channel_id = ? AND enabled = 1",
                [now_iso(), team_id, channel_id],
            ).rowcount
        )


def get_digest(db: sqlite_utils.Database, team_id: str, channel_id: str) -> dict[str, Any] | None:
    row = db.execute(
        f"SELECT {', '.join(_DIGEST_COLUMNS)} FROM alert_digests"
        " WHERE team_id = ? AND channel_id = ?",
        [team_id, channel_id],
    ).fetchone()
    return dict(zip(_DIGEST_COLUMNS, row, strict=True)) if row else None


def list_digests(db: sqlite_utils.Database, enabled_only: bool = True) -> list[dict[str, Any]]:
    where = "WHERE enabled = 1" if enabled_only else ""
    rows = db.execute(
        f"SELECT {', '.join(_DIGEST_COLUMNS)} FROM alert_digests {where}"
        " ORDER BY team_id, channel_id"
    ).fetchall()
    return [dict(zip(_DIGEST_COLUMNS, r, strict=True)) for r in rows]


def digest_watermark(db: sqlite_utils.Database, team_id: str, channel_id: str) -> tuple[int, int]:
    """(last outbox id covered by the previous digest, newest outbox id of the channel)."""
    row = db.execute(
        """
        SELECT (SELECT last_outbox_id FROM alert_digests WHERE team_id = :t AND channel_id = :c),
               (SELECT max(id) FROM alert_outbox WHERE team_id = :t AND channel_id = :c)
        """,
        {"t": team_id, "c": channel_id},
    ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def digest_items(
    db: sqlite_utils.Database, team_id: str, channel_id: str, after_id: int, upto_id: int
) -> list[dict[str, Any]]:
    """Distinct statements matched for the channel in (after_id, upto_id], newest first."""
    rows = db.execute(
        """
        SELECT st.id, act.name, st.kind, st.text, st.said_on,
               max(st.red_line OR sub.kind IN ('redline', 'redlines')),
               coalesce(max(o.detail), st.red_line_rule), a.title, a.source, a.url, a.doc,
               group_concat(DISTINCT sub.label)
        FROM alert_outbox o
            JOIN statements st ON st.id = o.statement_id
            JOIN articles a ON a.id = st.article_id
            JOIN alert_subscriptions sub ON sub.id = o.subscription_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE o.team_id = ? AND o.channel_id = ? AND o.id > ? AND o.id <= ?
        GROUP BY st.id
        ORDER BY coalesce(st.said_on, a.published_on, '') DESC, st.id DESC
        """,
        [team_id, channel_id, after_id, upto_id],
    ).fetchall()
    keys = [
        "statement_id",
        "speaker",
        "kind",
        "text",
        "said_on",
        "red_line",
        "rule",
        "title",
        "source",
        "url",
        "doc",
        "labels",
    ]
    return [dict(zip(keys, r, strict=True)) for r in rows]


def advance_digest(db: sqlite_utils.Database, team_id: str, channel_id: str, upto_id: int) -> None:
    with db.atomic():
        db.execute(
            """
            INSERT INTO alert_digests (team_id, channel_id, hour, minute, timezone, enabled,
                last_outbox_id, last_sent_at, created_by, updated_at)
            VALUES (?, ?, 8, 0, 'UTC', 0, ?, ?, 'system', ?)
            ON CONFLICT (team_id, channel_id) DO UPDATE SET
                last_outbox_id = max(last_outbox_id, excluded.last_outbox_id),
                last_sent_at = excluded.last_sent_at
            """,
            [team_id, channel_id, upto_id, now_iso(), now_iso()],
        )


# --------------------------------------------------------------------------------------------
# Job runs (idempotent scheduled jobs)
# --------------------------------------------------------------------------------------------


def claim_run(db: sqlite_utils.Database, job_id: str, scheduled_for: str) -> str | None:
    """Start a run of ``job_id`` for ``scheduled_for``; returns None if this call started it,
    else the status of the earlier run ('running' after a crash, 'posted', 'done')."""
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO alert_runs (job_id, scheduled_for, status, started_at)"
            " VALUES (?, ?, 'running', ?)",
            [job_id, scheduled_for, now_iso()],
        )
        if cursor.rowcount:
            return None
        row = db.execute(
            "SELECT status FROM alert_runs WHERE job_id = ? AND scheduled_for = ?",
            [job_id, scheduled_for],
        ).fetchone()
    return str(row[0])


def set_run_status(
    db: sqlite_utils.Database,
    job_id: str,
    scheduled_for: str,
    status: str,
    detail: str | None = None,
) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_runs SET status = ?, detail = coalesce(?, detail),"
            " finished_at = CASE WHEN ? = 'done' THEN ? ELSE finished_at END"
            " WHERE job_id = ? AND scheduled_for = ?",
            [status, detail, status, now_iso(), job_id, scheduled_for],
        )


def run_state(
    db: sqlite_utils.Database, job_id: str, scheduled_for: str
) -> tuple[str, str] | None:
    """(status, started_at) of one run, or None if it never started."""
    row = db.execute(
        "SELECT status, started_at FROM alert_runs WHERE job_id = ? AND scheduled_for = ?",
        [job_id, scheduled_for],
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def list_runs(db: sqlite_utils.Database, job_prefix: str = "") -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT job_id, scheduled_for, status, detail FROM alert_runs"
        " WHERE job_id LIKE ? ORDER BY started_at, job_id",
        [job_prefix + "%"],
    ).fetchall()
    return [{"job_id": r[0], "scheduled_for": r[1], "status": r[2], "detail": r[3]} for r in rows]


# --------------------------------------------------------------------------------------------
# Feeds and the watched folder
# --------------------------------------------------------------------------------------------

_FEED_COLUMNS = (
    "id",
    "url",
    "title",
    "etag",
    "modified",
    "added_by",
    "team_id",
    "created_at",
    "last_polled_at",
    "next_poll_at",
    "error_count",
    "last_error",
    "items_ingested",
)


def add_feed(db: sqlite_utils.Database, url: str, team_id: str, added_by: str) -> tuple[int, bool]:
    """Add ``url`` to the workspace's feeds; (feed id, whether it is new to this workspace).
    A URL already added by another workspace is polled once for both."""
    with db.atomic():
        row = db.execute("SELECT id FROM alert_feeds WHERE url = ?", [url]).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO alert_feeds (url, added_by, team_id, created_at, next_poll_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [url, added_by, team_id, now_iso(), now_iso()],
            )
            feed_id = int(cursor.lastrowid or 0)
        else:
            feed_id = int(row[0])
        linked = db.execute(
            "INSERT OR IGNORE INTO alert_feed_teams (team_id, feed_id, added_by, created_at)"
            " VALUES (?, ?, ?, ?)",
            [team_id, feed_id, added_by, now_iso()],
        ).rowcount
    return feed_id, bool(linked)


def list_feeds(db: sqlite_utils.Database, team_id: str | None = None) -> list[dict[str, Any]]:
    """The workspace's feeds (every feed when ``team_id`` is None: the operator's view)."""
    columns = ", ".join(f"f.{c}" for c in _FEED_COLUMNS)
    if team_id is None:
        rows = db.execute(f"SELECT {columns} FROM alert_feeds f ORDER BY f.id").fetchall()
    else:
        rows = db.execute(
            f"SELECT {columns} FROM alert_feeds f JOIN alert_feed_teams t ON t.feed_id = f.id"
            " WHERE t.team_id = ? ORDER BY f.id",
            [team_id],
        ).fetchall()
    return [dict(zip(_FEED_COLUMNS, r, strict=True)) for r in rows]


def remove_feed(db: sqlite_utils.Database, team_id: str, url_or_id: str) -> bool:
    """Remove one of the workspace's feeds; the feed itself (and its seen items) goes when
    no workspace keeps it."""
    with db.atomic():
        removed = db.execute(
            "DELETE FROM alert_feed_teams WHERE team_id = ? AND feed_id IN"
            " (SELECT id FROM alert_feeds WHERE url = ? OR CAST(id AS TEXT) = ?)",
            [team_id, url_or_id, url_or_id],
        ).rowcount
        db.execute(
            "DELETE FROM alert_feeds WHERE id NOT IN (SELECT feed_id FROM alert_feed_teams)"
        )
    return bool(removed)


def due_feeds(db: sqlite_utils.Database, now: datetime | None = None) -> list[dict[str, Any]]:
    rows = db.execute(
        f"SELECT {', '.join(_FEED_COLUMNS)} FROM alert_feeds"
        " WHERE next_poll_at IS NULL OR next_poll_at <= ? ORDER BY next_poll_at, id",
        [now_iso(now)],
    ).fetchall()
    return [dict(zip(_FEED_COLUMNS, r, strict=True)) for r in rows]


def feed_polled(
    db: sqlite_utils.Database,
    feed_id: int,
    *,
    next_poll: datetime,
    etag: str | None = None,
    modified: str | None = None,
    title: str | None = None,
    ingested: int = 0,
) -> None:
    with db.atomic():
        db.execute(
            """
            UPDATE alert_feeds SET last_polled_at = ?, next_poll_at = ?, error_count = 0,
                last_error = NULL, etag = coalesce(?, etag), modified = coalesce(?, modified),
                title = coalesce(?, title), items_ingested = items_ingested + ?
            WHERE id = ?
            """,
            [now_iso(), now_iso(next_poll), etag, modified, title, ingested, feed_id],
        )


def feed_failed(db: sqlite_utils.Database, feed_id: int, error: str, backoff: timedelta) -> None:
    with db.atomic():
        db.execute(
            "UPDATE alert_feeds SET last_polled_at = ?, next_poll_at = ?,"
            " error_count = error_count + 1, last_error = ? WHERE id = ?",
            [now_iso(), now_iso(datetime.now(UTC) + backoff), error[:500], feed_id],
        )


def unseen_guids(db: sqlite_utils.Database, feed_id: int, guids: list[str]) -> list[str]:
    rows = db.execute(
        "SELECT value FROM json_each(?) WHERE value NOT IN"
        " (SELECT guid FROM alert_feed_items WHERE feed_id = ?)",
        [json.dumps(guids), feed_id],
    ).fetchall()
    return [str(r[0]) for r in rows]


def mark_guids_seen(db: sqlite_utils.Database, feed_id: int, guids: list[str]) -> None:
    with db.atomic():
        for guid in guids:
            db.execute(
                "INSERT OR IGNORE INTO alert_feed_items (feed_id, guid, seen_at) VALUES (?, ?, ?)",
                [feed_id, guid, now_iso()],
            )


def inbox_file_known(db: sqlite_utils.Database, path: str, mtime_ns: int, size: int) -> bool:
    row = db.execute(
        "SELECT 1 FROM alert_inbox_files WHERE path = ? AND mtime_ns = ? AND size = ?",
        [path, mtime_ns, size],
    ).fetchone()
    return row is not None


def mark_inbox_file(db: sqlite_utils.Database, path: str, mtime_ns: int, size: int) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO alert_inbox_files (path, mtime_ns, size, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
            " size = excluded.size, seen_at = excluded.seen_at",
            [path, mtime_ns, size, now_iso()],
        )


def statement_hits(db: sqlite_utils.Database, ids: list[int]) -> list[dict[str, Any]]:
    """Statements as StatementHit fields, in the order of ``ids``."""
    rows = db.execute(
        """
        SELECT st.id, st.article_id, a.doc, act.name, st.speaker_text, st.kind, st.text,
               st.said_on, st.said_precision, a.source, a.title, a.url, st.red_line,
               st.red_line_rule, st.sentence, st.red_line_kind, st.red_line_trigger
        FROM statements st JOIN articles a ON a.id = st.article_id
            LEFT JOIN actors act ON act.id = st.actor_id
        WHERE st.id IN (SELECT value FROM json_each(?))
        """,
        [_ids_json(ids)],
    ).fetchall()
    keys = ["statement_id", "article_id", "doc", "speaker", "speaker_text", "kind", "text",
            "said_on", "said_precision", "source", "title", "url", "red_line", "red_line_rule",
            "context", "red_line_kind", "red_line_trigger"]
    by_id = {int(r[0]): dict(zip(keys, r, strict=True)) for r in rows}
    result = []
    for sid in ids:
        if sid in by_id:
            item = by_id[sid]
            item["red_line"] = bool(item["red_line"])
            result.append(item)
    return result
