"""Article explorer page — paste a news article, see who says what and who stands for or against whom."""

from __future__ import annotations

import streamlit as st

from ui.article_input import article_panel, preflight
from ui.results import results
from ui.running import failure_panel, interrupted_notice, run_analysis
from ui.session import current_view
from ui.sidebar import cache_panel, history_panel, open_store, prices_panel, settings_panel
from ui.text import plain

st.set_page_config(page_title="Article Explorer", page_icon="🗞️", layout="wide")
st.title("Article Explorer")
st.caption("Who are the actors, what does each one claim, and who stands for or against whom?")

settings = settings_panel()
store = open_store(str(settings.database))
if store is not None and store.notice:
    st.sidebar.warning(plain(store.notice))
cache_panel(store)
prices = prices_panel()
history = st.sidebar.container()  # filled after a run, so its count includes the analysis just saved

text, title = article_panel()
preflight(text, settings, store, prices)
interrupted_notice()
if st.button("Analyse article", key="analyse", type="primary"):
    run_analysis(text, title, settings, store)
history_panel(store, history)

shown = current_view()
if shown is not None:
    view, frames = shown
    failure_panel(st.session_state["analysis"], settings, store)
    st.divider()
    st.subheader(plain(view.title) if view.title else "Results")
    results(view, frames, store, prices, settings)
