"""Article Explorer — `streamlit run app.py`: one article in depth, or a whole corpus of coverage."""

from __future__ import annotations

import streamlit as st

PAGES = [
    st.Page("pages/article.py", title="Article explorer", icon=":material/newspaper:", default=True),
    st.Page("pages/corpus.py", title="Corpus", icon=":material/library_books:"),
]

st.navigation(PAGES).run()
