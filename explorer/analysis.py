"""The result of analysing one article, as pandas tables and as the CLI's JSON."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from .calls import CallRecord
from .findings import Actor, Claim, Stance

if TYPE_CHECKING:  # pandas takes a while to import: only the tables need it
    import pandas as pd

SectionStatus = Literal["done", "cached", "failed"]
ACTOR_COLUMNS = ["name", "type", "title", "aliases", "mentions", "claims", "first_mention"]
CLAIM_COLUMNS = ["speaker", "quote", "cue", "text", "start", "end", "section", "grounded"]
STANCE_COLUMNS = ["source", "target", "stance", "evidence", "confidence", "start", "end", "section", "grounded"]
SECTION_COLUMNS = ["index", "start", "end", "tokens", "status", "error"]


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

    def tables(self) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
        """Return every table by name as (columns, rows): the frames' content without pandas."""
        return {
            "actors": (ACTOR_COLUMNS, self._actor_rows()),
            "claims": (CLAIM_COLUMNS, self._claim_rows()),
            "stances": (STANCE_COLUMNS, self._stance_rows()),
            "sections": (SECTION_COLUMNS, [s.model_dump() for s in self.sections]),
        }

    def actors_frame(self) -> pd.DataFrame:
        """Return one row per actor with mention and claim counts."""
        import pandas as pd

        return pd.DataFrame(self._actor_rows(), columns=ACTOR_COLUMNS)

    def claims_frame(self) -> pd.DataFrame:
        """Return one row per claim, in text order."""
        import pandas as pd

        return pd.DataFrame(self._claim_rows(), columns=CLAIM_COLUMNS)

    def stances_frame(self) -> pd.DataFrame:
        """Return one row per stance."""
        import pandas as pd

        return pd.DataFrame(self._stance_rows(), columns=STANCE_COLUMNS)

    def sections_frame(self) -> pd.DataFrame:
        """Return one row per section with its outcome."""
        import pandas as pd

        return pd.DataFrame([s.model_dump() for s in self.sections], columns=SECTION_COLUMNS)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return every table by name."""
        return {
            "actors": self.actors_frame(),
            "claims": self.claims_frame(),
            "stances": self.stances_frame(),
            "sections": self.sections_frame(),
        }

    def _actor_rows(self) -> list[dict[str, Any]]:
        claims = Counter(c.speaker for c in self.claims)
        return [
            {
                "name": a.name,
                "type": a.type,
                "title": a.title or "",
                "aliases": ", ".join(a.aliases),
                "mentions": len(a.mentions),
                "claims": claims[a.name],
                "first_mention": min((m[0] for m in a.mentions), default=None),
            }
            for a in self.actors
        ]

    def _claim_rows(self) -> list[dict[str, Any]]:
        return [
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

    def _stance_rows(self) -> list[dict[str, Any]]:
        return [
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
