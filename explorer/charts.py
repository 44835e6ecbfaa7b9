"""Altair charts of an analysis: pure functions from the analysis tables to chart specs.

Every chart carries a named point selection so a UI can filter its tables by a click:
`actor` (prominence, claim flow, network) and `pair` (stance matrix). The empty-table
placeholders carry the same selection, so a UI that listens for selections never fails.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

ACTOR_SELECTION = "actor"
PAIR_SELECTION = "pair"
UNATTRIBUTED = "(unattributed)"
TOOLTIP_CHARS = 200

# Okabe-Ito colours, safe for the common colour-vision deficiencies; one scale for every chart.
STANCE_DOMAIN = ["favor", "against", "neutral"]
STANCE_RANGE = ["#0072B2", "#D55E00", "#999999"]
QUOTE_DOMAIN = ["direct", "indirect"]
QUOTE_RANGE = ["#332288", "#88CCEE"]
MEASURE_DOMAIN = ["mentions", "claims"]
MEASURE_RANGE = ["#009E73", "#E69F00"]

PAIR_COLUMNS = ["source", "target", "stance", "count", "mix", "confidence", "evidence"]


COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # counts of people and claims: never 0.5 of one
COUNT_LEGEND = alt.Legend(format="d", tickMinStep=1)


def stance_scale() -> alt.Scale:
    """Return the fixed favor/against/neutral colour scale shared by every stance chart."""
    return alt.Scale(domain=STANCE_DOMAIN, range=STANCE_RANGE)


def stance_colour(title: str = "Stance") -> alt.Color:
    """Return the colour encoding of the `stance` field on the shared stance scale."""
    return alt.Color("stance:N", scale=stance_scale(), title=title)


def actor_selection(field: str = "name") -> alt.Parameter:
    """Return the `actor` point selection over the given field."""
    return alt.selection_point(name=ACTOR_SELECTION, fields=[field])


def pair_selection() -> alt.Parameter:
    """Return the `pair` point selection over source and target."""
    return alt.selection_point(name=PAIR_SELECTION, fields=["source", "target"])


def selected_values(selection: Mapping[str, Any] | None, name: str, field: str) -> list[Any]:
    """Return the values of field picked in the named selection of a UI's selection state."""
    picked = (selection or {}).get(name) or []
    return [point[field] for point in picked if isinstance(point, Mapping) and field in point]


def truncate(text: Any, limit: int = TOOLTIP_CHARS) -> str:
    """Return text cut to limit characters with an ellipsis; missing text becomes ''."""
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_chart(message: str, selection: alt.Parameter) -> alt.Chart:
    """Return a text-only chart saying message, carrying selection so UI listeners still work."""
    frame = pd.DataFrame({"message": [message]})
    text = alt.Chart(frame).mark_text(size=14, color="#666666").encode(text="message:N")
    return text.add_params(selection).properties(width="container", height=80)


def actor_prominence(actors: pd.DataFrame, top: int = 15) -> alt.Chart:
    """Return grouped horizontal bars of mentions and claims for the top actors; selection `actor` on `name`."""
    selection = actor_selection("name")
    if actors.empty:
        return message_chart("No actors found", selection)
    ranked = actors.sort_values(["mentions", "claims", "name"], ascending=[False, False, True]).head(top)
    ranked = ranked[["name", "type", "title", "mentions", "claims"]]
    order = ranked["name"].tolist()
    return (
        alt.Chart(ranked, title=f"Most prominent actors (top {len(order)})")
        .transform_fold([*MEASURE_DOMAIN], as_=["measure", "count"])
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Count", axis=COUNT_AXIS),
            y=alt.Y("name:N", sort=order, title=None),
            yOffset=alt.YOffset("measure:N", sort=MEASURE_DOMAIN),
            color=alt.Color("measure:N", scale=alt.Scale(domain=MEASURE_DOMAIN, range=MEASURE_RANGE), title=None),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=["name:N", "type:N", "title:N", "mentions:Q", "claims:Q"],
        )
        .add_params(selection)
        .properties(width="container", height={"step": 12, "for": "offset"})
    )


