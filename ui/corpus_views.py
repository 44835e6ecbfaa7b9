"""The corpus page's tabs after the first: stances, one actor, claim search, articles (drill down), downloads."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st
from pydantic import ValidationError
from streamlit.errors import StreamlitPageNotFoundError

from explorer.corpus import insights
from explorer.corpus.insights import ClaimQuery, Scope
from explorer.export import table_csv

from . import corpus_charts
from .corpus_open import OpenCorpus, show_chart
from .corpus_overview import ACTOR_TAB, headers, network_with_evidence, overview_tab, sources_tab
from .drafts import put_in_input
from .session import set_analysis
from .text import plain

TABS = ["Overview", "Sources", "Stances", ACTOR_TAB, "Claims", "Articles", "Downloads"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_CLAIMS = 1000
KEPT_TAB = "corpus_view_kept"  # tabs have no persist_state


def corpus_tabs(corpus: OpenCorpus, scope: Scope) -> None:
    """Draw the tabs; only the open one runs."""
    pages: dict[str, Callable[[], None]] = {
        "Overview": lambda: overview_tab(corpus, scope),
        "Sources": lambda: sources_tab(corpus, scope),
        "Stances": lambda: stances_tab(corpus, scope),
        ACTOR_TAB: lambda: actor_tab(corpus, scope),
        "Claims": lambda: claims_tab(corpus, scope),
        "Articles": lambda: articles_tab(corpus, scope),
        "Downloads": lambda: downloads_tab(corpus, scope),
    }
    if "corpus_view" not in st.session_state:  # back from the article explorer, where Streamlit dropped the tab
        st.session_state["corpus_view"] = st.session_state.get(KEPT_TAB, TABS[0])
    for name, tab in zip(TABS, st.tabs(TABS, key="corpus_view", on_change="rerun")):
        if tab.open:
            st.session_state[KEPT_TAB] = name
            with tab:
                pages[name]()


def stances_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Favor and against counts per pair; pick a pair (here or on the network) to read its evidence."""
    pairs = corpus.answer(insights.stance_pairs, scope)
    if pairs.empty:
        st.info("No stances between actors in this view.")
        return
    st.slider("Pairs in the network", 5, 200, 40, step=5, key="corpus_network_top", persist_state="session")
    network_with_evidence(corpus, scope)
    st.markdown("**Every pair** (favor and against counted across all articles in view)")
    st.dataframe(pairs, hide_index=True, key="corpus_table_pairs", width="stretch", column_config=headers(pairs))
    labels = [f"{s} → {t}" for s, t in zip(pairs["source"], pairs["target"])]
    chosen = st.selectbox(
        "Evidence for the pair",
        [None, *range(len(labels))],
        key="corpus_pair",
        format_func=lambda i: "Pick a pair…" if i is None else labels[i],
    )
    if chosen is not None and chosen < len(pairs):
        source, target = pairs["source"].iloc[chosen], pairs["target"].iloc[chosen]
        evidence = corpus.answer(insights.pair_evidence, scope, source, target)
        st.dataframe(
            evidence, hide_index=True, key="corpus_pair_evidence", width="stretch", column_config=headers(evidence)
        )


def actor_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """One actor across the corpus: claims in date order, and whom they are for and against."""
    names = corpus.answer(insights.actors_in_view, scope)
    if not names:
        st.info("No speakers or stances in this view.")
        return
    if st.session_state.get("corpus_actor") not in names:
        st.session_state["corpus_actor"] = names[0]
    actor = st.selectbox("Actor", names, key="corpus_actor", persist_state="session")
    claims = corpus.answer(insights.actor_claims, scope, actor)
    stances = corpus.answer(insights.actor_stances, scope, actor)
    st.markdown(f"**{plain(actor)}**: claims per month and in date order")
    show_chart(corpus, ("timeline", scope, actor), lambda: corpus_charts.timeline_chart(claims))
    st.markdown(f"**Claims by {plain(actor)}** ({len(claims)}, by date where known)")
    st.dataframe(claims, hide_index=True, key="corpus_actor_claims", width="stretch", column_config=headers(claims))
    takes, receives = st.columns(2)
    takes.markdown(f"**Whom {plain(actor)} is for and against**")
    taken = stances[stances["direction"] == "takes"].drop(columns="direction")
    takes.dataframe(taken, hide_index=True, key="corpus_actor_takes", column_config=headers(taken))
    receives.markdown(f"**Who is for and against {plain(actor)}**")
    received = stances[stances["direction"] == "receives"].drop(columns="direction")
    receives.dataframe(received, hide_index=True, key="corpus_actor_receives", column_config=headers(received))


def _claim_query() -> ClaimQuery:
    return ClaimQuery(
        str(st.session_state.get("corpus_search") or ""), tuple(st.session_state.get("corpus_speakers") or ())
    )


def claims_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Search the claims by words and speaker, inside the sidebar's outlets and dates."""
    left, right = st.columns(2)
    left.text_input(
        "Claims containing", key="corpus_search", placeholder="words to find, any case", persist_state="session"
    )
    right.multiselect(
        "Speakers",
        corpus.answer(insights.actors_in_view, scope),
        key="corpus_speakers",
        placeholder="Any speaker",
        persist_state="session",
    )
    query = _claim_query()
    total = corpus.answer(insights.count_claims, scope, query)
    found = corpus.answer(insights.search_claims, scope, query, SHOWN_CLAIMS)
    shown = f" (the first {SHOWN_CLAIMS:,} shown; the downloads hold all)" if total > SHOWN_CLAIMS else ""
    st.markdown(f"**{total:,} claims** in {plain(scope.describe())}{shown}")
    st.dataframe(found, hide_index=True, key="corpus_table_claims", width="stretch", column_config=headers(found))
    _view_downloads(corpus, scope, query)


