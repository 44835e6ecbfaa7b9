"""Answers a sourcing audit asks of a corpus, each one DuckDB SQL, returned as pandas tables.

`load` copies what the questions read from the corpus views into small in-memory tables, once. Every question
takes a Scope (outlets and a date range) so the whole page, its downloads and its Excel describe the same slice
of the corpus. Dates are read from the first ten characters of an article's date (ISO 8601 as given); an article
without a readable date drops out as soon as a date bound is set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from explorer.analysis import Analysis
from explorer.export import excel_sheets

Connection = duckdb.DuckDBPyConnection
TYPE_ORDER = ["person", "organization", "country", "group", "other"]
UNKNOWN_TYPE = "other"
RAW_TABLES = ("articles", "actors", "mentions", "claims", "stances", "failures")


@dataclass(frozen=True)
class Scope:
    """The slice of the corpus in view: some outlets (none means all) between two dates (inclusive)."""

    outlets: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    def describe(self) -> str:
        """Return the scope in words, for a caption or a workbook's first sheet."""
        outlets = ", ".join(self.outlets) if self.outlets else "all outlets"
        if self.start is None and self.end is None:
            return f"{outlets}; all dates"
        return f"{outlets}; {self.start or 'any date'} to {self.end or 'any date'}"


@dataclass(frozen=True)
class ClaimQuery:
    """A claim search inside a scope: words the claim contains and the speakers who made it."""

    text: str = ""
    speakers: tuple[str, ...] = ()


_LOAD = [
    """CREATE OR REPLACE TABLE insight_articles AS
        SELECT article_id, title, outlet, url, day, CAST(day AS VARCHAR) AS shown_day
        FROM (SELECT *, TRY_CAST(left("date", 10) AS DATE) AS day FROM articles)""",
    """CREATE OR REPLACE TABLE insight_claims AS
        SELECT article_id, claim_index, NULLIF(trim(speaker), '') AS who, speaker_type, text, quote, cue, grounded
        FROM claims""",
    """CREATE OR REPLACE TABLE insight_stances AS
        SELECT article_id, source, target, stance, evidence, confidence, start FROM stances""",
    'CREATE OR REPLACE TABLE insight_failures AS SELECT article_id, source, reason, attempt, "at" FROM failures',
]


def load(con: Connection) -> Connection:
    """Copy the columns the questions read (not article texts) into in-memory tables once; return con.

    The corpus views de-duplicate parts on every read; the page asks many questions per click, so they
    read these small tables instead. Call again after a run has added to the corpus.
    """
    for statement in _LOAD:
        con.execute(statement)
    return con


def _scoped(scope: Scope) -> tuple[str, list[Any]]:
    """Return CTEs `a` (articles in scope, with a parsed `day`), `c` (their claims), `s` (their stances)."""
    where, params = ["TRUE"], list[Any]()
    if scope.outlets:
        where.append("list_contains(?, outlet)")
        params.append(list(scope.outlets))
    if scope.start is not None:
        where.append("day >= ?")
        params.append(scope.start)
    if scope.end is not None:
        where.append("day <= ?")
        params.append(scope.end)
    sql = (
        f"a AS (SELECT * FROM insight_articles WHERE {' AND '.join(where)}), "
        "c AS (SELECT insight_claims.* FROM insight_claims SEMI JOIN a USING (article_id)), "
        "s AS (SELECT insight_stances.* FROM insight_stances SEMI JOIN a USING (article_id))"
    )
    return sql, params


