"""The Export tab: every table as CSV, everything as JSON, an Excel workbook, a Markdown report."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from explorer.analysis import Analysis
from explorer.export import analysis_json, excel_workbook, markdown_report, table_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_tab(view: Analysis, frames: dict[str, pd.DataFrame]) -> None:
    """Offer every download of the (edited) analysis."""
    stem = _file_stem(view.title)
    files = _files(view, frames)
    st.caption("Downloads include your edits to the actor table.")
    for column, name in zip(st.columns(3), ("actors", "claims", "stances")):
        column.download_button(
            f"{name.capitalize()} (CSV)",
            files[name],
            f"{stem}-{name}.csv",
            "text/csv",
            key=f"download_{name}",
            on_click="ignore",
        )
    json_column, xlsx_column, md_column = st.columns(3)
    json_column.download_button(
        "Everything (JSON)", files["json"], f"{stem}.json", "application/json", key="download_json", on_click="ignore"
    )
    xlsx_column.download_button(
        "Workbook (Excel)", files["xlsx"], f"{stem}.xlsx", XLSX, key="download_xlsx", on_click="ignore"
    )
    md_column.download_button(
        "Report (Markdown)", files["md"], f"{stem}.md", "text/markdown", key="download_md", on_click="ignore"
    )


def _files(view: Analysis, frames: dict[str, pd.DataFrame]) -> dict[str, bytes | str]:
    """Return every download's bytes, built once per version of the (edited) analysis."""
    signature = st.session_state.get("view_cache", (None,))[0]
    cached = st.session_state.get("export_cache")
    if cached and signature is not None and cached[0] == signature:
        return cached[1]
    files: dict[str, bytes | str] = {name: table_csv(frames[name]) for name in ("actors", "claims", "stances")}
    files |= {"json": analysis_json(view), "xlsx": excel_workbook(view), "md": markdown_report(view)}
    st.session_state["export_cache"] = (signature, files)
    return files


def _file_stem(title: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title or "").strip("-").lower()[:60]
    return stem or "article"
