"""The CLI's text tables read exactly like pandas' `to_string`, though the CLI no longer imports pandas for them."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import analyse_article, load_settings
from explorer.sample import load_sample
from explorer.texttable import text_table
from tests.articles import long_article

WIDTH = 70
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=90)
KINDS = {
    "text": TEXT,
    "text or none": st.one_of(st.none(), TEXT),
    "count": st.integers(0, 10**7),
    "position or none": st.one_of(st.none(), st.integers(0, 999_999)),
    "score": st.floats(0.0, 1.0),
    "rounded score": st.sampled_from([0.0, 0.25, 0.5, 0.75, 0.8, 0.9, 1.0]),
    "flag": st.booleans(),
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[dict]]:
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=5))
    columns = [f"{kind.split()[0]}{i}" for i, kind in enumerate(kinds)]
    rows = draw(st.lists(st.fixed_dictionaries({c: KINDS[k] for c, k in zip(columns, kinds)}), max_size=6))
    return columns, rows


def pandas_table(columns: list[str], rows: list[dict]) -> str:
    return pd.DataFrame(rows, columns=columns).to_string(index=False, max_colwidth=WIDTH)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_any_table_it_lays_out_reads_as_pandas_lays_it_out(table):
    columns, rows = table
    ours = text_table(columns, rows, WIDTH)
    assert ours is None or ours == pandas_table(columns, rows)


@pytest.mark.parametrize("article", ["sample", "long"])
def test_an_analysis_is_laid_out_without_pandas_and_as_pandas_would(article, tmp_path):
    text = load_sample()[1] if article == "sample" else long_article(12)
    analysis = analyse_article(text, None, load_settings(env={}, backend="offline", home=tmp_path))
    for name, (columns, rows) in analysis.tables().items():
        ours = text_table(columns, rows, WIDTH)
        assert ours is not None, name  # an analysis never needs the fallback
        assert ours == analysis.frames()[name].to_string(index=False, max_colwidth=WIDTH)
