"""Claims under construction: a speaker, a content span and its cue, finished into Claim objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.findings import Claim
from explorer.offline.quotes import Span

TRAILING = set(".,;:—–- \n\t\u00a0")
QUOTE_MARKS = set("“”\"«»'")
MIN_CONTENT = 8  # characters: shorter content is a fragment, unless it is a name


@dataclass
class Speaker:
    """A resolved speaker: display name plus the mention span closest to the claim."""

    name: str | None
    span: Span | None


@dataclass
class Draft:
    """A claim under construction, before spans are finalised."""

    start: int
    end: int
    speaker: Speaker
    cue: str
    cue_start: int
    quote: bool = False
    named: bool = False  # the content is a bare name ("X endorsed Y"): short, yet a claim


DANGLING = re.compile(r"(?:[\s,;]+(?:and|but|or))+$")  # a conjunction left at the end once what followed is cut


def trim(text: str, start: int, end: int) -> Span:
    """Return the span without edge spaces, trailing punctuation outside quotation marks or a dangling 'and'."""
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    if dangling := DANGLING.search(text, start, end):
        end = dangling.start()
    while start < end and text[start] in TRAILING | {","}:
        start += 1
    return start, end


def inside(position: int, spans: list[Span]) -> bool:
    """Return whether a position falls within any of the spans."""
    for start, end in spans:  # a plain loop: asked for nearly every word against every quotation
        if start <= position < end:
            return True
    return False


def unique(drafts: list[Draft]) -> list[Draft]:
    """Return drafts without duplicate or degenerate content spans, in text order."""
    seen: set[Span] = set()
    kept = []
    for draft in sorted(drafts, key=lambda d: (d.start, -d.end)):
        key = (draft.start, draft.end)
        if key in seen or draft.end - draft.start < (2 if draft.named else MIN_CONTENT):
            continue
        seen.add(key)
        kept.append(draft)
    return kept


def to_claim(draft: Draft, text: str) -> Claim:
    """Return the finished claim whose span slices exactly to its text."""
    start, end = draft.start, draft.end
    quoted = draft.quote or text[start] in QUOTE_MARKS
    return Claim(
        speaker=draft.speaker.name,
        speaker_span=draft.speaker.span,
        text=text[start:end],
        span=(start, end),
        quote="direct" if quoted else "indirect",
        cue=draft.cue,
    )
