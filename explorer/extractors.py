"""What the LLM backend asks about one section, and its answer grounded in the section's exact words."""

from __future__ import annotations

from .findings import Actor, Claim, SectionFindings, Stance
from .grounding import locate, locate_all
from .prompts import as_data, load_template
from .schema import ClaimItem, SectionExtraction


def extraction_messages(section_text: str) -> list[dict[str, str]]:
    """Return the chat messages for one section: fixed instructions, then the section as data."""
    return [
        {"role": "system", "content": load_template("extract_system").fill()},
        {"role": "user", "content": load_template("extract_user").fill(section=as_data(section_text))},
    ]


def ground_extraction(extraction: SectionExtraction, text: str) -> SectionFindings:
    """Return findings whose spans point at the section's exact words; unlocated items are ungrounded."""
    actors = [
        Actor(
            name=a.name,
            type=a.type,
            title=a.title,
            aliases=_aliases(a.name, a.aliases),
            mentions=_mentions(a.name, a.aliases, text),
        )
        for a in extraction.actors
    ]
    claims = [_ground_claim(c, text) for c in extraction.claims]
    stances = []
    for s in extraction.stances:
        span = locate(s.evidence, text)
        evidence = text[span[0] : span[1]] if span else s.evidence
        confidence = min(max(s.confidence, 0.0), 1.0)
        stances.append(
            Stance(
                source=s.source,
                target=s.target,
                stance=s.stance,
                evidence=evidence,
                span=span,
                confidence=confidence,
                grounded=span is not None,
            )
        )
    return SectionFindings(actors=actors, claims=claims, stances=stances)


def _ground_claim(item: ClaimItem, text: str) -> Claim:
    span = locate(item.text, text)
    speaker_span = _nearest(item.speaker_mention or item.speaker, text, span[0] if span else None)
    return Claim(
        speaker=item.speaker,
        speaker_span=speaker_span,
        text=text[span[0] : span[1]] if span else item.text,
        span=span,
        quote=item.quote,
        cue=item.cue,
        grounded=span is not None,
    )


def _nearest(words: str | None, text: str, position: int | None) -> tuple[int, int] | None:
    spans = locate_all(words or "", text) or locate_all(words or "", text, ignore_case=True)  # "the" vs "The"
    if not spans:
        return None
    return spans[0] if position is None else min(spans, key=lambda s: abs(s[0] - position))


def _aliases(name: str, aliases: list[str]) -> list[str]:
    return sorted({a.strip() for a in aliases if a.strip() and a.strip() != name})


def _mentions(name: str, aliases: list[str], text: str) -> list[tuple[int, int]]:
    spans = sorted({span for words in [name, *aliases] for span in locate_all(words, text)})
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
