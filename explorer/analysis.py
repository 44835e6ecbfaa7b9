"""The result of analysing one article, as pandas tables and as the CLI's JSON."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from .calls import CallRecord
from .findings import Actor, Claim, Stance

if TYPE_CHECKING:  # pandas takes a while to import: only the tables need it
    import pandas as pd

SectionStatus = Literal["done", "cached", "failed"]


class SectionReport(BaseModel):
    """How one section went: where it lies, its tokens, and its outcome."""

    index: int
    start: int
    end: int
    tokens: int
    status: SectionStatus
    error: str | None = None


class Usage(BaseModel):
    """What the analysis cost: model calls, tokens, and sections served from the cache."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_sections: int = 0

    @classmethod
    def of(cls, records: Sequence[CallRecord], cached_sections: int = 0) -> Usage:
        """Return the usage of the calls made (their tokens) and the sections served from the cache."""
        return cls(
            calls=len(records),
            prompt_tokens=sum(r.prompt_tokens for r in records),
            completion_tokens=sum(r.completion_tokens for r in records),
            cached_sections=cached_sections,
        )


class Analysis(BaseModel):
    """Actors, claims and stances of one article, with its sections and usage."""

    title: str | None = None
    text: str
    backend: str
    model: str | None = None
    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    sections: list[SectionReport] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    created: float = Field(default_factory=time.time)
    notes: list[str] = Field(default_factory=list)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def failed_sections(self) -> list[SectionReport]:
        return [s for s in self.sections if s.status == "failed"]

    def to_record(self) -> dict[str, Any]:
        """Return the CLI/batch JSON shape: actors, claims, stances, sections, usage."""
        return {
            "backend": self.backend,
            "model": self.model,
            "actors": [a.model_dump(mode="json") for a in self.actors],
            "claims": [c.model_dump(mode="json") for c in self.claims],
            "stances": [s.model_dump(mode="json") for s in self.stances],
            "sections": [s.model_dump(mode="json") for s in self.sections],
            "usage": self.usage.model_dump(mode="json"),
        }

    def actors_frame(self) -> pd.DataFrame:
        """Return one row per actor with mention and claim counts."""
        import pandas as pd

        claims = pd.Series([c.speaker for c in self.claims], dtype="object").value_counts()
        rows = [
            {
                "name": a.name,
                "type": a.type,
                "title": a.title or "",
                "aliases": ", ".join(a.aliases),
                "mentions": len(a.mentions),
                "claims": int(claims.get(a.name, 0)),
                "first_mention": min((m[0] for m in a.mentions), default=None),
            }
            for a in self.actors
        ]
        columns = ["name", "type", "title", "aliases", "mentions", "claims", "first_mention"]
        return pd.DataFrame(rows, columns=columns)

    def claims_frame(self) -> pd.DataFrame:
        """Return one row per claim, in text order."""
        import pandas as pd

        rows = [
            {
                "speaker": c.speaker,
                "quote": c.quote,
                "cue": c.cue,
                "text": c.text,
                "start": c.span[0] if c.span else None,
                "end": c.span[1] if c.span else None,
                "section": c.section,
                "grounded": c.grounded,
            }
            for c in self.claims
        ]
        columns = ["speaker", "quote", "cue", "text", "start", "end", "section", "grounded"]
        return pd.DataFrame(rows, columns=columns)

    def stances_frame(self) -> pd.DataFrame:
        """Return one row per stance."""
        import pandas as pd

        rows = [
            {
                "source": s.source,
                "target": s.target,
                "stance": s.stance,
                "evidence": s.evidence,
                "confidence": s.confidence,
                "start": s.span[0] if s.span else None,
                "end": s.span[1] if s.span else None,
                "section": s.section,
                "grounded": s.grounded,
            }
            for s in self.stances
        ]
        columns = ["source", "target", "stance", "evidence", "confidence", "start", "end", "section", "grounded"]
        return pd.DataFrame(rows, columns=columns)

    def sections_frame(self) -> pd.DataFrame:
        """Return one row per section with its outcome."""
        import pandas as pd

        columns = ["index", "start", "end", "tokens", "status", "error"]
        return pd.DataFrame([s.model_dump() for s in self.sections], columns=columns)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return every table by name."""
        return {
            "actors": self.actors_frame(),
            "claims": self.claims_frame(),
            "stances": self.stances_frame(),
            "sections": self.sections_frame(),
        }