def _query(con: Connection, scope: Scope, body: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run body after the scope's CTEs and return the rows as a DataFrame."""
    ctes, scope_params = _scoped(scope)
    return con.execute(f"WITH {ctes} {body}", [*scope_params, *params]).df()


_ARTICLE_SOURCES = """per_speaker AS (
        SELECT article_id, who, count(*) AS n FROM c WHERE who IS NOT NULL GROUP BY ALL),
    top AS (
        SELECT article_id, who AS top_speaker, n AS top_claims FROM per_speaker
        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY n DESC, who) = 1),
    counted AS (
        SELECT article_id, count(*) AS claims, count(DISTINCT who) AS speakers,
            count(*) FILTER (who IS NULL) AS unattributed
        FROM c GROUP BY article_id),
    sources AS (
        SELECT a.article_id, a.title, a.outlet, a.shown_day AS date,
            coalesce(counted.claims, 0) AS claims,
            coalesce(counted.speakers, 0) AS speakers,
            top.top_speaker,
            round(top.top_claims / counted.claims, 3) AS top_share,
            coalesce(counted.unattributed, 0) AS unattributed
        FROM a LEFT JOIN counted USING (article_id) LEFT JOIN top USING (article_id))"""


def overview(con: Connection, scope: Scope) -> dict[str, Any]:
    """Return headline figures: articles, dates, claims, speakers, quote shares, single-source articles, stances."""
    row = _query(
        con,
        scope,
        f""", {_ARTICLE_SOURCES}
        SELECT * FROM
            (SELECT count(*) AS articles, count(DISTINCT outlet) AS outlets,
                CAST(min(day) AS VARCHAR) AS first_day, CAST(max(day) AS VARCHAR) AS last_day FROM a),
            (SELECT count(*) AS claims, count(DISTINCT who) AS speakers,
                count(*) FILTER (quote = 'direct') AS direct, count(*) FILTER (who IS NULL) AS unattributed,
                count(*) FILTER (NOT grounded) AS not_in_text FROM c),
            (SELECT count(*) FILTER (claims > 0) AS quoting_articles,
                count(*) FILTER (speakers = 1) AS single_source_articles FROM sources),
            (SELECT count(*) AS stances FROM s),
            (SELECT count(*) AS failed FROM insight_failures)""",
    ).iloc[0]
    figures: dict[str, Any] = {
        str(k): None if pd.isna(v) else v if isinstance(v, str) else int(v) for k, v in row.items()
    }
    claims = figures["claims"] or 0
    figures["direct_share"] = round(figures["direct"] / claims, 3) if claims else None
    figures["unattributed_share"] = round(figures["unattributed"] / claims, 3) if claims else None
    return figures


def speakers(con: Connection, scope: Scope) -> pd.DataFrame:
    """Return speakers ranked by claims then articles, with direct/indirect counts and shares."""
    return _query(
        con,
        scope,
        f"""SELECT
            row_number() OVER (ORDER BY count(*) DESC, count(DISTINCT article_id) DESC, who) AS rank,
            who AS speaker,
            coalesce(mode(speaker_type), '{UNKNOWN_TYPE}') AS type,
            count(*) AS claims,
            count(DISTINCT article_id) AS articles,
            count(*) FILTER (quote = 'direct') AS direct,
            count(*) FILTER (quote <> 'direct') AS indirect,
            round(count(*) FILTER (quote = 'direct') / count(*), 3) AS direct_share,
            round(count(*) / sum(count(*)) OVER (), 3) AS share_of_claims,
            CAST(min(day) AS VARCHAR) AS first_seen,
            CAST(max(day) AS VARCHAR) AS last_seen
        FROM c LEFT JOIN a USING (article_id)
        WHERE who IS NOT NULL
        GROUP BY who
        ORDER BY rank""",
    )


def speaker_types(con: Connection, scope: Scope) -> pd.DataFrame:
    """Return claims and distinct speakers per speaker type (attributed claims only), in the analysis' type order."""
    order = ", ".join(f"'{t}'" for t in TYPE_ORDER)
    return _query(
        con,
        scope,
        f"""SELECT
            coalesce(speaker_type, '{UNKNOWN_TYPE}') AS type,
            count(DISTINCT who) AS speakers,
            count(*) AS claims,
            round(count(*) / sum(count(*)) OVER (), 3) AS share_of_claims
        FROM c WHERE who IS NOT NULL
        GROUP BY 1
        ORDER BY coalesce(list_position([{order}], type), 99), type""",
    )


def article_sources(con: Connection, scope: Scope) -> pd.DataFrame:
    """Return per article: claims, distinct speakers, the top speaker and the share of claims that are theirs."""
    return _query(
        con, scope, f", {_ARTICLE_SOURCES} SELECT * FROM sources ORDER BY date DESC NULLS LAST, outlet, article_id"
    )


def outlet_diversity(con: Connection, scope: Scope) -> pd.DataFrame:
    """Return per known outlet: articles, mean distinct speakers per quoting article, mean top-speaker share."""
    return _query(
        con,
        scope,
        f""", {_ARTICLE_SOURCES}
        SELECT outlet,
            count(*) AS articles,
            count(*) FILTER (claims > 0) AS quoting_articles,
            sum(claims) AS claims,
            round(avg(speakers) FILTER (claims > 0), 2) AS mean_speakers,
            round(avg(top_share) FILTER (claims > 0), 3) AS mean_top_share,
            count(*) FILTER (speakers = 1) AS single_source_articles,
            round(sum(unattributed) / nullif(sum(claims), 0), 3) AS unattributed_share
        FROM sources WHERE outlet IS NOT NULL
        GROUP BY outlet ORDER BY articles DESC, outlet""",
    )


def outlet_speakers(con: Connection, scope: Scope, top: int = 5) -> pd.DataFrame:
    """Return each known outlet's most quoted speakers (top per outlet) with their share of its attributed claims."""
    return _query(
        con,
        scope,
        """, per AS (
            SELECT a.outlet, c.who AS speaker, count(*) AS claims, count(DISTINCT c.article_id) AS articles
            FROM c JOIN a USING (article_id)
            WHERE c.who IS NOT NULL AND a.outlet IS NOT NULL
            GROUP BY ALL)
        SELECT outlet,
            row_number() OVER (PARTITION BY outlet ORDER BY claims DESC, articles DESC, speaker) AS rank,
            speaker, claims, articles,
            round(claims / sum(claims) OVER (PARTITION BY outlet), 3) AS share_of_claims
        FROM per
        QUALIFY rank <= ?
        ORDER BY outlet, rank""",
        [top],
    )


def stance_pairs(con: Connection, scope: Scope) -> pd.DataFrame:
    """Return favor/against/neutral counts per (source, target) pair, their articles and the prevailing stance."""
    return _query(
        con,
        scope,
        """, counts AS (
            SELECT source, target,
                count(*) FILTER (stance = 'favor') AS favor,
                count(*) FILTER (stance = 'against') AS against,
                count(*) FILTER (stance NOT IN ('favor', 'against')) AS neutral,
                count(*) AS total,
                count(DISTINCT article_id) AS articles
            FROM s
            WHERE source <> target
            GROUP BY source, target)
        SELECT *, CASE
                WHEN favor > against THEN 'favor'
                WHEN against > favor THEN 'against'
                WHEN favor > 0 THEN 'mixed'
                ELSE 'neutral' END AS stance
        FROM counts ORDER BY favor + against DESC, total DESC, source, target""",
    )


def pair_evidence(con: Connection, scope: Scope, source: str, target: str) -> pd.DataFrame:
    """Return every stance of source on target in scope, with its evidence and article, by date."""
    return _query(
        con,
        scope,
        """SELECT a.shown_day AS date, a.outlet, a.title, s.stance, s.evidence, s.confidence, s.article_id
        FROM s JOIN a USING (article_id)
        WHERE s.source = ? AND s.target = ?
        ORDER BY a.day NULLS LAST, s.article_id, s.start NULLS LAST""",
        [source, target],
    )


def actors_in_view(con: Connection, scope: Scope) -> list[str]:
    """Return every speaker or stance party in scope, most claims first, then by name."""
    frame = _query(
        con,
        scope,
        """, named AS (
            SELECT who AS name, 1 AS claim FROM c WHERE who IS NOT NULL
            UNION ALL SELECT source, 0 FROM s
            UNION ALL SELECT target, 0 FROM s)
        SELECT name FROM named GROUP BY name ORDER BY sum(claim) DESC, count(*) DESC, name""",
    )
    return frame["name"].tolist()


def actor_claims(con: Connection, scope: Scope, actor: str) -> pd.DataFrame:
    """Return one actor's claims in order: by date where known, then article and position."""
    return _query(
        con,
        scope,
        """SELECT a.shown_day AS date, a.outlet, a.title, c.quote, c.cue, c.text, c.grounded, c.article_id
        FROM c JOIN a USING (article_id)
        WHERE c.who = ?
        ORDER BY a.day NULLS LAST, c.article_id, c.claim_index""",
        [actor],
    )


def actor_stances(con: Connection, scope: Scope, actor: str) -> pd.DataFrame:
    """Return whom the actor is for and against (`takes`) and who is for and against them (`receives`)."""
    return _query(
        con,
        scope,
        """SELECT CASE WHEN source = ? THEN 'takes' ELSE 'receives' END AS direction,
            CASE WHEN source = ? THEN target ELSE source END AS other,
            count(*) FILTER (stance = 'favor') AS favor,
            count(*) FILTER (stance = 'against') AS against,
            count(*) FILTER (stance NOT IN ('favor', 'against')) AS neutral,
            count(DISTINCT article_id) AS articles
        FROM s
        WHERE (source = ? OR target = ?) AND source <> target
        GROUP BY ALL ORDER BY direction DESC, favor + against DESC, other""",
        [actor, actor, actor, actor],
    )


def _claim_filter(query: ClaimQuery) -> tuple[str, list[Any]]:
    """Return the WHERE condition on `c` for a claim search, and its parameters."""
    where, params = ["TRUE"], list[Any]()
    if query.text.strip():
        where.append("contains(lower(c.text), lower(?))")
        params.append(query.text.strip())
    if query.speakers:
        where.append("list_contains(?, c.who)")
        params.append(list(query.speakers))
    return " AND ".join(where), params


def search_claims(con: Connection, scope: Scope, query: ClaimQuery, limit: int | None = None) -> pd.DataFrame:
    """Return the claims in scope that contain query.text (any case) and come from query.speakers (if any)."""
    where, params = _claim_filter(query)
    return _query(
        con,
        scope,
        f"""SELECT a.shown_day AS date, a.outlet, a.title, c.who AS speaker, c.speaker_type, c.quote, c.cue, c.text,
            c.grounded, c.article_id, c.claim_index
        FROM c JOIN a USING (article_id)
        WHERE {where}
        ORDER BY a.day NULLS LAST, c.article_id, c.claim_index
        LIMIT ?""",
        [*params, limit],
    )


def count_claims(con: Connection, scope: Scope, query: ClaimQuery) -> int:
    """Return how many claims the search matches (the table may show fewer)."""
    where, params = _claim_filter(query)
    return int(_query(con, scope, f"SELECT count(*) AS n FROM c WHERE {where}", params)["n"].iloc[0])


def choices(con: Connection) -> dict[str, Any]:
    """Return what the filters offer: the known outlets and the first and last article dates."""
    outlets = con.execute(
        "SELECT DISTINCT outlet FROM insight_articles WHERE outlet IS NOT NULL ORDER BY outlet"
    ).fetchall()
    days = con.execute("SELECT min(day), max(day) FROM insight_articles")
    first, last = days.fetchone() or (None, None)
    return {"outlets": [o for (o,) in outlets], "first_day": first, "last_day": last}


def failures(con: Connection) -> pd.DataFrame:
    """Return the articles not analysed successfully, with why and when."""
    return con.execute('SELECT * FROM insight_failures ORDER BY "at" DESC, article_id').df()


def table(con: Connection, scope: Scope, name: str) -> pd.DataFrame:
    """Return one raw corpus table restricted to scope (failures are never scoped); ValueError for other names."""
    if name not in RAW_TABLES:
        raise ValueError(f"no table {name!r}: tables are {', '.join(RAW_TABLES)}")
    if name == "failures":
        return failures(con)
    drop = " EXCLUDE (analysis_json)" if name == "articles" else ""
    return _query(con, scope, f"SELECT t.*{drop} FROM {name} t SEMI JOIN a USING (article_id) ORDER BY article_id")


def article_analysis(con: Connection, article_id: str) -> Analysis | None:
    """Return the stored analysis of one article, or None when the corpus does not hold it."""
    row = con.execute("SELECT analysis_json FROM articles WHERE article_id = ?", [article_id]).fetchone()
    return Analysis.model_validate_json(row[0]) if row and row[0] else None


def filtered_workbook(con: Connection, scope: Scope, query: ClaimQuery) -> bytes:
    """Return an .xlsx of the view: its filters, the matching claims, and every table of the scope."""
    filters = pd.DataFrame(
        {
            "filter": ["scope", "claims containing", "speakers"],
            "value": [scope.describe(), query.text or "(any)", ", ".join(query.speakers) or "(any)"],
        }
    )
    return excel_sheets(
        {
            "filters": filters,
            "claims": search_claims(con, scope, query),
            **scope_tables(con, scope),
        }
    )


SUMMARIES: dict[str, Callable[[Connection, Scope], pd.DataFrame]] = {
    "speakers": speakers,
    "speaker_types": speaker_types,
    "outlets": outlet_diversity,
    "outlet_speakers": outlet_speakers,
    "articles": article_sources,
    "stance_pairs": stance_pairs,
}


def scope_tables(con: Connection, scope: Scope) -> dict[str, pd.DataFrame]:
    """Return every summary table of the scope by name."""
    return {name: summary(con, scope) for name, summary in SUMMARIES.items()}
