"""A new corpus from uploaded files or a pasted URL list, run with progress into $EXPLORER_HOME/corpora/<name>."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from explorer.backends import kind_named
from explorer.config import Settings
from explorer.corpus.progress import RunProgress

from .corpus_open import open_folder
from .text import plain

UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl", "csv"]
REPORT = "corpus_run_report"


class PageProgress(RunProgress):
    """The corpus run's counts, shown on a Streamlit progress bar instead of a terminal one."""

    def __init__(self, total: int | None) -> None:
        super().__init__(total, enabled=False)
        self.total = total
        self.bar = st.progress(0.0, text="Starting…")

    def update(self, words: int = 0, failed: bool = False) -> None:
        """Count one finished (or failed) article and redraw the bar."""
        super().update(words=words, failed=failed)
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


def new_corpus_panel(settings: Settings) -> None:
    """Draw the sidebar form for a new corpus; run it (with progress on the page) when asked."""
    with st.sidebar.expander("New corpus from files or URLs"):
        st.text_input("Name", key="corpus_new_name", persist_state="session", placeholder="e.g. harbour-coverage-2025")
        st.file_uploader(
            "Articles (.txt, .md, .html, .jsonl, .csv)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="corpus_new_files",
        )
        st.text_area("Or article URLs, one per line", key="corpus_new_urls", persist_state="session", height=120)
        kind = kind_named(settings.backend)
        how = "" if kind.remote else " (set `OPENAI_API_KEY` or `OPENAI_BASE_URL` before starting the app for an LLM)"
        st.caption(
            f"Runs with the {kind.label}{how} into {plain(settings.corpora)}; a name used before adds to "
            "that corpus and skips the articles it already holds."
        )
        clicked = st.button("Run corpus", key="corpus_new_run", type="primary")
    if REPORT in st.session_state:
        message, failed = st.session_state.pop(REPORT)
        (st.warning if failed else st.success)(plain(message))
    if clicked:
        _run(settings)


def _run(settings: Settings) -> None:
    """Run the corpus engine over the uploads and URLs with a progress bar, then open the result."""
    from explorer.corpus import run_corpus

    uploads = st.session_state.get("corpus_new_files") or []
    urls, rejected = url_list(str(st.session_state.get("corpus_new_urls") or ""))
    if not uploads and not urls:
        st.error("Upload at least one file or paste at least one URL.")
        return
    folder = settings.corpora / safe_name(str(st.session_state.get("corpus_new_name") or ""))
    sources = saved_inputs(folder, uploads) + urls
    with st.status(f"Running {len(sources)} source(s) into {folder.name}…", expanded=True) as status:
        try:
            report = run_corpus(sources, folder, settings, progress=PageProgress)
        except Exception as exc:  # the run keeps finished articles; say why it stopped, never a traceback
            status.update(label="The run stopped", state="error")
            st.error(plain(f"The corpus run stopped ({type(exc).__name__}: {exc}); finished articles are kept."))
            return
        label = f"Done: {report.analysed} analysed, {report.failed} failed, {report.skipped} already in the corpus"
        if rejected:
            label += f"; left out {len(rejected)} line(s) that are not URLs: " + ", ".join(rejected[:5])
        status.update(label=label, state="error" if report.failed and not report.analysed else "complete")
    if open_folder(folder) is not None:
        st.session_state[REPORT] = (f"{folder.name} — {label}", bool(report.failed or rejected))
        st.rerun()
