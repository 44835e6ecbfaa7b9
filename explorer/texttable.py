"""Text tables laid out as pandas' `to_string(index=False)` lays them out, for the CLI, without importing pandas.

Importing pandas takes longer than answering a cached article. The values an analysis holds (strings, whole
numbers, flags, scores between 0 and 1) are laid out here; anything else returns None and the caller asks pandas.
`tests/test_texttable.py` holds this layout to pandas' own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})
_PLAIN_FLOAT_RANGE = (1e-6, 1e6)  # outside it pandas switches to scientific notation


def text_table(columns: list[str], rows: Sequence[dict[str, Any]], max_colwidth: int = 70) -> str | None:
    """Return the rows as pandas would print them, or None when a column holds values only pandas lays out."""
    if not rows:
        return f"Empty DataFrame\nColumns: [{', '.join(columns)}]\nIndex: []"
    headers, cells = [], []
    for column in columns:
        values = [row.get(column) for row in rows]
        shown = _column(values, max_colwidth)
        if shown is None:
            return None
        headers.append(f" {column}" if _numeric(values) else column)  # pandas' room for a sign
        cells.append(shown)
    widths = [max(len(header), *(len(c) for c in column)) for header, column in zip(headers, cells)]
    lines = [" ".join(header.rjust(w) for header, w in zip(headers, widths))]
    lines += [" ".join(column[i].rjust(w) for column, w in zip(cells, widths)) for i in range(len(rows))]
    return "\n".join(lines)


def _column(values: list[Any], max_colwidth: int) -> list[str] | None:
    """Return each value as pandas shows it in a column of such values, or None for an unknown kind."""
    present = [v for v in values if v is not None]
    if not present:
        return ["None"] * len(values)
    if all(isinstance(v, bool) for v in present):
        return [str(v) for v in values] if len(present) == len(values) else None
    if all(isinstance(v, str) for v in present):
        return ["NaN" if v is None else _cut(v.translate(_ESCAPES), max_colwidth) for v in values]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present) and len(present) == len(values):
        return [str(v) for v in values]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return _floats(values)
    return None


def _numeric(values: list[Any]) -> bool:
    """Return whether pandas would hold the values as numbers or flags (not as text or objects)."""
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float) for v in present)  # bool is an int


def _floats(values: list[Any]) -> list[str] | None:
    """Return floats with the fewest decimals (one at least, six at most) that show every value alike."""
    numbers = [float(v) for v in values if v is not None]
    low, high = _PLAIN_FLOAT_RANGE
    if any(not math.isfinite(n) or abs(n) >= high or 0 < abs(n) < low for n in numbers):
        return None
    fixed = [f"{n:.6f}" for n in numbers]
    while all(f.endswith("0") and len(f.split(".")[1]) > 1 for f in fixed):
        fixed = [f[:-1] for f in fixed]
    shown = iter(fixed)
    return ["NaN" if v is None else next(shown) for v in values]


def _cut(text: str, max_colwidth: int) -> str:
    return text if len(text) <= max_colwidth else text[: max_colwidth - 3] + "..."
