"""Summary checks kept across reruns: the Summary and Compare tabs show the same versions again and again."""

from __future__ import annotations

import streamlit as st

from explorer.analysis import Analysis
from explorer.checking import CheckResult, Review, article_key, check_summary
from explorer.compare import SummaryMetrics, summary_metrics

CHECKS = "summary_checks"
KEPT = 64  # summary versions whose check stays in the session


def checked(analysis: Analysis, text: str, review: Review | None = None, reviewer: str = "") -> CheckResult:
    """Return the check of a summary against the (edited) analysis, computed once per session and reviewer."""
    kept: dict[tuple[tuple[str, str], str, str], CheckResult] = st.session_state.setdefault(CHECKS, {})
    key = (article_key(analysis), text, reviewer)
    if key not in kept:
        kept[key] = check_summary(analysis, text, review)
        while len(kept) > KEPT:
            kept.pop(next(iter(kept)))
    return kept[key].model_copy(deep=True)


def measured(analysis: Analysis, text: str) -> tuple[SummaryMetrics, CheckResult]:
    """Return a summary's metrics and check, both from the one kept check."""
    result = checked(analysis, text)
    return summary_metrics(analysis, text, result.coverage), result
