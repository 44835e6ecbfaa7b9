"""Reads a corpus folder back: DuckDB views over the part files, done ids, names and the manifest."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import write_atomic, write_text_atomic
from .tables import SCHEMA_VERSION, SCHEMAS, TABLES

NAMES_FILE = "names.parquet"
MANIFEST_FILE = "manifest.json"
_MAPPED = {  # table -> columns holding actor names that the corpus-wide name map rewrites
    "mentions": ("actor",),
    "claims": ("speaker",),
    "stances": ("source", "target"),
}


def open_corpus(folder: str | Path) -> Any:
    """Return a DuckDB connection with one view per table; each article appears once (its latest part)."""
    import duckdb

    folder = Path(folder)
    con = duckdb.connect()
    for name in TABLES:
        _raw_view(con, folder, name)
    _names_view(con, folder)
    con.execute("CREATE VIEW _winners AS SELECT article_id, max(_part) AS _part FROM _raw_articles GROUP BY article_id")
    con.execute(
        f"CREATE VIEW articles AS SELECT {_columns('articles', 'r')} FROM _raw_articles r "
        "JOIN _winners w USING (article_id, _part)"
    )
    for name in ("mentions", "claims", "stances"):
        con.execute(_mapped_view(name))
    con.execute(_ACTORS_VIEW)
    con.execute(
        'CREATE VIEW failures AS SELECT article_id, source, reason, attempt, "at" FROM ('
        " SELECT *, row_number() OVER (PARTITION BY article_id ORDER BY _part DESC, attempt DESC) AS _n"
        " FROM _raw_failures WHERE article_id NOT IN (SELECT article_id FROM _winners)) WHERE _n = 1"
    )
    return con


_ACTORS_VIEW = """
CREATE VIEW actors AS
SELECT r.article_id, coalesce(n.canonical, r.name) AS name,
       first(r.type ORDER BY r.mentions DESC) AS type, max(r.title) AS title,
       list_sort([a FOR a IN list_distinct(flatten(list(list_append(r.aliases, r.name))))
                  IF a <> coalesce(n.canonical, r.name)]) AS aliases,
       sum(r.mentions)::BIGINT AS mentions
FROM _raw_actors r JOIN _winners w USING (article_id, _part) LEFT JOIN _names n ON n.name = r.name
GROUP BY r.article_id, coalesce(n.canonical, r.name)
"""


def _columns(table: str, alias: str) -> str:
    return ", ".join(f'{alias}."{c}"' for c in SCHEMAS[table].names)


def _mapped_view(table: str) -> str:
    """Return the view of a table's latest rows with actor-name columns rewritten through the corpus name map."""
    mapped = _MAPPED[table]
    columns = ", ".join(
        f'coalesce(n_{c}.canonical, r."{c}") AS "{c}"' if c in mapped else f'r."{c}"' for c in SCHEMAS[table].names
    )
    joins = " ".join(f'LEFT JOIN _names n_{c} ON n_{c}.name = r."{c}"' for c in mapped)
    return (
        f"CREATE VIEW {table} AS SELECT {columns} FROM _raw_{table} r JOIN _winners w USING (article_id, _part) {joins}"
    )


def _raw_view(con: Any, folder: Path, name: str) -> None:
    """Create _raw_<name>: every row of every part, with the part it came from."""
    files = sorted((folder / name).glob("part-*.parquet"))
    if files:
        pattern = str(folder / name / "part-*.parquet").replace("'", "''")
        con.execute(
            f"CREATE VIEW _raw_{name} AS SELECT * EXCLUDE (filename), "
            f"regexp_extract(filename, '(part-[^/\\\\]*)\\.parquet$', 1) AS _part "
            f"FROM read_parquet('{pattern}', filename = true, union_by_name = true)"
        )
        return
    _empty_view(con, f"_raw_{name}", SCHEMAS[name], with_part=True)


def _names_view(con: Any, folder: Path) -> None:
    import pyarrow as pa

    path = folder / NAMES_FILE
    if path.is_file():
        con.execute(f"CREATE VIEW _names AS SELECT name, canonical FROM read_parquet('{_quoted(path)}')")
    else:
        _empty_view(con, "_names", pa.schema([("name", pa.string()), ("canonical", pa.string())]))


