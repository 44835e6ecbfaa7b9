"""Summaries that keep who said what: LLM (map-reduce for long articles) or extractive offline, cached."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel, Field

from .analysis import Analysis, Usage
from .checking import Speaker, names, resolve_speaker, speakers
from .config import Settings, load_settings
from .findings import Claim
from .llm import CallRecord, ChatModel, LLMError
from .pipeline import open_store
from .prompts import as_data, load_template
from .sections import Section, split_sections
from .storage import Store
from .tokens import count_tokens

STYLES = {
    "neutral": "Neutral brief",
    "bullets": "Bullet points",
    "who_says_what": "Who says what",
    "abstract": "One-paragraph abstract",
}
DEFAULT_WORDS = 120
DEFAULT_CONTEXT_TOKENS = 6000  # prompt tokens one call may carry before the article is split
SUMMARY_SCHEMA_VERSION = 1
EXTRACTIVE_VERSION = "1"
MAX_UNIT_SENTENCES = 3  # a claim, its speaker's sentence and at most one in between
SPEAKER_LOOKBACK = 2


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
) -> SummaryResult:
    """Return a summary of the analysed article; raise ValueError for a bad style/length, LLMError on failure."""
    _validate(style, words, context_tokens)
    settings = settings or load_settings()
    notes: list[str] = []
    if store is None:
        store, warning = open_store(settings)
        notes += [warning] if warning else []
    llm = settings.backend == "openai"
    identity = summary_identity(settings, style, context_tokens) if llm else extractive_identity()
    key = summary_key(identity, analysis, style, words)
    model = settings.model if llm else None
    cached = _guarded(notes, store.cache.get, key) if store else None
    if cached is not None:
        return SummaryResult(
            text=cached["text"],
            style=style,
            words=words,
            backend=identity["backend"],
            model=model,
            cached=True,
            notes=notes,
        )
    try:
        text, records = (
            llm_summary(analysis, style, words, settings, context_tokens)
            if llm
            else (extractive_summary(analysis, style, words), [])
        )
    except LLMError as exc:
        _log(store, notes, exc.records, settings, key)
        raise
    _log(store, notes, records, settings, key)
    if store:
        _guarded(notes, store.cache.put, key, identity["backend"], {"text": text})
    return SummaryResult(
        text=text,
        style=style,
        words=words,
        backend=identity["backend"],
        model=model,
        usage=_usage(records),
        notes=notes,
    )


def _validate(style: str, words: int, context_tokens: int) -> None:
    if style not in STYLES:
        raise ValueError(f"Unknown summary style '{style}'; choose one of {', '.join(STYLES)}.")
    if words < 10:
        raise ValueError("A summary needs a target of at least 10 words.")
    if context_tokens < 200:
        raise ValueError("The context budget must be at least 200 tokens.")


def summary_identity(settings: Settings, style: str, context_tokens: int) -> dict[str, Any]:
    """Return everything that changes an LLM summary's answer besides the article and length."""
    prompts = [
        "summary_system",
        f"summary_style_{style}",
        "summary_user",
        "summary_section_user",
        "summary_reduce_user",
    ]
    return {
        "backend": "openai",
        "task": "summary",
        "model": settings.model,
        "endpoint": settings.base_url or "openai",
        "temperature": settings.temperature,
        "prompts": [load_template(n).sha256 for n in prompts],
        "schema": SUMMARY_SCHEMA_VERSION,
        "context_tokens": context_tokens,
    }


def extractive_identity() -> dict[str, Any]:
    """Return the offline summariser's identity (its rules and spaCy model)."""
    from .offline.nlp import model_label

    return {
        "backend": "offline",
        "task": "summary",
        "summariser": "extractive",
        "version": EXTRACTIVE_VERSION,
        "nlp": model_label(),
    }


