"""The LLM backend: each section and each summary goes to an OpenAI-compatible chat model."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from ..config import display_url
from ..prompts import prompt_hashes
from ..schema import SCHEMA_VERSION
from .base import LLM

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..calls import CallRecord
    from ..config import Settings
    from ..findings import SectionFindings
    from ..llm import ChatModel


class ChatBackend:
    """Sends each section once to the model and grounds what comes back; summaries by the same model."""

    kind = LLM

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chat: ChatModel | None = None
        self._lock = threading.Lock()  # sections run in threads: one client, so a JSON-mode fallback is noted once

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def at_once(self) -> int:
        return self.settings.concurrency

    @property
    def label(self) -> str:
        return f"{self.kind.name} ({self.settings.model})"

    @property
    def identity(self) -> dict[str, Any]:
        return {**self._endpoint(), "prompts": prompt_hashes("extract"), "schema": SCHEMA_VERSION}

    def summary_identity(self, context_tokens: int) -> dict[str, Any]:
        from ..abstractive import SUMMARY_SCHEMA_VERSION

        return {
            **self._endpoint(),
            "task": "summary",
            "prompts": prompt_hashes("summary"),
            "schema": SUMMARY_SCHEMA_VERSION,
            "context_tokens": context_tokens,
        }

    def call_overhead(self) -> int:
        from ..extractors import extraction_messages
        from ..tokens import count_tokens

        return sum(count_tokens(m["content"], self.settings.model) for m in extraction_messages(""))

    def notes(self, text: str) -> list[str]:
        return self._chat.notes if self._chat is not None else []

    def list_models(self) -> list[str]:
        return self.chat.list_models()

    def prepare(self) -> None:
        """Load the SDK and build the client now (most of a second of CPU) rather than inside the first call."""
        from ..calls import LLMError

        with contextlib.suppress(LLMError):  # an unusable URL: every call fails with the reason, as without this
            self.chat.connect()

    def extract(self, section_text: str) -> tuple[SectionFindings, list[CallRecord]]:
        from ..extractors import extraction_messages, ground_extraction
        from ..schema import SectionExtraction

        extraction, records = self.chat.complete(extraction_messages(section_text), SectionExtraction)
        return ground_extraction(extraction, section_text), records

    def summarise(
        self, analysis: Analysis, style: str, words: int, context_tokens: int
    ) -> tuple[str, list[CallRecord]]:
        from ..abstractive import llm_summary

        return llm_summary(analysis, style, words, self.chat, context_tokens)

    @property
    def chat(self) -> ChatModel:
        """The model client, made on first use: a fully cached run never imports the SDK."""
        with self._lock:
            if self._chat is None:
                from ..llm import ChatModel

                self._chat = ChatModel(self.settings)
            return self._chat

    def _endpoint(self) -> dict[str, Any]:
        s = self.settings
        return {
            "backend": self.kind.name,
            "model": s.model,
            "endpoint": display_url(s.base_url) if s.base_url else "openai",  # no password in a cache key
            "temperature": s.temperature,
        }
