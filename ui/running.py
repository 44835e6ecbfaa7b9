"""Running an analysis with live progress: one line per section, partial results as they arrive."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from explorer.analysis import Analysis
from explorer.backends import make_backend
from explorer.config import Settings
from explorer.errors import ExplorerError
from explorer.ingest import InputError, article_from_text
from explorer.pipeline import Progress, analyse_article
from explorer.planning import article_sections
from explorer.storage import Store

from .drafts import remember_analysed
from .session import set_analysis
from .text import plain

RUNNING = "analysis_running"
ICONS = {"queued": "·", "running": "▶", "cached": "↺", "done": "✓", "failed": "✗"}


def run_analysis(text: str, title: str, settings: Settings, store: Store | None) -> Analysis | None:
    """Analyse the text with live progress; return the analysis, or None after showing why not."""
    try:
        article = article_from_text(text, title)
    except InputError as exc:
        st.error(plain(exc))
        return None
    backend = make_backend(settings)
    total = len(article_sections(article.text, settings.section_tokens, settings.model, store))
    st.session_state[RUNNING] = True  # still set on the next run only if this one was stopped
    with st.status(f"Analysing {total} section{'s' * (total != 1)}…", expanded=True) as status:
        st.button("Cancel", key="cancel_run", help="Stop after the sections now running; finished ones are kept.")
        try:
            analysis = analyse_article(
                article.text,
                article.title,
                settings,
                store=store,
                backend=backend,
                progress=_live_progress(total, backend.at_once),
            )
        except ExplorerError as exc:
            return _failed(status, str(exc))
        except Exception as exc:  # a bug must not show the user a traceback; a Stop passes through
            return _failed(status, f"The analysis failed unexpectedly ({type(exc).__name__}: {exc}).")
        st.session_state.pop(RUNNING, None)
        failed = len(analysis.failed_sections)
        label = f"Done: {len(analysis.claims)} claims, {len(analysis.stances)} stances" + (
            f" — {failed} section(s) failed" if failed else ""
        )
        status.update(label=label, state="error" if failed else "complete", expanded=bool(failed))
    set_analysis(analysis, store)
    remember_analysed(text)
    return analysis


def _failed(status, message: str) -> None:
    st.session_state.pop(RUNNING, None)
    status.update(label="Analysis failed", state="error")
    st.error(plain(message))


def _live_progress(total: int, at_once: int) -> Callable[[Progress], None]:
    """Draw one line per section plus the claims found so far; return the callback that updates them."""
    bar = st.progress(0.0, text="Starting…")
    lines = {i: st.empty() for i in range(total)}
    for i, line in lines.items():
        line.text(f"{ICONS['queued']} Section {i + 1}: queued")
    partial = st.empty()
    found: dict[str, list] = {"claims": [], "stances": []}
    done: set[int] = set()
    _mark_running(lines, done, at_once)

    def report(progress: Progress) -> None:
        bar.progress(
            progress.done / max(progress.total, 1),
            text=f"{progress.done}/{progress.total} sections · {progress.tokens:,} tokens",
        )
        detail = f" — {progress.error}" if progress.error else ""
        lines[progress.section].text(  # plain text: errors quote the endpoint, never render them
            f"{ICONS.get(progress.status, '')} Section {progress.section + 1}: {progress.status}{detail}"
        )
        done.add(progress.section)
        _mark_running(lines, done, at_once)
        if progress.findings is not None:
            found["claims"] += progress.findings.claims
            found["stances"] += progress.findings.stances
            _show_partial(partial, found)

    return report


def _mark_running(lines: dict, done: set[int], at_once: int) -> None:
    """Mark the next sections the pool is working on (it takes them in order) as running."""
    for index in [i for i in lines if i not in done][:at_once]:
        lines[index].text(f"{ICONS['running']} Section {index + 1}: running")


def _show_partial(place, found: dict[str, list]) -> None:
    """Show the claims found so far, newest last, while the other sections run."""
    claims = sorted(found["claims"], key=lambda c: c.span[0] if c.span else 0)
    with place.container():
        st.caption(f"So far: {len(found['claims'])} claims, {len(found['stances'])} stances")
        rows = [{"speaker": c.speaker or "(unattributed)", "quote": c.quote, "claim": c.text} for c in claims]
        st.dataframe(pd.DataFrame(rows, columns=["speaker", "quote", "claim"]), hide_index=True, height=180)


def interrupted_notice() -> None:
    """Say so when the previous run was cancelled (or interrupted) before it finished."""
    if st.session_state.pop(RUNNING, None):
        st.info(
            "The analysis was stopped. Sections that had finished are cached: press Analyse to continue "
            "where it stopped."
        )


def failure_panel(analysis: Analysis, settings: Settings, store: Store | None) -> None:
    """List failed sections with their reasons and offer to retry only those."""
    failed = analysis.failed_sections
    if not failed:
        return
    st.error(f"{len(failed)} section(s) could not be analysed:")
    st.text("\n".join(s.error or f"Section {s.index + 1}: failed" for s in failed))
    if st.button("Retry failed sections", key="retry_failed"):
        run_analysis(analysis.text, analysis.title or "", settings, store)
        st.rerun()
