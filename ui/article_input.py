"""Article input: paste, upload or load the sample; what a run will cost before it starts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.config import Settings
from explorer.errors import ExplorerError
from explorer.ingest import InputError, article_from_bytes, headline
from explorer.limits import size_problem
from explorer.planning import plan
from explorer.sample import load_sample
from explorer.storage import Store

from .drafts import drafts_notice, forget_filled_title, put_in_input
from .text import plain


def _load_sample() -> None:
    title, text = load_sample()
    put_in_input(text, title)
    st.session_state.pop("input_error", None)


def _take_upload() -> None:
    upload = st.session_state.get("upload")
    if upload is None:
        return
    try:
        article = article_from_bytes(upload.getvalue(), upload.name)
    except InputError as exc:
        st.session_state["input_error"] = str(exc)
        return
    put_in_input(article.text, article.title or upload.name)
    st.session_state["input_error"] = None
    st.session_state["input_notes"] = article.notes


def article_panel() -> tuple[str, str]:
    """Draw the input widgets and return (text, title) as they stand."""
    left, right = st.columns([3, 1])
    with right:
        st.button("Load sample article", key="load_sample", on_click=_load_sample, width="stretch")
        st.file_uploader(
            "Upload .txt, .md or .html", type=["txt", "md", "html", "htm"], key="upload", on_change=_take_upload
        )
    with left:
        first_line = headline(st.session_state.get("article") or "")
        hint = f"{first_line} (the first line)" if first_line else "Names the analysis in History and downloads"
        title = st.text_input("Title (optional)", key="title", persist_state="session", placeholder=hint)
        text = st.text_area(
            "Article",
            key="article",
            persist_state="session",
            height=260,
            placeholder="Paste a news article here, or load the sample.",
            on_change=forget_filled_title,
        )
    if st.session_state.get("input_error"):
        st.error(plain(st.session_state["input_error"]))
    for note in st.session_state.pop("input_notes", []) or []:
        st.info(plain(note))
    drafts_notice()
    return text, title.strip() or headline(text)


def preflight(text: str, settings: Settings, store: Store | None, prices: pd.DataFrame) -> None:
    """Show tokens, sections, calls, estimated cost and cache state for the text as it stands."""
    if not text.strip():
        return
    too_large = size_problem(len(text.encode("utf-8", errors="replace")), "The text")
    if too_large:  # the run would refuse it: do not spend seconds estimating it on every rerun
        st.warning(plain(too_large))
        return
    try:
        ahead = plan(text, settings, store, prices)
    except ExplorerError as exc:  # e.g. EXPLORER_PROMPTS names no folder
        st.error(plain(exc))
        return
    cols = st.columns(4)
    cols[0].metric("Tokens", f"{ahead.tokens:,}")
    cols[1].metric("Sections", len(ahead.sections))
    cols[2].metric("LLM calls", ahead.estimate.calls)
    unpriced = ahead.priced and ahead.estimate.cost_usd is None
    hint = f"{settings.model} has no price yet: add it under Prices in the sidebar." if unpriced else None
    cols[3].metric("Estimated cost" if ahead.priced else "Cost", ahead.cost_text, help=hint)
    for warning in ahead.warnings:
        st.warning(warning)
    if ahead.cached:
        st.caption(
            f"{len(ahead.cached)} of {len(ahead.sections)} sections are already cached and will not be re-analysed."
        )
