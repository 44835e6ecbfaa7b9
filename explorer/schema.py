"""What the model must return for one section (the structured-output schema)."""

from __future__ import annotations

import math

from pydantic import BaseModel, Field, field_validator, model_validator

from .findings import ActorType, QuoteKind, StanceKind

SCHEMA_VERSION = 1  # bump when these models change: it is part of every cache key


class ActorItem(BaseModel):
    """An actor named in the section."""

    name: str = Field(description="Canonical full name, e.g. 'Japan' for 'Tokyo', 'Andrey Rudenko' for 'Rudenko'")
    type: ActorType
    title: str | None = Field(description="Title or role if stated, e.g. 'deputy foreign minister'")
    aliases: list[str] = Field(description="Other exact words the section uses for this actor")


class ClaimItem(BaseModel):
    """Something an actor says or thinks, as worded in the section."""

    speaker: str | None = Field(description="Canonical name of the speaker, or null if unstated")
    speaker_mention: str | None = Field(description="The exact words naming the speaker nearest the claim")
    text: str = Field(description="The claim's exact words copied verbatim from the section")
    quote: QuoteKind
    cue: str | None = Field(description="The attribution verb or phrase, e.g. 'said', 'according to'")


class StanceItem(BaseModel):
    """One actor's position toward another actor."""

    source: str
    target: str
    stance: StanceKind
    evidence: str = Field(description="Exact words from the section that show the stance")
    confidence: float

    @field_validator("confidence")
    @classmethod
    def _within_zero_and_one(cls, value: float) -> float:
        return clamp_confidence(value)


class SectionExtraction(BaseModel):
    """Actors, claims and stances of one section, returned in a single call."""

    actors: list[ActorItem]
    claims: list[ClaimItem]
    stances: list[StanceItem]

    @model_validator(mode="after")
    def _without_blank_names(self) -> SectionExtraction:
        """Drop actors and stances with blank names and claims with blank text; a blank speaker or title is null."""
        self.actors = [
            a.model_copy(update={"name": a.name.strip(), "title": (a.title or "").strip() or None})
            for a in self.actors
            if a.name.strip()
        ]
        self.stances = [
            s.model_copy(update={"source": s.source.strip(), "target": s.target.strip()})
            for s in self.stances
            if s.source.strip() and s.target.strip()
        ]
        self.claims = [
            c.model_copy(update={"speaker": (c.speaker or "").strip() or None}) for c in self.claims if c.text.strip()
        ]
        return self


def clamp_confidence(value: float) -> float:
    """Return value within [0, 1]; a NaN (which strict JSON cannot carry) becomes the neutral 0.5."""
    return 0.5 if math.isnan(value) else min(max(value, 0.0), 1.0)
