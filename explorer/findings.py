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
    """What one backend found in one section; spans are relative to the section."""

    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)

    def shifted(self, offset: int, section: int) -> SectionFindings:
        """Return a copy with every span moved by offset and tagged with the section."""
        move = lambda s: (s[0] + offset, s[1] + offset) if s else None  # noqa: E731
        return SectionFindings(
            actors=[a.model_copy(update={"mentions": [move(m) for m in a.mentions]}) for a in self.actors],
            claims=[
                c.model_copy(update={"span": move(c.span), "speaker_span": move(c.speaker_span), "section": section})
                for c in self.claims
            ],
            stances=[s.model_copy(update={"span": move(s.span), "section": section}) for s in self.stances],
        )
