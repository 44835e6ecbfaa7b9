"""Downloads carry every table, in formats spreadsheet programs and readers open cleanly."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from explorer.analysis import Analysis
from explorer.export import analysis_json, excel_workbook, markdown_report, table_csv
from explorer.findings import Actor, Claim, Stance

TEXT = "Mara Lind said the quay is unsafe. Tom Berg criticised Lind."


@pytest.fixture
def analysis() -> Analysis:
    return Analysis(
        title="Quay | dispute",
        text=TEXT,
        backend="offline",
        actors=[Actor(name="Mara Lind", type="person", mentions=[(0, 9)]), Actor(name="Tom Berg", type="person")],
        claims=[
            Claim(speaker="Mara Lind", text="the quay is unsafe", span=(15, 33), cue="said"),
            Claim(speaker=None, text='=HYPERLINK("http://x")', grounded=False),
        ],
        stances=[Stance(source="Tom Berg", target="Mara Lind", stance="against", evidence="criticised", span=(43, 53))],
    )


def test_csv_round_trips_with_accents(analysis: Analysis) -> None:
    frame = pd.read_csv(io.BytesIO(table_csv(pd.DataFrame({"name": ["Jørgen Ødegård"]}))), encoding="utf-8-sig")
    assert frame["name"].tolist() == ["Jørgen Ødegård"]
    claims = pd.read_csv(io.BytesIO(table_csv(analysis.claims_frame())), encoding="utf-8-sig")
    assert claims["text"].tolist()[0] == "the quay is unsafe"


def test_json_follows_the_cli_schema_with_title_and_text(analysis: Analysis) -> None:
    data = json.loads(analysis_json(analysis))
    assert {"title", "text", "actors", "claims", "stances", "sections", "usage"} <= set(data)
    assert data["claims"][0]["speaker"] == "Mara Lind" and data["claims"][0]["span"] == [15, 33]
    assert set(data["stances"][0]) >= {"source", "target", "stance", "evidence", "span", "confidence"}


def test_workbook_has_one_sheet_per_table_and_no_live_formulas(analysis: Analysis) -> None:
    book = load_workbook(io.BytesIO(excel_workbook(analysis)))
    assert book.sheetnames == ["actors", "claims", "stances", "sections"]
    texts = [row[3].value for row in book["claims"].iter_rows(min_row=2)]
    assert texts[0] == "the quay is unsafe"
    assert texts[1].startswith("'=")  # shown as text, never evaluated


def test_markdown_report_lists_actors_claims_and_stances(analysis: Analysis) -> None:
    report = markdown_report(analysis)
    assert report.startswith("# Quay \\| dispute")
    assert "| Mara Lind | person |  | 1 | 1 |" in report
    assert "**Mara Lind** (said): the quay is unsafe" in report
    assert "*(not found in the text)*" in report
    assert "Tom Berg → Mara Lind: **against**" in report


def test_exports_stay_strict_and_whole_with_nan_confidences_and_blank_names(analysis: Analysis) -> None:
    odd = analysis.model_copy(
        update={
            "actors": [*analysis.actors, Actor(name="")],
            "stances": [Stance(source="Tom Berg", target="Mara Lind", evidence="x", confidence=float("nan"))],
        }
    )
    record = json.loads(analysis_json(odd), parse_constant=lambda name: pytest.fail(f"{name} is not strict JSON"))
    assert [s["confidence"] for s in record["stances"]] == [0.5]
    assert "| Tom Berg |" in markdown_report(odd)
    assert load_workbook(io.BytesIO(excel_workbook(odd))).sheetnames == ["actors", "claims", "stances", "sections"]
