"""Locate words a model returned in the text: exact first, then normalised, then fuzzy."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .findings import Span
from .names import fold_in_place

_EDGE = " \t\n\"'“”‘’«»,.;:"
FUZZY_MIN_SCORE = 90.0


def locate(needle: str | None, text: str, near: int | None = None) -> Span | None:
    """Return the span of needle in text (the occurrence nearest `near`), or None if absent."""
    needle = (needle or "").strip()
    if not needle or not text:
        return None
    return (
        _exact(needle, text, near)
        or _exact(needle.strip(_EDGE), text, near)
        or _normalised(needle, text, near)
        or _fuzzy(needle, text)
    )


def locate_all(needle: str, text: str, ignore_case: bool = False) -> list[Span]:
    """Return every whole-word occurrence of needle in text."""
    needle = needle.strip()
    if not needle:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", re.IGNORECASE if ignore_case else 0)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _exact(needle: str, text: str, near: int | None) -> Span | None:
    if not needle:
        return None
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    if not starts:
        return None
    start = starts[0] if near is None else min(starts, key=lambda s: abs(s - near))
    return start, start + len(needle)


def _normalised(needle: str, text: str, near: int | None) -> Span | None:
    """Match ignoring quote styles and runs of whitespace; offsets map back to the original text."""
    words = fold_in_place(needle.strip(_EDGE)).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    spans = [m.span() for m in re.finditer(pattern, fold_in_place(text))]
    if not spans:
        return None
    return spans[0] if near is None else min(spans, key=lambda s: abs(s[0] - near))


def _fuzzy(needle: str, text: str) -> Span | None:
    if len(needle) < 12:
        return None
    found = fuzz.partial_ratio_alignment(fold_in_place(needle), fold_in_place(text), score_cutoff=FUZZY_MIN_SCORE)
    if found is None:
        return None
    start, end = found.dest_start, found.dest_end
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():  # whole words only
        start -= 1
    while start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end) if end > start else None
