"""Downloads: every table as CSV, everything as JSON, an Excel workbook and a Markdown report."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd

from .analysis import Analysis

_CELL_LIMIT = 32_000  # Excel refuses longer cells


def table_csv(frame: pd.DataFrame) -> bytes:
    """Return one table as UTF-8 CSV (with BOM, so spreadsheet programs read accents right)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def analysis_json(analysis: Analysis) -> bytes:
    """Return the whole analysis in the CLI's JSON schema, with title and text."""
    record = {"title": analysis.title, "text": analysis.text, **analysis.to_record()}
    return json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")  # strict JSON


def excel_workbook(analysis: Analysis) -> bytes:
    """Return an .xlsx workbook with one sheet per table."""
    return excel_sheets(analysis.frames())


def excel_sheets(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """Return an .xlsx workbook with one sheet per named table."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _excel_safe(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def markdown_report(analysis: Analysis) -> str:
    """Return a readable report: headline figures, actors, claims by speaker, stances."""
    title = analysis.title or "Untitled article"
    when = datetime.fromtimestamp(analysis.created, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {_md(title)}",
        "",
        f"Analysed {when} with the {analysis.backend} backend"
        + (f" ({analysis.model})" if analysis.model else "")
        + ".",
        "",
    ]
    lines += [
        f"- Actors: {len(analysis.actors)}",
        f"- Claims: {len(analysis.claims)}",
        f"- Stances: {len(analysis.stances)}",
        f"- Sections: {len(analysis.sections)}",
        "",
    ]
    lines += ["## Actors", "", "| Actor | Type | Title | Mentions | Claims |", "| --- | --- | --- | --- | --- |"]
    for row in analysis.actors_frame().itertuples():
        name, title = _md(str(row.name)), _md(str(row.title or ""))
        lines.append(f"| {name} | {row.type} | {title} | {row.mentions} | {row.claims} |")
    lines += ["", "## Claims", ""]
    for claim in analysis.claims:
        marker = "" if claim.grounded else " *(not found in the text)*"
        words = f"“{claim.text}”" if claim.quote == "direct" else claim.text
        lines.append(f"- **{_md(claim.speaker or 'Unattributed')}** ({claim.cue or claim.quote}): {_md(words)}{marker}")
    lines += ["", "## Stances", ""]
    for stance in analysis.stances:
        lines.append(f"- {_md(stance.source)} → {_md(stance.target)}: **{stance.stance}** — “{_md(stance.evidence)}”")
    return "\n".join(lines) + "\n"


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return frame with long cells cut and formula-like text quoted (no spreadsheet injection)."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            value = value[:_CELL_LIMIT]
            return "'" + value if value[:1] in ("=", "+", "-", "@") else value
        return value

    return frame.apply(lambda column: column.map(clean) if _is_text(column) else column)


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def _md(text: str | None) -> str:
    """Return text safe inside a Markdown table or list item (nothing for a missing name)."""
    return (text or "").replace("|", "\\|").replace("\n", " ")
