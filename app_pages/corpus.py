"""Corpus — across many articles: whom do we quote, how diverse are the sources, who stands where on whom."""

from __future__ import annotations

import streamlit as st

from ui.corpus_new import new_corpus_panel, stopped_run_notice
from ui.corpus_open import corpus_panel
from ui.corpus_scope import scope_panel
from ui.corpus_views import corpus_tabs
from ui.sidebar import configured

st.set_page_config(page_title="Corpus — Article Explorer", page_icon="🗞️", layout="wide")
st.title("Corpus")
st.caption("Whom do we quote most, how diverse are our sources, and who is for or against whom across the coverage?")

settings = configured()
stopped_run_notice()  # before the picker: it opens what a stopped run kept
corpus = corpus_panel(settings)
new_corpus_panel()
if corpus is None:  # no st.stop() here: a stopped run makes Streamlit reset the settings widgets drawn above
    st.info(
        "Open a corpus written by `explorer corpus run` (type its folder in the sidebar, or set EXPLORER_CORPUS), "
        "or make one from files or URLs under “New corpus” in the sidebar."
    )
else:
    st.caption(f"Corpus: `{corpus.folder}`")
    corpus_tabs(corpus, scope_panel(corpus))
