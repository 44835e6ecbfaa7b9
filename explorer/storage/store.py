"""The store: one SQLite file under EXPLORER_HOME with a typed repository for each kind of row."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from .analyses import SavedAnalyses
from .cache import ResultCache
from .calls import CallLog
from .database import Database
from .summaries import SummaryVersions


class Store:
    """Opens the database once and exposes its repositories: cache, calls, analyses and summaries.

    Shared safely by the threads of one process. `notice` says when a damaged file was moved aside.
    """

    def __init__(self, path: Path | str, busy_timeout: float = 10.0) -> None:
        self.database = Database(Path(path), busy_timeout)
        self.cache = ResultCache(self.database)
        self.calls = CallLog(self.database)
        self.analyses = SavedAnalyses(self.database)
        self.summaries = SummaryVersions(self.database)

    @property
    def path(self) -> Path:
        """Return the database file."""
        return self.database.path

    @property
    def notice(self) -> str | None:
        """Return what the user should know about how the store was opened, if anything."""
        return self.database.notice

    def close(self) -> None:
        """Close the database."""
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
