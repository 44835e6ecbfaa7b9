"""The corpus page's first view and its Sources tab: who is quoted, how diverse the sources are, who stands where."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from explorer.corpus import insights
from explorer.corpus.insights import Scope
from explorer.export import table_csv

from . import corpus_charts
from .corpus_open import OpenCorpus, show_chart
from .text import plain

SHARES = {
    "direct_share": "Direct quotes",
    "share_of_claims": "Share of claims",
    "top_share": "Top speaker's share",
    "mean_top_share": "Top speaker's share (mean)",
    "unattributed_share": "Unattributed share",
}
WORDS = {"article_id": "Article", "quoting_articles": "Articles with quotes", "single_source_articles": "Single-source"}


def headers(frame: pd.DataFrame) -> dict[str, object]:
    """Return column settings that name every column in words, shares as percentages."""
    config: dict[str, object] = {}
    for column in map(str, frame.columns):
        if column in SHARES:
            config[column] = st.column_config.NumberColumn(SHARES[column], format="percent")
        else:
            config[column] = WORDS.get(column) or column.replace("_", " ").capitalize()
    return config


ACTOR_TAB = "One actor"


def overview_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Headline figures, the four charts, the speakers and outlets tables, and their downloads."""
    figures = corpus.answer(insights.overview, scope)
    _figures(figures)
    speakers = corpus.answer(insights.speakers, scope)
    outlets = corpus.answer(insights.outlet_diversity, scope)
    if len(speakers):
        top = speakers.iloc[0]
        st.markdown(
            f"**Top speaker:** {plain(top['speaker'])} — {int(top['claims'])} claims in "
            f"{int(top['articles'])} articles ({top['share_of_claims']:.0%} of attributed claims)."
        )
    left, right = st.columns([3, 2])
    with left:
        by = st.segmented_control(
            "Rank speakers by", ["claims", "articles"], default="claims", key="corpus_rank", persist_state="session"
        )
        show_chart(
            corpus,
            ("speakers", scope, by),
            lambda: corpus_charts.speakers_chart(speakers, by=by or "claims"),
            key="corpus_chart_speakers",
            on_select=_open_actor,
        )
    with right:
        types = corpus.answer(insights.speaker_types, scope)
        show_chart(corpus, ("types", scope), lambda: corpus_charts.types_chart(types))
        show_chart(corpus, ("outlets", scope), lambda: corpus_charts.outlets_chart(outlets))
    network_with_evidence(corpus, scope)
    _tables(speakers, outlets)


def _figures(figures: dict[str, Any]) -> None:
    cells = st.columns(8)
    cells[0].metric("Articles", figures["articles"])
    cells[1].metric("Outlets", figures["outlets"])
    cells[2].metric("Claims", figures["claims"])
    cells[3].metric("Speakers", figures["speakers"])
    cells[4].metric("Direct quotes", _percent(figures["direct_share"]))
    cells[5].metric("Unattributed", _percent(figures["unattributed_share"]))
    cells[6].metric("Stances", figures["stances"])
    cells[7].metric("Failed articles", figures["failed"], help="Articles the last run could not analyse.")
    notes = []
    if figures["quoting_articles"]:
        notes.append(
            f"{figures['single_source_articles']} of {figures['quoting_articles']} articles with quotes rely on a "
            "single named speaker."
        )
    if figures["first_day"]:
        notes.append(f"Dated articles run from {figures['first_day']} to {figures['last_day']}.")
    if figures["not_in_text"]:
        notes.append(f"{figures['not_in_text']} claims quote words not found in their article's text.")
    st.caption(" ".join(notes))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _open_actor() -> None:
    """Open the One actor tab for the speaker clicked in the speakers chart."""
    event = st.session_state.get("corpus_chart_speakers") or {}
    picked = (event.get("selection") or {}).get(corpus_charts.SPEAKER_SELECTION) or []
    if picked and picked[0].get("speaker"):
        st.session_state["corpus_actor"] = picked[0]["speaker"]
        st.session_state["corpus_view"] = ACTOR_TAB


def network_with_evidence(corpus: OpenCorpus, scope: Scope) -> None:
    """The stance network; a clicked edge lists its evidence from every article."""
    pairs = corpus.answer(insights.stance_pairs, scope)
    top = st.session_state.get("corpus_network_top", 40)
    event = show_chart(
        corpus,
        ("network", scope, top),
        lambda: corpus_charts.network_chart(pairs, top=top),
        key="corpus_chart_network",
        on_select="rerun",
    )
    picked = (getattr(event, "selection", None) or {}).get(corpus_charts.EDGE_SELECTION) or []
    if not picked:
        st.caption("Click the dot on an edge to list that pair's evidence from every article.")
        return
    source, target = picked[0].get("source"), picked[0].get("target")
    st.markdown(f"**{plain(source)} → {plain(target)}**: every stance, with its evidence")
    evidence = corpus.answer(insights.pair_evidence, scope, source, target)
    st.dataframe(
        evidence, hide_index=True, key="corpus_edge_evidence", width="stretch", column_config=headers(evidence)
    )


def _tables(speakers: pd.DataFrame, outlets: pd.DataFrame) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Speakers** (ranked by claims, then articles)")
        st.dataframe(
            speakers, hide_index=True, key="corpus_table_speakers", column_config=headers(speakers), width="stretch"
        )
        st.download_button(
            "Speakers (CSV)",
            table_csv(speakers),
            "speakers.csv",
            "text/csv",
            key="corpus_download_speakers",
            on_click="ignore",
        )
    with right:
        st.markdown("**Source diversity per outlet** (articles with quotes)")
        st.dataframe(
            outlets, hide_index=True, key="corpus_table_outlets", column_config=headers(outlets), width="stretch"
        )
        st.download_button(
            "Outlets (CSV)",
            table_csv(outlets),
            "outlets.csv",
            "text/csv",
            key="corpus_download_outlets",
            on_click="ignore",
        )


def sources_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Every speaker, the speaker types, and per article its distinct speakers and top speaker's share."""
    st.markdown("**Speaker types** (attributed claims)")
    types = corpus.answer(insights.speaker_types, scope)
    st.dataframe(types, hide_index=True, column_config=headers(types), key="corpus_table_types")
    st.markdown("**Each outlet's most quoted speakers** (top 5, share of the outlet's attributed claims)")
    top = corpus.answer(insights.outlet_speakers, scope)
    st.dataframe(top, hide_index=True, column_config=headers(top), key="corpus_table_outlet_speakers")
    st.markdown("**Per article**: distinct speakers, the top speaker and the share of quotes that are theirs")
    articles = corpus.answer(insights.article_sources, scope)
    st.dataframe(
        articles, hide_index=True, column_config=headers(articles), key="corpus_table_article_sources", width="stretch"
    )