def summary_key(identity: dict[str, Any], analysis: Analysis, style: str, words: int) -> str:
    """Return the cache key: backend identity, style, length, article text and its claims."""
    claims = [[c.speaker, c.text, c.span, c.quote] for c in analysis.claims]
    payload = {
        "identity": identity,
        "style": style,
        "words": words,
        "text": analysis.text_hash,
        "claims": hashlib.sha256(json.dumps(claims, ensure_ascii=False).encode("utf-8")).hexdigest(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


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
    analysis: Analysis, style: str, words: int, settings: Settings, context_tokens: int
) -> tuple[str, list[CallRecord]]:
    """Return the model's summary: one call when the article fits the budget, else map-reduce."""
    chat = ChatModel(settings)
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


# --- Offline path --------------------------------------------------------------


def extractive_summary(analysis: Analysis, style: str = "neutral", words: int = DEFAULT_WORDS) -> str:
    """Return whole article sentences carrying the main claims of the most prominent actors, in article order."""
    from .offline.nlp import load_nlp

    sentences = [(s.start_char, s.end_char, " ".join(s.text.split())) for s in load_nlp()(analysis.text).sents]
    sentences = [s for s in sentences if s[2]]
    units = [u for c, sp in ranked_claims(analysis) if (u := claim_unit(c, sp, sentences))]
    lead = next((i for i, s in enumerate(sentences[:3]) if _is_lead(s[2])), None)
    if style != "who_says_what" and lead is not None:
        units = [[lead], *units]  # the lead carries the news itself; "who says what" keeps to the claims
    chosen = _fill(units or [[i] for i in range(len(sentences))], sentences, words)
    lines = [sentences[i][2] for i in sorted(chosen)]
    return "\n".join(f"- {line}" for line in lines) if style == "bullets" else " ".join(lines)


def _is_lead(sentence: str) -> bool:
    """Return whether the opening sentence is news, not a headline or a dateline alone."""
    return len(sentence.split()) >= 8 and sentence.rstrip()[-1:] in ".!?\"”'’"


def prominence(analysis: Analysis) -> dict[str, int]:
    """Return each speaker's prominence: actor mentions plus claims."""
    score = {a.name: len(a.mentions) for a in analysis.actors}
    known = speakers(analysis)
    for claim in analysis.claims:
        speaker = resolve_speaker(claim, known)
        if speaker:
            score[speaker.name] = score.get(speaker.name, 0) + 1
    return score


def ranked_claims(analysis: Analysis) -> list[tuple[Claim, Speaker]]:
    """Return attributed claims round-robin over speakers by prominence, each speaker's in article order."""
    known, score = speakers(analysis), prominence(analysis)
    by_speaker: dict[str, list[tuple[Claim, Speaker]]] = {}
    for claim in sorted((c for c in analysis.claims if c.span), key=lambda c: c.span or (0, 0)):
        speaker = resolve_speaker(claim, known)
        if speaker:
            by_speaker.setdefault(speaker.name, []).append((claim, speaker))
    queues = sorted(by_speaker.values(), key=lambda q: (-score.get(q[0][1].name, 0), q[0][0].span))
    return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]


def claim_unit(claim: Claim, speaker: Speaker, sentences: list[tuple[int, int, str]]) -> list[int] | None:
    """Return the sentence indexes that carry a claim together with its named speaker, or None."""
    spans = [s for s in (claim.span, claim.speaker_span) if s]
    hits = [i for i, (start, end, _) in enumerate(sentences) if any(a < end and start < b for a, b in spans)]
    if not hits or hits[-1] - hits[0] >= MAX_UNIT_SENTENCES:
        return None
    first, last = hits[0], hits[-1]
    for back in range(first, max(-1, first - SPEAKER_LOOKBACK - 1), -1):
        if last - back >= MAX_UNIT_SENTENCES:
            break
        if names(sentences[back][2], speaker):
            return list(range(back, last + 1))
    return None  # the speaker is only a pronoun here: never invent a name, pick another claim


def _fill(units: list[list[int]], sentences: list[tuple[int, int, str]], words: int) -> set[int]:
    """Return the sentences of the units that fit the word budget, in priority order; at least one unit."""
    chosen: set[int] = set()
    used = 0
    for unit in units:
        new = [i for i in unit if i not in chosen]
        cost = sum(len(sentences[i][2].split()) for i in new)
        if used + cost <= words or not chosen:
            chosen |= set(new)
            used += cost
    return chosen


# --- Store helpers ---------------------------------------------------------------


def _guarded(notes: list[str], action: Callable[..., Any], *args: Any) -> Any:
    try:
        return action(*args)
    except Exception as exc:  # a full or read-only disk must not lose the summary itself
        warning = f"The store could not be used ({exc}); the summary is shown but not saved."
        if warning not in notes:
            notes.append(warning)
        return None


def _log(store: Store | None, notes: list[str], records: list[CallRecord], settings: Settings, key: str) -> None:
    for record in records if store else []:
        _guarded(notes, store.calls.add, record, settings.base_url, key)


def _usage(records: list[CallRecord]) -> Usage:
    return Usage(
        calls=len(records),
        prompt_tokens=sum(r.prompt_tokens for r in records),
        completion_tokens=sum(r.completion_tokens for r in records),
    )
