"""What the model must return for one section (the structured-output schema)."""

from __future__ import annotations

from pydantic import BaseModel, Field

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


class SectionExtraction(BaseModel):
    """Actors, claims and stances of one section, returned in a single call."""

    actors: list[ActorItem]
    claims: list[ClaimItem]
    stances: list[StanceItem]
