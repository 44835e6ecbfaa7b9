"""The corpus questions, answered in DuckDB SQL over a corpus written in the contract's layout."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from explorer.corpus import insights, open_corpus
from explorer.corpus.insights import ClaimQuery, Scope
from tests.corpus_files import SCHEMAS, Said, Story, harbour_stories, write_corpus

ALL = Scope()


@pytest.fixture
def corpus(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The six harbour articles (one failed source besides) opened through the corpus views."""
    return opened(write_corpus(tmp_path / "harbour", harbour_stories(), failed=[("a7", "fetch timed out")]))


def opened(folder: Path) -> duckdb.DuckDBPyConnection:
    """The corpus at folder, opened through its views and loaded for the questions."""
    return insights.load(open_corpus(folder))


def test_speakers_are_ranked_by_claims_with_direct_and_indirect_shares(corpus: duckdb.DuckDBPyConnection) -> None:
    ranked = insights.speakers(corpus, ALL).set_index("speaker")
    assert ranked.index[0] == "Mara Lind"
    lind = ranked.loc["Mara Lind"]
    assert (lind["claims"], lind["articles"], lind["direct"], lind["indirect"]) == (6, 3, 3, 3)
    assert lind["direct_share"] == 0.5
    assert ranked.loc["Tomas Berg", "articles"] == 3
    assert ranked["share_of_claims"].sum() == pytest.approx(1.0, abs=0.01)
    assert len(ranked) == 5, "the unattributed claim is no speaker"


def test_speaker_types_count_speakers_and_claims_in_the_analysis_order(corpus: duckdb.DuckDBPyConnection) -> None:
    types = insights.speaker_types(corpus, ALL)
    assert types["type"].tolist() == ["person", "organization", "group"]
    assert types.set_index("type").loc["person"].to_dict() == {
        "speakers": 3,
        "claims": 10,
        "share_of_claims": pytest.approx(0.833, abs=0.001),
    }


def test_each_article_shows_its_distinct_speakers_and_the_top_speakers_share(corpus: duckdb.DuckDBPyConnection) -> None:
    articles = insights.article_sources(corpus, ALL).set_index("article_id")
    march = articles.loc["a2"]  # three claims by Lind and one nobody is named for
    assert (march["claims"], march["speakers"], march["top_speaker"], march["unattributed"]) == (4, 1, "Mara Lind", 1)
    assert march["top_share"] == 0.75
    assert articles.loc["a6", "claims"] == 0 and articles.loc["a6", "speakers"] == 0, "an article without quotes stays"
    assert articles.loc["a3", "top_share"] == pytest.approx(0.333, abs=0.001)


def test_outlet_diversity_covers_known_outlets_only(corpus: duckdb.DuckDBPyConnection) -> None:
    outlets = insights.outlet_diversity(corpus, ALL).set_index("outlet")
    assert sorted(outlets.index) == ["Bay Courier", "Coast Herald"]
    herald, courier = outlets.loc["Coast Herald"], outlets.loc["Bay Courier"]
    assert (herald["articles"], herald["quoting_articles"], herald["single_source_articles"]) == (3, 2, 1)
    assert herald["mean_speakers"] == 1.5 and courier["mean_speakers"] == 2.5
    assert herald["mean_top_share"] > courier["mean_top_share"], "the Herald leans more on one voice"


def test_each_outlets_most_quoted_speakers(corpus: duckdb.DuckDBPyConnection) -> None:
    top = insights.outlet_speakers(corpus, ALL, top=1).set_index("outlet")
    assert top.loc["Coast Herald", "speaker"] == "Mara Lind"
    assert top.loc["Coast Herald", "share_of_claims"] == pytest.approx(5 / 6, abs=0.001)
    assert top.loc["Bay Courier", "speaker"] == "Tomas Berg", "two claims in two articles"
    assert len(insights.outlet_speakers(corpus, ALL)) == 2 + 4, "every speaker of each outlet, up to five"


def test_stance_pairs_count_favor_and_against_across_articles(corpus: duckdb.DuckDBPyConnection) -> None:
    pairs = insights.stance_pairs(corpus, ALL)
    first = pairs.iloc[0]
    assert (first["source"], first["target"], first["against"], first["articles"], first["stance"]) == (
        "Mara Lind",
        "Tomas Berg",
        3,
        3,
        "against",
    )
    reverse = pairs[(pairs["source"] == "Tomas Berg") & (pairs["target"] == "Mara Lind")].iloc[0]
    assert reverse["against"] == 1, "a pair is directed"