def _view_downloads(corpus: OpenCorpus, scope: Scope, query: ClaimQuery) -> None:
    """The filtered view as CSV and as Excel, built only when clicked."""
    left, right = st.columns(2)
    left.download_button(
        "Matching claims (CSV)",
        lambda: table_csv(insights.search_claims(corpus.con.cursor(), scope, query)),
        "claims-filtered.csv",
        "text/csv",
        key="corpus_download_search",
        on_click="ignore",
    )
    right.download_button(
        "Filtered view (Excel)",
        lambda: insights.filtered_workbook(corpus.con.cursor(), scope, query),
        "corpus-view.xlsx",
        XLSX,
        key="corpus_download_xlsx",
        on_click="ignore",
    )


def articles_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Every article in view with its sourcing; pick one (row or list) and open it in the single-article explorer."""
    articles = corpus.answer(insights.article_sources, scope)
    ids = articles["article_id"].tolist()
    st.caption("Click a row (or pick below) to choose an article.")
    st.dataframe(
        articles,
        hide_index=True,
        column_config=headers(articles),
        key="corpus_table_articles",
        width="stretch",
        on_select=lambda: _pick_row(ids),
        selection_mode="single-row",
    )
    labels = {
        aid: f"{_shown(date, 'undated')} · {_shown(outlet, 'unknown outlet')} · {_shown(title, aid)}"
        for aid, date, outlet, title in zip(ids, articles["date"], articles["outlet"], articles["title"])
    }
    picked = st.selectbox(
        "Article",
        [None, *labels],
        key="corpus_article",
        format_func=lambda a: "Pick an article…" if a is None else labels.get(a, a),
        persist_state="session",
    )
    if st.button("Open in the article explorer", key="corpus_open_article", disabled=picked is None):
        _drill_down(corpus, str(picked))
    failed = corpus.answer(insights.failures)
    if len(failed):
        st.markdown(f"**{len(failed)} articles could not be analysed** (the next run retries them)")
        st.dataframe(
            failed, hide_index=True, key="corpus_table_failures", width="stretch", column_config=headers(failed)
        )


def _pick_row(ids: list[str]) -> None:
    """Make the clicked row's article the picked one."""
    rows = st.session_state["corpus_table_articles"].selection.rows
    if rows and rows[0] < len(ids):
        st.session_state["corpus_article"] = ids[rows[0]]


def _shown(value: object, fallback: str) -> str:
    """Return value as text, or fallback for a missing cell (None or NaN, as pandas 3 gives)."""
    return value if isinstance(value, str) and value else fallback


def _drill_down(corpus: OpenCorpus, article_id: str) -> None:
    """Make the article's stored analysis the main page's current one and go there."""
    try:
        analysis = insights.article_analysis(corpus.con, article_id)
    except ValidationError as exc:  # written by another version of the analyser
        st.error(
            plain(f"The stored analysis of {article_id} cannot be read by this version: {exc.error_count()} errors.")
        )
        return
    if analysis is None:
        st.error(plain(f"The corpus holds no analysis for {article_id}."))
        return
    put_in_input(analysis.text, analysis.title or "")  # first: it asks whether the box's text is analysed
    set_analysis(analysis, None)
    try:
        st.switch_page("app_pages/article.py")
    except StreamlitPageNotFoundError:  # this page served alone, without the app's main page
        st.success(
            plain(f"“{analysis.title or article_id}” is open in the article explorer: run `streamlit run app.py`.")
        )


def _csv_when_clicked(
    corpus: OpenCorpus, scope: Scope, question: Callable[[insights.Connection, Scope], pd.DataFrame]
) -> Callable[[], bytes]:
    """Return a download's deferred data: the question's table as CSV, on a connection of the download's own."""
    return lambda: table_csv(question(corpus.con.cursor(), scope))


def downloads_tab(corpus: OpenCorpus, scope: Scope) -> None:
    """Every table of the view as CSV, and the filtered view as Excel; each built when clicked."""
    st.caption(f"In view: {plain(scope.describe())}. Files are built when you click.")
    st.markdown("**Summaries**")
    for column, name in zip(st.columns(len(insights.SUMMARIES)), insights.SUMMARIES):
        column.download_button(
            f"{name.replace('_', ' ').capitalize()} (CSV)",
            _csv_when_clicked(corpus, scope, insights.SUMMARIES[name]),
            f"{name}.csv",
            "text/csv",
            key=f"corpus_download_summary_{name}",
            on_click="ignore",
        )
    st.markdown("**Corpus tables**")
    for column, name in zip(st.columns(len(insights.RAW_TABLES)), insights.RAW_TABLES):
        column.download_button(
            f"{name.capitalize()} (CSV)",
            _csv_when_clicked(corpus, scope, functools.partial(insights.table, name=name)),
            f"corpus-{name}.csv",
            "text/csv",
            key=f"corpus_download_table_{name}",
            on_click="ignore",
        )
    _view_downloads(corpus, scope, _claim_query())
