"""The results: tabs driven by one (edited) analysis; only the open tab is computed on a rerun."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from explorer import charts
from explorer.analysis import Analysis
from explorer.config import Settings
from explorer.costs import run_cost_text
from explorer.edits import edits_from_rows
from explorer.findings import Claim
from explorer.highlight import Mark, colour_for, highlighted_html, legend_html
from explorer.names import ACTOR_TYPES
from explorer.storage import Store

from .exports import export_tab
from .session import actor_base_table, update_edits
from .summary_tabs import compare_tab, summary_tab
from .text import plain

NO_CLAIMS = (
    "No claims found: the analyser saw no one quoted or reported as saying something. It looks for speech such as "
    "“…,” she said, X told reporters, according to X; a short or non-news text often has none. An LLM backend "
    "(sidebar) reads looser phrasing."
)
LABELS = {
    "speaker": st.column_config.TextColumn("Speaker"),
    "section": st.column_config.NumberColumn("Section", help="the part of the article it was found in"),
}
TABS = ["Overview", "Article", "Actors", "Claims", "Stances", "Summary", "Compare", "Export"]


def results(
    view: Analysis, frames: dict[str, pd.DataFrame], store: Store | None, prices: pd.DataFrame, settings: Settings
) -> None:
    """Draw the result tabs; only the selected one runs."""
    for note in view.notes:
        st.warning(plain(note))
    if not view.claims:
        st.info(NO_CLAIMS)
    pages: dict[str, Callable[[], None]] = {
        "Overview": lambda: overview_tab(view, frames, prices),
        "Article": lambda: article_tab(view),
        "Actors": lambda: actors_tab(store),
        "Claims": lambda: claims_tab(view, frames),
        "Stances": lambda: stances_tab(view, frames),
        "Summary": lambda: summary_tab(view, settings, store),
        "Compare": lambda: compare_tab(view, store),
        "Export": lambda: export_tab(view, frames),
    }
    for name, tab in zip(TABS, st.tabs(TABS, key="view", on_change="rerun")):
        if tab.open:
            with tab:
                pages[name]()


def overview_tab(view: Analysis, frames: dict[str, pd.DataFrame], prices: pd.DataFrame) -> None:
    """Headline figures, the main charts, and the claims of whatever the charts select."""
    usage = view.usage
    stances = _sided(frames["stances"], _neutral_toggle())
    figures = st.columns(7)
    figures[0].metric("Actors", len(view.actors))
    figures[1].metric("Claims", len(view.claims))
    hidden = len(frames["stances"]) - len(stances)
    figures[2].metric("Stances", len(stances), help=f"{hidden} neutral mentions hidden" if hidden else None)
    figures[3].metric("Sections", len(view.sections))
    figures[4].metric("LLM tokens", f"{usage.prompt_tokens + usage.completion_tokens:,}")  # 0 offline, not words
    figures[5].metric("Cost", run_cost_text(view.usage, view.model, prices))
    figures[6].metric("Cache hits", f"{usage.cached_sections}/{len(view.sections)}")
    left, right = st.columns(2)
    with left:
        picked = st.altair_chart(
            charts.actor_prominence(frames["actors"]), key="chart_prominence", on_select="rerun", width="stretch"
        )
    with right:
        pair = st.altair_chart(charts.stance_matrix(stances), key="chart_matrix", on_select="rerun", width="stretch")
    flow = st.altair_chart(
        charts.claim_flow(frames["claims"], len(view.text)), key="chart_flow", on_select="rerun", width="stretch"
    )
    network = st.altair_chart(
        charts.stance_network(frames["actors"], stances),
        key="chart_network",
        on_select="rerun",
        width="stretch",
    )
    actors = set(_picked(picked, "name") + _picked(flow, "speaker") + _picked(network, "name"))
    sources = _picked(pair, "source")
    _selection_tables({**frames, "stances": stances}, actors, list(zip(sources, _picked(pair, "target"))))


def _neutral_toggle() -> bool:
    """Draw the switch that shows neutral mentions (hidden by default) and return its state."""
    # the same widget in the Overview and the Stances tab: only one tab runs, so the choice carries over
    return st.toggle(
        "Show neutral mentions",
        key="show_neutral",
        persist_state="session",
        help="A neutral stance is a speaker naming an actor without taking a side; hidden unless switched on.",
    )


def _sided(stances: pd.DataFrame, show_neutral: bool) -> pd.DataFrame:
    """Return the stances to show: all of them, or only those that take a side."""
    return stances if show_neutral else stances[stances["stance"] != "neutral"]


def _picked(event: object, field: str) -> list[str]:
    selection = getattr(event, "selection", None) or (event.get("selection") if isinstance(event, dict) else None)
    name = charts.PAIR_SELECTION if field in ("source", "target") else charts.ACTOR_SELECTION
    return [str(v) for v in charts.selected_values(selection, name, field)]


def _selection_tables(frames: dict[str, pd.DataFrame], actors: set[str], pairs: list[tuple[str, str]]) -> None:
    if not actors and not pairs:
        st.caption("Click an actor or a cell in a chart to list its claims and stances here.")
        return
    claims, stances = frames["claims"], frames["stances"]
    if actors:
        st.markdown("**Selected:** " + ", ".join(plain(a) for a in sorted(actors)))
        st.dataframe(claims[claims["speaker"].isin(actors)], hide_index=True, key="selected_claims")
        mask = stances["source"].isin(actors) | stances["target"].isin(actors)
        st.dataframe(stances[mask], hide_index=True, key="selected_stances")
    for source, target in pairs:
        st.markdown(f"**{plain(source)} → {plain(target)}**")
        st.dataframe(stances[(stances["source"] == source) & (stances["target"] == target)], hide_index=True)


def article_tab(view: Analysis) -> None:
    """The text with actor mentions, claims by speaker and stance evidence highlighted."""
    names = [a.name for a in view.actors]
    speakers = sorted({c.speaker for c in view.claims if c.speaker})
    controls = st.columns([2, 3, 3])
    focus = controls[0].selectbox("Focus on actor", ["Everyone", *names], key="article_focus", persist_state="session")
    claims = [c for c in view.claims if c.span and focus in ("Everyone", c.speaker)]
    chosen = controls[1].selectbox(
        "Focus on claim",
        [None, *range(len(claims))],
        key="article_claim",
        format_func=lambda i: "All claims" if i is None else _claim_label(claims[i]),
    )
    layers = controls[2].multiselect(
        "Show",
        ["Claims", "Actor mentions", "Stance evidence"],
        default=["Claims", "Actor mentions"],
        key="article_layers",
        persist_state="session",
    )
    marks = _marks(view, names, layers, None if focus == "Everyone" else focus)
    if chosen is not None and chosen < len(claims):
        marks = _claim_marks(claims[chosen], names)
    entries = [(s, colour_for(s, names)) for s in speakers if focus in ("Everyone", s)]
    st.html(legend_html(entries + [("unattributed", colour_for(None, names))]))
    st.html(highlighted_html(view.text, marks))


def _claim_label(claim: Claim) -> str:
    words = claim.text if len(claim.text) <= 70 else claim.text[:69] + "…"
    return f"{claim.speaker or 'Unattributed'}: {words}"


def _claim_marks(claim: Claim, names: list[str]) -> list[Mark]:
    colour = colour_for(claim.speaker, names)
    marks = [Mark(claim.span[0], claim.span[1], colour, f"{claim.speaker or 'Unattributed'}: {claim.cue}")]
    if claim.speaker_span:
        marks.append(Mark(claim.speaker_span[0], claim.speaker_span[1], colour, "speaker", "outline"))
    return marks


def _marks(view: Analysis, names: list[str], layers: list[str], focus: str | None) -> list[Mark]:
    marks: list[Mark] = []
    if "Claims" in layers:
        marks += [
            Mark(c.span[0], c.span[1], colour_for(c.speaker, names), f"{c.speaker or 'Unattributed'}: {c.cue}")
            for c in view.claims
            if c.span and focus in (None, c.speaker)
        ]
    if "Actor mentions" in layers:
        marks += [
            Mark(m[0], m[1], colour_for(a.name, names), f"{a.name} ({a.type})", "underline")
            for a in view.actors
            if focus in (None, a.name)
            for m in a.mentions
        ]
    if "Stance evidence" in layers:
        marks += [
            Mark(
                s.span[0],
                s.span[1],
                charts.STANCE_RANGE[charts.STANCE_DOMAIN.index(s.stance)],
                f"{s.source} → {s.target}: {s.stance}",
                "outline",
            )
            for s in view.stances
            if s.span and focus in (None, s.source, s.target)
        ]
    return marks


def actors_tab(store: Store | None) -> None:
    """The editable actor table: rename, retype, merge, delete; edits flow everywhere."""
    if "actor_editor" not in st.session_state:  # back from another tab: Streamlit dropped the table's own changes
        analysis, edits = st.session_state["analysis"], st.session_state.get("actor_edits", [])
        st.session_state["actor_base"] = actor_base_table(analysis, edits)  # so start from the edits kept
    base: pd.DataFrame = st.session_state["actor_base"]
    st.caption(
        "Edit names, types and titles; choose an actor to merge into; tick delete for a false actor. "
        "Every chart, table and export follows."
    )
    options = sorted(base["original"].tolist())
    edited = st.data_editor(
        base,
        key="actor_editor",
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["original", "mentions", "claims"],
        column_config={
            "original": st.column_config.TextColumn("Extracted as"),
            "name": st.column_config.TextColumn("Name", required=True),
            "type": st.column_config.SelectboxColumn("Type", options=list(ACTOR_TYPES), required=True),
            "title": st.column_config.TextColumn("Title / role"),
            "merge_into": st.column_config.SelectboxColumn("Merge into", options=["", *options]),
            "delete": st.column_config.CheckboxColumn("Delete"),
        },
    )
    update_edits(edits_from_rows(edited.to_dict("records")), store)


def claims_tab(view: Analysis, frames: dict[str, pd.DataFrame]) -> None:
    """Claims with speaker and type filters; ungrounded claims are marked."""
    claims = frames["claims"].copy()
    claims["speaker"] = claims["speaker"].fillna(charts.UNATTRIBUTED)
    filters = st.columns([3, 2, 3])
    speakers = _kept_choice(filters[0], "Speaker", sorted(claims["speaker"].unique()), "claims_speaker", "All speakers")
    kinds = _kept_choice(filters[1], "Type", ["direct", "indirect"], "claims_quote", "Direct and indirect")
    search = filters[2].text_input("Contains", key="claims_search", persist_state="session")
    shown = _filtered(claims, {"speaker": speakers, "quote": kinds})
    if search:
        shown = shown[shown["text"].str.contains(search, case=False, regex=False)]
    shown = shown.assign(located=shown["grounded"].map({True: "✓", False: "not found in text"}))
    st.dataframe(
        _numbered_sections(shown.drop(columns=["grounded"])),
        hide_index=True,
        width="stretch",
        key="claims_table",
        column_order=["speaker", "quote", "cue", "text", "located", "section"],  # offsets mean nothing to a reader
        column_config={
            **LABELS,
            "quote": st.column_config.TextColumn("Quote", help="direct: in quotation marks; indirect: reported"),
            "cue": st.column_config.TextColumn("Cue", help="the word that attributes it: said, told, according to"),
            "text": st.column_config.TextColumn("Claim", width="large"),
            "located": st.column_config.TextColumn("In the text"),
        },
    )
    st.caption(f"{len(shown)} of {len(claims)} claims")
    st.altair_chart(
        charts.claim_flow(shown.assign(speaker=shown["speaker"].replace(charts.UNATTRIBUTED, None)), len(view.text)),
        width="stretch",
        key="claims_flow",
    )


def _kept_choice(where: Any, label: str, options: list[str], key: str, placeholder: str) -> list[str]:
    """Return a filter's chosen options; the choice survives a look at another tab (placeholder: none chosen)."""
    return where.multiselect(label, options, key=key, placeholder=placeholder, persist_state="session")


