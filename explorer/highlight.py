"""The article as HTML with highlighted spans; every character from the article is escaped."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]


@dataclass(frozen=True)
class Mark:
    """A span to highlight: its colour, a label for the tooltip, and a style (fill or underline)."""

    start: int
    end: int
    colour: str
    label: str
    style: str = "fill"  # "fill" for claims, "underline" for actor mentions, "outline" for stance evidence


UNKNOWN_COLOUR = "#9e9e9e"


def colour_for(name: str | None, names: list[str]) -> str:
    """Return a stable colour for name among names (grey for unknown)."""
    return colours_for(tuple(names)).get(name or "", UNKNOWN_COLOUR) if name else UNKNOWN_COLOUR


@lru_cache(maxsize=16)
def colours_for(names: tuple[str, ...]) -> dict[str, str]:
    """Return each name's colour (the first occurrence's place in names decides), built once per list."""
    colours: dict[str, str] = {}
    for index, name in enumerate(names):
        colours.setdefault(name, PALETTE[index % len(PALETTE)])
    return colours


def highlighted_html(text: str, marks: list[Mark]) -> str:
    """Return text as escaped HTML with each mark wrapped in a styled <span> (overlaps nest by segment).

    Linear in the text and the marks: one sweep over the cut points. A rerun with the same marks is served
    from memory.
    """
    return _highlighted(text, tuple(marks))


@lru_cache(maxsize=8)
def _highlighted(text: str, marks: tuple[Mark, ...]) -> str:
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    opening, closing = defaultdict(list), defaultdict(list)
    for number, mark in enumerate(valid):
        opening[mark.start].append(number)
        closing[mark.end].append(number)
    cuts = sorted({0, len(text), *opening, *closing})
    active: dict[int, Mark] = {}
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        for number in closing.get(start, ()):
            active.pop(number, None)
        for number in opening.get(start, ()):
            active[number] = valid[number]
        pieces.append(_wrap(html.escape(text[start:end]), active))
    return '<div class="article" style="white-space: pre-wrap; line-height: 1.7">' + "".join(pieces) + "</div>"


def legend_html(entries: list[tuple[str, str]]) -> str:
    """Return a small legend of (label, colour) swatches, escaped."""
    items = [
        f'<span style="display:inline-block;margin-right:1em"><span style="background:{c}55;border:1px solid {c};'
        f'padding:0 .6em;margin-right:.3em"></span>{html.escape(label)}</span>'
        for label, c in entries
    ]
    return '<div class="legend">' + "".join(items) + "</div>"


def _wrap(escaped: str, active: dict[int, Mark]) -> str:
    """Return escaped text wrapped in each active mark's span, longest first (ties: the earlier mark first)."""
    for _, mark in sorted(active.items(), key=lambda item: (item[1].start - item[1].end, item[0])):
        escaped = f'<span style="{_css(mark)}" title="{html.escape(mark.label, quote=True)}">{escaped}</span>'
    return escaped


def _css(mark: Mark) -> str:
    if mark.style == "underline":
        return f"border-bottom: 2px solid {mark.colour}"
    if mark.style == "outline":
        return f"outline: 2px dashed {mark.colour}; outline-offset: 1px"
    return f"background: {mark.colour}40; border-radius: 3px"
