"""Shared fixtures: nouns the tests ask for by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_openai import FakeOpenAI


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server on loopback, closed after the test."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def no_llm_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh EXPLORER_HOME and no LLM configured in the environment, so the backend defaults to offline."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXPLORER_MODEL", "EXPLORER_PROMPTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EXPLORER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