def _pair_row(source: str, target: str, group: pd.DataFrame) -> dict[str, Any]:
    """Return one pair's majority stance, its count, mix and evidence.

    Favor and against outweigh neutral (a neutral mention says less than a taken side); among equals the
    latest breaks the tie.
    """
    counts = group["stance"].value_counts()
    last_seen = {stance: i for i, stance in enumerate(group["stance"])}
    stance = max(counts.index, key=lambda s: (s != "neutral", counts[s], last_seen[s]))
    evidence = group.loc[group["stance"] == stance, "evidence"].iloc[-1]
    mix = ", ".join(f"{counts[s]} {s}" for s in STANCE_DOMAIN if s in counts)
    confidence = pd.to_numeric(group["confidence"], errors="coerce").mean() if "confidence" in group else math.nan
    return {
        "source": source,
        "target": target,
        "stance": stance,
        "count": len(group),
        "mix": mix,
        "confidence": None if pd.isna(confidence) else round(float(confidence), 2),
        "evidence": truncate(evidence),
    }


def stance_pairs(stances: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (source, target) pair: majority stance, count, mix, mean confidence, evidence."""
    if stances.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    ordered = stances.reset_index(drop=True)
    if "start" in ordered:
        # Text order decides which stance is the most recent; unlocated ones keep their row order, first.
        ordered = ordered.sort_values("start", na_position="first", kind="stable")
    groups = ordered.groupby(["source", "target"], sort=True)
    rows = [_pair_row(str(source), str(target), group) for (source, target), group in groups]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def stance_matrix(stances: pd.DataFrame) -> alt.Chart:
    """Return a source × target heatmap of majority stances; selection `pair` on `source` and `target`."""
    selection = pair_selection()
    pairs = stance_pairs(stances)
    if pairs.empty:
        return message_chart("No stances found", selection)
    return (
        alt.Chart(pairs, title="Who stands where on whom")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "target:N",
                title="Target",
                sort="ascending",
                axis=alt.Axis(labelAngle=-40, labelOverlap=False, labelLimit=140),
            ),
            y=alt.Y("source:N", title="Source", sort="ascending"),
            color=stance_colour(),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                "source:N",
                "target:N",
                "stance:N",
                alt.Tooltip("count:Q", title="stances"),
                "mix:N",
                "confidence:Q",
                "evidence:N",
            ],
        )
        .add_params(selection)
        .properties(width="container", height=alt.Step(28))
    )


def _colour_encoding(claims: pd.DataFrame, colour: str) -> alt.Color:
    """Return the claim-flow colour: fixed scales for quote kind and stance, default otherwise."""
    if colour not in claims.columns:
        raise ValueError(f"cannot colour claims by {colour!r}: columns are {', '.join(claims.columns)}")
    if colour == "quote":
        return alt.Color("quote:N", scale=alt.Scale(domain=QUOTE_DOMAIN, range=QUOTE_RANGE), title="Quote")
    if colour == "stance":
        return stance_colour()
    return alt.Color(f"{colour}:N", title=colour.capitalize())


def claim_points(claims: pd.DataFrame, text_length: int) -> pd.DataFrame:
    """Return the located claims with a named speaker, a percent position and tooltip-sized text."""
    located = claims[pd.to_numeric(claims["start"], errors="coerce").notna()].copy()
    speakers = located["speaker"].astype("object")
    located["speaker"] = speakers.where(speakers.notna() & (speakers.astype(str).str.strip() != ""), UNATTRIBUTED)
    start = pd.to_numeric(located["start"])
    located["position"] = (100 * start / max(text_length, 1)).clip(0, 100).round(1)
    located["claim"] = located["text"].map(truncate)
    return located.sort_values("position", kind="stable")


def claim_flow(claims: pd.DataFrame, text_length: int, colour: str = "quote") -> alt.Chart:
    """Return claims as points by position and speaker; selection `actor` on `speaker`; ValueError on a bad colour."""
    selection = actor_selection("speaker")
    colour_encoding = _colour_encoding(claims, colour)
    points = claim_points(claims, text_length)
    if points.empty:
        return message_chart("No claims found", selection)
    order = list(dict.fromkeys(points["speaker"]))
    columns = list(dict.fromkeys(["speaker", "position", "claim", "cue", "quote", colour]))
    tooltip_extra = [] if colour in ("quote", "speaker") else [f"{colour}:N"]
    return (
        alt.Chart(points[columns], title="Claims through the article")
        .mark_circle(size=90)
        .encode(
            x=alt.X("position:Q", title="Position in article (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("speaker:N", sort=order, title=None),
            color=colour_encoding,
            opacity=alt.condition(selection, alt.value(0.9), alt.value(0.25)),
            tooltip=["speaker:N", "cue:N", "quote:N", *tooltip_extra, "position:Q", "claim:N"],
        )
        .add_params(selection)
        .properties(width="container", height=alt.Step(26))
    )


def circular_layout(names: Sequence[str], radius: float = 1.0) -> dict[str, tuple[float, float]]:
    """Return distinct, deterministic positions on a circle, first name at the top, going clockwise."""
    if len(names) == 1:
        return {names[0]: (0.0, 0.0)}
    step = 2 * math.pi / max(len(names), 1)
    return {
        name: (round(radius * math.sin(i * step), 6), round(radius * math.cos(i * step), 6))
        for i, name in enumerate(names)
    }


def network_nodes(actors: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Return the actors in any stance pair, most mentioned first, with circular positions and stance counts."""
    involved = pd.concat([pairs["source"], pairs["target"]])
    degree = involved.value_counts()
    known = actors.drop_duplicates("name").set_index("name")
    mentions = pd.to_numeric(known["mentions"], errors="coerce").fillna(0)
    rows = [
        {
            "name": name,
            "type": known["type"].get(name, "other"),
            "title": known["title"].get(name),
            "mentions": int(mentions.get(name, 0)),
            "stances": int(degree[name]),
        }
        for name in degree.index
    ]
    nodes = pd.DataFrame(rows).sort_values(["mentions", "stances", "name"], ascending=[False, False, True])
    layout = circular_layout(nodes["name"].tolist())
    nodes["x"] = nodes["name"].map(lambda n: layout[n][0])
    nodes["y"] = nodes["name"].map(lambda n: layout[n][1])
    return nodes.reset_index(drop=True)


def network_edges(pairs: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Return the stance pairs between distinct actors with their endpoints' positions."""
    position = nodes.set_index("name")[["x", "y"]]
    edges = pairs[pairs["source"] != pairs["target"]].copy()
    edges["x"] = edges["source"].map(position["x"])
    edges["y"] = edges["source"].map(position["y"])
    edges["x2"] = edges["target"].map(position["x"])
    edges["y2"] = edges["target"].map(position["y"])
    edges["pair"] = edges["source"] + " → " + edges["target"]
    return edges.reset_index(drop=True)


def stance_network(actors: pd.DataFrame, stances: pd.DataFrame) -> alt.LayerChart:
    """Return actors in stances as nodes sized by mentions, stances as coloured edges; selection `actor` on `name`."""
    selection = actor_selection("name")
    pairs = stance_pairs(stances)
    if pairs.empty:
        return alt.LayerChart(layer=[message_chart("No stances found", selection)])
    nodes = network_nodes(actors, pairs)
    edges = network_edges(pairs, nodes)
    hidden = alt.Scale(domain=[-1.35, 1.35])
    x = alt.X("x:Q", scale=hidden, axis=None)
    y = alt.Y("y:Q", scale=hidden, axis=None)
    edge_layer = (
        alt.Chart(edges)
        .mark_rule(opacity=0.8)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=stance_colour(),
            strokeWidth=alt.StrokeWidth("count:Q", scale=alt.Scale(range=[2, 6]), legend=None),
            tooltip=[alt.Tooltip("pair:N", title="source → target"), "stance:N", "count:Q", "mix:N", "evidence:N"],
        )
    )
    node_base = alt.Chart(nodes).encode(x=x, y=y)
    node_layer = (
        node_base.mark_circle(color="#444444", stroke="white", strokeWidth=1.5)
        .encode(
            size=alt.Size(
                "mentions:Q", scale=alt.Scale(range=[80, 900], zero=False), title="Mentions", legend=COUNT_LEGEND
            ),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.3)),
            tooltip=["name:N", "type:N", "title:N", "mentions:Q", alt.Tooltip("stances:Q", title="stance pairs")],
        )
        .add_params(selection)
    )
    return alt.LayerChart(layer=[edge_layer, node_layer, *node_labels(node_base)], title="Stance network").properties(
        width="container", height=420
    )


def node_labels(nodes: alt.Chart) -> list[alt.Chart]:
    """Return name labels pointing away from the circle: right-hand nodes to the right, left-hand to the left."""
    right = nodes.transform_filter("datum.x >= 0").mark_text(align="left", dx=18, fontSize=11)
    left = nodes.transform_filter("datum.x < 0").mark_text(align="right", dx=-18, fontSize=11)
    return [right.encode(text="name:N"), left.encode(text="name:N")]
