"""Opening databases: WAL mode, busy timeout, migrations; one connection per thread."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Generator
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from store import alert_schema, schema, slack_state

BUSY_TIMEOUT_MS = 10_000


class Database(sqlite_utils.Database):
    """sqlite-utils ``Database`` whose :meth:`atomic` takes the write lock up front.

    With a deferred ``BEGIN``, a transaction that reads and then writes fails at once with
    "database is locked" when another connection committed in between: WAL cannot upgrade a
    stale read snapshot, and SQLite skips the busy timeout to avoid a deadlock. ``BEGIN
    IMMEDIATE`` waits for the lock (``busy_timeout``) instead. Nested blocks are savepoints.
    """

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def _migration_sets() -> list[Migrations]:
    """All migration sets, applied in this order (later sets may reference earlier tables)."""
    return [schema.migrations, alert_schema.migrations, slack_state.migrations]


def connect(path: str | Path, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (and create or upgrade) the database at ``path``.

    ``":memory:"`` opens a private in-memory database (tests of pure queries only: it is not
    shared between threads).
    """
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        for migration_set in _migration_sets():
            migration_set.apply(db)
    return db


class Store:
    """A database path shared by threads; each thread gets its own connection.

    sqlite-utils ``Database`` objects are not shareable across threads, and Bolt runs
    listeners on a thread pool, so never hand a ``Database`` to another thread: hand it the
    ``Store`` and let it call :attr:`db`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._migrated = False

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            with self._lock:
                db = connect(self.path, migrate=not self._migrated)
                self._migrated = True
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None


def database_key(db: sqlite_utils.Database) -> str:
    """The main database file (or a per-connection key for in-memory databases)."""
    row = db.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    return path or f"memory:{id(db.conn)}"
