"""Summary and Compare tabs: generate, edit and keep versions; compare two or three side by side."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from explorer.analysis import Analysis
from explorer.checking import CheckResult
from explorer.checking.second_opinion import model_review
from explorer.compare import SummaryMetrics, comparison_markdown, word_diff_html
from explorer.config import Settings, display_url
from explorer.errors import ExplorerError
from explorer.storage import Store, SummaryVersion
from explorer.summaries import STYLES, summarize

from .checks import checked, measured
from .session import stored
from .text import plain

DRAFT = "summary_draft"  # survives tab switches, unlike the text area's own widget state


def summary_tab(view: Analysis, settings: Settings, store: Store | None) -> None:
    """Generate a summary, edit it, save versions, and see its attribution check."""
    if store is None:
        st.warning("The store is unavailable, so summary versions cannot be kept.")
        return
    analysis_id = st.session_state["analysis_id"]
    _generator(view, settings, store, analysis_id)
    versions = _versions(store, analysis_id)
    if not versions:
        st.caption("No summary yet: generate one above.")
        return
    current = _current_version(versions)
    draft = st.session_state.setdefault(DRAFT, {}).get(current.id, current.text)
    edited = st.text_area("Summary (editable)", value=draft, height=220, key=f"summary_text_{current.id}")
    st.session_state[DRAFT][current.id] = edited
    if st.button("Save as new version", key="save_summary", disabled=edited.strip() == current.text.strip()):
        new_id = stored(store.summaries.add, analysis_id, edited, "edited", current.style, default=None)
        if new_id is not None:  # otherwise the draft stays in the editor
            st.session_state[DRAFT].pop(current.id, None)
            st.session_state["summary_current"] = new_id
            st.rerun()
    _check_panel(view, edited, settings, store)
    _versions_panel(versions, store)


def _generator(view: Analysis, settings: Settings, store: Store, analysis_id: str) -> None:
    columns = st.columns([2, 1, 1])
    style = columns[0].selectbox(
        "Style", list(STYLES), format_func=STYLES.get, key="summary_style", persist_state="session"
    )
    words = columns[1].number_input("Target words", 30, 600, 120, step=10, key="summary_words", persist_state="session")
    columns[2].write("")
    if columns[2].button("Generate summary", key="generate_summary", type="primary"):
        try:
            with st.spinner("Summarising…"):
                result = summarize(view, style, int(words), settings, store)
        except ExplorerError as exc:
            st.error(plain(exc))
            return
        st.session_state["summary_current"] = stored(
            store.summaries.add, analysis_id, result.text, result.source, style, default=None
        )
        for note in result.notes:
            st.warning(plain(note))


def _current_version(versions: list[SummaryVersion]) -> SummaryVersion:
    wanted = st.session_state.get("summary_current")
    return next((v for v in versions if v.id == wanted), versions[0])


def _check_panel(view: Analysis, text: str, settings: Settings, store: Store) -> None:
    if not text.strip():  # "every sentence keeps its attribution" would be true of nothing, and misleading
        st.info("Attribution check: the summary is empty, so there is nothing to check.")
        return
    review = model_review(settings, store)
    reviewer = f"{settings.model} at {display_url(settings.base_url or 'openai')}" if review else ""
    with st.spinner("Checking the summary…"):
        result = checked(view, text, review, reviewer)
    for note in result.notes:
        st.warning(plain(note))
    if not result.flags:
        st.success("Attribution check: every sentence keeps its attribution and is supported by the article.")
        return
    st.warning(f"Attribution check: {len(result.flags)} sentence(s) need attention.")
    table = pd.DataFrame([f.model_dump() for f in result.flags]).rename(columns={"source": "flagged by"})
    st.dataframe(table, hide_index=True, width="stretch", key="summary_flags")
    if review is not None:
        st.caption("“flagged by”: the rules, or the model's second opinion on the sentences the rules were unsure of.")


def _versions_panel(versions: list[SummaryVersion], store: Store) -> None:
    st.markdown("**Versions**")
    table = pd.DataFrame(
        [
            {"name": v.name, "source": v.source, "words": len(v.text.split()), "saved": _when(v.created)}
            for v in versions
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", key="summary_versions_table")
    ids = {f"{v.name} · {_when(v.created)} · #{v.id}": v.id for v in versions}
    columns = st.columns([3, 1, 1])
    chosen = ids[columns[0].selectbox("Version", list(ids), key="summary_pick")]
    if columns[1].button("Restore", key="summary_restore"):
        st.session_state["summary_current"] = chosen
        st.rerun()
    if columns[2].button("Delete", key="summary_delete"):
        if stored(store.summaries.delete, chosen, default=False):
            st.rerun()
    name = st.text_input("Rename the chosen version", key="summary_new_name")
    if st.button("Rename", key="summary_rename", disabled=not name.strip()):
        if stored(store.summaries.rename, chosen, name.strip(), default=False):
            st.rerun()


def compare_tab(view: Analysis, store: Store | None) -> None:
    """Two or three versions side by side: word diff, metrics and attribution flags."""
    if store is None:
        st.warning("The store is unavailable, so there are no versions to compare.")
        return
    versions = {v.id: v for v in _versions(store)}
    if len(versions) < 2:
        st.caption("Generate or save at least two summary versions to compare them.")
        return
    ids = {f"{v.name} — {v.analysis_title or 'untitled'} · {_when(v.created)} · #{i}": i for i, v in versions.items()}
    mine = [label for label, i in ids.items() if versions[i].analysis_id == st.session_state.get("analysis_id")]
    chosen = st.multiselect(
        "Versions to compare (two or three)",
        list(ids),
        default=(mine or list(ids))[1::-1],
        max_selections=3,
        key="compare_versions",
    )
    if len(chosen) < 2:
        st.caption("Choose at least two versions.")
        return
    picked = [versions[ids[label]] for label in chosen]
    sources = [_analysis_for(v, view, store) for v in picked]
    results = [measured(s, v.text) for v, s in zip(picked, sources)]
    _side_by_side(picked, sources, results)
    report = comparison_markdown([(v.name, v.text) for v in picked], view, sources, results)
    st.download_button(
        "Download comparison (Markdown)",
        report,
        "summary-comparison.md",
        "text/markdown",
        key="download_comparison",
        on_click="ignore",
    )


def _side_by_side(
    picked: list[SummaryVersion], sources: list[Analysis], measured: list[tuple[SummaryMetrics, CheckResult]]
) -> None:
    base = picked[0].text
    columns = st.columns(len(picked))
    for index, (column, version, source, (metrics, check)) in enumerate(zip(columns, picked, sources, measured)):
        with column:
            st.markdown(f"**{plain(version.name)}**")
            st.caption(plain(f"{version.source} · {source.title or 'untitled'}"))
            shown = word_diff_html(base, version.text)[1 if index else 0]
            st.html(f'<div class="summary-diff" style="white-space: pre-wrap">{shown}</div>')
            st.dataframe(_metrics_table(metrics), hide_index=True, width="stretch", key=f"compare_metrics_{index}")
            st.markdown(f"Attribution flags: **{len(check.flags)}**")
            for flag in check.flags:
                by = " (model)" if flag.source == "model" else ""
                st.caption(plain(f"⚠ {flag.sentence} — {flag.reason}{by}"))


def _metrics_table(metrics: SummaryMetrics) -> pd.DataFrame:
    rows = [
        ("Words", metrics.words),
        ("Compression", f"{metrics.compression:.0%}"),
        ("Actors mentioned", ", ".join(metrics.actors_mentioned) or "none"),
        ("Claims covered", f"{metrics.claims_covered}/{metrics.claims_total}"),
        ("Quotes kept verbatim", f"{metrics.quotes_kept}/{metrics.quotes_total}"),
    ]
    rows += [("Covers", f"{c.speaker or 'Unattributed'}: {c.text[:80]}") for c in metrics.claims]
    return pd.DataFrame(rows, columns=["measure", "value"]).astype(str)


def _analysis_for(version: SummaryVersion, view: Analysis, store: Store) -> Analysis:
    if version.analysis_id is None or version.analysis_id == st.session_state.get("analysis_id"):
        return view
    saved = stored(store.analyses.load, version.analysis_id, default=None)
    return saved.view() if saved else view  # as its summaries saw it: with its actor edits


def _versions(store: Store, analysis_id: str | None = None) -> list[SummaryVersion]:
    """Return the summary versions (of one analysis, or all), or none after saying why the store failed."""
    none: list[SummaryVersion] = []
    return stored(store.summaries.versions, analysis_id, default=none)


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%d %b %H:%M")
