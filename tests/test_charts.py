"""Charts: real Altair specs checked for what a reader sees and what the app can select."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import pytest

from explorer import Actor, Analysis, Claim, Stance
from explorer.charts import (
    STANCE_DOMAIN,
    STANCE_RANGE,
    UNATTRIBUTED,
    actor_prominence,
    claim_flow,
    selected_values,
    stance_matrix,
    stance_network,
    stance_pairs,
)

TEXT_LENGTH = 1000


@pytest.fixture
def actors() -> pd.DataFrame:
    rows = [
        ("Mara Quill", "person", "Mayor", 9, 3),
        ("Northwind Council", "organization", None, 6, 1),
        ("Avelon", "country", None, 4, 0),
        ("Tobias Fenn", "person", "Harbour master", 2, 2),
        ("Lina Orsk", "person", None, 1, 0),
    ]
    frame = pd.DataFrame(rows, columns=["name", "type", "title", "mentions", "claims"])
    return frame.assign(aliases="", first_mention=range(len(rows)))


@pytest.fixture
def stances() -> pd.DataFrame:
    rows = [
        ("Mara Quill", "Northwind Council", "against", "Quill called the council's plan reckless.", 100),
        ("Mara Quill", "Northwind Council", "favor", "Quill praised the council's budget.", 300),
        ("Mara Quill", "Northwind Council", "against", "Quill said the council had failed the port.", 500),
        ("Tobias Fenn", "Mara Quill", "favor", "Fenn backed the mayor.", 200),
        ("Avelon", "Tobias Fenn", "neutral", "Avelon noted Fenn's remarks.", 700),
        ("Tobias Fenn", "Tobias Fenn", "favor", "Fenn defended his own record.", 800),
    ]
    frame = pd.DataFrame(rows, columns=["source", "target", "stance", "evidence", "start"])
    return frame.assign(end=frame["start"] + 40, confidence=0.8, section=0, grounded=True)


@pytest.fixture
def claims() -> pd.DataFrame:
    rows = [
        ("Mara Quill", "direct", "said", "The port will reopen.", 100),
        (None, "indirect", "reportedly", "Talks had stalled.", 250),
        ("Tobias Fenn", "indirect", "argued", "x" * 500, 600),
        ("Mara Quill", "indirect", "added", "Funding is secured.", 900),
        ("Lina Orsk", "direct", "said", "Not located.", None),
    ]
    frame = pd.DataFrame(rows, columns=["speaker", "quote", "cue", "text", "start"])
    return frame.assign(end=frame["start"] + 20, section=0, grounded=True)


@pytest.fixture
def empty() -> Analysis:
    return Analysis(text="", backend="offline")


def rows(spec: dict[str, Any], layer: int | None = None) -> list[dict[str, Any]]:
    """Return the inline data rows of a spec, or of one of its layers."""
    view = spec if layer is None else spec["layer"][layer]
    name = view.get("data", spec.get("data"))["name"]
    return spec["datasets"][name]


def params(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return every parameter of a spec and its layers, by name."""
    found = [*spec.get("params", []), *(p for layer in spec.get("layer", []) for p in layer.get("params", []))]
    return {p["name"]: p for p in found}


def tooltip_fields(encoding: dict[str, Any]) -> list[str]:
    return [t["field"] for t in encoding["tooltip"]]


def validated(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """Return the spec after checking it against the Vega-Lite schema both ways."""
    chart.to_json()
    spec = chart.to_dict()
    type(chart).from_dict(spec)
    return spec


def test_prominence_ranks_actors_by_mentions_and_folds_both_counts(actors: pd.DataFrame) -> None:
    spec = validated(actor_prominence(actors, top=3))
    encoding = spec["encoding"]
    assert encoding["y"]["field"] == "name"
    assert encoding["y"]["sort"] == ["Mara Quill", "Northwind Council", "Avelon"]
    assert [r["name"] for r in rows(spec)] == ["Mara Quill", "Northwind Council", "Avelon"]
    assert spec["transform"] == [{"fold": ["mentions", "claims"], "as": ["measure", "count"]}]
    assert (encoding["x"]["field"], encoding["color"]["field"]) == ("count", "measure")
    assert tooltip_fields(encoding) == ["name", "type", "title", "mentions", "claims"]
    assert spec["width"] == "container"


def test_matrix_puts_sources_on_y_targets_on_x_with_the_fixed_stance_scale(stances: pd.DataFrame) -> None:
    encoding = validated(stance_matrix(stances))["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("target", "source")
    assert encoding["color"]["field"] == "stance"
    assert encoding["color"]["scale"] == {"domain": STANCE_DOMAIN, "range": STANCE_RANGE}
    assert {"source", "target", "stance", "count", "evidence"} <= set(tooltip_fields(encoding))


def test_matrix_has_one_cell_per_pair_with_majority_stance_and_count(stances: pd.DataFrame) -> None:
    cells = {(r["source"], r["target"]): r for r in rows(stance_matrix(stances).to_dict())}
    council = cells[("Mara Quill", "Northwind Council")]
    assert (council["stance"], council["count"], council["mix"]) == ("against", 3, "1 favor, 2 against")
    assert council["evidence"] == "Quill said the council had failed the port."
    assert len(cells) == 4


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([("favor", 10), ("against", 20)], "against"),
        ([("against", 20), ("favor", 10)], "against"),
        ([("favor", 10), ("favor", 20), ("against", 30)], "favor"),
        ([("neutral", None), ("against", 5)], "against"),
        ([("against", 5), ("neutral", 9)], "against"),  # a taken side outweighs a neutral mention
        ([("neutral", 1), ("neutral", 2), ("favor", 3)], "favor"),
        ([("neutral", 1), ("neutral", 2)], "neutral"),
    ],
)
def test_a_tie_goes_to_the_stance_latest_in_the_text(history: list[tuple[str, int | None]], expected: str) -> None:
    frame = pd.DataFrame(
        [("A", "B", stance, f"evidence {i}", start) for i, (stance, start) in enumerate(history)],
        columns=["source", "target", "stance", "evidence", "start"],
    )
    assert stance_pairs(frame)["stance"].tolist() == [expected]


