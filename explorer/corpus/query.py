"""Stats and SQL over a corpus folder, through the DuckDB views of explorer.corpus.store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..ingest import InputError
from .store import counts, open_corpus


def corpus_stats(folder: Path, top: int = 10) -> dict[str, Any]:
    """Return the counts and the top speakers (claims, and articles they speak in) of a corpus."""
    con = open_corpus(folder)
    try:
        speakers = con.execute(
            "SELECT speaker, count(*) AS claims, count(DISTINCT article_id) AS articles FROM claims"
            " WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY claims DESC, articles DESC, speaker LIMIT ?",
            [top],
        ).fetchall()
        result: dict[str, Any] = counts(con)
    finally:
        con.close()
    result["top_speakers"] = [{"name": n, "claims": int(c), "articles": int(a)} for n, c, a in speakers]
    return result


def run_query(folder: Path, sql: str) -> Any:
    """Return the answer to a DuckDB query over the corpus views as a pandas DataFrame."""
    import duckdb

    con = open_corpus(folder)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        raise InputError(f"The query failed: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def latest_failures(folder: Path, limit: int) -> list[dict[str, Any]]:
    """Return the newest failures (source, reason), newest first."""
    con = open_corpus(folder)
    try:
        rows = con.execute('SELECT source, reason FROM failures ORDER BY "at" DESC LIMIT ?', [limit]).fetchall()
    finally:
        con.close()
    return [{"source": s, "reason": r} for s, r in rows]
