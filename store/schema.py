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