def test_claim_flow_places_claims_by_percent_position_and_names_the_unattributed(claims: pd.DataFrame) -> None:
    spec = validated(claim_flow(claims, TEXT_LENGTH))
    encoding = spec["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("position", "speaker")
    assert encoding["x"]["title"] == "Position in article (%)"
    points = [(r["speaker"], r["position"]) for r in rows(spec)]
    assert points == [("Mara Quill", 10.0), (UNATTRIBUTED, 25.0), ("Tobias Fenn", 60.0), ("Mara Quill", 90.0)]
    assert encoding["y"]["sort"] == ["Mara Quill", UNATTRIBUTED, "Tobias Fenn"]
    assert encoding["color"]["field"] == "quote"
    assert {"claim", "cue", "speaker"} <= set(tooltip_fields(encoding))


def test_claim_flow_truncates_long_claims_in_the_tooltip(claims: pd.DataFrame) -> None:
    fenn = next(r for r in rows(claim_flow(claims, TEXT_LENGTH).to_dict()) if r["speaker"] == "Tobias Fenn")
    assert len(fenn["claim"]) == 200 and fenn["claim"].endswith("…")


def test_claim_flow_colours_by_a_stance_column_on_the_shared_scale(claims: pd.DataFrame) -> None:
    coloured = claims.assign(stance=["favor", "against", "neutral", "favor", "favor"])
    encoding = validated(claim_flow(coloured, TEXT_LENGTH, colour="stance"))["encoding"]
    assert encoding["color"]["scale"] == {"domain": STANCE_DOMAIN, "range": STANCE_RANGE}
    assert "stance" in tooltip_fields(encoding)


def test_claim_flow_refuses_a_colour_that_is_not_a_column(claims: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="mood"):
        claim_flow(claims, TEXT_LENGTH, colour="mood")


def nodes_and_edges(actors: pd.DataFrame, stances: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    spec = validated(stance_network(actors, stances))
    return rows(spec, layer=1), rows(spec, layer=0)


def test_network_shows_only_actors_in_stances_at_distinct_positions(
    actors: pd.DataFrame, stances: pd.DataFrame
) -> None:
    nodes, _ = nodes_and_edges(actors, stances)
    assert [n["name"] for n in nodes] == ["Mara Quill", "Northwind Council", "Avelon", "Tobias Fenn"]
    positions = [(n["x"], n["y"]) for n in nodes]
    assert len(set(positions)) == len(positions)
    assert all(-1 <= v <= 1 for p in positions for v in p)


def test_network_layout_is_deterministic_whatever_the_row_order(actors: pd.DataFrame, stances: pd.DataFrame) -> None:
    first = nodes_and_edges(actors, stances)
    shuffled = nodes_and_edges(actors.sample(frac=1, random_state=1), stances.sample(frac=1, random_state=2))
    assert first[0] == shuffled[0]


def test_each_edge_runs_from_its_source_node_to_its_target_node(actors: pd.DataFrame, stances: pd.DataFrame) -> None:
    nodes, edges = nodes_and_edges(actors, stances)
    at = {n["name"]: (n["x"], n["y"]) for n in nodes}
    assert {(e["source"], e["target"]) for e in edges} == {
        ("Mara Quill", "Northwind Council"),
        ("Tobias Fenn", "Mara Quill"),
        ("Avelon", "Tobias Fenn"),
    }
    for edge in edges:
        assert (edge["x"], edge["y"]) == at[edge["source"]]
        assert (edge["x2"], edge["y2"]) == at[edge["target"]]


def test_network_edges_use_the_stance_scale_and_show_evidence(actors: pd.DataFrame, stances: pd.DataFrame) -> None:
    spec = validated(stance_network(actors, stances))
    edges, nodes = spec["layer"][0], spec["layer"][1]
    assert edges["mark"]["type"] == "rule"
    assert {"x", "y", "x2", "y2"} <= set(edges["encoding"])
    assert edges["encoding"]["color"]["scale"] == {"domain": STANCE_DOMAIN, "range": STANCE_RANGE}
    assert {"stance", "evidence"} <= set(tooltip_fields(edges["encoding"]))
    assert nodes["encoding"]["size"]["field"] == "mentions"
    assert [layer["encoding"]["text"]["field"] for layer in spec["layer"][2:]] == ["name", "name"]


@pytest.mark.parametrize(
    ("make", "name", "fields"),
    [
        (lambda a, c, s: actor_prominence(a), "actor", ["name"]),
        (lambda a, c, s: claim_flow(c, TEXT_LENGTH), "actor", ["speaker"]),
        (lambda a, c, s: stance_network(a, s), "actor", ["name"]),
        (lambda a, c, s: stance_matrix(s), "pair", ["source", "target"]),
    ],
    ids=["prominence", "flow", "network", "matrix"],
)
def test_each_chart_exposes_its_stable_point_selection(
    make: Any, name: str, fields: list[str], actors: pd.DataFrame, claims: pd.DataFrame, stances: pd.DataFrame
) -> None:
    for frames in [(actors, claims, stances), (actors.iloc[:0], claims.iloc[:0], stances.iloc[:0])]:
        param = params(validated(make(*frames)))[name]
        assert param["select"] == {"type": "point", "fields": fields}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda e: actor_prominence(e.actors_frame()), "No actors found"),
        (lambda e: stance_matrix(e.stances_frame()), "No stances found"),
        (lambda e: claim_flow(e.claims_frame(), 0), "No claims found"),
        (lambda e: stance_network(e.actors_frame(), e.stances_frame()), "No stances found"),
    ],
    ids=["prominence", "matrix", "flow", "network"],
)
def test_empty_tables_give_a_valid_chart_saying_so(make: Any, message: str, empty: Analysis) -> None:
    spec = validated(make(empty))
    view = spec["layer"][0] if "layer" in spec else spec
    assert view["mark"]["type"] == "text"
    assert rows(spec) == [{"message": message}]


