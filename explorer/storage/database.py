"""The connection layer: one SQLite file opened once, in WAL mode, migrated, with transactions and plain errors."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ExplorerError
from .migrations import MIGRATIONS, Migration, migrate

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26
_REASONS = {  # SQLite's primary result codes, in words a user can act on
    _SQLITE_BUSY: "another program is holding the database locked; close it and try again",
    8: "the database or its folder is read-only",
    10: "the disk could not be read or written",
    13: "the disk is full",
    14: "the database file cannot be opened (is its folder writable?)",
    _SQLITE_CORRUPT: "the database file is damaged; close the app and move the file aside to start afresh",
    _SQLITE_NOTADB: "the file is not an Article Explorer database",
}


class StoreError(ExplorerError):
    """The store could not be read or written; the message says why."""


class Database:
    """One SQLite connection shared safely by the threads of one process, migrated when opened.

    A damaged database file is moved aside and replaced by a new one; `notice` then says so.
    """

    def __init__(self, path: Path, busy_timeout: float = 10.0, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.notice: str | None = None
        self._migrations = migrations
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = self._connect()
        except sqlite3.DatabaseError as exc:
            if _error_code(exc) not in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise StoreError(f"Cannot open the store at {self.path}: {_reason(exc)}") from None
            self._connection = self._replace_damaged()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open the store at {self.path}: {_reason(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside BEGIN IMMEDIATE … COMMIT; any error rolls everything back."""
        with self._lock:
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                yield self._connection
                self._connection.execute("COMMIT")
            except BaseException as exc:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"Cannot save to the store at {self.path}: {_reason(exc)}") from None
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Return every row sql selects; raise StoreError when the file cannot be read."""
        with self._lock:
            try:
                return self._connection.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"Cannot read the store at {self.path}: {_reason(exc)}") from None

    def applied_migrations(self) -> list[str]:
        """Return the names of the migrations recorded in the file, oldest first."""
        return [row[0] for row in self.query("SELECT name FROM _migrations ORDER BY rowid")]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._connection.close()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")  # writers wait, then fail
            self._while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))  # readers never wait for a writer
            # WAL + NORMAL never corrupts the file and loses nothing when the program crashes or is killed; only a
            # power cut or OS crash may undo the last second or so of commits (mostly cached sections: recomputed).
            # FULL paid an fsync per commit, one per analysed section, serialised under the lock.
            db.execute("PRAGMA synchronous=NORMAL")
            self._while_locked(lambda: migrate(db, self._migrations))
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
        moved = self._aside_name()
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

    def _aside_name(self) -> Path:
        """Return a free name beside the store for its damaged file."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while moved.exists():
            n += 1
            moved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        return moved


def _error_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _reason(exc: BaseException) -> str:
    """Return what went wrong in words a user can act on, with SQLite's own message."""
    reason = _REASONS.get(_error_code(exc) or -1) if isinstance(exc, sqlite3.Error) else None
    return f"{reason} ({exc})" if reason else str(exc)
