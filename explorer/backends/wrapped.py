"""A backend that hands everything to another: the base for ones that change how sections run, not what they say."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Backend, BackendKind

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..calls import CallRecord
    from ..findings import SectionFindings


class WrappedBackend:
    """Passes every question and call to `inner`; a subclass overrides `extract` (a shared bound, a process pool).

    The identity stays the inner backend's, so results are cached and found under the same keys.
    """

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.kind: BackendKind = inner.kind

    @property
    def model(self) -> str | None:
        return self.inner.model

    @property
    def at_once(self) -> int:
        return self.inner.at_once

    @property
    def label(self) -> str:
        return self.inner.label

    @property
    def identity(self) -> dict[str, Any]:
        return self.inner.identity

    def summary_identity(self, context_tokens: int) -> dict[str, Any]:
        return self.inner.summary_identity(context_tokens)

    def call_overhead(self) -> int:
        return self.inner.call_overhead()

    def notes(self, text: str) -> list[str]:
        return self.inner.notes(text)

    def list_models(self) -> list[str]:
        return self.inner.list_models()

    def prepare(self) -> None:
        self.inner.prepare()

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        return self.inner.extract(section_text)

    def summarise(
        self, analysis: Analysis, style: str, words: int, context_tokens: int
    ) -> tuple[str, list[CallRecord]]:
        return self.inner.summarise(analysis, style, words, context_tokens)
