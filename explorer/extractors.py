"""Backends that turn one section into grounded findings: the LLM and the offline analyser."""

from __future__ import annotations

from typing import Any, Protocol

from .config import Settings, display_url
from .findings import Actor, Claim, SectionFindings, Stance
from .grounding import locate, locate_all
from .llm import CallRecord, ChatModel
from .prompts import as_data, load_template
from .schema import SCHEMA_VERSION, ClaimItem, SectionExtraction


class Extractor(Protocol):
    """Anything that analyses a section; `identity` is everything that changes its answer."""

    parallel: bool

    @property
    def identity(self) -> dict[str, Any]: ...

    def run(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]: ...


class LLMExtractor:
    """Sends each section once to an OpenAI-compatible model and grounds what comes back."""

    parallel = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = ChatModel(settings)

    @property
    def identity(self) -> dict[str, Any]:
        return llm_identity(self.settings)

    @property
    def notes(self) -> list[str]:
        """Return what the user should know about how the model was called (e.g. a JSON-mode fallback)."""
        return self.model.notes

    def messages(self, section_text: str) -> list[dict[str, str]]:
        """Return the chat messages for one section."""
        return extraction_messages(section_text)

    def run(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        extraction, records = self.model.complete(self.messages(section_text), SectionExtraction)
        return ground_extraction(extraction, section_text), records


class OfflineBackend:
    """The spaCy rule analyser behind the same interface; no network, no key."""

    parallel = False

    def __init__(self) -> None:
        from .offline import OfflineExtractor  # loads spaCy only when the offline path is used

        self._extractor = OfflineExtractor()

    @property
    def identity(self) -> dict[str, Any]:
        return {**self._extractor.identity, "schema": SCHEMA_VERSION}

    def run(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        return self._extractor.extract(section_text), []


def llm_identity(settings: Settings) -> dict[str, Any]:
    """Return everything that changes an LLM's answer for a section (the cache key's first half)."""
    return {
        "backend": "openai",
        "model": settings.model,
        "endpoint": display_url(settings.base_url) if settings.base_url else "openai",
        "temperature": settings.temperature,
        "prompts": [
            load_template(n).sha256 for n in ("extract_system", "extract_user", "reask_user", "json_mode_system")
        ],
        "schema": SCHEMA_VERSION,
    }


def extraction_messages(section_text: str) -> list[dict[str, str]]:
    """Return the chat messages for one section: fixed instructions, then the section as data."""
    return [
        {"role": "system", "content": load_template("extract_system").fill()},
        {"role": "user", "content": load_template("extract_user").fill(section=as_data(section_text))},
    ]


def make_extractor(settings: Settings) -> Extractor:
    """Return the backend the settings ask for."""
    return LLMExtractor(settings) if settings.backend == "openai" else OfflineBackend()


def ground_extraction(extraction: SectionExtraction, text: str) -> SectionFindings:
    """Return findings whose spans point at the section's exact words; unlocated items are ungrounded."""
    actors = [
        Actor(
            name=a.name,
            type=a.type,
            title=a.title,
            aliases=_aliases(a.name, a.aliases),
            mentions=_mentions(a.name, a.aliases, text),
        )
        for a in extraction.actors
    ]
    claims = [_ground_claim(c, text) for c in extraction.claims]
    stances = []
    for s in extraction.stances:
        span = locate(s.evidence, text)
        evidence = text[span[0] : span[1]] if span else s.evidence
        confidence = min(max(s.confidence, 0.0), 1.0)
        stances.append(
            Stance(
                source=s.source,
                target=s.target,
                stance=s.stance,
                evidence=evidence,
                span=span,
                confidence=confidence,
                grounded=span is not None,
            )
        )
    return SectionFindings(actors=actors, claims=claims, stances=stances)


def _ground_claim(item: ClaimItem, text: str) -> Claim:
    span = locate(item.text, text)
    speaker_span = _nearest(item.speaker_mention or item.speaker, text, span[0] if span else None)
    return Claim(
        speaker=item.speaker,
        speaker_span=speaker_span,
        text=text[span[0] : span[1]] if span else item.text,
        span=span,
        quote=item.quote,
        cue=item.cue,
        grounded=span is not None,
    )


def _nearest(words: str | None, text: str, position: int | None) -> tuple[int, int] | None:
    spans = locate_all(words or "", text) or locate_all(words or "", text, ignore_case=True)  # "the" vs "The"
    if not spans:
        return None
    return spans[0] if position is None else min(spans, key=lambda s: abs(s[0] - position))


def _aliases(name: str, aliases: list[str]) -> list[str]:
    return sorted({a.strip() for a in aliases if a.strip() and a.strip() != name})


def _mentions(name: str, aliases: list[str], text: str) -> list[tuple[int, int]]:
    spans = sorted({span for words in [name, *aliases] for span in locate_all(words, text)})
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
