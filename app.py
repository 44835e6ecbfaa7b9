"""Article Explorer — `streamlit run app.py`: one article in depth, or a whole corpus of coverage."""

from __future__ import annotations

import streamlit as st

# The folder is app_pages/, not pages/: a server whose first visitor opens a page's own URL (/corpus) would take
# pages/ for an old-style multipage app and list the raw script names in the sidebar until "/" is opened.
PAGES = [
    st.Page("app_pages/article.py", title="Article explorer", icon=":material/newspaper:", default=True),
    st.Page("app_pages/corpus.py", title="Corpus", icon=":material/library_books:"),
]

st.navigation(PAGES).run()
