"""Sidebar: backend and endpoint settings, connection test, cache and history."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explorer.backends import KINDS, LLM, kind_named, make_backend
from explorer.calls import LLMError
from explorer.config import DEFAULT_MODEL, Settings, load_settings
from explorer.costs import price_table
from explorer.storage import AnalysisEntry, Store, StoreError

from .endpoint import base_url_field
from .session import open_saved
from .text import plain

PRESETS = {
    "OpenAI": None,
    "Azure OpenAI": "https://YOUR-RESOURCE.openai.azure.com/openai/v1/",
    "Ollama (local)": "http://localhost:11434/v1",
    "vLLM (local)": "http://localhost:8000/v1",
    "LM Studio (local)": "http://localhost:1234/v1",
    "llama.cpp server (local)": "http://localhost:8080/v1",
    "Custom URL": "",
}
BACKENDS = {kind.label: kind for kind in KINDS}
GONE = "history_gone"  # the analysis chosen to reopen was deleted meanwhile


def configured() -> Settings:
    """Return the app's defaults: the environment first, then .streamlit/secrets.toml."""
    return load_settings(env={**_secrets(), **os.environ})


def _secrets() -> dict[str, str]:
    try:
        return {k: str(v) for k, v in st.secrets.items() if isinstance(v, str | int | float) and v != ""}
    except Exception:  # no secrets file is the normal case
        return {}


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> Store | None:
    """Return the store shared by every session of this server, or None when it cannot be opened."""
    try:
        return Store(Path(path))
    except StoreError:
        return None


def settings_panel(place: DeltaGenerator | None = None, header: str = "Settings") -> Settings:
    """Draw the settings (in the sidebar unless told where) and return the Settings they describe.

    Both pages draw the same widgets under the same keys, so a model chosen on one is the model on the other.
    """
    with place or st.sidebar:
        return _settings(header)


def _settings(header: str) -> Settings:
    base = configured()
    if header:
        st.header(header)
    choice = st.radio(
        "Backend",
        list(BACKENDS),
        index=list(BACKENDS).index(kind_named(base.backend).label),
        key="backend",
        persist_state="session",
    )
    llm = {"base_url": None, "api_key": None, "model": base.model, "temperature": base.temperature}
    if BACKENDS[choice].remote:
        llm = _llm_fields(base)
    with st.expander("Sections"):
        section_tokens = st.number_input(
            "Section size (tokens)", 100, 8000, 1200, step=100, key="section_tokens", persist_state="session"
        )
        concurrency = st.number_input("Concurrent sections", 1, 32, 8, key="concurrency", persist_state="session")
    return replace(
        base, backend=BACKENDS[choice].name, section_tokens=int(section_tokens), concurrency=int(concurrency), **llm
    )


def _llm_fields(base: Settings) -> dict[str, object]:
    """Draw the endpoint fields; an empty key field means the configured key (never shown)."""
    presets = list(PRESETS)
    preset = st.selectbox(
        "Endpoint",
        presets,
        index=presets.index("Custom URL") if base.base_url else 0,
        key="preset",
        persist_state="session",
    )
    default_url = base.base_url if preset == "Custom URL" and base.base_url else PRESETS[preset]
    base_url = base_url_field(f"base_url_{preset}", default_url or "")
    api_key = st.text_input(
        "API key",
        type="password",
        key="api_key",
        persist_state="session",
        placeholder=_key_hint(base.api_key, base_url),
    )
    endpoint = {"base_url": base_url or None, "api_key": api_key or base.api_key}
    if not endpoint["base_url"] and not endpoint["api_key"]:  # OpenAI itself answers every call with a 401
        st.warning("The OpenAI API needs a key: paste it above, or set OPENAI_API_KEY before starting.")
    _connection_test(replace(base, backend=LLM.name, model=st.session_state.get("model") or base.model, **endpoint))
    listed = st.session_state.get("endpoint_models") or []
    if listed:  # after "Test connection": pick one, or keep typing any name below
        st.selectbox("Models the endpoint reports", ["", *listed], key="model_pick", on_change=_use_picked)
    st.session_state.setdefault("model", base.model)  # set once, so a picked model can replace it
    model = st.text_input("Model", key="model", persist_state="session").strip()
    temperature = st.slider("Temperature", 0.0, 1.0, base.temperature, 0.1, key="temperature", persist_state="session")
    return {**endpoint, "model": model or DEFAULT_MODEL, "temperature": temperature}


def _key_hint(configured_key: str | None, base_url: str) -> str:
    """Return what the empty key field means: the configured key, none needed, or one to paste."""
    if configured_key:
        return "using the configured key"
    return "not needed for local servers" if base_url else "paste your OpenAI key (sk-…)"


def _use_picked() -> None:
    if st.session_state.get("model_pick"):
        st.session_state["model"] = st.session_state["model_pick"]


def _connection_test(settings: Settings) -> None:
    """Offer 'Test connection' and show what the endpoint says (its models are then offered to pick)."""
    if st.button("Test connection", key="test_connection"):
        try:
            models = make_backend(settings.with_(max_retries=0, timeout=10.0)).list_models()
        except LLMError as exc:
            st.error(plain(exc))
            return
        st.session_state["endpoint_models"] = models
        missing = "" if settings.model in models else f" '{settings.model}' is not among them."
        count = f"{len(models)} model{'s' * (len(models) != 1)}"
        st.success(plain(f"Connected: {count}.{missing}"))


def cache_panel(store: Store | None) -> None:
    """Show the cache size with a button to clear it."""
    with st.sidebar.expander("Cache"):
        if store is None:
            st.warning("The store could not be opened: results are not cached or saved.")
            return
        stats = store.cache.stats()
        st.caption(f"{stats.entries} cached results, {stats.bytes / 1024:.0f} KB")  # sections, splits, summaries
        if st.button("Clear cache", key="clear_cache"):
            store.cache.clear()
            st.toast("Cache cleared.")


def prices_panel() -> pd.DataFrame:
    """Draw the editable price table and return it; edits are kept for the session, a Corpus page visit included."""
    if "prices" not in st.session_state:  # first drawn, or back from the Corpus page, where Streamlit drops the edits
        st.session_state["prices_base"] = st.session_state.get("prices_kept", price_table())
    with st.sidebar.expander("Prices (USD per 1M tokens)"):
        prices = st.data_editor(st.session_state["prices_base"], key="prices", num_rows="dynamic", hide_index=True)
    st.session_state["prices_kept"] = prices
    return prices


def history_panel(store: Store | None, place: DeltaGenerator) -> None:
    """List past analyses in place, each one click from being the current analysis again (its text in the box)."""
    if store is None:
        return
    saved = store.analyses.recent()
    with place.expander(f"History ({len(saved)})", expanded=False):
        if not saved:
            st.caption("Analyses you run are kept here.")
            return
        labels = {a.id: _history_label(a) for a in saved}
        st.selectbox("Past analyses", list(labels), format_func=labels.get, key="history_choice")
        st.button("Reopen this analysis", key="history_open", on_click=_reopen, args=(store,))
    if st.session_state.pop(GONE, False):
        place.error("That analysis is no longer in the store.")


def _reopen(store: Store) -> None:
    """Make the chosen analysis current (a callback: the article box may only change before it is drawn)."""
    chosen = st.session_state.get("history_choice")
    if not chosen or not open_saved(store, chosen):
        st.session_state[GONE] = True


def _history_label(entry: AnalysisEntry) -> str:
    when = datetime.fromtimestamp(entry.created).strftime("%d %b %H:%M")
    return f"{entry.title or 'Untitled'} · {when} · {entry.backend}"
