"""Quotation layout: quotes that continue, quote-only paragraphs, transcript turns and vox-pop bylines."""

from __future__ import annotations

import re

from explorer.offline.actors_local import ActorIndex
from explorer.offline.cues import HEADING_LABELS, SOURCE_NOUNS
from explorer.offline.drafts import QUOTE_MARKS, Draft, Speaker, inside, trim
from explorer.offline.quotes import Span, paragraphs

MAX_GAP_SHARE = 0.4  # "“A,” said X. “B.”" is one claim while the cue clause stays short beside the quotes


def snap_to_quotes(draft: Draft, quotes: list[Span]) -> None:
    """Widen a draft's content to whole quotations it touches, unless the cue is itself quoted."""
    if inside(draft.cue_start, quotes):
        return
    touched = [q for q in quotes if q[0] < draft.end + 2 and draft.start - 2 < q[1]]
    if touched:
        draft.start = min([draft.start] + [q[0] for q in touched])
        draft.end = max([draft.end] + [q[1] for q in touched])
        draft.quote = any(q[0] <= draft.start for q in touched)


def continue_quotes(draft: Draft, quotes: list[Span], cues: list[int], text: str, sentences: list[Span]) -> None:
    """Extend a quoting draft over the next quotations of its paragraph that carry no cue of their own."""
    # 'A, X said. “B.”' goes on with X's words as much as '“A,” X said. “B.”' does
    if not draft.quote and draft.cue_start < draft.end:
        return
    for q_start, q_end in quotes:
        if q_start < draft.end:
            continue
        gap = text[draft.end : q_start]
        if (
            "\n" in gap
            or not (len(gap) <= MAX_GAP_SHARE * (q_end - draft.start) or _cue_sentence_gap(draft, q_start, sentences))
            or any(draft.end <= c < q_start and c != draft.cue_start for c in cues)
            or any(q_end <= c < _sentence_end(q_end - 1, sentences) for c in cues)
        ):
            return
        draft.end = q_end


def _cue_sentence_gap(draft: Draft, next_start: int, sentences: list[Span]) -> bool:
    """Return whether the text before the next quotation is only the rest of the cue's own sentence."""
    return draft.end <= draft.cue_start < next_start and not any(
        draft.end + 1 < s < next_start - 1 for s, _ in sentences
    )


def _sentence_end(position: int, sentences: list[Span]) -> int:
    """Return the end of the sentence holding a character position."""
    return next((e for s, e in sentences if s <= position < e), position + 1)


def quoted_report(draft: Draft, quotes: list[Span]) -> bool:
    """Return whether a draft's cue and speaker both sit inside a quotation: the quoted speaker's own report."""
    speaker = draft.speaker.span
    return inside(draft.cue_start, quotes) and (speaker is None or inside(speaker[0], quotes))


def floating_drafts(drafts: list[Draft], quotes: list[Span], text: str) -> list[Draft]:
    """Return drafts for quote paragraphs without a cue: they continue the previous speaker."""
    found: list[Draft] = []
    outer = [d for d in drafts if not quoted_report(d, quotes)]
    for p_start, p_end in paragraphs(text):
        para_quotes = [q for q in quotes if p_start <= q[0] < p_end]
        if not para_quotes or text[p_start : para_quotes[0][0]].strip():
            continue
        if any(d.start < p_end and p_start < d.end for d in outer) or any(
            p_start <= d.cue_start < p_end for d in outer
        ):
            continue
        previous = [d for d in drafts + found if d.end <= p_start and d.speaker.name and p_start - d.end < 400]
        if previous:
            last = max(previous, key=lambda d: d.end)
            found.append(Draft(para_quotes[0][0], para_quotes[-1][1], last.speaker, last.cue, -1, quote=True))
    return found


TURN = re.compile(r"[\"“']*([A-Z][A-Z.'’ -]{1,30}[A-Z.]):\s+")


