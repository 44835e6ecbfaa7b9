"""The SQLite store under EXPLORER_HOME: result cache, call log and saved analyses."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .calls import CallRecord
from .errors import ExplorerError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, backend TEXT NOT NULL, value TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY, created REAL NOT NULL, model TEXT, endpoint TEXT, cache_key TEXT,
    prompt TEXT, response TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
    latency_s REAL, error TEXT);
CREATE TABLE IF NOT EXISTS analyses (
    id TEXT PRIMARY KEY, created REAL NOT NULL, updated REAL NOT NULL, title TEXT,
    backend TEXT, model TEXT, text_hash TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS summaries (
    id INTEGER PRIMARY KEY, analysis_id TEXT, name TEXT NOT NULL, text TEXT NOT NULL, source TEXT,
    style TEXT, created REAL NOT NULL, updated REAL NOT NULL);
CREATE INDEX IF NOT EXISTS summaries_by_analysis ON summaries (analysis_id, created);
"""
_SUMMARY_COLUMNS = ("id", "analysis_id", "analysis_title", "name", "text", "source", "style", "created", "updated")
_SUMMARY_SELECT = (
    "SELECT s.id, s.analysis_id, a.title, s.name, s.text, s.source, s.style, s.created, s.updated"
    " FROM summaries s LEFT JOIN analyses a ON a.id = s.analysis_id"
)


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26
_REASONS = {  # SQLite's primary result codes, in words a user can act on
    5: "another program is holding the database locked; close it and try again",
    8: "the database or its folder is read-only",
    10: "the disk could not be read or written",
    13: "the disk is full",
    14: "the database file cannot be opened (is its folder writable?)",
    _SQLITE_CORRUPT: "the database file is damaged; close the app and move the file aside to start afresh",
    _SQLITE_NOTADB: "the file is not an Article Explorer database",
}


class StoreError(ExplorerError):
    """The store could not be read or written; the message says why."""


