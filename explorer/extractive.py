"""The offline summariser: whole article sentences that carry the main claims together with their speakers."""

from __future__ import annotations

from .analysis import Analysis
from .checking import Speaker, names, resolve_speaker, speakers
from .choices import DEFAULT_WORDS
from .findings import Claim

MAX_UNIT_SENTENCES = 3  # a claim, its speaker's sentence and at most one in between
SPEAKER_LOOKBACK = 2


def extractive_summary(analysis: Analysis, style: str = "neutral", words: int = DEFAULT_WORDS) -> str:
    """Return whole article sentences carrying the main claims of the most prominent actors, in article order."""
    from .offline.nlp import load_nlp

    sentences = [(s.start_char, s.end_char, " ".join(s.text.split())) for s in load_nlp()(analysis.text).sents]
    sentences = [s for s in sentences if s[2]]
    units = [u for c, sp in ranked_claims(analysis) if (u := claim_unit(c, sp, sentences))]
    lead = next((i for i, s in enumerate(sentences[:3]) if _is_lead(s[2])), None)
    if style != "who_says_what" and lead is not None:
        units = [[lead], *units]  # the lead carries the news itself; "who says what" keeps to the claims
    chosen = _fill(units or [[i] for i in range(len(sentences))], sentences, words)
    lines = [sentences[i][2] for i in sorted(chosen)]
    return "\n".join(f"- {line}" for line in lines) if style == "bullets" else " ".join(lines)


def _is_lead(sentence: str) -> bool:
    """Return whether the opening sentence is news, not a headline or a dateline alone."""
    return len(sentence.split()) >= 8 and sentence.rstrip()[-1:] in ".!?\"”'’"


def prominence(analysis: Analysis) -> dict[str, int]:
    """Return each speaker's prominence: actor mentions plus claims."""
    score = {a.name: len(a.mentions) for a in analysis.actors}
    known = speakers(analysis)
    for claim in analysis.claims:
        speaker = resolve_speaker(claim, known)
        if speaker:
            score[speaker.name] = score.get(speaker.name, 0) + 1
    return score


def ranked_claims(analysis: Analysis) -> list[tuple[Claim, Speaker]]:
    """Return attributed claims round-robin over speakers by prominence, each speaker's in article order."""
    known, score = speakers(analysis), prominence(analysis)
    by_speaker: dict[str, list[tuple[Claim, Speaker]]] = {}
    for claim in sorted((c for c in analysis.claims if c.span), key=lambda c: c.span or (0, 0)):
        speaker = resolve_speaker(claim, known)
        if speaker:
            by_speaker.setdefault(speaker.name, []).append((claim, speaker))
    queues = sorted(by_speaker.values(), key=lambda q: (-score.get(q[0][1].name, 0), q[0][0].span))
    return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]


def claim_unit(claim: Claim, speaker: Speaker, sentences: list[tuple[int, int, str]]) -> list[int] | None:
    """Return the sentence indexes that carry a claim together with its named speaker, or None."""
    spans = [s for s in (claim.span, claim.speaker_span) if s]
    hits = [i for i, (start, end, _) in enumerate(sentences) if any(a < end and start < b for a, b in spans)]
    if not hits or hits[-1] - hits[0] >= MAX_UNIT_SENTENCES:
        return None
    first, last = hits[0], hits[-1]
    for back in range(first, max(-1, first - SPEAKER_LOOKBACK - 1), -1):
        if last - back >= MAX_UNIT_SENTENCES:
            break
        if names(sentences[back][2], speaker):
            return list(range(back, last + 1))
    return None  # the speaker is only a pronoun here: never invent a name, pick another claim


def _fill(units: list[list[int]], sentences: list[tuple[int, int, str]], words: int) -> set[int]:
    """Return the sentences of the units that fit the word budget, in priority order; at least one unit."""
    chosen: set[int] = set()
    used = 0
    for unit in units:
        new = [i for i in unit if i not in chosen]
        cost = sum(len(sentences[i][2].split()) for i in new)
        if used + cost <= words or not chosen:
            chosen |= set(new)
            used += cost
    return chosen
