"""The current analysis in session state, its user edits, and saving both to the store."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from explorer.analysis import Analysis
from explorer.edits import ActorEdit, apply_actor_edits
from explorer.findings import Actor
from explorer.storage import SavedAnalysis, Store, StoreError

from .drafts import put_in_input
from .text import plain

T = TypeVar("T")


def stored(action: Callable[..., T], *args: Any, default: T) -> T:
    """Return action(*args), or default after showing why the store could not do it."""
    try:
        return action(*args)
    except StoreError as exc:
        st.warning(plain(f"{exc} Your work stays open in this session."))
        return default


def set_analysis(analysis: Analysis, store: Store | None) -> None:
    """Make analysis the current one and save it, over an earlier analysis of the same text by the same backend.

    That earlier entry's actor edits carry over: analysing again must not undo the user's corrections.
    """
    earlier = _earlier(analysis, store)
    before = stored(store.analyses.load, earlier, default=None) if store is not None and earlier else None
    edits = before.edits if before is not None else []
    _make_current(SavedAnalysis(analysis=analysis, edits=edits), earlier or uuid.uuid4().hex)
    save(store)


def _earlier(analysis: Analysis, store: Store | None) -> str | None:
    """Return the id of the saved analysis of the same text by the same backend and model, if any."""
    if store is None:
        return None
    return stored(store.analyses.find, analysis.text_hash, analysis.backend, analysis.model, default=None)


def open_saved(store: Store, analysis_id: str) -> bool:
    """Reopen a saved analysis, its text in the article box, without recomputing it; return False if it is gone."""
    saved = stored(store.analyses.load, analysis_id, default=None)
    if saved is None:
        return False
    put_in_input(saved.analysis.text, saved.analysis.title or "")  # first: it asks whether the box's text is analysed
    _make_current(saved, analysis_id)
    return True


def _make_current(saved: SavedAnalysis, analysis_id: str) -> None:
    st.session_state["analysis"] = saved.analysis
    st.session_state["analysis_id"] = analysis_id
    st.session_state["actor_edits"] = saved.edits
    st.session_state["actor_base"] = actor_base_table(saved.analysis, saved.edits)
    st.session_state.pop("actor_editor", None)
    st.session_state.pop("view_cache", None)


def save(store: Store | None) -> None:
    """Save the current analysis and its edits; warn (once) if the store cannot take them."""
    analysis: Analysis | None = st.session_state.get("analysis")
    if analysis is None or store is None:
        return
    saved = SavedAnalysis(analysis=analysis, edits=st.session_state.get("actor_edits", []))
    try:
        store.analyses.save(st.session_state["analysis_id"], saved)
    except Exception as exc:  # a full or read-only disk: keep working in memory
        st.warning(plain(f"Could not save this analysis ({exc}); it stays open in this session."))


def update_edits(edits: list[ActorEdit], store: Store | None) -> None:
    """Store the rows the user changed when they differ from the edits kept so far."""
    extracted = {a.name: a for a in st.session_state["analysis"].actors}
    edits = [e for e in edits if not _as_extracted(e, extracted.get(e.original))]  # the table lists every actor
    if [e.model_dump() for e in edits] == [e.model_dump() for e in st.session_state.get("actor_edits", [])]:
        return
    st.session_state["actor_edits"] = edits
    save(store)


def _as_extracted(edit: ActorEdit, actor: Actor | None) -> bool:
    """Return True when the row leaves the actor as the analyser found it (looking at the table is no edit)."""
    if actor is None or edit.merge_into or edit.delete:
        return False
    return (edit.name, edit.type, edit.title or None) == (actor.name, actor.type, actor.title or None)


def current_view() -> tuple[Analysis, dict[str, pd.DataFrame]] | None:
    """Return the analysis with the user's edits applied and its tables, computed once per change."""
    analysis: Analysis | None = st.session_state.get("analysis")
    if analysis is None:
        return None
    edits = st.session_state.get("actor_edits", [])
    signature = (st.session_state["analysis_id"], json.dumps([e.model_dump() for e in edits], sort_keys=True))
    cached = st.session_state.get("view_cache")
    if cached and cached[0] == signature:
        return cached[1], cached[2]
    view = apply_actor_edits(analysis, edits) if edits else analysis
    frames = view.frames()
    st.session_state["view_cache"] = (signature, view, frames)
    return view, frames


def actor_base_table(analysis: Analysis, edits: list[ActorEdit]) -> pd.DataFrame:
    """Return the editable actor table: one row per extracted actor, saved edits filled in."""
    by_original = {e.original: e for e in edits}
    frame = analysis.actors_frame()
    rows: list[dict[str, Any]] = []
    for row in frame.itertuples():
        edit = by_original.get(row.name)
        rows.append(
            {
                "original": row.name,
                "name": edit.name if edit else row.name,
                "type": edit.type if edit else row.type,
                "title": (edit.title if edit else _text(row.title)) or "",
                "merge_into": (edit.merge_into if edit else None) or "",
                "delete": bool(edit.delete) if edit else False,
                "mentions": row.mentions,
                "claims": row.claims,
            }
        )
    columns = ["original", "name", "type", "title", "merge_into", "delete", "mentions", "claims"]
    return pd.DataFrame(rows, columns=columns)


def _text(value: object) -> str:
    """Return value as text, with a missing cell (None or NaN, as pandas 3 gives) as ""."""
    return value if isinstance(value, str) else ""
