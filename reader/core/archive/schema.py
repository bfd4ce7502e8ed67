"""The archive's tables, each statement made only if not there yet, so that
an older file gains what it lacks (`SCHEMA` says which version a file has)."""

import sqlite3

SCHEMA = 3
"""2: the Inbox's own index (`papers_inbox`). 3: each paper's title
(`papers.title`), from which a list draws its rows without decoding papers
(NULL in rows written before: those are decoded)."""

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    row INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    alt_id TEXT,
    published TEXT NOT NULL DEFAULT '',
    upvotes INTEGER,
    sort_title TEXT NOT NULL DEFAULT '',
    title TEXT,
    imported INTEGER NOT NULL DEFAULT 0,  -- 1: in no digest (imported, or listed)
    announce TEXT,
    seen REAL NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS categories (
    category TEXT NOT NULL,
    paper INTEGER NOT NULL,
    PRIMARY KEY (category, paper)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS categories_paper ON categories (paper);
CREATE INDEX IF NOT EXISTS papers_alt ON papers (alt_id);
-- What a view reads (`columns`), newest first, without touching the papers'
-- rows: at a million papers, 0.8 s instead of 3.5.
CREATE INDEX IF NOT EXISTS papers_view ON papers (published, row, id, upvotes, announce);
CREATE INDEX IF NOT EXISTS papers_inbox
    ON papers (published, row, id, upvotes, announce, imported) WHERE imported = 0;
CREATE TABLE IF NOT EXISTS digests (
    digest INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    day TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    added REAL NOT NULL,
    UNIQUE (source, day)
);
CREATE TABLE IF NOT EXISTS listed (
    digest INTEGER NOT NULL REFERENCES digests ON DELETE CASCADE,
    position INTEGER NOT NULL,
    paper INTEGER NOT NULL,
    announce TEXT,
    PRIMARY KEY (digest, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS listed_paper ON listed (paper);
CREATE TABLE IF NOT EXISTS fetches (
    source TEXT PRIMARY KEY,
    tried REAL NOT NULL,
    fetched REAL,
    papers INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
);
"""

ADDED = (("papers", "title", "TEXT"),)
"""Columns added since schema 1 (table, column, type): an older file gains them."""


def add_columns(db: sqlite3.Connection) -> None:
    """Add the columns (`ADDED`) an older file lacks (in a transaction: two
    processes upgrading one file add each once)."""
    for table, column, kind in ADDED:
        have = {found[1] for found in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