def _empty_view(con: Any, view: str, schema: Any, with_part: bool = False) -> None:
    """Create a view with the schema's columns and no rows, in SQL (registering an Arrow table imports pandas)."""
    columns = [(field.name, _sql_type(field.type)) for field in schema] + ([("_part", "VARCHAR")] if with_part else [])
    nulls = ", ".join(f'CAST(NULL AS {sql_type}) AS "{name}"' for name, sql_type in columns)
    con.execute(f"CREATE VIEW {view} AS SELECT {nulls} WHERE false")


def _sql_type(arrow_type: Any) -> str:
    """Return the DuckDB type of a column type the corpus tables use."""
    import pyarrow as pa

    if pa.types.is_list(arrow_type):
        return f"{_sql_type(arrow_type.value_type)}[]"
    return {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN", pa.float64(): "DOUBLE"}[arrow_type]


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def done_ids(folder: Path) -> set[str]:
    """Return the ids of the articles already analysed in folder."""
    return _ids(folder, "articles", "SELECT DISTINCT article_id FROM read_parquet('{}')")


def failed_attempts(folder: Path) -> dict[str, int]:
    """Return how many times each article has failed so far."""
    if not any((folder / "failures").glob("part-*.parquet")):
        return {}
    import duckdb  # only now: a new folder's run starts sooner without it (PartWriter imports it meanwhile)

    pattern = _quoted(folder / "failures" / "part-*.parquet")
    rows = (
        duckdb.connect()
        .execute(f"SELECT article_id, max(attempt) FROM read_parquet('{pattern}') GROUP BY 1")
        .fetchall()
    )
    return {key: int(n) for key, n in rows}


def _ids(folder: Path, table: str, sql: str) -> set[str]:
    if not any((folder / table).glob("part-*.parquet")):
        return set()
    import duckdb

    rows = duckdb.connect().execute(sql.format(_quoted(folder / table / "part-*.parquet"))).fetchall()
    return {row[0] for row in rows}


def counts(con: Any) -> dict[str, int]:
    """Return how many articles, claims, stances, (corpus-canonical) actors and failures the views hold."""
    query = {
        "articles": "SELECT count(*) FROM articles",
        "claims": "SELECT count(*) FROM claims",
        "stances": "SELECT count(*) FROM stances",
        "actors": "SELECT count(DISTINCT name) FROM actors",
        "failed": "SELECT count(*) FROM failures",
    }
    return {key: int(con.execute(sql).fetchone()[0]) for key, sql in query.items()}


def write_manifest(folder: Path, backend: dict[str, Any]) -> dict[str, Any]:
    """Write DIR/manifest.json (strict JSON, atomically) with the current counts; return it."""
    path = folder / MANIFEST_FILE
    now = datetime.now(UTC).isoformat(timespec="seconds")
    created = read_manifest(folder).get("created", now)
    con = open_corpus(folder)
    try:
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "backend": backend,
            "counts": counts(con),
            "created": created,
            "updated": now,
        }
    finally:
        con.close()
    write_text_atomic(path, json.dumps(manifest, indent=2, allow_nan=False) + "\n")
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the manifest, or {} when there is none or it cannot be read."""
    try:
        value = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_names(folder: Path, names: dict[str, str]) -> None:
    """Write the article name -> corpus-canonical name map atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {"name": list(names), "canonical": list(names.values())},
        schema=pa.schema([("name", pa.string()), ("canonical", pa.string())]),
    )
    write_atomic(folder / NAMES_FILE, lambda temp: pq.write_table(table, temp))


def actor_names(folder: Path) -> list[tuple[str, str, str | None, list[str], int]]:
    """Return (name, type, title, aliases, articles) per distinct article-level actor name and type."""
    con = open_corpus(folder)
    try:
        return con.execute(
            "SELECT r.name, r.type, max(r.title), list_distinct(flatten(list(r.aliases))), count(*)"
            " FROM _raw_actors r JOIN _winners w USING (article_id, _part) GROUP BY r.name, r.type"
        ).fetchall()
    finally:
        con.close()
