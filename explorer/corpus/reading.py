"""Stand-in reader of a corpus folder until the corpus engine's `open_corpus` lands: one DuckDB view per table."""

from __future__ import annotations

from pathlib import Path

import duckdb

TABLES = ("articles", "actors", "mentions", "claims", "stances", "failures")


class CorpusError(Exception):
    """The folder is not a corpus written by `explorer corpus run`."""


def open_corpus(folder: Path | str) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection with one de-duplicated view per table; CorpusError if not a corpus."""
    folder = Path(folder).expanduser()
    if not (folder / "manifest.json").is_file():
        raise CorpusError(f"{folder} is not a corpus folder (no manifest.json).")
    con = duckdb.connect()
    for table in TABLES:
        parts = sorted((folder / table).glob("part-*.parquet"))
        if not parts:
            raise CorpusError(f"{folder} has no {table} table.")
        files = "[" + ", ".join(_quoted(str(p)) for p in parts) + "]"
        con.execute(f"CREATE VIEW {table} AS {_latest_part(files)}")
    return con


def _latest_part(files: str) -> str:
    """Return SQL keeping, per article, only the rows of the latest part that holds it."""
    return (
        "SELECT * EXCLUDE (filename, latest) FROM ("
        f"SELECT *, max(filename) OVER (PARTITION BY article_id) AS latest FROM read_parquet({files}, filename = true)"
        ") WHERE filename = latest"
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
