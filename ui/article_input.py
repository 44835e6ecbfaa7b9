"""Article input: paste, upload or load the sample; what a run will cost before it starts."""

from __future__ import annotations

import streamlit as st

from explorer.config import Settings
from explorer.costs import estimate
from explorer.extractors import extraction_messages, llm_identity, make_extractor
from explorer.ingest import InputError, article_from_bytes
from explorer.limits import large_article_warning
from explorer.pipeline import cache_key
from explorer.sample import load_sample
from explorer.sections import split_sections
from explorer.storage import Store
from explorer.tokens import count_tokens

from .session import stored
from .text import plain


def _load_sample() -> None:
    title, text = load_sample()
    st.session_state["article"], st.session_state["title"] = text, title
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
    st.session_state["article"] = article.text
    st.session_state["title"] = article.title or upload.name
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
        title = st.text_input("Title (optional)", key="title")
        text = st.text_area(
            "Article", key="article", height=260, placeholder="Paste a news article here, or load the sample."
        )
    if st.session_state.get("input_error"):
        st.error(plain(st.session_state["input_error"]))
    for note in st.session_state.pop("input_notes", []) or []:
        st.info(plain(note))
    return text, title


@st.cache_data(show_spinner=False, max_entries=16)
def _sections(text: str, budget: int, model: str) -> list[tuple[int, int, int]]:
    return [(s.start, s.end, s.tokens) for s in split_sections(text, budget, model)]


def preflight(text: str, settings: Settings, store: Store | None, prices) -> None:
    """Show tokens, sections, calls, estimated cost and cache state for the text as it stands."""
    if not text.strip():
        return
    spans = _sections(text, settings.section_tokens, settings.model)
    sections = split_sections_from(text, spans)
    cols = st.columns(4)
    cols[0].metric("Tokens", f"{sum(s.tokens for s in sections):,}")
    cols[1].metric("Sections", len(sections))
    cached = _cached_indexes(sections, settings, store)
    if settings.backend == "openai":
        overhead = sum(count_tokens(m["content"], settings.model) for m in extraction_messages(""))
        guess = estimate([s for s in sections if s.index not in cached], overhead, settings.model, prices)
        cols[2].metric("LLM calls", guess.calls)
        cols[3].metric("Estimated cost", "unknown" if guess.cost_usd is None else f"${guess.cost_usd:.4f}")
        warning = large_article_warning(sum(s.tokens for s in sections), settings.section_tokens)
        if warning:
            st.warning(warning)
    else:
        cols[2].metric("LLM calls", 0)
        cols[3].metric("Cost", "free (offline)")
    if cached:
        st.caption(f"{len(cached)} of {len(sections)} sections are already cached and will not be re-analysed.")


def split_sections_from(text: str, spans: list[tuple[int, int, int]]):
    """Return Section objects from cached (start, end, tokens) triples."""
    from explorer.sections import Section

    return [Section(index=i, start=s, end=e, text=text[s:e], tokens=t) for i, (s, e, t) in enumerate(spans)]


def _cached_indexes(sections, settings: Settings, store: Store | None) -> set[int]:
    if store is None:
        return set()
    identity = _identity(settings)
    keys = {cache_key(identity, s.text): s.index for s in sections}
    return {keys[k] for k in stored(store.cache.present, list(keys), default=set())}


def _identity(settings: Settings) -> dict:
    if settings.backend == "openai":
        return llm_identity(settings)
    return _offline_identity()


@st.cache_resource(show_spinner="Loading the offline analyser…")
def _offline_identity() -> dict:
    return make_extractor(Settings(backend="offline")).identity
