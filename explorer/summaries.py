"""Summaries that keep who said what: LLM (map-reduce for long articles) or extractive offline, cached."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from .analysis import Analysis, Usage
from .backends import Backend, make_backend
from .calls import CachedCalls, CallRecord, LLMError, content_key
from .choices import DEFAULT_CONTEXT_TOKENS, DEFAULT_WORDS, STYLES
from .config import Settings, load_settings
from .ingest import InputError
from .pipeline import open_store
from .prompts import as_data, load_template
from .sections import Section, split_sections
from .storage import Store
from .tokens import count_tokens

if TYPE_CHECKING:
    from .llm import ChatModel

SUMMARY_SCHEMA_VERSION = 1


class SummaryOutput(BaseModel):
    """What the model returns for one summary call."""

    summary: str


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
    if context_tokens < 200:
        raise InputError("The context budget must be at least 200 tokens.")


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


# --- LLM path ------------------------------------------------------------------


def claims_block(analysis: Analysis, start: int = 0, end: int | None = None) -> str:
    """Return the actors and the claims found in text[start:end], one line each, for a prompt."""
    end = len(analysis.text) if end is None else end
    titles = {a.name: a.title for a in analysis.actors}
    actors = [f"- {a.name}" + (f" ({a.title})" if a.title else "") for a in analysis.actors]
    claims = [
        f"- {c.speaker}"
        + (f" ({titles[c.speaker]})" if titles.get(c.speaker) else "")
        + f" [{c.cue or 'says'}, {c.quote}]: {c.text}"
        for c in analysis.claims
        if c.speaker and (c.span is None and start == 0 or c.span and start <= c.span[0] < end)
    ]
    return "Actors:\n" + ("\n".join(actors) or "(none found)") + "\nClaims:\n" + ("\n".join(claims) or "(none found)")


def system_message(style: str, words: int) -> dict[str, str]:
    """Return the fixed instructions for one style and length."""
    style_text = load_template(f"summary_style_{style}").fill().strip()
    return {"role": "system", "content": load_template("summary_system").fill(style=style_text, words=str(words))}


def summary_messages(analysis: Analysis, style: str, words: int) -> list[dict[str, str]]:
    """Return the messages summarising the whole article in one call."""
    user = load_template("summary_user").fill(claims=as_data(claims_block(analysis)), article=as_data(analysis.text))
    return [system_message(style, words), {"role": "user", "content": user}]


def section_messages(analysis: Analysis, section: Section, parts: int, words: int) -> list[dict[str, str]]:
    """Return the messages summarising one part of a long article (the map step)."""
    user = load_template("summary_section_user").fill(
        part=str(section.index + 1),
        parts=str(parts),
        words=str(words),
        claims=as_data(claims_block(analysis, section.start, section.end)),
        article=as_data(section.text),
    )
    return [system_message("neutral", words), {"role": "user", "content": user}]


def reduce_messages(analysis: Analysis, partials: list[str], style: str, words: int) -> list[dict[str, str]]:
    """Return the messages joining part summaries into the article's summary (the reduce step)."""
    joined = "\n\n".join(f"Part {i + 1}:\n{p.strip()}" for i, p in enumerate(partials))
    user = load_template("summary_reduce_user").fill(claims=as_data(claims_block(analysis)), parts=as_data(joined))
    return [system_message(style, words), {"role": "user", "content": user}]


def fits(messages: list[dict[str, str]], context_tokens: int, model: str | None) -> bool:
    """Return True when the messages fit the context budget."""
    return count_tokens(json.dumps(messages, ensure_ascii=False), model) <= context_tokens


def llm_summary(
    analysis: Analysis, style: str, words: int, chat: ChatModel, context_tokens: int
) -> tuple[str, list[CallRecord]]:
    """Return the model's summary: one call when the article fits the budget, else map-reduce."""
    settings = chat.settings
    messages = summary_messages(analysis, style, words)
    if fits(messages, context_tokens, settings.model):
        answer, records = chat.complete(messages, SummaryOutput)
        return answer.summary.strip(), records
    sections = split_sections(analysis.text, max(100, context_tokens // 2), settings.model)
    part_words = max(40, min(words, 2 * words // len(sections)))
    partials, records = _map(
        chat, [section_messages(analysis, s, len(sections), part_words) for s in sections], settings.concurrency
    )
    try:
        answer, reduced = chat.complete(reduce_messages(analysis, partials, style, words), SummaryOutput)
    except LLMError as exc:
        exc.records = [*records, *exc.records]
        raise
    return answer.summary.strip(), [*records, *reduced]


def _map(chat: ChatModel, requests: list[list[dict[str, str]]], concurrency: int) -> tuple[list[str], list[CallRecord]]:
    """Return each request's summary in order and every call record; raise the first failure with all records."""

    def one(messages: list[dict[str, str]]) -> tuple[str | None, list[CallRecord], LLMError | None]:
        try:
            answer, records = chat.complete(messages, SummaryOutput)
            return answer.summary, records, None
        except LLMError as exc:
            return None, exc.records, exc

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(requests)))) as pool:
        results = list(pool.map(one, requests))
    records = [r for _, rs, _ in results for r in rs]
    failure = next((e for _, _, e in results if e is not None), None)
    if failure is not None:
        failure.records = records
        raise failure
    return [s or "" for s, _, _ in results], records
