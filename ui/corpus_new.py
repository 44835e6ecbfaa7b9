"""A new corpus from uploaded files or a pasted URL list, run with progress into $EXPLORER_HOME/corpora/<name>."""

from __future__ import annotations

import re
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from explorer.backends import kind_named
from explorer.config import Settings
from explorer.corpus.progress import RunProgress

from .corpus_open import open_folder
from .endpoint import host_of
from .sidebar import settings_panel
from .text import plain

UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl", "csv"]
REPORT = "corpus_run_report"
RUNNING = "corpus_running"  # {"folder", "analysed"} while a run is going; still there on the next rerun if stopped


@st.cache_resource(show_spinner=False)
def folder_lock(folder: str) -> threading.Lock:
    """Return the lock one run into folder holds, for every session of this server.

    A click during a run starts the next script run at once, while the stopped one still finishes its current
    article and commits; the lock keeps two runs from writing one corpus and lets the page wait for the first.
    """
    return threading.Lock()


def _wait_for(lock: threading.Lock, note: str) -> None:
    """Acquire lock, saying why the page waits; a Stop or another click ends the wait (at the caption redraw)."""
    if lock.acquire(blocking=False):
        return
    shown = st.empty()
    while not lock.acquire(timeout=0.5):
        shown.caption(note)
    shown.empty()


class PageProgress(RunProgress):
    """The corpus run's counts, shown on a Streamlit progress bar instead of a terminal one."""

    def __init__(self, total: int | None, counts: dict[str, Any]) -> None:
        super().__init__(total, enabled=False)
        self.total, self.counts = total, counts
        self.bar = st.progress(0.0, text="Starting…")

    def update(self, words: int = 0, failed: bool = False) -> None:
        """Count one finished (or failed) article and redraw the bar (where a Stop ends the run)."""
        super().update(words=words, failed=failed)
        self.counts["analysed"] = self.articles  # before the redraw: a Stop raised there must find it counted
        done = self.articles + self.failed
        share = min(done / self.total, 1.0) if self.total else 0.0
        text = f"{self.articles} analysed, {self.failed} failed — {self.words_per_s:,.0f} words/s"
        self.bar.progress(share, text=text)