def test_charts_accept_the_tables_an_analysis_produces() -> None:
    analysis = Analysis(
        text="Quill said the port will reopen. Fenn opposed Quill.",
        backend="offline",
        actors=[Actor(name="Mara Quill", mentions=[(0, 5)]), Actor(name="Tobias Fenn", mentions=[(33, 37)])],
        claims=[Claim(speaker="Mara Quill", text="the port will reopen", span=(11, 31), quote="indirect")],
        stances=[Stance(source="Tobias Fenn", target="Mara Quill", stance="against", evidence="Fenn opposed Quill.")],
    )
    frames = analysis.frames()
    for chart in [
        actor_prominence(frames["actors"]),
        stance_matrix(frames["stances"]),
        claim_flow(frames["claims"], len(analysis.text)),
        stance_network(frames["actors"], frames["stances"]),
    ]:
        assert "mark" in validated(chart) or "layer" in validated(chart)


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"actor": [{"name": "Mara Quill"}, {"name": "Avelon"}]}, ["Mara Quill", "Avelon"]),
        ({"actor": []}, []),
        ({}, []),
        (None, []),
    ],
)
def test_selected_values_reads_a_selection_state(selection: dict | None, expected: list[str]) -> None:
    assert selected_values(selection, "actor", "name") == expected


def count_guides(node: Any, fields: set[str]) -> list[dict]:
    """Return the axis or legend of every channel in a spec that draws one of these count fields."""
    found: list[dict] = []
    if isinstance(node, dict):
        for channel in node.get("encoding", {}).values():
            if isinstance(channel, dict) and channel.get("field") in fields:
                found.append(channel.get("axis") or channel.get("legend") or {})
        for child in node.values():
            found += count_guides(child, fields)
    elif isinstance(node, list):
        for child in node:
            found += count_guides(child, fields)
    return found


def test_counts_are_drawn_in_whole_numbers(actors: pd.DataFrame, stances: pd.DataFrame) -> None:
    small = actors.head(2).assign(mentions=[3, 2], claims=[1, 0])  # a short range is where 0.5 ticks appear
    guides = count_guides(actor_prominence(small).to_dict(), {"count"})
    guides += count_guides(stance_network(small, stances).to_dict(), {"mentions"})
    assert len(guides) >= 2
    assert all((g.get("format"), g.get("tickMinStep")) == ("d", 1) for g in guides), guides
