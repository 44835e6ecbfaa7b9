"""Finds quoted stretches and paragraphs in raw text, independent of the parser."""

from __future__ import annotations

import re

Span = tuple[int, int]

# Straight double quotes and the doubled apostrophes of NYT-style text both toggle.
_MARK = re.compile(r"''|[“”\"«»]")
_OPENERS = {"“", "«"}
_CLOSERS = {"”", "»"}


def paragraphs(text: str) -> list[Span]:
    """Return the spans of the non-blank lines of the text."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def quotes_in(text: str, start: int, end: int) -> list[Span]:
    """Return quote spans (marks included) inside one paragraph; an unclosed quote runs to its end."""
    found: list[Span] = []
    opened: int | None = None
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        # a closing mark that starts a paragraph is a typo for an opening one
        if opened is None and (mark not in _CLOSERS or not text[start : m.start()].strip()):
            opened = m.start()
        elif opened is not None and mark not in _OPENERS:
            found.append((opened, m.end()))
            opened = None
    if opened is not None and end - opened > 20:
        found.append((opened, end))
    return found


def find_quotes(text: str) -> list[Span]:
    """Return every quote span in the text, paragraph by paragraph."""
    return [q for s, e in paragraphs(text) for q in quotes_in(text, s, e)]
