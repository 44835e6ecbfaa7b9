"""Altair charts of a corpus: pure functions from the tables explorer.corpus.insights computes to chart specs."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from explorer import charts

SPEAKER_SELECTION = "speaker"
EDGE_SELECTION = "edge"
PAIR_DOMAIN = ["favor", "against", "mixed", "neutral"]
PAIR_RANGE = ["#0072B2", "#D55E00", "#CC79A7", "#999999"]  # Okabe-Ito, as the single-article charts
TYPE_ORDER = ["person", "organization", "country", "group", "other"]
MIDPOINT = 0.6  # an edge's click dot sits nearer its target, so A→B and B→A do not cover each other


def _pair_colour() -> alt.Color:
    return alt.Color("stance:N", scale=alt.Scale(domain=PAIR_DOMAIN, range=PAIR_RANGE), title="Prevailing stance")


def speakers_chart(speakers: pd.DataFrame, top: int = 15, by: str = "claims") -> alt.Chart:
    """Return the top speakers (by claims or articles) as bars split into direct and indirect quotes."""
    selection = alt.selection_point(name=SPEAKER_SELECTION, fields=["speaker"])
    if speakers.empty:
        return charts.message_chart("No attributed claims in this view", selection)
    other = "articles" if by == "claims" else "claims"
    ranked = speakers.sort_values([by, other, "speaker"], ascending=[False, False, True]).head(top)
    order = ranked["speaker"].tolist()
    columns = ["speaker", "type", "claims", "articles", "direct", "indirect", "direct_share"]
    x_title = "Claims (direct and indirect)" if by == "claims" else "Claims, for speakers ranked by articles"
    return (
        alt.Chart(ranked[columns], title=f"Who is quoted most (top {len(order)} by {by})")
        .transform_fold(list[Any](charts.QUOTE_DOMAIN), as_=["quote", "count"])
        .mark_bar()
        .encode(
            x=alt.X("count:Q", stack="zero", title=x_title),
            y=alt.Y("speaker:N", sort=order, title=None),
            color=alt.Color(
                "quote:N", scale=alt.Scale(domain=charts.QUOTE_DOMAIN, range=charts.QUOTE_RANGE), title="Quote"
            ),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                "speaker:N",
                "type:N",
                "claims:Q",
                "articles:Q",
                "direct:Q",
                "indirect:Q",
                alt.Tooltip("direct_share:Q", format=".0%", title="direct share"),
            ],
        )
        .add_params(selection)
        .properties(width="container", height=alt.Step(20))
    )


def types_chart(types: pd.DataFrame) -> alt.Chart:
    """Return claims per speaker type, with the number of distinct speakers in the tooltip."""
    if types.empty:
        return charts.message_chart("No attributed claims in this view", alt.selection_point(name="type"))
    return (
        alt.Chart(types, title="Speaker types")
        .mark_bar(color="#009E73")
        .encode(
            x=alt.X("claims:Q", title="Claims"),
            y=alt.Y("type:N", sort=TYPE_ORDER, title=None),
            tooltip=[
                "type:N",
                "speakers:Q",
                "claims:Q",
                alt.Tooltip("share_of_claims:Q", format=".0%", title="share of claims"),
            ],
        )
        .properties(width="container", height=alt.Step(24))
    )


def outlets_chart(outlets: pd.DataFrame) -> alt.Chart:
    """Return per outlet the mean distinct speakers per quoting article, coloured by the mean top-speaker share."""
    if outlets.empty or outlets["quoting_articles"].sum() == 0:
        return charts.message_chart("No outlet with quotes in this view", alt.selection_point(name="outlet"))
    return (
        alt.Chart(outlets, title="Source diversity per outlet")
        .mark_bar()
        .encode(
            x=alt.X("mean_speakers:Q", title="Distinct speakers per article (mean)"),
            y=alt.Y("outlet:N", sort="-x", title=None),
            color=alt.Color(
                "mean_top_share:Q",
                scale=alt.Scale(domain=[0, 1], scheme="oranges"),
                title="Top speaker's share",
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                "outlet:N",
                "articles:Q",
                "quoting_articles:Q",
                "mean_speakers:Q",
                alt.Tooltip("mean_top_share:Q", format=".0%", title="top speaker's share (mean)"),
                alt.Tooltip("single_source_articles:Q", title="single-source articles"),
                alt.Tooltip("unattributed_share:Q", format=".0%", title="unattributed claims"),
            ],
        )
        .properties(width="container", height=alt.Step(24))
    )


def network_frames(pairs: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the nodes and edges of the top pairs (by favor+against, then total), laid out on a circle."""
    kept = pairs.head(top).copy()
    degree = pd.concat(
        [
            kept[["source", "total"]].set_axis(["name", "total"], axis=1),
            kept[["target", "total"]].set_axis(["name", "total"], axis=1),
        ]
    )
    nodes = degree.groupby("name", as_index=False).agg(stances=("total", "sum"))
    nodes = nodes.sort_values(["stances", "name"], ascending=[False, True]).reset_index(drop=True)
    layout = charts.circular_layout(nodes["name"].tolist())
    nodes["x"] = nodes["name"].map(lambda n: layout[n][0])
    nodes["y"] = nodes["name"].map(lambda n: layout[n][1])
    position = nodes.set_index("name")
    kept["x"], kept["y"] = kept["source"].map(position["x"]), kept["source"].map(position["y"])
    kept["x2"], kept["y2"] = kept["target"].map(position["x"]), kept["target"].map(position["y"])
    kept["mx"] = kept["x"] + MIDPOINT * (kept["x2"] - kept["x"])
    kept["my"] = kept["y"] + MIDPOINT * (kept["y2"] - kept["y"])
    kept["pair"] = kept["source"] + " → " + kept["target"]
    return nodes, kept.reset_index(drop=True)


