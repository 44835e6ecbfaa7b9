"""Corpus — across many articles: whom do we quote, how diverse are the sources, who stands where on whom."""

from __future__ import annotations

import streamlit as st

from ui.corpus_new import new_corpus_panel
from ui.corpus_open import corpus_panel
from ui.corpus_scope import scope_panel
from ui.corpus_views import corpus_tabs
from ui.sidebar import configured

st.set_page_config(page_title="Corpus — Article Explorer", page_icon="🗞️", layout="wide")
st.title("Corpus")
st.caption("Whom do we quote most, how diverse are our sources, and who is for or against whom across the coverage?")

settings = configured()
corpus = corpus_panel(settings)
new_corpus_panel(settings)
if corpus is None:
    st.info(
        "Open a corpus written by `explorer corpus run` (type its folder in the sidebar, or set EXPLORER_CORPUS), "
        "or make one from files or URLs under “New corpus” in the sidebar."
    )
    st.stop()
st.caption(f"Corpus: `{corpus.folder}`")
corpus_tabs(corpus, scope_panel(corpus))