def test_an_even_split_between_favor_and_against_is_mixed(tmp_path: Path) -> None:
    stories = [
        Story(
            "m1",
            "One",
            "Bay Courier",
            "2025-01-01",
            [Said("Ilse Varga", "the plan helps", about="Tomas Berg", stance="favor")],
        ),
        Story(
            "m2",
            "Two",
            "Bay Courier",
            "2025-01-02",
            [Said("Ilse Varga", "the plan hurts", about="Tomas Berg", stance="against")],
        ),
    ]
    pairs = insights.stance_pairs(opened(write_corpus(tmp_path / "c", stories)), ALL)
    assert pairs[["favor", "against", "stance"]].values.tolist() == [[1, 1, "mixed"]]


def test_pair_evidence_lists_every_article_by_date(corpus: duckdb.DuckDBPyConnection) -> None:
    evidence = insights.pair_evidence(corpus, ALL, "Mara Lind", "Tomas Berg")
    assert evidence["article_id"].tolist() == ["a1", "a2", "a5"]
    assert evidence["evidence"].iloc[1] == "Nobody voted for this plan"
    assert evidence["date"].tolist() == ["2025-01-14", "2025-02-03", "2025-05-11"], "a datetime is read as its day"


@pytest.mark.parametrize(
    ("scope", "articles", "top"),
    [
        (Scope(outlets=("Bay Courier",)), 2, "Tomas Berg"),
        (Scope(outlets=("Coast Herald",)), 3, "Mara Lind"),
        (Scope(start=date(2025, 3, 1)), 3, "Tomas Berg"),
        (Scope(end=date(2025, 2, 3)), 2, "Mara Lind"),
        (Scope(start=date(2025, 3, 21), end=date(2025, 5, 1)), 1, "Port Authority"),  # a tie goes by name
    ],
)
def test_scope_narrows_every_answer(corpus: duckdb.DuckDBPyConnection, scope: Scope, articles: int, top: str) -> None:
    assert insights.overview(corpus, scope)["articles"] == articles
    assert insights.speakers(corpus, scope)["speaker"].iloc[0] == top
    assert len(insights.article_sources(corpus, scope)) == articles


def test_a_date_bound_leaves_out_undated_articles(corpus: duckdb.DuckDBPyConnection) -> None:
    ids = set(insights.article_sources(corpus, Scope(start=date(2000, 1, 1)))["article_id"])
    assert "a6" not in ids and "a1" in ids


def test_overview_counts_the_corpus(corpus: duckdb.DuckDBPyConnection) -> None:
    figures = insights.overview(corpus, ALL)
    assert {k: figures[k] for k in ("articles", "outlets", "claims", "speakers", "unattributed", "failed")} == {
        "articles": 6,
        "outlets": 2,
        "claims": 13,
        "speakers": 5,
        "unattributed": 1,
        "failed": 1,
    }
    assert (figures["first_day"], figures["last_day"]) == ("2025-01-14", "2025-05-11")
    assert (figures["quoting_articles"], figures["single_source_articles"]) == (5, 2), "a2 and a5 quote Lind alone"


def test_one_actors_claims_come_in_date_order_with_whom_they_oppose(corpus: duckdb.DuckDBPyConnection) -> None:
    claims = insights.actor_claims(corpus, ALL, "Tomas Berg")
    assert claims["article_id"].tolist() == ["a1", "a3", "a4"]
    stances = insights.actor_stances(corpus, ALL, "Tomas Berg")
    takes = stances[stances["direction"] == "takes"].set_index("other")
    receives = stances[stances["direction"] == "receives"].set_index("other")
    assert takes.loc["Mara Lind", "against"] == 1 and takes.loc["Port Authority", "favor"] == 1
    assert receives.loc["Mara Lind", "against"] == 3


def test_actors_in_view_start_with_the_most_quoted(corpus: duckdb.DuckDBPyConnection) -> None:
    names = insights.actors_in_view(corpus, ALL)
    assert names[:2] == ["Mara Lind", "Tomas Berg"] and "Port Authority" in names


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ClaimQuery(text="PLAN"), {("a1", 0), ("a1", 1), ("a2", 0)}),
        (ClaimQuery(text="plan", speakers=("Tomas Berg",)), set()),
        (ClaimQuery(speakers=("Tomas Berg", "Ilse Varga")), {("a1", 2), ("a3", 0), ("a3", 2), ("a4", 1)}),
        (ClaimQuery(text="100%"), set()),
    ],
)
def test_claim_search_matches_words_and_speakers(
    corpus: duckdb.DuckDBPyConnection, query: ClaimQuery, expected: set[tuple[str, int]]
) -> None:
    found = insights.search_claims(corpus, ALL, query)
    assert set(zip(found["article_id"], found["claim_index"])) == expected
    assert insights.count_claims(corpus, ALL, query) == len(expected)


