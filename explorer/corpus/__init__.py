"""Corpus runs: many articles from folders, files, URLs and feeds into Parquet tables read with DuckDB."""

from __future__ import annotations

from typing import Any

__all__ = ["open_corpus", "run_corpus"]


def __getattr__(name: str) -> Any:
    """Import the heavy parts (pyarrow, duckdb) only when they are used, so `explorer --help` stays fast."""
    if name == "open_corpus":
        from .store import open_corpus

        return open_corpus
    if name == "run_corpus":
        from .run import run_corpus

        return run_corpus
    raise AttributeError(name)
