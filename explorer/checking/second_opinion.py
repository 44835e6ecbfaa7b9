"""A second opinion from the model on the summary sentences the rules are unsure about: one call, cached."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..analysis import Analysis
from ..backends import kind_named
from ..calls import CallRecord, LLMError
from ..config import Settings
from ..prompts import as_data, load_template
from ..storage import Store
from .flags import Flag, SentenceCheck

OPINION_SCHEMA_VERSION = 1
PROMPTS = ("check_system", "check_user")
# The rules' own verdicts that the model's opinion replaces; names and quotations are checked exactly.
JUDGED_KINDS = ("stated_as_fact", "wrong_speaker")
NOTHING_SAYS_THIS = "not supported by the article: no article sentence says this"


class Verdict(BaseModel):
    """The model's verdict on one numbered summary sentence."""

    sentence: int
    verdict: Literal["ok", "stated_as_fact", "wrong_speaker", "unsupported"]
    reason: str = ""


class Opinion(BaseModel):
    """The model's verdicts on the sentences it was shown."""

    verdicts: list[Verdict] = Field(default_factory=list)


class ModelReview:
    """Asks the configured model about unsure sentences, once per summary, through the store's cache."""

    def __init__(self, settings: Settings, store: Store | None) -> None:
        self.settings, self.store = settings, store
        self.notes: list[str] = []

    def __call__(self, analysis: Analysis, checks: list[SentenceCheck]) -> list[SentenceCheck]:
        """Return the checks with the model's verdicts in place of the rules' on every unsure sentence."""
        unsure = [(i, c) for i, c in enumerate(checks) if c.unsure]
        if not unsure:
            return checks
        messages = opinion_messages(analysis, checks, [i for i, _ in unsure])
        try:
            opinion = self._cached_opinion(messages)
        except LLMError as exc:
            self.notes.append(f"The model's second opinion failed, so only the rules' flags are shown: {exc}")
            return checks
        verdicts = {v.sentence: v for v in opinion.verdicts}
        return [_judged(c, verdicts.get(n)) if c.unsure else c for n, c in enumerate(checks, 1)]

    def _cached_opinion(self, messages: list[dict[str, str]]) -> Opinion:
        """Return the model's opinion on these messages from the cache, else ask once and cache the answer."""
        key = opinion_key(self.settings, messages)
        cached = self.store.cache.get(key) if self.store else None
        if cached is not None:
            return Opinion.model_validate(cached)
        from ..llm import ChatModel  # the SDK loads only when a model is asked

        records: list[CallRecord] = []
        try:
            opinion, records = ChatModel(self.settings).complete(messages, Opinion)
        except LLMError as exc:
            records = exc.records
            raise
        finally:
            for record in records if self.store else []:
                self.store.calls.add(record, self.settings.base_url, key)  # type: ignore[union-attr]
        if self.store:
            self.store.cache.put(key, "openai", opinion.model_dump(mode="json"))
        return opinion


def model_review(settings: Settings, store: Store | None) -> ModelReview | None:
    """Return a reviewer when a model is configured, else None (the rules stand alone)."""
    return ModelReview(settings, store) if kind_named(settings.backend).remote else None


def opinion_messages(analysis: Analysis, checks: list[SentenceCheck], unsure: list[int]) -> list[dict[str, str]]:
    """Return the chat messages: the article, the claims relevant to the unsure sentences, the sentences."""
    claims = {id(item.claim): item for i in unsure for item in checks[i].claims}
    claim_lines = [f"- {item.speaker.name}: {' '.join(item.claim.text.split())}" for item in claims.values()]
    sentence_lines = []
    for i in unsure:
        before = f" (after: “{checks[i - 1].text}”)" if i else ""
        sentence_lines.append(f"{i + 1}. {checks[i].text}{before}")
    user = load_template("check_user").fill(
        article=as_data(analysis.text),
        claims=as_data("\n".join(claim_lines) or "(none)"),
        sentences=as_data("\n".join(sentence_lines)),
    )
    return [{"role": "system", "content": load_template("check_system").text}, {"role": "user", "content": user}]


def opinion_key(settings: Settings, messages: list[dict[str, str]]) -> str:
    """Return the cache key: model, endpoint, temperature, prompt files, schema and the messages themselves."""
    payload: dict[str, Any] = {
        "task": "summary-check",
        "model": settings.model,
        "endpoint": settings.base_url or "openai",
        "temperature": settings.temperature,
        "prompts": [load_template(n).sha256 for n in PROMPTS],
        "schema": OPINION_SCHEMA_VERSION,
        "messages": messages,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def _judged(check: SentenceCheck, verdict: Verdict | None) -> SentenceCheck:
    """Return the check with the rules' attribution verdict replaced by the model's, when it gave one."""
    if verdict is None:
        return check
    kept = [f for f in check.flags if f.kind not in JUDGED_KINDS and f.reason != NOTHING_SAYS_THIS]
    if verdict.verdict != "ok":
        best = check.claims[0] if check.claims else None
        kept.insert(
            0,
            Flag(
                sentence=check.text,
                reason=verdict.reason or verdict.verdict.replace("_", " "),
                claim=best.claim.text if best else None,
                speaker=best.speaker.name if best else None,
                kind=verdict.verdict,
                source="model",
            ),
        )
    return SentenceCheck(check.text, kept, check.unsure, check.claims)
