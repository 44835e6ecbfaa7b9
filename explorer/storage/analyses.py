"""Saved analyses: each analysis as the user left it (with their actor edits), and the history list."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pydantic import BaseModel, Field, ValidationError

from ..analysis import Analysis
from ..edits import ActorEdit, apply_actor_edits
from .database import Database, StoreError


class SavedAnalysis(BaseModel):
    """The payload of a saved analysis: the extracted result and the user's corrections to its actors."""

    analysis: Analysis
    edits: list[ActorEdit] = Field(default_factory=list)

    def view(self) -> Analysis:
        """Return the analysis with the edits applied, as every view and export shows it."""
        return apply_actor_edits(self.analysis, self.edits) if self.edits else self.analysis


@dataclass(frozen=True)
class AnalysisEntry:
    """One line of the history: which analysis, of what, by which backend, and when."""

    id: str
    title: str | None
    backend: str | None
    model: str | None
    created: float
    updated: float


class SavedAnalyses:
    """Saves, lists and reopens analyses; the only place their payload is written or parsed."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def save(self, analysis_id: str, saved: SavedAnalysis) -> None:
        """Insert or update the analysis saved under analysis_id."""
        now, analysis = time.time(), saved.analysis
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO analyses (id, created, updated, title, backend, model, text_hash, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated = excluded.updated,"
                " title = excluded.title, data = excluded.data",
                (
                    analysis_id,
                    now,
                    now,
                    analysis.title,
                    analysis.backend,
                    analysis.model,
                    analysis.text_hash,
                    _dump(saved),
                ),
            )

    def load(self, analysis_id: str) -> SavedAnalysis | None:
        """Return the analysis saved under analysis_id, or None; raise StoreError when it cannot be read."""
        rows = self._db.query("SELECT data FROM analyses WHERE id = ?", (analysis_id,))
        if not rows:
            return None
        try:
            return SavedAnalysis.model_validate_json(rows[0][0])
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"] if exc.errors() else str(exc)
            raise StoreError(
                f"The saved analysis {analysis_id} in {self._db.path} cannot be read: {problem}."
            ) from None

    def find(self, text_hash: str, backend: str | None, model: str | None) -> str | None:
        """Return the id of the latest analysis of this text by this backend and model, or None."""
        rows = self._db.query(
            "SELECT id FROM analyses WHERE text_hash = ? AND backend IS ? AND model IS ? ORDER BY updated DESC LIMIT 1",
            (text_hash, backend, model),
        )
        return rows[0][0] if rows else None

    def recent(self, limit: int = 50) -> list[AnalysisEntry]:
        """Return the saved analyses, the most recently changed first."""
        rows = self._db.query(
            "SELECT id, title, backend, model, created, updated FROM analyses ORDER BY updated DESC LIMIT ?", (limit,)
        )
        return [AnalysisEntry(*row) for row in rows]


def _dump(saved: SavedAnalysis) -> str:
    """Return the payload as the JSON kept in the data column (the shape 161b2f6 wrote, so old stores read)."""
    return saved.model_dump_json()
