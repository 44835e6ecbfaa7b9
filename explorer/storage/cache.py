"""Cached results (a section's findings, a summary) by content address, kept as JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .database import Database

_MAX_PARAMETERS = 500  # SQLite caps the number of parameters in one statement


@dataclass(frozen=True)
class CacheStats:
    """How many results the cache holds and how many bytes their JSON takes."""

    entries: int
    bytes: int


class ResultCache:
    """The section cache: one JSON value per content-addressed key."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def get(self, key: str) -> Any | None:
        """Return the cached value for key, or None."""
        rows = self._db.query("SELECT value FROM cache WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def present(self, keys: Iterable[str]) -> set[str]:
        """Return which of keys have a cached value (without reading the values)."""
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), _MAX_PARAMETERS):
            chunk = wanted[start : start + _MAX_PARAMETERS]
            marks = ",".join("?" * len(chunk))
            found |= {row[0] for row in self._db.query(f"SELECT key FROM cache WHERE key IN ({marks})", chunk)}
        return found

    def put(self, key: str, backend: str, value: Any) -> None:
        """Store value under key, replacing any older value."""
        with self._db.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO cache (key, backend, value, created) VALUES (?, ?, ?, ?)",
                (key, backend, json.dumps(value, ensure_ascii=False, allow_nan=False), time.time()),
            )

    def stats(self) -> CacheStats:
        """Return the number of cached results and their size in bytes."""
        ((entries, size),) = self._db.query("SELECT COUNT(*), COALESCE(SUM(LENGTH(value)), 0) FROM cache")
        return CacheStats(entries=entries, bytes=size)

    def clear(self) -> None:
        """Forget every cached result (the call log, saved analyses and summaries stay)."""
        with self._db.transaction() as db:
            db.execute("DELETE FROM cache")