def network_chart(pairs: pd.DataFrame, top: int = 40) -> alt.TopLevelMixin:
    """Return the stance network: actors on a circle, one edge per pair; click an edge's dot to pick the pair."""
    selection = alt.selection_point(name=EDGE_SELECTION, fields=["source", "target"])
    if pairs.empty:
        return alt.layer(charts.message_chart("No stances between actors in this view", selection))
    nodes, edges = network_frames(pairs, top)
    hidden = alt.Scale(domain=[-1.4, 1.4])
    x, y = alt.X("x:Q", scale=hidden, axis=None), alt.Y("y:Q", scale=hidden, axis=None)
    tooltip = [
        alt.Tooltip("pair:N", title="source → target"),
        "stance:N",
        "favor:Q",
        "against:Q",
        "neutral:Q",
        "articles:Q",
    ]
    lines = (
        alt.Chart(edges)
        .mark_rule(opacity=0.7)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=_pair_colour(),
            strokeWidth=alt.StrokeWidth("total:Q", scale=alt.Scale(range=[1.5, 7]), legend=None),
            tooltip=tooltip,
        )
    )
    dots = (
        alt.Chart(edges)
        .mark_circle(size=160, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("mx:Q", scale=hidden, axis=None),
            y=alt.Y("my:Q", scale=hidden, axis=None),
            color=_pair_colour(),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.4)),
            tooltip=tooltip,
        )
        .add_params(selection)
    )
    node_base = alt.Chart(nodes).encode(x=x, y=y)
    circles = node_base.mark_circle(color="#444444", stroke="white", strokeWidth=1.5).encode(
        size=alt.Size("stances:Q", scale=alt.Scale(range=[60, 700]), title="Stances"),
        tooltip=["name:N", alt.Tooltip("stances:Q", title="stances taken or received")],
    )
    title = f"Stance network (top {len(edges)} pairs by favor and against)"
    return alt.layer(lines, dots, circles, *charts.node_labels(node_base), title=title).properties(
        width="container", height=460
    )


def timeline_chart(claims: pd.DataFrame, actor: str) -> alt.Chart:
    """Return one actor's dated claims per month, split into direct and indirect quotes."""
    dated = claims[claims["date"].notna()]
    if dated.empty:
        return charts.message_chart(f"No dated claims by {actor}", alt.selection_point(name="month"))
    return (
        alt.Chart(dated[["date", "quote", "title"]], title=f"Claims by {actor}, per month")
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(date):T", title="Month"),
            y=alt.Y("count():Q", title="Claims"),
            color=alt.Color(
                "quote:N", scale=alt.Scale(domain=charts.QUOTE_DOMAIN, range=charts.QUOTE_RANGE), title="Quote"
            ),
            tooltip=[
                alt.Tooltip("yearmonth(date):T", title="month"),
                "quote:N",
                alt.Tooltip("count():Q", title="claims"),
            ],
        )
        .properties(width="container", height=220)
    )
