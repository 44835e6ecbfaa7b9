"""What a run will do before it starts: its sections, those already cached, and the calls and cost of the rest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .backends import Backend, make_backend
from .calls import CachedCalls, section_key
from .config import Settings
from .costs import Estimate, estimate
from .limits import large_article_warning
from .sections import Section, split_sections

if TYPE_CHECKING:
    import pandas as pd

    from .store import Store


@dataclass(frozen=True)
class Plan:
    """What analysing a text will do: its sections, those already cached, and the calls and cost of the rest."""

    sections: list[Section]
    cached: frozenset[int]  # indexes of the sections whose findings are in the store
    priced: bool  # the backend calls a model, so the run may cost money
    estimate: Estimate
    warnings: list[str]

    @property
    def tokens(self) -> int:
        """Return the article's tokens."""
        return sum(s.tokens for s in self.sections)

    @property
    def uncached(self) -> list[Section]:
        """Return the sections the run will analyse."""
        return [s for s in self.sections if s.index not in self.cached]


def plan(
    text: str,
    settings: Settings,
    store: Store | None = None,
    prices: pd.DataFrame | None = None,
    backend: Backend | None = None,
) -> Plan:
    """Return what analysing text with these settings will do; nothing is analysed."""
    backend = backend or make_backend(settings)
    sections = article_sections(text, settings.section_tokens, settings.model)
    identity = backend.identity
    keys = {section_key(identity, s.text): s.index for s in sections}
    found = CachedCalls(store, [], backend=backend.kind.name).cached_keys(list(keys))
    cached = frozenset(keys[k] for k in found)
    todo = [s for s in sections if s.index not in cached]
    priced = backend.kind.remote
    guess = Estimate(0, 0, 0, 0.0)
    warnings: list[str] = []
    if priced:
        guess = estimate(todo, backend.call_overhead(), settings.model, prices)
        warning = large_article_warning(sum(s.tokens for s in todo), settings.section_tokens)
        warnings += [warning] if warning else []
    return Plan(sections, cached, priced, guess, warnings)


@lru_cache(maxsize=16)
def _spans(text: str, budget: int, model: str) -> tuple[tuple[int, int, int], ...]:
    """Return (start, end, tokens) of each section; kept, as the app plans the same text on every rerun."""
    return tuple((s.start, s.end, s.tokens) for s in split_sections(text, budget, model))


def article_sections(text: str, budget: int, model: str) -> list[Section]:
    """Return the sections of text, split once per process for the same text, budget and model."""
    spans = _spans(text, budget, model)
    return [Section(index=i, start=s, end=e, text=text[s:e], tokens=t) for i, (s, e, t) in enumerate(spans)]
