"""The article box when something else fills it: text that was never analysed is set aside, one click from coming back.

A reopened analysis, the sample, an upload or an article opened from a corpus replaces what the box holds. Text
that an analysis was made of is safe in History; anything else is the user's unsaved work, so it is kept here (in
session memory, newest last) and offered back under the box.
"""

from __future__ import annotations

import streamlit as st

from explorer.ingest import headline

from .text import plain

DRAFTS = "article_drafts"  # [(text, title)], newest last
ANALYSED = "analysed_input"  # the box's text when the current analysis was made of it
FILLED = "input_filled"  # (text, title) the app last put in the box


def put_in_input(text: str, title: str) -> None:
    """Show text and title in the article box; what the box held is set aside when it was never analysed.

    Call it from a widget callback or from another page: Streamlit refuses a change to a widget already drawn.
    """
    held = str(st.session_state.get("article") or "")
    if held.strip() != text.strip() and _never_analysed(held):
        st.session_state.setdefault(DRAFTS, []).append((held, str(st.session_state.get("title") or "")))
    st.session_state["article"], st.session_state["title"] = text, title
    st.session_state[FILLED] = (text, title)


def forget_filled_title() -> None:
    """Clear a title the app filled in once the box holds another article (a text-box callback).

    Pasting a new article over the sample must not name it after the sample; a title the user typed stays.
    """
    text, title = st.session_state.get(FILLED) or ("", "")
    opening = text.strip()[:80]
    if title and st.session_state.get("title") == title and opening not in str(st.session_state.get("article") or ""):
        st.session_state["title"] = ""


def remember_analysed(text: str) -> None:
    """Note that the box's text has just been analysed (it is then in History, not a draft)."""
    st.session_state[ANALYSED] = text


def _never_analysed(text: str) -> bool:
    """Return True for text worth keeping: not empty, not what the current analysis was made of, not kept yet."""
    if not text.strip():
        return False
    analysis = st.session_state.get("analysis")
    known = {str(st.session_state.get(ANALYSED) or "").strip(), analysis.text.strip() if analysis else ""}
    known |= {kept.strip() for kept, _ in st.session_state.get(DRAFTS, [])}
    return text.strip() not in known


def _restore() -> None:
    """Put the newest draft back in the box (the box's own unanalysed text is set aside in its place)."""
    text, title = st.session_state[DRAFTS].pop()
    put_in_input(text, title)


def _discard() -> None:
    st.session_state[DRAFTS].pop()


def drafts_notice() -> None:
    """Offer the newest set-aside draft back, or let it go."""
    drafts: list[tuple[str, str]] = st.session_state.get(DRAFTS) or []
    if not drafts:
        return
    text, title = drafts[-1]
    name = (title.strip() or headline(text) or _opening(text)).strip("“”‘’\"' ")  # quoted once, by the note
    more = f" ({len(drafts) - 1} earlier draft{'s' * (len(drafts) > 2)} after it)" if len(drafts) > 1 else ""
    st.info(
        plain(
            f"The text you had in the box, “{name}” ({len(text.split()):,} words, never analysed), was set aside "
            f"when another article was opened{more}."
        )
    )
    back, drop, _ = st.columns([1, 1, 3])
    back.button("Back to your draft", key="draft_restore", on_click=_restore, width="stretch")
    drop.button("Discard the draft", key="draft_discard", on_click=_discard, width="stretch")


def _opening(text: str, words: int = 8) -> str:
    """Return the first few words of text, with an ellipsis when there are more."""
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")
