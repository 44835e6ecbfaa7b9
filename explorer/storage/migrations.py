"""Schema changes as an ordered list of named steps, each recorded in the database once it is applied.

Never edit or reorder a migration that has shipped: add a new one at the end. Stores made before migrations
existed (161b2f6 and older) have no `_migrations` table; m001 recognises their tables and is recorded as applied.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []

_RECORD_TABLE = "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied REAL NOT NULL)"


def migration(step: Migration) -> Migration:
    """Add step to the end of MIGRATIONS; its function name is the name recorded in the database."""
    MIGRATIONS.append(step)
    return step


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply, in order and in one transaction, every migration the database has not recorded; return their names.

    PRAGMA user_version counts the recorded migrations, so an up-to-date store is checked from the file header
    alone: opening it writes nothing (a read-only folder still works) and reads no table (damage inside the data
    shows up where that data is read, not as a store that cannot open).
    """
    if _recorded_count(db) == len(migrations) or not _pending(db, migrations):
        return []
    db.execute("BEGIN IMMEDIATE")  # another process may be migrating the same file: decide again under the lock
    try:
        db.execute(_RECORD_TABLE)
        applied = []
        for step in _pending(db, migrations):
            step(db)
            db.execute("INSERT INTO _migrations (name, applied) VALUES (?, ?)", (step.__name__, time.time()))
            applied.append(step.__name__)
        (count,) = db.execute("SELECT COUNT(*) FROM _migrations").fetchone()
        db.execute(f"PRAGMA user_version = {int(count)}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return applied


def _recorded_count(db: sqlite3.Connection) -> int:
    """Return how many migrations the file header says are recorded (0 for a store made before migrations)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _pending(db: sqlite3.Connection, migrations: Sequence[Migration]) -> list[Migration]:
    """Return the migrations not yet recorded in db, in order."""
    known = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")} if known else set()
    return [step for step in migrations if step.__name__ not in done]


# Byte for byte the schema of 161b2f6 (SQLite keeps this text in sqlite_master), one statement per entry.
_INITIAL_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, backend TEXT NOT NULL, value TEXT NOT NULL, created REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY, created REAL NOT NULL, model TEXT, endpoint TEXT, cache_key TEXT,
    prompt TEXT, response TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
    latency_s REAL, error TEXT)""",
    """CREATE TABLE IF NOT EXISTS analyses (
    id TEXT PRIMARY KEY, created REAL NOT NULL, updated REAL NOT NULL, title TEXT,
    backend TEXT, model TEXT, text_hash TEXT, data TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS summaries (
    id INTEGER PRIMARY KEY, analysis_id TEXT, name TEXT NOT NULL, text TEXT NOT NULL, source TEXT,
    style TEXT, created REAL NOT NULL, updated REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS summaries_by_analysis ON summaries (analysis_id, created)",
)


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    """Create the tables of the first release, exactly as 161b2f6 made them.

    IF NOT EXISTS is what recognises an older store: its tables are left as they are, not recreated.
    """
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


@migration
def m002_analyses_by_updated(db: sqlite3.Connection) -> None:
    """Index saved analyses by when they changed, the order the history list shows them in."""
    db.execute("CREATE INDEX IF NOT EXISTS analyses_by_updated ON analyses (updated)")
