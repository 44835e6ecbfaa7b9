"""The corpus tables: their Arrow schemas (the contract) and the rows one analysed article gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from ..analysis import Analysis

SCHEMA_VERSION = 1
_TEXT = pa.string()
_INT = pa.int64()

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", _TEXT),
            ("title", _TEXT),
            ("date", _TEXT),
            ("url", _TEXT),
            ("outlet", _TEXT),
            ("source", _TEXT),
            ("text", _TEXT),
            ("words", _INT),
            ("backend", _TEXT),
            ("analysis_json", _TEXT),
        ]
    ),
    "actors": pa.schema(
        [
            ("article_id", _TEXT),
            ("name", _TEXT),
            ("type", _TEXT),
            ("title", _TEXT),
            ("aliases", pa.list_(_TEXT)),
            ("mentions", _INT),
        ]
    ),
    "mentions": pa.schema([("article_id", _TEXT), ("actor", _TEXT), ("start", _INT), ("end", _INT)]),
    "claims": pa.schema(
        [
            ("article_id", _TEXT),
            ("claim_index", _INT),
            ("speaker", _TEXT),
            ("speaker_type", _TEXT),
            ("text", _TEXT),
            ("quote", _TEXT),
            ("cue", _TEXT),
            ("start", _INT),
            ("end", _INT),
            ("grounded", pa.bool_()),
        ]
    ),
    "stances": pa.schema(
        [
            ("article_id", _TEXT),
            ("source", _TEXT),
            ("target", _TEXT),
            ("stance", _TEXT),
            ("evidence", _TEXT),
            ("confidence", pa.float64()),
            ("start", _INT),
            ("end", _INT),
        ]
    ),
    "failures": pa.schema(
        [("article_id", _TEXT), ("source", _TEXT), ("reason", _TEXT), ("attempt", _INT), ("at", _TEXT)]
    ),
}
TABLES = tuple(SCHEMAS)
ARTICLE_TABLES = ("actors", "mentions", "claims", "stances")  # rows that belong to one analysed article

Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class SourceArticle:
    """One article read from a source: its stable id, text, where it came from and its metadata."""

    article_id: str
    text: str
    source: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class SourceFailure:
    """An input that could not become an article, and why."""

    article_id: str
    source: str
    reason: str


def article_rows(article: SourceArticle, analysis: Analysis) -> Rows:
    """Return the rows of every article table for one analysed article."""
    types = {a.name: a.type for a in analysis.actors}
    tables = analysis.tables()  # the claim and stance rows of the single-article tables; extra columns are dropped
    key = article.article_id
    return {
        "articles": [
            {
                "article_id": key,
                "title": article.title or analysis.title,
                "date": article.date,
                "url": article.url,
                "outlet": article.outlet,
                "source": article.source,
                "text": analysis.text,
                "words": len(analysis.text.split()),
                "backend": analysis.backend,
                "analysis_json": analysis.model_dump_json(),
            }
        ],
        "actors": [
            {
                "article_id": key,
                "name": a.name,
                "type": a.type,
                "title": a.title,
                "aliases": list(a.aliases),
                "mentions": len(a.mentions),
            }
            for a in analysis.actors
        ],
        "mentions": [
            {"article_id": key, "actor": a.name, "start": m[0], "end": m[1]}
            for a in analysis.actors
            for m in a.mentions
        ],
        "claims": [
            {"article_id": key, "claim_index": i, **row, "speaker_type": types.get(row["speaker"] or "")}
            for i, row in enumerate(tables["claims"][1])
        ],
        "stances": [{"article_id": key, **row} for row in tables["stances"][1]],
    }


def failure_row(failure: SourceFailure, attempt: int) -> dict[str, Any]:
    """Return the failures-table row for one failed attempt, stamped now (UTC)."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return {
        "article_id": failure.article_id,
        "source": failure.source,
        "reason": failure.reason,
        "attempt": attempt,
        "at": at,
    }
