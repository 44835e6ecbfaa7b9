"""Split an article into sections that fit a token budget, at paragraph and sentence ends."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from .tokens import count_tokens, encoding_for

_PARAGRAPH_END = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+")


class Section(BaseModel):
    """A contiguous slice text[start:end] of the article."""

    index: int
    start: int
    end: int
    text: str
    tokens: int


def split_sections(text: str, budget: int = 1200, model: str | None = None) -> list[Section]:
    """Return sections covering text in order, each within budget tokens where possible."""
    return list(iter_sections(text, budget, model))


def iter_sections(text: str, budget: int = 1200, model: str | None = None) -> Iterator[Section]:
    """Yield the sections split_sections returns, each as soon as it is known (a long text's first can start)."""
    if budget < 1:
        raise ValueError("The section budget must be at least 1 token.")
    units = _SeenUnits(_units(text, budget, model))
    index = 0
    for start, end in _pack(text, units, budget, model, exact=False):
        tokens = count_tokens(text[start:end], model)
        inner = units.within(start, end)
        if tokens > budget and len(inner) > 1:  # the estimate drifted: pack this stretch exactly
            spans = [(s, e, count_tokens(text[s:e], model)) for s, e in _pack(text, iter(inner), budget, model, True)]
        else:
            spans = [(start, end, tokens)]
        for s, e, t in spans:
            yield _section(text, index, s, e, t)
            index += 1


class _SeenUnits:
    """The units of a text as they are produced, kept so a packed stretch can find its own again."""

    def __init__(self, units: Iterator[tuple[int, int, int]]) -> None:
        self._units = units
        self._seen: list[tuple[int, int, int]] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        for unit in self._units:
            self._seen.append(unit)
            self._starts.append(unit[0])
            self._ends.append(unit[1])
            yield unit

    def within(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Return the units seen so far that lie inside text[start:end] (they are in order: bisect, never rescan)."""
        return self._seen[bisect_left(self._starts, start) : bisect_right(self._ends, end)]


def _pack(
    text: str, units: Iterable[tuple[int, int, int]], budget: int, model: str | None, exact: bool
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of greedy runs of units within budget; near the limit, joined text is counted."""
    slack = max(4, budget // 50)  # tokens can merge or split where two pieces meet
    held: tuple[int, int] | None = None  # the last closed run, held as whitespace ending the text would join it
    start = end = used = -1
    for unit_start, unit_end, unit_tokens in units:
        if used < 0:
            start, end, used = unit_start, unit_start, 0
        joined = used + unit_tokens
        if used and (exact or joined > budget - slack):
            joined = count_tokens(text[start:unit_end], model)
        if used and joined > budget:
            if held is not None:
                yield held
            held = (start, end)
            start, joined = end, unit_tokens
        end, used = unit_end, joined
    if used < 0:
        return
    if held is not None and not text[start:end].strip():  # trailing whitespace joins the last section
        start, held = held[0], None
    if held is not None:
        yield held
    yield start, end


def _section(text: str, index: int, start: int, end: int, tokens: int) -> Section:
    return Section(index=index, start=start, end=end, text=text[start:end], tokens=tokens)


def _units(text: str, budget: int, model: str | None) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, tokens) of paragraphs, or of sentences and hard pieces when too big."""
    for p_start, p_end in _spans(text, _PARAGRAPH_END, 0, len(text)):
        tokens = count_tokens(text[p_start:p_end], model)
        if tokens <= budget:
            yield p_start, p_end, tokens
            continue
        for s_start, s_end in _spans(text, _SENTENCE_END, p_start, p_end):
            yield from _hard_split(text, s_start, s_end, budget, model)


def _spans(text: str, boundary: re.Pattern[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield consecutive pieces of text[start:end], each ending after a boundary match."""
    piece_start = start
    for match in boundary.finditer(text, start, end):
        if match.end() > piece_start:
            yield piece_start, match.end()
            piece_start = match.end()
    if piece_start < end:
        yield piece_start, end


def _hard_split(text: str, start: int, end: int, budget: int, model: str | None) -> Iterator[tuple[int, int, int]]:
    """Yield pieces of one over-long sentence, each within budget tokens."""
    pos = start
    while pos < end:
        cut, tokens = _fit(text, pos, end, budget, model)
        yield pos, pos + cut, tokens
        pos += cut


def _fit(text: str, pos: int, end: int, budget: int, model: str | None) -> tuple[int, int]:
    """Return (length, tokens) of the longest piece from pos within budget tokens, preferring a cut at a space.

    Only a window is encoded, never the rest of the text: six characters a token first (most text), and
    sixteen when that is not enough (no token is longer than that on average).
    """
    encoding = encoding_for(model)
    for chars_per_token in (6, 16):
        window = text[pos : min(end, pos + budget * chars_per_token)]
        tokens = encoding.encode(window, disallowed_special=())
        if len(tokens) > budget:
            break
        if pos + len(window) >= end:
            return len(window), len(tokens)
    else:
        return len(window), len(tokens)
    # where token number `budget` starts: the decoded length of the tokens before it (a split character is left out)
    fits = len(encoding.decode_bytes(tokens[:budget]).decode("utf-8", errors="ignore"))
    cut = max(1, _prefer_space(window, 0, fits))
    counted = count_tokens(window[:cut], model)
    while cut > 1 and counted > budget:  # re-encoding the cut piece can cost a token more
        cut = max(1, cut * 9 // 10)
        counted = count_tokens(window[:cut], model)
    return cut, counted


def _prefer_space(piece: str, lower: int, cut: int) -> int:
    """Move a cut back to just after the nearest space in its last fifth, if there is one."""
    space = piece.rfind(" ", lower + 1, cut)
    return space + 1 if space > lower and cut - space < max(8, (cut - lower) // 5) else cut
