"""Core schema: articles, actors and aliases, statements, mentions, and their FTS5 indexes.

Every table has an INTEGER primary key so FTS5 external-content tables join on rowid. Other
migration sets (alerts, Slack state) live beside the queries that use them.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("quotedesk_core")

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations(name="001_core_tables")
def create_core_tables(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            doc TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            blocks TEXT NOT NULL DEFAULT '[]',
            source TEXT,
            agency TEXT,
            url TEXT,
            path TEXT,
            published_on TEXT,
            date_precision TEXT NOT NULL DEFAULT 'none'
                CHECK (date_precision IN ('day', 'month', 'year', 'none')),
            language TEXT NOT NULL DEFAULT 'fr',
            authors TEXT NOT NULL DEFAULT '[]',
            dateline_place TEXT,
            content_hash TEXT NOT NULL UNIQUE,
            duplicate_of INTEGER REFERENCES articles(id),
            title_terms TEXT NOT NULL DEFAULT '',
            body_terms TEXT NOT NULL DEFAULT '',
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX idx_articles_doc ON articles(doc);
        CREATE INDEX idx_articles_published ON articles(published_on);
        CREATE INDEX idx_articles_source ON articles(source);

        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'person'
                CHECK (kind IN ('person', 'institution', 'country', 'unknown')),
            roles TEXT NOT NULL DEFAULT '[]',
            origin TEXT NOT NULL DEFAULT 'seed',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );

        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            folded TEXT NOT NULL,
            UNIQUE (actor_id, folded)
        );
        CREATE INDEX idx_aliases_folded ON aliases(folded);

        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER REFERENCES actors(id),
            speaker_text TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
            text TEXT NOT NULL,
            cue TEXT,
            sentence TEXT NOT NULL DEFAULT '',
            paragraph TEXT NOT NULL DEFAULT '',
            heading TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            said_on TEXT,
            said_precision TEXT NOT NULL DEFAULT 'none',
            red_line INTEGER NOT NULL DEFAULT 0,
            red_line_rule TEXT,
            confidence REAL NOT NULL DEFAULT 1.0,
            text_terms TEXT NOT NULL DEFAULT '',
            context_terms TEXT NOT NULL DEFAULT '',
            title_terms TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE INDEX idx_statements_article ON statements(article_id);
        CREATE INDEX idx_statements_actor_said ON statements(actor_id, said_on);
        CREATE INDEX idx_statements_said ON statements(said_on);
        CREATE INDEX idx_statements_red_line ON statements(red_line_rule) WHERE red_line = 1;

        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER NOT NULL REFERENCES actors(id),
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX idx_mentions_actor ON mentions(actor_id);
        CREATE INDEX idx_mentions_article ON mentions(article_id);
        """
    )


@migrations(name="002_fts")
def create_fts(db: sqlite_utils.Database) -> None:
    """FTS5 over articles (raw words and stems) and statements (own words > context > title)."""
    db.table("articles").enable_fts(
        ["title", "body", "title_terms", "body_terms"],
        create_triggers=True,
        tokenize=FTS_TOKENIZE,
    )
    db.table("statements").enable_fts(
        ["text", "text_terms", "context_terms", "title_terms"],
        create_triggers=True,
        tokenize=FTS_TOKENIZE,
    )


#: Columns of statements_fts from migration 003 on; ``actor_terms`` is last so that the
#: BM25 weights of the four topic columns keep their positions.
STATEMENT_FTS_COLUMNS = ("text", "text_terms", "context_terms", "title_terms", "actor_terms")


def _statement_fts_triggers() -> list[str]:
    """The triggers keeping statements_fts in step (the form sqlite-utils writes)."""
    cols = ", ".join(f'"{c}"' for c in STATEMENT_FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in STATEMENT_FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in STATEMENT_FTS_COLUMNS)
    insert = f'INSERT INTO "statements_fts" (rowid, {cols}) VALUES (new.rowid, {new});'
    delete = (f'INSERT INTO "statements_fts" ("statements_fts", rowid, {cols}) '
              f"VALUES('delete', old.rowid, {old});")
    return [
        f'CREATE TRIGGER "statements_ai" AFTER INSERT ON "statements" BEGIN\n  {insert}\nEND',
        f'CREATE TRIGGER "statements_ad" AFTER DELETE ON "statements" BEGIN\n  {delete}\nEND',
        f'CREATE TRIGGER "statements_au" AFTER UPDATE ON "statements" BEGIN\n  {delete}\n'
        f"  {insert}\nEND",
    ]


