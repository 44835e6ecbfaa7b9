"""Altair charts of a corpus, drawn from the tables explorer.corpus.insights computes.

Each chart is a Drawing: a data-free Vega-Lite skeleton (built with Altair once per shape and cached, since
building Altair encodings costs more than the SQL behind them) plus the named datasets of the current view.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
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
SPEAKER_COLUMNS = ["speaker", "type", "claims", "articles", "direct", "indirect", "direct_share", "order"]


@dataclass(frozen=True)
class Drawing:
    """A chart: which cached skeleton (kind and its arguments) and the named datasets it draws."""

    kind: str
    args: tuple[Any, ...] = ()
    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)

    def spec(self) -> dict[str, Any]:
        """Return the whole Vega-Lite spec: a copy of the skeleton with this drawing's datasets (as frames)."""
        spec = copy.deepcopy(skeleton(self.kind, *self.args))
        spec["datasets"] = {**spec.get("datasets", {}), **self.datasets}
        return spec


@functools.cache
def skeleton(kind: str, *args: Any) -> dict[str, Any]:
    """Return the data-free Vega-Lite spec of one kind of chart (never mutate it)."""
    return _SKELETONS[kind](*args).to_dict()


def _pair_colour() -> alt.Color:
    return alt.Color("stance:N", scale=alt.Scale(domain=PAIR_DOMAIN, range=PAIR_RANGE), title="Prevailing stance")


def _quote_colour() -> alt.Color:
    return alt.Color("quote:N", scale=alt.Scale(domain=charts.QUOTE_DOMAIN, range=charts.QUOTE_RANGE), title="Quote")


def _message(text: str, selection: str, fields: tuple[str, ...]) -> alt.Chart:
    return charts.message_chart(text, alt.selection_point(name=selection, fields=list(fields)))


def speakers_chart(speakers: pd.DataFrame, top: int = 15, by: str = "claims") -> Drawing:
    """Return the top speakers (by claims or articles) as bars split into direct and indirect quotes."""
    if speakers.empty:
        return Drawing("message", ("No attributed claims in this view", SPEAKER_SELECTION, ("speaker",)))
    other = "articles" if by == "claims" else "claims"
    ranked = speakers.sort_values([by, other, "speaker"], ascending=[False, False, True]).head(top).copy()
    ranked["order"] = range(len(ranked))
    return Drawing("speakers", (by,), {"speakers": ranked[SPEAKER_COLUMNS]})


def _speakers(by: str) -> alt.Chart:
    selection = alt.selection_point(name=SPEAKER_SELECTION, fields=["speaker"])
    x_title = "Claims (direct and indirect)" if by == "claims" else "Claims of the speakers quoted in most articles"
    return (
        alt.Chart(alt.NamedData("speakers"), title=f"Who is quoted most (by {by})")
        .transform_fold(list[Any](charts.QUOTE_DOMAIN), as_=["quote", "count"])
        .mark_bar()
        .encode(
            x=alt.X("count:Q", stack="zero", title=x_title, axis=charts.COUNT_AXIS),
            y=alt.Y("speaker:N", sort=alt.EncodingSortField(field="order", op="min"), title=None),
            color=_quote_colour(),
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


def types_chart(types: pd.DataFrame) -> Drawing:
    """Return claims per speaker type, with the number of distinct speakers in the tooltip."""
    if types.empty:
        return Drawing("message", ("No attributed claims in this view", "type", ("type",)))
    return Drawing("types", (), {"types": types})


def _types() -> alt.Chart:
    return (
        alt.Chart(alt.NamedData("types"), title="Speaker types")
        .mark_bar(color="#009E73")
        .encode(
            x=alt.X("claims:Q", title="Claims", axis=charts.COUNT_AXIS),
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


def outlets_chart(outlets: pd.DataFrame) -> Drawing:
    """Return per outlet the mean distinct speakers per quoting article, coloured by the mean top-speaker share."""
    if outlets.empty or outlets["quoting_articles"].sum() == 0:
        return Drawing("message", ("No outlet with quotes in this view", "outlet", ("outlet",)))
    return Drawing("outlets", (), {"outlets": outlets})


def _outlets() -> alt.Chart:
    return (
        alt.Chart(alt.NamedData("outlets"), title="Source diversity per outlet")
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


def network_chart(pairs: pd.DataFrame, top: int = 40) -> Drawing:
    """Return the stance network: actors on a circle, one edge per pair; click an edge's dot to pick the pair."""
    if pairs.empty:
        return Drawing("message", ("No stances between actors in this view", EDGE_SELECTION, ("source", "target")))
    nodes, edges = network_frames(pairs, top)
    return Drawing("network", (top,), {"nodes": nodes, "edges": edges})


def _network(top: int) -> alt.TopLevelMixin:
    selection = alt.selection_point(name=EDGE_SELECTION, fields=["source", "target"])
    hidden = alt.Scale(domain=[-1.4, 1.4])
    x, y = alt.X("x:Q", scale=hidden, axis=None), alt.Y("y:Q", scale=hidden, axis=None)
    tooltip = [alt.Tooltip("pair:N", title="source → target"), "stance:N", "favor:Q", "against:Q", "neutral:Q"]
    tooltip.append("articles:Q")
    edges, nodes = alt.NamedData("edges"), alt.NamedData("nodes")
    width = alt.StrokeWidth("total:Q", scale=alt.Scale(range=[1.5, 7]), legend=None)
    lines = (
        alt.Chart(edges)
        .mark_rule(opacity=0.7)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q", color=_pair_colour(), strokeWidth=width, tooltip=tooltip)
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
        size=alt.Size("stances:Q", scale=alt.Scale(range=[60, 700]), title="Stances", legend=charts.COUNT_LEGEND),
        tooltip=["name:N", alt.Tooltip("stances:Q", title="stances taken or received")],
    )
    title = f"Stance network (up to {top} pairs, most favor and against first)"
    layers = alt.layer(lines, dots, circles, *charts.node_labels(node_base), title=title)
    return layers.properties(width="container", height=460)


def timeline_chart(claims: pd.DataFrame) -> Drawing:
    """Return one actor's dated claims per month, split into direct and indirect quotes."""
    dated = claims[claims["date"].notna()]
    if dated.empty:
        return Drawing("message", ("No dated claims in this view", "month", ("date",)))
    return Drawing("timeline", (), {"claims": dated[["date", "quote", "title"]]})


def _timeline() -> alt.Chart:
    return (
        alt.Chart(alt.NamedData("claims"), title="Claims per month")
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(date):T", title="Month"),
            y=alt.Y("count():Q", title="Claims", axis=charts.COUNT_AXIS),
            color=_quote_colour(),
            tooltip=[
                alt.Tooltip("yearmonth(date):T", title="month"),
                "quote:N",
                alt.Tooltip("count():Q", title="claims"),
            ],
        )
        .properties(width="container", height=220)
    )


_SKELETONS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "message": _message,
    "speakers": _speakers,
    "types": _types,
    "outlets": _outlets,
    "network": _network,
    "timeline": _timeline,
}
