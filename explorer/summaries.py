"""Summaries that keep who said what, from whichever backend the settings choose, cached and logged."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, Field

from .analysis import Analysis, Usage
from .backends import Backend, make_backend
from .calls import CachedCalls, CallRecord, content_key
from .choices import DEFAULT_CONTEXT_TOKENS, DEFAULT_WORDS, MIN_CONTEXT_TOKENS, STYLES
from .config import Settings, load_settings
from .ingest import InputError
from .pipeline import open_store
from .storage import Store


class SummaryResult(BaseModel):
    """A summary with what produced it and what it cost."""

    text: str
    style: str
    words: int
    backend: str
    model: str | None = None
    usage: Usage = Field(default_factory=Usage)
    cached: bool = False
    notes: list[str] = Field(default_factory=list)

    @property
    def source(self) -> str:
        """Return the version label, e.g. 'offline · neutral' or 'gpt-4o-mini · bullets'."""
        return f"{self.model or self.backend} · {self.style}"


def summarize(
    analysis: Analysis,
    style: str = "neutral",
    words: int = DEFAULT_WORDS,
    settings: Settings | None = None,
    store: Store | None = None,
    *,
    context_tokens: int = DEFAULT_CONTEXT_TOKENS,
    backend: Backend | None = None,
) -> SummaryResult:
    """Return a summary of the analysed article; raise InputError for a bad style/length, LLMError on failure."""
    _validate(style, words, context_tokens)
    settings = settings or load_settings()
    notes: list[str] = []
    if store is None:
        store, warning = open_store(settings)
        notes += [warning] if warning else []
    backend = backend or make_backend(settings)
    calls = CachedCalls(
        store, notes, backend=backend.kind.name, endpoint=settings.base_url, shown="the summary is shown"
    )
    key = summary_key(backend.summary_identity(context_tokens), analysis, style, words)

    def write() -> tuple[dict[str, Any], list[CallRecord]]:
        text, records = backend.summarise(analysis, style, words, context_tokens)
        return {"text": text}, records

    answer = calls.answer(key, write)
    if answer.error is not None:
        raise answer.error
    return SummaryResult(
        text=(answer.value or {})["text"],
        style=style,
        words=words,
        backend=backend.kind.name,
        model=backend.model,
        usage=Usage.of(answer.records),
        cached=answer.status == "cached",
        notes=notes,
    )


def _validate(style: str, words: int, context_tokens: int) -> None:
    if style not in STYLES:
        raise InputError(f"Unknown summary style '{style}'; choose one of {', '.join(STYLES)}.")
    if words < 10:
        raise InputError("A summary needs a target of at least 10 words.")
    if context_tokens < MIN_CONTEXT_TOKENS:
        raise InputError(f"The context budget must be at least {MIN_CONTEXT_TOKENS} tokens.")


def summary_key(identity: dict[str, Any], analysis: Analysis, style: str, words: int) -> str:
    """Return the cache key: backend identity, style, length, article text and its claims."""
    claims = [[c.speaker, c.text, c.span, c.quote] for c in analysis.claims]
    return content_key(
        {
            "identity": identity,
            "style": style,
            "words": words,
            "text": analysis.text_hash,
            "claims": hashlib.sha256(json.dumps(claims, ensure_ascii=False).encode("utf-8")).hexdigest(),
        }
    )
