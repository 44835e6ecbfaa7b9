"""The LLM summariser: prompts that carry the article's claims, one call or map-reduce for long articles."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .analysis import Analysis
from .calls import CallRecord, LLMError
from .prompts import as_data, load_template
from .sections import Section, split_sections
from .tokens import count_tokens

if TYPE_CHECKING:
    from .llm import ChatModel

SUMMARY_SCHEMA_VERSION = 1


class SummaryOutput(BaseModel):
    """What the model returns for one summary call."""

    summary: str


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
