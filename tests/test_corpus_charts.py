"""The corpus charts: cached data-free skeletons plus the view's datasets, as Vega-Lite specs."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.corpus import insights, open_corpus
from explorer.corpus.insights import Scope
from tests.corpus_files import harbour_stories, write_corpus
from ui import corpus_charts
from ui.corpus_charts import Drawing


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The harbour corpus's summary tables."""
    folder = write_corpus(tmp_path_factory.mktemp("corpus") / "harbour", harbour_stories())
    return insights.scope_tables(insights.load(open_corpus(folder)), Scope())


def param_names(spec: dict) -> set[str]:
    """Return the names of every selection parameter in a spec, layers included."""
    found = {p["name"] for p in spec.get("params", [])}
    for layer in spec.get("layer", []):
        found |= param_names(layer)
    return found


@pytest.mark.parametrize(
    ("by", "order"), [("claims", ["Edda Holt", "Jonas Berg"]), ("articles", ["Jonas Berg", "Edda Holt"])]
)
def test_speakers_are_drawn_in_the_chosen_ranking(by: str, order: list[str]) -> None:
    speakers = pd.DataFrame(
        {
            "speaker": ["Edda Holt", "Jonas Berg", "Karin Lind"],
            "type": ["person"] * 3,
            "claims": [5, 2, 1],
            "articles": [1, 2, 1],
            "direct": [5, 1, 0],
            "indirect": [0, 1, 1],
            "direct_share": [1.0, 0.5, 0.0],
        }
    )
    drawing = corpus_charts.speakers_chart(speakers, top=2, by=by)
    rows = drawing.spec()["datasets"]["speakers"].sort_values("order")
    assert rows["speaker"].tolist() == order
    assert corpus_charts.SPEAKER_SELECTION in param_names(drawing.spec())


def test_a_skeleton_holds_no_data_and_is_shared_between_views(tables: dict[str, pd.DataFrame]) -> None:
    one = corpus_charts.outlets_chart(tables["outlets"])
    other = corpus_charts.outlets_chart(tables["outlets"].head(1))
    assert "datasets" not in corpus_charts.skeleton(one.kind, *one.args)
    assert corpus_charts.skeleton(one.kind, *one.args) is corpus_charts.skeleton(other.kind, *other.args)
    assert len(other.spec()["datasets"]["outlets"]) == 1 and len(one.spec()["datasets"]["outlets"]) == 2


@pytest.mark.parametrize(
    ("drawing", "selection"),
    [
        (corpus_charts.speakers_chart(pd.DataFrame()), corpus_charts.SPEAKER_SELECTION),
        (corpus_charts.network_chart(pd.DataFrame()), corpus_charts.EDGE_SELECTION),
    ],
)
def test_an_empty_view_says_so_and_keeps_its_selection(drawing: Drawing, selection: str) -> None:
    spec = drawing.spec()
    assert drawing.kind == "message" and selection in param_names(spec)
    assert any("No " in str(row.get("message")) for rows in spec["datasets"].values() for row in rows)


def test_network_edges_join_node_positions_and_opposite_pairs_do_not_overlap(tables: dict[str, pd.DataFrame]) -> None:
    datasets = corpus_charts.network_chart(tables["stance_pairs"]).spec()["datasets"]
    nodes, edges = datasets["nodes"].set_index("name"), datasets["edges"]
    for edge in edges.itertuples():
        assert (edge.x, edge.y) == (nodes.loc[edge.source, "x"], nodes.loc[edge.source, "y"])
        assert (edge.x2, edge.y2) == (nodes.loc[edge.target, "x"], nodes.loc[edge.target, "y"])
    dots = edges.set_index("pair")[["mx", "my"]]
    assert tuple(dots.loc["Mara Lind → Tomas Berg"]) != tuple(dots.loc["Tomas Berg → Mara Lind"])
    assert len(nodes) == len(set(zip(nodes["x"], nodes["y"]))), "every actor has a place of its own"


def test_corpus_counts_are_drawn_in_whole_numbers(tables: dict[str, pd.DataFrame]) -> None:
    from tests.test_charts import count_guides

    specs = [
        corpus_charts.speakers_chart(tables["speakers"]).spec(),
        corpus_charts.types_chart(tables["speaker_types"]).spec(),
        corpus_charts.network_chart(tables["stance_pairs"]).spec(),
    ]
    guides = [g for spec in specs for g in count_guides(spec, {"count", "claims", "stances"})]
    assert len(guides) >= 3
    assert all((g.get("format"), g.get("tickMinStep")) == ("d", 1) for g in guides), guides
