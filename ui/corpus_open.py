"""Opening a corpus: $EXPLORER_CORPUS at once, a typed folder, or one of the corpora under $EXPLORER_HOME."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from explorer.config import Settings
from explorer.corpus import insights, open_corpus

from .corpus_charts import Drawing
from .text import plain

T = TypeVar("T")
OPENED = "corpus_opened"
PROBLEM = "corpus_problem"
MEMO_LIMIT = 256


@dataclass
class OpenCorpus:
    """An open corpus: its folder, a stamp that changes when a run adds to it, its connection and memo."""

    folder: Path
    stamp: tuple[int, int]
    con: duckdb.DuckDBPyConnection
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def answer(self, question: Callable[..., T], *args: Any) -> T:
        """Return question(con, *args), computed once per corpus version and arguments."""
        return self.remember((question.__qualname__, *args), lambda: question(self.con, *args))

    def remember(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """Return make(), called once per corpus version and key (reruns only redraw)."""
        if key not in self.memo:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = make()
        return self.memo[key]


def show_chart(corpus: OpenCorpus, memo: tuple[Any, ...], draw: Callable[[], Drawing], **options: Any) -> Any:
    """Draw a chart, its data prepared once per corpus version and memo key; return its selection state."""
    drawing = corpus.remember(("chart", *memo), draw)
    return st.vega_lite_chart(drawing.spec(), width="stretch", **options)


def _stamp(folder: Path) -> tuple[int, int]:
    """Return the manifest's change time and size: a new run rewrites the manifest."""
    manifest = (folder / "manifest.json").stat()
    return manifest.st_mtime_ns, manifest.st_size


def open_folder(folder: Path) -> OpenCorpus | None:
    """Open folder as the current corpus, or keep why it cannot be opened (shown by the panel) and return None."""
    if not (folder / "manifest.json").is_file():
        st.session_state[PROBLEM] = f"{folder} is not a corpus folder: `explorer corpus run` writes a manifest.json."
        return None
    try:
        corpus = OpenCorpus(folder, _stamp(folder), insights.load(open_corpus(folder)))
    except (OSError, duckdb.Error) as exc:
        st.session_state[PROBLEM] = f"Could not open the corpus: {exc}"
        return None
    st.session_state[OPENED] = corpus
    st.session_state.pop(PROBLEM, None)
    return corpus


def _open_typed() -> None:
    """Open the typed folder (a button callback, so it runs before the widgets are drawn)."""
    typed = str(st.session_state.get("corpus_path") or "").strip()
    if not typed:
        st.session_state[PROBLEM] = "Type the folder `explorer corpus run` wrote."
        return
    open_folder(Path(typed).expanduser())


def _current() -> OpenCorpus | None:
    """Return the corpus open in this session, reopened when a run has changed it since."""
    corpus: OpenCorpus | None = st.session_state.get(OPENED)
    if corpus is None:
        return None
    try:
        if _stamp(corpus.folder) == corpus.stamp:
            return corpus
    except OSError:
        st.session_state.pop(OPENED, None)
        st.warning(plain(f"The corpus folder {corpus.folder} is gone."))
        return None
    return open_folder(corpus.folder)


def corpus_panel(settings: Settings) -> OpenCorpus | None:
    """Draw the sidebar's corpus picker and return the open corpus, opening $EXPLORER_CORPUS on first view."""
    if OPENED not in st.session_state and settings.corpus is not None and not st.session_state.get("corpus_tried"):
        st.session_state["corpus_tried"] = True  # a broken $EXPLORER_CORPUS is reported once, not on every rerun
        st.session_state["corpus_path"] = str(settings.corpus)
        open_folder(settings.corpus)
    st.sidebar.header("Corpus")
    known = _known_corpora(settings.corpora)
    if known:
        st.sidebar.selectbox(
            "Corpora in the app's folder",
            [None, *known],
            key="corpus_known",
            format_func=lambda p: "Pick one…" if p is None else Path(p).name,
            on_change=_take_known,
        )
    st.sidebar.text_input("Corpus folder", key="corpus_path", persist_state="session", placeholder="/path/to/corpus")
    st.sidebar.button("Open corpus", key="corpus_open", on_click=_open_typed)
    if st.session_state.get(PROBLEM):
        st.error(plain(st.session_state[PROBLEM]))
    corpus = _current()
    if corpus is not None:  # the picker and the folder field may show another one, or nothing
        st.sidebar.caption(f"Open: **{plain(corpus.folder.name)}**")
    return corpus


def _take_known() -> None:
    picked = st.session_state.get("corpus_known")
    if picked:
        st.session_state["corpus_path"] = picked


def _known_corpora(folder: Path) -> list[str]:
    """Return the corpus folders under folder, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if (p / "manifest.json").is_file()]
    return [str(p) for p in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)]