@migrations(name="003_statement_speaker_search")
def add_speaker_search(db: sqlite_utils.Database) -> None:
    """The speaker as an FTS5 token, and an index for an actor's statements by date.

    ``actor_terms`` is a generated column (``actor12`` for actor 12, empty without a known
    speaker), so it can never disagree with ``actor_id``, whoever writes the row. Indexed in
    statements_fts, ``{actor_terms} : actor12 AND (topic…)`` lets FTS5 intersect the speaker's
    and the topic's posting lists itself. The FTS table is recreated with the new column and
    rebuilt from the statements (every statement stored before this migration included).
    ``idx_statements_actor_timeline`` covers what /timeline and actor-only /quote read of an
    actor's statements (date said, id, article, kind, red line, position), newest first
    without a sort; it replaces ``idx_statements_actor_said`` (its prefix).

    Plain ``execute`` calls only (no ``executescript``, which would commit midway), so the
    migration is all-or-nothing.
    """
    db.execute(
        "ALTER TABLE statements ADD COLUMN actor_terms TEXT GENERATED ALWAYS AS "
        "(CASE WHEN actor_id IS NULL THEN '' ELSE 'actor' || actor_id END) VIRTUAL"
    )
    for suffix in ("ai", "ad", "au"):
        db.execute(f'DROP TRIGGER IF EXISTS "statements_{suffix}"')
    db.execute('DROP TABLE IF EXISTS "statements_fts"')
    cols = ", ".join(f'"{c}"' for c in STATEMENT_FTS_COLUMNS)
    db.execute(
        f'CREATE VIRTUAL TABLE "statements_fts" USING FTS5 (\n    {cols},\n'
        f"    tokenize='{FTS_TOKENIZE}',\n    content=\"statements\"\n)"
    )
    db.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
    for trigger in _statement_fts_triggers():
        db.execute(trigger)
    db.execute(
        "CREATE INDEX idx_statements_actor_timeline ON statements("
        "actor_id, said_on, id, article_id, kind, red_line, start)"
    )
    db.execute("DROP INDEX IF EXISTS idx_statements_actor_said")


@migrations(name="004_red_line_kind")
def add_red_line_kind(db: sqlite_utils.Database) -> None:
    """Why a statement is a red line: its kind (red-line, threat, ultimatum, unacceptable,
    non-negotiable) and the words that set the flag. Statements flagged before this migration
    keep ``red_line_rule`` and have no kind until they are extracted again. The partial index
    serves the built-in red lines per kind (``/subscribe redline threat``, ``/redline list``).
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(statements)").fetchall()}
    for column in ("red_line_kind", "red_line_trigger"):
        if column not in columns:  # idempotent: a database may have them already
            db.execute(f"ALTER TABLE statements ADD COLUMN {column} TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_statements_red_line_kind ON statements(red_line_kind)"
        " WHERE red_line = 1"
    )


#: Columns of statement_words_fts (migration 005): a statement's own words and its speaker.
STATEMENT_WORDS_FTS_COLUMNS = ("text_terms", "actor_terms")


def _statement_words_triggers() -> list[str]:
    """The triggers keeping statement_words_fts in step with the statements it indexes."""
    cols = ", ".join(f'"{c}"' for c in STATEMENT_WORDS_FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in STATEMENT_WORDS_FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in STATEMENT_WORDS_FTS_COLUMNS)
    insert = f'INSERT INTO "statement_words_fts" (rowid, {cols}) VALUES (new.rowid, {new});'
    delete = (f'INSERT INTO "statement_words_fts" ("statement_words_fts", rowid, {cols}) '
              f"VALUES('delete', old.rowid, {old});")
    return [
        f'CREATE TRIGGER "statement_words_ai" AFTER INSERT ON "statements" BEGIN\n  {insert}\n'
        "END",
        f'CREATE TRIGGER "statement_words_ad" AFTER DELETE ON "statements" BEGIN\n  {delete}\n'
        "END",
        f'CREATE TRIGGER "statement_words_au" AFTER UPDATE OF "text_terms", "actor_id" ON '
        f'"statements" BEGIN\n  {delete}\n  {insert}\nEND',
    ]


@migrations(name="005_statement_words_search")
def add_statement_words_search(db: sqlite_utils.Database) -> None:
    """An FTS5 index of each statement's own words (``text_terms``) and speaker token only.

    ``statements_fts`` holds every column a topic can match through (raw words, own words,
    context, title): a ``{text_terms} : …`` query there walks the postings of every column and
    checks each position list for the column, and a heading or title word repeats in every
    statement of its article (``diplomat``: 97k statements at 100k articles, 4.8k by their
    own words). The questions that count only a statement's own words — /quote's first tier,
    /who — read this index instead, about an eighth of the size. Same tokenizer, same column
    names, so the same MATCH expressions mean the same thing. Built from the statements and
    merged into one segment; the update trigger fires only when the words or the speaker
    change.
    """
    cols = ", ".join(f'"{c}"' for c in STATEMENT_WORDS_FTS_COLUMNS)
    db.execute(
        f'CREATE VIRTUAL TABLE "statement_words_fts" USING FTS5 (\n    {cols},\n'
        f"    tokenize='{FTS_TOKENIZE}',\n    content=\"statements\"\n)"
    )
    db.execute("INSERT INTO statement_words_fts(statement_words_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO statement_words_fts(statement_words_fts) VALUES ('optimize')")
    for trigger in _statement_words_triggers():
        db.execute(trigger)


@migrations(name="006_statement_speaker_lookup")
def add_statement_speaker_lookup(db: sqlite_utils.Database) -> None:
    """A covering index of each statement's speaker by id: /who reads the speaker of up to
    1,000 matches (``WHO_SCAN``) from it instead of each statement's row (words, sentence,
    paragraph: about a page each)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_statements_speaker ON statements(id, actor_id)"
    )
