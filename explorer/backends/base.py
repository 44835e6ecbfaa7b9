"""The Backend protocol, the kinds on offer, and the one factory that turns Settings into a backend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..calls import CallRecord
    from ..config import Settings
    from ..findings import SectionFindings


@dataclass(frozen=True)
class BackendKind:
    """What is known about a backend before one is made (its settings name, label, whether it is remote) and its maker.

    Adding a backend is one entry in KINDS.
    """

    name: str  # the value of Settings.backend, stored with every result
    label: str  # how the app offers it
    remote: bool  # calls a model endpoint: it needs an address and a key, and its calls may cost money
    make: Callable[[Settings], Backend] = field(compare=False, repr=False)


def _rules(settings: Settings) -> Backend:
    from .rules import RulesBackend  # imported when chosen: spaCy stays unloaded until a section is parsed

    return RulesBackend(settings)


def _chat(settings: Settings) -> Backend:
    from .chat import ChatBackend

    return ChatBackend(settings)


OFFLINE = BackendKind("offline", "Offline analyser", remote=False, make=_rules)
LLM = BackendKind("openai", "OpenAI-compatible LLM", remote=True, make=_chat)
KINDS = (OFFLINE, LLM)


class Backend(Protocol):
    """Analyses sections and summarises articles; `identity` is everything that changes its answer."""

    kind: BackendKind

    @property
    def model(self) -> str | None:
        """Return the model results are credited to, or None when no model is called."""
        ...

    @property
    def at_once(self) -> int:
        """Return how many sections it analyses at the same time."""
        ...

    @property
    def label(self) -> str:
        """Return a one-line description for the user, e.g. 'openai (gpt-4o-mini)'."""
        ...

    @property
    def identity(self) -> dict[str, Any]:
        """Return everything that changes a section's findings (the cache key's first half)."""
        ...

    def summary_identity(self, context_tokens: int) -> dict[str, Any]:
        """Return everything besides the article, style and length that changes a summary."""
        ...

    def call_overhead(self) -> int:
        """Return the prompt tokens each section's call carries besides the section itself (0: no calls)."""
        ...

    def notes(self, text: str) -> list[str]:
        """Return what the user should know about a run on text (a fallback used, a language it handles poorly)."""
        ...

    def list_models(self) -> list[str]:
        """Return the models its endpoint offers ([] when it calls none); raise LLMError when it cannot say."""
        ...

    def prepare(self) -> None:
        """Load now what its first section will need (a model client), when a caller knows one is coming."""
        ...

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        """Return one section's findings (spans relative to it) and the model calls made; raise LLMError."""
        ...

    def summarise(
        self, analysis: Analysis, style: str, words: int, context_tokens: int
    ) -> tuple[str, list[CallRecord]]:
        """Return a summary of the analysed article and the model calls made; raise LLMError."""
        ...


def kind_named(name: str) -> BackendKind:
    """Return the backend kind called name; raise InputError for an unknown one."""
    from ..ingest import InputError

    for kind in KINDS:
        if kind.name == name:
            return kind
    raise InputError(f"Unknown backend '{name}'; choose one of {', '.join(k.name for k in KINDS)}.")


def make_backend(settings: Settings) -> Backend:
    """Return the backend the settings ask for; nothing heavy (spaCy, the SDK) is loaded until it is used."""
    return kind_named(settings.backend).make(settings)
