"""The call log: every model call, with its prompt, answer, token counts, latency and error."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .database import Database

if TYPE_CHECKING:
    from ..calls import CallRecord

_COLUMNS = (
    "id, created, model, endpoint, cache_key, prompt, response, prompt_tokens, completion_tokens, latency_s, error"
)


@dataclass(frozen=True)
class LoggedCall:
    """One model call as the log keeps it."""

    id: int
    created: float
    model: str | None
    endpoint: str | None
    cache_key: str | None
    prompt: str | None
    response: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_s: float | None
    error: str | None


class CallLog:
    """Appends model calls and lists the recent ones."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, record: CallRecord, endpoint: str | None, cache_key: str | None) -> None:
        """Append one model call."""
        with self._db.transaction() as db:
            db.execute(
                f"INSERT INTO calls ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    def recent(self, limit: int = 100) -> list[LoggedCall]:
        """Return the most recent calls, newest first."""
        rows = self._db.query(f"SELECT {_COLUMNS} FROM calls ORDER BY id DESC LIMIT ?", (limit,))
        return [LoggedCall(*row) for row in rows]