def stances_tab(view: Analysis, frames: dict[str, pd.DataFrame]) -> None:
    """Stances source → target with filters, and the stance matrix of what is shown."""
    stances = _sided(frames["stances"], _neutral_toggle())
    filters = st.columns(3)
    sources = _kept_choice(filters[0], "Source", sorted(stances["source"].unique()), "stances_source", "Every source")
    targets = _kept_choice(filters[1], "Target", sorted(stances["target"].unique()), "stances_target", "Every target")
    kinds = _kept_choice(filters[2], "Stance", ["favor", "against", "neutral"], "stances_kind", "Every stance")
    shown = _filtered(stances, {"source": sources, "target": targets, "stance": kinds})
    st.dataframe(
        _numbered_sections(shown),
        hide_index=True,
        width="stretch",
        key="stances_table",
        column_order=["source", "target", "stance", "evidence", "confidence", "section"],
        column_config={
            **LABELS,
            "source": st.column_config.TextColumn("Source"),
            "target": st.column_config.TextColumn("Target"),
            "stance": st.column_config.TextColumn("Stance"),
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "confidence": st.column_config.ProgressColumn("Confidence", min_value=0, max_value=1),
        },
    )
    hidden = len(frames["stances"]) - len(stances)
    st.caption(f"{len(shown)} of {len(stances)} stances" + (f" ({hidden} neutral mentions hidden)" if hidden else ""))
    st.altair_chart(charts.stance_matrix(shown), width="stretch", key="stances_matrix")


def _numbered_sections(frame: pd.DataFrame) -> pd.DataFrame:
    """Return frame with sections counted from 1, as the run's progress and its errors name them."""
    return frame.assign(section=frame["section"] + 1)


def _filtered(frame: pd.DataFrame, wanted: dict[str, list[str]]) -> pd.DataFrame:
    """Return the rows whose columns hold one of the wanted values (an empty choice keeps all)."""
    for column, values in wanted.items():
        if values:
            frame = frame[frame[column].isin(values)]
    return frame
