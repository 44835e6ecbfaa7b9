"""Article Explorer — paste a news article, see who says what and who stands against whom."""

from __future__ import annotations

import streamlit as st

from explorer import InputError, analyse_article, article_from_text, load_settings

st.set_page_config(page_title="Article Explorer", layout="wide")
st.title("Article Explorer")

text = st.text_area("Article", key="article", height=300, placeholder="Paste a news article here")
title = st.text_input("Title (optional)", key="title")

if st.button("Analyse", key="analyse", type="primary"):
    try:
        article = article_from_text(text, title)
        st.session_state["analysis"] = analyse_article(article.text, article.title, load_settings())
    except InputError as exc:
        st.error(str(exc))

analysis = st.session_state.get("analysis")
if analysis is not None:
    for name, frame in analysis.frames().items():
        st.subheader(name.capitalize())
        st.dataframe(frame, hide_index=True)
