"""The article as HTML with highlighted spans; every character from the article is escaped."""

from __future__ import annotations

import html
from dataclasses import dataclass

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]


@dataclass(frozen=True)
class Mark:
    """A span to highlight: its colour, a label for the tooltip, and a style (fill or underline)."""

    start: int
    end: int
    colour: str
    label: str
    style: str = "fill"  # "fill" for claims, "underline" for actor mentions, "outline" for stance evidence


def colour_for(name: str | None, names: list[str]) -> str:
    """Return a stable colour for name among names (grey for unknown)."""
    if name is None or name not in names:
        return "#9e9e9e"
    return PALETTE[names.index(name) % len(PALETTE)]


def highlighted_html(text: str, marks: list[Mark]) -> str:
    """Return text as escaped HTML with each mark wrapped in a styled <span> (overlaps nest by segment)."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        active = [m for m in marks if m.start <= start and end <= m.end]
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


def _wrap(escaped: str, active: list[Mark]) -> str:
    for mark in sorted(active, key=lambda m: m.end - m.start, reverse=True):
        escaped = f'<span style="{_css(mark)}" title="{html.escape(mark.label, quote=True)}">{escaped}</span>'
    return escaped


def _css(mark: Mark) -> str:
    if mark.style == "underline":
        return f"border-bottom: 2px solid {mark.colour}"
    if mark.style == "outline":
        return f"outline: 2px dashed {mark.colour}; outline-offset: 1px"
    return f"background: {mark.colour}40; border-radius: 3px"
