"""The grounded result types every backend produces: actors, claims, stances."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field, field_validator

ActorType = Literal["person", "organization", "country", "group", "other"]
QuoteKind = Literal["direct", "indirect"]
StanceKind = Literal["favor", "against", "neutral"]
Span = tuple[int, int]


class Actor(BaseModel):
    """A canonical actor with every alias and mention span found in the text."""

    name: str
    type: ActorType = "other"
    title: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Claim(BaseModel):
    """Who says what: the claim's exact words and the speaker mention nearest it."""

    speaker: str | None = None
    speaker_span: Span | None = None
    text: str
    span: Span | None = None
    quote: QuoteKind = "indirect"
    cue: str | None = None
    section: int = 0
    grounded: bool = True


class Stance(BaseModel):
    """Who is for or against whom, with the evidence located in the text."""

    source: str
    target: str
    stance: StanceKind = "neutral"
    evidence: str
    span: Span | None = None
    confidence: float = 0.5
    section: int = 0
    grounded: bool = True

    @field_validator("confidence")
    @classmethod
    def _a_finite_share(cls, value: float) -> float:
        """Keep confidence in [0, 1] wherever a stance comes from (a model, the cache, an import): strict JSON."""
        return 0.5 if math.isnan(value) else min(max(value, 0.0), 1.0)


class SectionFindings(BaseModel):
    """What one backend found in one section; spans are relative to the section until `shift` moves them."""

    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)

    def shift(self, offset: int, section: int) -> SectionFindings:
        """Move every span by offset and tag claims and stances with the section, in place; return self.

        In place, as a long article has tens of thousands of findings and copying each cost a second.
        """
        for actor in self.actors:
            actor.mentions = [(start + offset, end + offset) for start, end in actor.mentions]
        for claim in self.claims:
            claim.span, claim.speaker_span = _moved(claim.span, offset), _moved(claim.speaker_span, offset)
            claim.section = section
        for stance in self.stances:
            stance.span, stance.section = _moved(stance.span, offset), section
        return self


def _moved(span: Span | None, offset: int) -> Span | None:
    return (span[0] + offset, span[1] + offset) if span else None
