"""The Export tab: every table as CSV, everything as JSON, an Excel workbook, a Markdown report."""

from __future__ import annotations

import re

import streamlit as st

from explorer.analysis import Analysis
from explorer.export import analysis_json, excel_workbook, markdown_report, table_csv


def export_tab(view: Analysis) -> None:
    """Offer every download of the (edited) analysis."""
    stem = _file_stem(view.title)
    frames = view.frames()
    st.caption("Downloads include your edits to the actor table.")
    columns = st.columns(3)
    for column, name in zip(columns, ("actors", "claims", "stances")):
        column.download_button(
            f"{name.capitalize()} (CSV)",
            table_csv(frames[name]),
            f"{stem}-{name}.csv",
            "text/csv",
            key=f"download_{name}",
            on_click="ignore",
        )
    columns = st.columns(3)
    columns[0].download_button(
        "Everything (JSON)",
        analysis_json(view),
        f"{stem}.json",
        "application/json",
        key="download_json",
        on_click="ignore",
    )
    columns[1].download_button(
        "Workbook (Excel)",
        excel_workbook(view),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_xlsx",
        on_click="ignore",
    )
    columns[2].download_button(
        "Report (Markdown)", markdown_report(view), f"{stem}.md", "text/markdown", key="download_md", on_click="ignore"
    )


def _file_stem(title: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title or "").strip("-").lower()[:60]
    return stem or "article"
