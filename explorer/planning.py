"""What a run will do before it starts: its sections, those already cached, and the calls and cost of the rest."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .backends import Backend, make_backend
from .calls import CachedCalls, content_key, section_key
from .config import Settings
from .costs import FREE, Estimate, cost_text, estimate
from .limits import large_article_warning
from .sections import Section, iter_sections, split_sections
from .tokens import encoding_name

if TYPE_CHECKING:
    import pandas as pd

    from .storage import Store

SPLITTER_FILES = ("sections.py", "tokens.py")


@dataclass(frozen=True)
class Plan:
    """What analysing a text will do: its sections, those already cached, and the calls and cost of the rest."""

    sections: list[Section]
    cached: frozenset[int]  # indexes of the sections whose findings are in the store
    priced: bool  # the backend calls a model, so the run may cost money
    estimate: Estimate
    warnings: list[str]
    backend: str = ""  # the backend's label, e.g. 'offline'

    @property
    def cost_text(self) -> str:
        """Return the run's expected cost as the user reads it: '$0.0012', 'unknown', or 'free (offline)'."""
        return cost_text(self.estimate.cost_usd) if self.priced else f"{FREE} ({self.backend})"

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
    sections = article_sections(text, settings.section_tokens, settings.model, store, keep=False)
    identity = backend.identity
    keys = {section_key(identity, s.text): s.index for s in sections}
    found = CachedCalls(store, [], backend=backend.kind.name).cached_keys(list(keys))
    cached = frozenset(keys[k] for k in found)
    todo = [s for s in sections if s.index not in cached]
    priced = backend.kind.remote
    guess = Estimate(0, 0, 0, 0.0)
    warnings: list[str] = []
    if priced:
        overhead = backend.call_overhead() if todo else 0  # counting it loads the tokenizer: only when needed
        guess = estimate(todo, overhead, settings.model, prices)
        warning = large_article_warning(sum(s.tokens for s in todo), settings.section_tokens)
        warnings += [warning] if warning else []
    return Plan(sections, cached, priced, guess, warnings, backend.label)


def article_sections(
    text: str, budget: int, model: str, store: Store | None = None, *, keep: bool = True
) -> list[Section]:
    """Return the sections of text, split once and kept (if keep), so an article analysed before needs no tokenizer."""
    calls = CachedCalls(store, [], backend="sections")
    key = split_key(text, budget, model)
    if keep:
        spans = (calls.answer(key, lambda: ({"spans": _spans(text, budget, model)}, [])).value or {})["spans"]
    else:  # a plan only looks: drafts the user never analyses leave nothing behind
        spans = (calls.lookup(key) or {}).get("spans") or _spans(text, budget, model)
    return _sections(text, spans)


def iter_article_sections(text: str, budget: int, model: str, store: Store | None = None) -> Iterator[Section]:
    """Yield the sections article_sections returns, each as soon as it is split; keep the split once all are."""
    calls = CachedCalls(store, [], backend="sections")
    key = split_key(text, budget, model)
    kept = calls.lookup(key)
    if kept is not None:
        yield from _sections(text, kept["spans"])
        return
    spans: list[tuple[int, int, int]] = []
    for section in iter_sections(text, budget, model):
        spans.append((section.start, section.end, section.tokens))
        yield section
    calls.answer(key, lambda: ({"spans": spans}, []))


def _sections(text: str, spans: list[tuple[int, int, int]]) -> list[Section]:
    return [Section(index=i, start=s, end=e, text=text[s:e], tokens=t) for i, (s, e, t) in enumerate(spans)]


def split_key(text: str, budget: int, model: str) -> str:
    """Return the cache key of text's split: the text, the budget, the encoding and the splitter's own code."""
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return content_key(
        {
            "task": "split",
            "splitter": _splitter_hash(),
            "encoding": encoding_name(model),
            "budget": budget,
            "text": text_hash,
        }
    )


@lru_cache(maxsize=1)
def _splitter_hash() -> str:
    """Return the hash of the code that splits and counts, so a change to either splits afresh."""
    here = Path(__file__).resolve().parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in SPLITTER_FILES)).hexdigest()


@lru_cache(maxsize=16)
def _spans(text: str, budget: int, model: str) -> list[tuple[int, int, int]]:
    """Return (start, end, tokens) of each section; kept, as the app plans the same text on every rerun."""
    return [(s.start, s.end, s.tokens) for s in split_sections(text, budget, model)]