def test_claim_search_keeps_to_the_scope_and_the_limit(corpus: duckdb.DuckDBPyConnection) -> None:
    courier = insights.search_claims(corpus, Scope(outlets=("Bay Courier",)), ClaimQuery())
    assert set(courier["outlet"]) == {"Bay Courier"} and len(courier) == 5
    assert len(insights.search_claims(corpus, ALL, ClaimQuery(), limit=2)) == 2


def test_raw_tables_follow_the_scope_without_the_stored_analyses(corpus: duckdb.DuckDBPyConnection) -> None:
    articles = insights.table(corpus, Scope(outlets=("Bay Courier",)), "articles")
    assert articles["article_id"].tolist() == ["a3", "a4"] and "analysis_json" not in articles
    assert set(insights.table(corpus, Scope(outlets=("Bay Courier",)), "claims")["article_id"]) == {"a3", "a4"}
    assert insights.table(corpus, ALL, "failures")["reason"].tolist() == ["fetch timed out"]
    with pytest.raises(ValueError, match="tables are"):
        insights.table(corpus, ALL, "analysis_json; DROP VIEW articles")


def test_an_article_reopens_with_its_full_analysis(corpus: duckdb.DuckDBPyConnection) -> None:
    analysis = insights.article_analysis(corpus, "a3")
    assert analysis is not None and analysis.title == "Councillor backs the fleet"
    assert {c.speaker for c in analysis.claims} == {"Ilse Varga", "Quay Residents", "Tomas Berg"}
    assert insights.article_analysis(corpus, "no-such-article") is None


def test_the_filtered_view_workbook_holds_its_filters_claims_and_tables(corpus: duckdb.DuckDBPyConnection) -> None:
    scope, query = Scope(outlets=("Coast Herald",)), ClaimQuery(speakers=("Mara Lind",))
    book = load_workbook(io.BytesIO(insights.filtered_workbook(corpus, scope, query)))
    assert book.sheetnames == ["filters", "claims", *insights.SUMMARIES]
    assert list(insights.SUMMARIES) == [
        "speakers",
        "speaker_types",
        "outlets",
        "outlet_speakers",
        "articles",
        "stance_pairs",
    ]
    filters = {row[0]: row[1] for row in book["filters"].iter_rows(min_row=2, values_only=True)}
    assert "Coast Herald" in filters["scope"] and filters["speakers"] == "Mara Lind"
    claims = list(book["claims"].iter_rows(values_only=True))
    speaker = claims[0].index("speaker")
    assert len(claims) - 1 == 5 and {row[speaker] for row in claims[1:]} == {"Mara Lind"}


def test_workbook_cells_never_start_a_formula(tmp_path: Path) -> None:
    story = Story("f1", '=HYPERLINK("http://x")', "Bay Courier", "2025-01-01", [Said("Ilse Varga", "=1+1 is the sum")])
    con = opened(write_corpus(tmp_path / "c", [story]))
    book = load_workbook(io.BytesIO(insights.filtered_workbook(con, ALL, ClaimQuery())))
    texts = [cell for row in book["claims"].iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "'=1+1 is the sum" in texts and not any(t.startswith("=") for t in texts)


def test_a_later_part_replaces_an_articles_rows(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "c", harbour_stories())
    rerun = Story(
        "a1",
        "Harbour plan splits the town (corrected)",
        "Coast Herald",
        "2025-01-14",
        [Said("Ilse Varga", "corrected")],
    )
    second = write_corpus(tmp_path / "second", [rerun])
    for table in SCHEMAS:
        rows = pq.read_table(second / table / "part-00000.parquet")
        pq.write_table(
            pa.Table.from_pylist(rows.to_pylist(), schema=SCHEMAS[table]), folder / table / "part-00001.parquet"
        )
    con = opened(folder)
    sources = insights.article_sources(con, ALL).set_index("article_id")
    assert len(sources) == 6 and sources.loc["a1", "top_speaker"] == "Ilse Varga"
    assert "Mara Lind" not in set(
        insights.search_claims(con, Scope(), ClaimQuery())[lambda f: f["article_id"] == "a1"]["speaker"]
    )


def test_an_empty_corpus_answers_with_empty_tables(tmp_path: Path) -> None:
    con = opened(write_corpus(tmp_path / "empty", []))
    assert insights.overview(con, ALL)["articles"] == 0 and insights.overview(con, ALL)["direct_share"] is None
    for name, summary in insights.SUMMARIES.items():
        assert summary(con, ALL).empty, name
    assert insights.choices(con) == {"outlets": [], "first_day": None, "last_day": None}
