"""Summary versions: every generated or edited summary, named, listed newest first, renamed or deleted."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .database import Database

_SELECT = (
    "SELECT s.id, s.analysis_id, a.title, s.name, s.text, s.source, s.style, s.created, s.updated"
    " FROM summaries s LEFT JOIN analyses a ON a.id = s.analysis_id"
)


@dataclass(frozen=True)
class SummaryVersion:
    """One saved summary, with the title of its analysis when that is still saved."""

    id: int
    analysis_id: str | None
    analysis_title: str | None
    name: str
    text: str
    source: str | None
    style: str | None
    created: float
    updated: float


class SummaryVersions:
    """Adds, lists, renames and deletes summary versions."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(
        self, analysis_id: str | None, text: str, source: str, style: str | None = None, name: str | None = None
    ) -> int:
        """Save a summary version and return its id; the name defaults to its source."""
        now = time.time()
        with self._db.transaction() as db:
            cursor = db.execute(
                "INSERT INTO summaries (analysis_id, name, text, source, style, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (analysis_id, (name or "").strip() or source, text, source, style, now, now),
            )
            return int(cursor.lastrowid or 0)

    def versions(self, analysis_id: str | None = None) -> list[SummaryVersion]:
        """Return the versions (of every analysis, or of one), newest first."""
        where, params = (" WHERE s.analysis_id = ?", (analysis_id,)) if analysis_id is not None else ("", ())
        rows = self._db.query(_SELECT + where + " ORDER BY s.created DESC, s.id DESC", params)
        return [SummaryVersion(*row) for row in rows]

    def get(self, summary_id: int) -> SummaryVersion | None:
        """Return one version, or None."""
        rows = self._db.query(_SELECT + " WHERE s.id = ?", (summary_id,))
        return SummaryVersion(*rows[0]) if rows else None

    def rename(self, summary_id: int, name: str) -> bool:
        """Rename a version; return False when there is none, raise ValueError for a blank name."""
        if not name.strip():
            raise ValueError("A summary needs a name.")
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE summaries SET name = ?, updated = ? WHERE id = ?", (name.strip(), time.time(), summary_id)
            )
            return cursor.rowcount > 0

    def delete(self, summary_id: int) -> bool:
        """Delete a version for good; return False when there was none."""
        with self._db.transaction() as db:
            return db.execute("DELETE FROM summaries WHERE id = ?", (summary_id,)).rowcount > 0