def transcript_drafts(text: str, index: ActorIndex) -> list[Draft]:
    """Return drafts for transcript turns ('SMITH: ...'): a capitalised label opening two or more paragraphs."""
    turns = _turn_paragraphs(text)
    counts: dict[str, int] = {}
    for match, _ in turns:
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    found = []
    for match, p_end in turns:
        label = match.group(1)
        if counts[label] < 2:
            continue
        name = index.person_named(label.title()) or label.title()
        start, end = trim(text, match.end(), p_end)
        while end > start and text[end - 1] in QUOTE_MARKS:
            end -= 1
        found.append(Draft(start, end, Speaker(name, match.span(1)), ":", -1, quote=True))
    return found


def _turn_paragraphs(text: str) -> list[tuple[re.Match[str], int]]:
    """Return each labelled turn with its end: unlabelled paragraphs before the next label go on with the turn."""
    spans = paragraphs(text)
    labelled = [(i, m) for i, (p_start, p_end) in enumerate(spans) if (m := TURN.match(text, p_start, p_end))]
    turns = []
    for n, (i, match) in enumerate(labelled):
        last = i
        # an answer runs on over paragraphs up to the next speaker's label (none after the last); a stage note stops it
        next_label = labelled[n + 1][0] if n + 1 < len(labelled) else i + 1
        while last + 1 < next_label and not _stage_note(text, spans[last + 1]):
            last += 1
        turns.append((match, spans[last][1]))
    return turns


def _stage_note(text: str, span: Span) -> bool:
    """Return whether a paragraph is only a bracketed note such as '(CROSSTALK)'."""
    return bool(re.fullmatch(r"[\"“']*\s*[(\[][^)\]]*[)\]][.\s\"”']*", text[span[0] : span[1]]))


HEADLINE = re.compile(r"((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*):\s+(?=[\"“‘'A-Z])")
MAX_HEADLINE = 200  # characters: longer one-line paragraphs are body text, where "X: ..." introduces a list


def headline_drafts(text: str, index: ActorIndex) -> list[Draft]:
    """Return drafts for headline attributions: a one-line 'Name: what they said' paragraph."""
    found = []
    for p_start, p_end in paragraphs(text):
        match = HEADLINE.match(text, p_start, p_end)
        if match is None or p_end - p_start > MAX_HEADLINE or _heading_label(match.group(1)):
            continue
        name = _label_source(match.group(1), match.span(1), index)
        if name is None:
            continue
        start, end = trim(text, match.end(), p_end)
        speaker = Speaker(name, match.span(1))
        found.append(Draft(start, end, speaker, ":", match.end(1), quote=text[start] in QUOTE_MARKS))
    return found


def _label_source(label: str, span: Span, index: ActorIndex) -> str | None:
    """Return who a headline label names: an actor of the section or a source noun ('Poll'); a phrase is nobody."""
    if label.lower().split()[-1] in SOURCE_NOUNS:
        return label
    surname = label.split()[-1]
    named = [name for name in index.actors if name.split()[-1] == surname]
    return index.name_in(span[0] - 1, span[1] + 1) or index.person_named(label) or (named[0] if named else None)


def _heading_label(label: str) -> bool:
    """Return whether a label before a colon names a kind of item ('Update', 'Watch') or is a transcript turn."""
    words = label.lower().replace("’", "'").split()
    return label.isupper() or any(w.strip(".") in HEADING_LABELS for w in words)


BYLINE = re.compile(r"\s*[―—–]+\s*([A-Z][^\n―—–]{1,60}?)[.\s]*$")


def byline_drafts(quotes: list[Span], text: str) -> list[Draft]:
    """Return drafts for vox-pop lines that end with a dash and a name: '“...” ― Ana Ruiz'."""
    found = []
    for p_start, p_end in paragraphs(text):
        for q_start, q_end in (q for q in quotes if p_start <= q[0] < p_end):
            match = BYLINE.match(text, q_end, p_end)
            if match:
                name = match.group(1).strip()
                span = (match.start(1), match.start(1) + len(name))
                found.append(
                    Draft(q_start, q_end, Speaker(name, span), text[q_end : match.start(1)].strip(), q_end, quote=True)
                )
    return found
