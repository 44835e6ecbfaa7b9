"""The offline backend: spaCy rules for findings, whole article sentences for summaries; no network, no key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..limits import offline_language_note
from ..schema import SCHEMA_VERSION
from .base import OFFLINE

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..calls import CallRecord
    from ..config import Settings
    from ..findings import SectionFindings
    from ..offline import OfflineExtractor

EXTRACTIVE_VERSION = "1"  # bump whenever the extractive summariser changes: it is part of the cache key


class RulesBackend:
    """The rule analyser behind the Backend protocol; spaCy is loaded by the first section it parses."""

    kind = OFFLINE
    model = None
    at_once = 1  # one parser: sections take turns

    def __init__(self, settings: Settings | None = None) -> None:
        self._extractor: OfflineExtractor | None = None

    @property
    def label(self) -> str:
        return self.kind.name

    @property
    def identity(self) -> dict[str, Any]:
        from ..offline.extractor import rules_identity

        return {**rules_identity(), "schema": SCHEMA_VERSION}

    def summary_identity(self, context_tokens: int) -> dict[str, Any]:
        from ..offline.nlp import model_label

        return {
            "backend": self.kind.name,
            "task": "summary",
            "summariser": "extractive",
            "version": EXTRACTIVE_VERSION,
            "nlp": model_label(),
        }

    def call_overhead(self) -> int:
        return 0

    def notes(self, text: str) -> list[str]:
        return [n for n in [offline_language_note(text)] if n]

    def list_models(self) -> list[str]:
        return []

    def prepare(self) -> None:
        """Nothing: spaCy loads with the first section (or once for a corpus run's worker processes)."""

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        if self._extractor is None:
            from ..offline import OfflineExtractor

            self._extractor = OfflineExtractor()
        return self._extractor.extract(section_text), []

    def summarise(
        self, analysis: Analysis, style: str, words: int, context_tokens: int
    ) -> tuple[str, list[CallRecord]]:
        from ..extractive import extractive_summary

        return extractive_summary(analysis, style, words), []