class Store:
    """One SQLite database shared safely by the threads of one process.

    A damaged database file is moved aside and replaced by a new one; `notice` then says so.
    """

    def __init__(self, path: Path, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.notice: str | None = None
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            if _error_code(exc) not in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise StoreError(f"Cannot open the store at {self.path}: {_reason(exc)}") from None
            self._db = self._replace_damaged()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the store at {self.path}: {_reason(exc)}") from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")  # writers wait, then fail
            self._while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))  # readers never wait for a writer
            self._while_locked(lambda: db.executescript(_SCHEMA))
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _while_locked(self, step: Callable[[], object]) -> None:
        """Run a set-up step, retrying while another process creates the same store at the same moment.

        Switching a new file to WAL can fail at once with "database is locked" instead of waiting.
        """
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as exc:
                if _error_code(exc) not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _replace_damaged(self) -> sqlite3.Connection:
        """Move the damaged file (and its WAL and SHM files) aside, open a new one and set `notice`."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while moved.exists():
            n += 1
            moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.exists():
                    part.rename(f"{moved}{suffix}")
            db = self._connect()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"The store at {self.path} is damaged and could not be replaced: {_reason(exc)}") from None
        self.notice = (
            f"The store {self.path} was damaged and could not be read; it was moved aside to {moved.name} and a new, "
            "empty store was created. Earlier cached results, saved analyses and summaries are in the moved file."
        )
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside BEGIN IMMEDIATE … COMMIT; any error rolls everything back."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"Cannot save to the store at {self.path}: {_reason(exc)}") from None
                raise

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot read the store at {self.path}: {_reason(exc)}") from None

    def get_cached(self, key: str) -> Any | None:
        """Return the cached value for key, or None."""
        rows = self._query("SELECT value FROM cache WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def cached_keys(self, keys: list[str]) -> set[str]:
        """Return which of keys have a cached value (without reading the values)."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):  # SQLite caps the number of parameters
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found |= {row[0] for row in self._query(f"SELECT key FROM cache WHERE key IN ({marks})", tuple(chunk))}
        return found

    def put_cached(self, key: str, backend: str, value: Any) -> None:
        """Store value under key (replacing any older value)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO cache (key, backend, value, created) VALUES (?, ?, ?, ?)",
                (key, backend, json.dumps(value, ensure_ascii=False), time.time()),
            )

    def log_call(self, record: CallRecord, endpoint: str | None, cache_key: str | None) -> None:
        """Append one model call to the call log."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO calls (created, model, endpoint, cache_key, prompt, response, prompt_tokens,"
                " completion_tokens, latency_s, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    record.model,
                    endpoint,
                    cache_key,
                    record.prompt,
                    record.response,
                    record.prompt_tokens,
                    record.completion_tokens,
                    record.latency_s,
                    record.error,
                ),
            )

    def calls(self, limit: int = 100) -> list[dict[str, Any]]:
        """Return the most recent model calls, newest first."""
        with self._lock:
            try:
                cursor = self._db.execute("SELECT * FROM calls ORDER BY id DESC LIMIT ?", (limit,))
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot read the store at {self.path}: {_reason(exc)}") from None

    def cache_stats(self) -> dict[str, int]:
        """Return the number of cached sections and their size in bytes."""
        rows = self._query("SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM cache")
        return {"entries": rows[0][0], "bytes": rows[0][1]}

    def clear_cache(self) -> None:
        """Forget every cached result (the call log and saved analyses stay)."""
        with self._transaction() as db:
            db.execute("DELETE FROM cache")

    def save_analysis(self, analysis_id: str, meta: dict[str, Any], data: dict[str, Any]) -> None:
        """Insert or update a saved analysis (with any user edits inside data)."""
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO analyses (id, created, updated, title, backend, model, text_hash, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated = excluded.updated,"
                " title = excluded.title, data = excluded.data",
                (
                    analysis_id,
                    now,
                    now,
                    meta.get("title"),
                    meta.get("backend"),
                    meta.get("model"),
                    meta.get("text_hash"),
                    json.dumps(data, ensure_ascii=False),
                ),
            )

    def list_analyses(self, limit: int = 50) -> list[dict[str, Any]]:
        """Return saved analyses (id, title, backend, model, created, updated), newest first."""
        rows = self._query(
            "SELECT id, title, backend, model, created, updated FROM analyses ORDER BY updated DESC LIMIT ?", (limit,)
        )
        return [dict(zip(("id", "title", "backend", "model", "created", "updated"), r)) for r in rows]

    def load_analysis(self, analysis_id: str) -> dict[str, Any] | None:
        """Return the saved analysis data, or None."""
        rows = self._query("SELECT data FROM analyses WHERE id = ?", (analysis_id,))
        return json.loads(rows[0][0]) if rows else None

    def add_summary(
        self, analysis_id: str | None, text: str, source: str, style: str | None = None, name: str | None = None
    ) -> int:
        """Save a summary version and return its id; the name defaults to its source."""
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO summaries (analysis_id, name, text, source, style, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (analysis_id, (name or "").strip() or source, text, source, style, now, now),
            )
            return int(cursor.lastrowid or 0)

    def list_summaries(self, analysis_id: str | None = None) -> list[dict[str, Any]]:
        """Return saved summaries (all, or one analysis's), newest first, with the analysis title when known."""
        where, params = (" WHERE s.analysis_id = ?", (analysis_id,)) if analysis_id is not None else ("", ())
        rows = self._query(_SUMMARY_SELECT + where + " ORDER BY s.created DESC, s.id DESC", params)
        return [dict(zip(_SUMMARY_COLUMNS, r)) for r in rows]

    def get_summary(self, summary_id: int) -> dict[str, Any] | None:
        """Return one saved summary, or None."""
        rows = self._query(_SUMMARY_SELECT + " WHERE s.id = ?", (summary_id,))
        return dict(zip(_SUMMARY_COLUMNS, rows[0])) if rows else None

    def rename_summary(self, summary_id: int, name: str) -> bool:
        """Rename a saved summary; return False when there is none, raise ValueError for a blank name."""
        if not name.strip():
            raise ValueError("A summary needs a name.")
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE summaries SET name = ?, updated = ? WHERE id = ?", (name.strip(), time.time(), summary_id)
            )
            return cursor.rowcount > 0

    def delete_summary(self, summary_id: int) -> bool:
        """Delete a saved summary for good; return False when there was none."""
        with self._transaction() as db:
            return db.execute("DELETE FROM summaries WHERE id = ?", (summary_id,)).rowcount > 0

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()


def _error_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _reason(exc: BaseException) -> str:
    """Return what went wrong in words a user can act on, with SQLite's own message."""
    reason = _REASONS.get(_error_code(exc) or -1) if isinstance(exc, sqlite3.Error) else None
    return f"{reason} ({exc})" if reason else str(exc)
