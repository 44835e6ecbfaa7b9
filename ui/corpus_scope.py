"""The sidebar's scope filters (outlets, dates) that every table, chart and download of the corpus page follows."""

from __future__ import annotations

from datetime import date

import streamlit as st

from explorer.corpus import insights
from explorer.corpus.insights import Scope

from .corpus_open import OpenCorpus


def scope_panel(corpus: OpenCorpus) -> Scope:
    """Draw the outlet and date filters and return the Scope they describe."""
    offered = corpus.answer(insights.choices)
    st.sidebar.header("Filter")
    kept = {"persist_state": "session"}  # still there after a look at an article in the explorer
    outlets = st.sidebar.multiselect(
        "Outlets", offered["outlets"], key="corpus_outlets", placeholder="All outlets", **kept
    )
    first, last = offered["first_day"], offered["last_day"]
    start = st.sidebar.date_input("From", value=None, min_value=first, max_value=last, key="corpus_from", **kept)
    end = st.sidebar.date_input("To", value=None, min_value=first, max_value=last, key="corpus_to", **kept)
    scope = Scope(tuple(outlets), _day(start), _day(end))
    if scope.start and scope.end and scope.start > scope.end:
        st.sidebar.warning("“From” is after “To”: nothing is in view.")
    if scope.start or scope.end:
        st.sidebar.caption("Articles without a date are left out while a date is set.")
    return scope


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None