def safe_name(name: str) -> str:
    """Return name as a folder name: letters, digits, dots, dashes and underscores only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")
    return cleaned[:80] or datetime.now().strftime("corpus-%Y%m%d-%H%M%S")


def saved_inputs(folder: Path, uploads: list[Any]) -> list[str]:
    """Save the uploaded files under folder/inputs (kept, so a later run resumes) and return their paths."""
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    paths = []
    for upload in uploads:
        path = inputs / safe_name(upload.name)
        path.write_bytes(upload.getvalue())
        paths.append(str(path))
    return paths


def url_list(text: str) -> tuple[list[str], list[str]]:
    """Return the http(s) URLs of a pasted list (one per line, # comments) and the lines that are not URLs."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    urls = [line for line in lines if line.startswith(("http://", "https://"))]
    return urls, [line for line in lines if line not in urls]


def new_corpus_panel() -> None:
    """Draw the sidebar form for a new corpus and the model to run it with; run it, with progress, when asked."""
    with st.sidebar.expander("New corpus from files or URLs"):
        st.text_input("Name", key="corpus_new_name", persist_state="session", placeholder="e.g. harbour-coverage-2025")
        st.file_uploader(
            "Articles (.txt, .md, .html, .jsonl, .csv)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="corpus_new_files",
        )
        st.text_area("Or article URLs, one per line", key="corpus_new_urls", persist_state="session", height=120)
        st.markdown("**Analysed with**")
        st.caption("The settings of the Article explorer page: a change here changes them there too.")
        settings = settings_panel(st.container(), header="")
        st.caption(
            f"Runs with {plain(described(settings))} into {plain(settings.corpora)}; a name used before adds to "
            "that corpus and skips the articles it already holds."
        )
        run_column, estimate_column = st.columns(2)
        clicked = run_column.button("Run corpus", key="corpus_new_run", type="primary")
        estimate = estimate_column.button(
            "Estimate", key="corpus_new_estimate", help="What the run would call and cost; no model is called"
        )
    if estimate:
        _estimate(settings)
    if REPORT in st.session_state:
        message, failed = st.session_state.pop(REPORT)
        (st.warning if failed else st.success)(plain(message))
    if clicked:
        _run(settings)


def described(settings: Settings) -> str:
    """Return which analyser a run uses, in words: the model and the host it is sent to (never a password)."""
    if not kind_named(settings.backend).remote:
        return "the offline analyser (no key, no network)"
    return f"{settings.model} at {host_of(settings.base_url) if settings.base_url else 'api.openai.com'}"


def stopped_run_notice() -> None:
    """Say so when the last run on this page was stopped before it finished, and open what it kept."""
    stopped = st.session_state.pop(RUNNING, None)
    if stopped is None:
        return
    folder = Path(stopped["folder"])
    lock = folder_lock(str(folder))
    _wait_for(lock, "The stopped run is committing the article it was working on…")
    lock.release()
    st.info(
        plain(
            f"The run into {folder.name} was stopped. The {stopped['analysed']} article(s) it analysed are kept; "
            "run it again with the same name to continue: articles already in the corpus are skipped."
        )
    )
    if (folder / "manifest.json").is_file():
        open_folder(folder)


def _estimate(settings: Settings) -> None:
    """Say what running the uploads and URLs would analyse, call and cost (URLs are fetched to count them)."""
    from explorer.corpus.estimate import estimate_corpus

    uploads = st.session_state.get("corpus_new_files") or []
    urls, _ = url_list(str(st.session_state.get("corpus_new_urls") or ""))
    if not uploads and not urls:
        st.sidebar.error("Upload at least one file or paste at least one URL.")
        return
    folder = settings.corpora / safe_name(str(st.session_state.get("corpus_new_name") or ""))
    with st.spinner("Reading the sources…"), tempfile.TemporaryDirectory() as scratch:
        try:
            sources = saved_inputs(Path(scratch), uploads) + urls
            figures = estimate_corpus(sources, settings, folder if folder.is_dir() else None)
        except Exception as exc:  # an estimate never stops the page: say why it could not be made
            st.sidebar.error(plain(f"No estimate ({type(exc).__name__}: {exc})."))
            return
    st.sidebar.info(plain("  \n".join(figures.lines())))


def _run(settings: Settings) -> None:
    """Run the corpus engine over the uploads and URLs with a progress bar, then open the result."""
    from explorer.corpus import run_corpus

    uploads = st.session_state.get("corpus_new_files") or []
    urls, rejected = url_list(str(st.session_state.get("corpus_new_urls") or ""))
    if not uploads and not urls:
        st.error("Upload at least one file or paste at least one URL.")
        return
    folder = settings.corpora / safe_name(str(st.session_state.get("corpus_new_name") or ""))
    counts = {"folder": str(folder), "analysed": 0}
    st.session_state[RUNNING] = counts  # left behind only when the run is stopped
    lock = folder_lock(str(folder))
    with st.status(f"Running {len(uploads) + len(urls)} source(s) into {folder.name}…", expanded=True) as status:
        st.caption(
            "The page waits for the run. Stop it with this button, any other click or by closing the tab: the "
            "articles finished by then are kept, and running the same name again continues where it stopped."
        )
        st.button("Stop", key="corpus_stop")
        _wait_for(lock, f"Waiting for another run into {folder.name} to finish…")
        try:
            sources = saved_inputs(folder, uploads) + urls  # after the wait: a stopped run may still read them
            report = run_corpus(sources, folder, settings, progress=lambda total: PageProgress(total, counts))
        except Exception as exc:  # the run keeps finished articles; say why it stopped, never a traceback
            st.session_state.pop(RUNNING, None)
            status.update(label="The run stopped", state="error")
            st.error(plain(f"The corpus run stopped ({type(exc).__name__}: {exc}); finished articles are kept."))
            return
        finally:
            lock.release()
        st.session_state.pop(RUNNING, None)
        held = report.manifest.get("counts", {}).get("articles", report.analysed)  # known URLs are skipped unread
        label = f"Done: {report.analysed} analysed, {report.failed} failed; {folder.name} holds {held} articles"
        if rejected:
            label += f"; left out {len(rejected)} line(s) that are not URLs: " + ", ".join(rejected[:5])
        status.update(label=label, state="error" if report.failed and not report.analysed else "complete")
    if open_folder(folder) is not None:
        st.session_state[REPORT] = (label, bool(report.failed or rejected))
        st.rerun()
