"""Shared fixtures: nouns the tests ask for by name."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.config import Settings, load_settings
from explorer.offline import OfflineExtractor
from tests.fake_openai import FakeOpenAI

REPO = Path(__file__).resolve().parents[1]


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


@pytest.fixture
def llm(fake_llm: FakeOpenAI, tmp_path: Path) -> Settings:
    """Settings for the LLM backend on the scripted endpoint: a fresh store, a priced model, no retries."""
    return load_settings(
        env={},
        backend="openai",
        base_url=fake_llm.base_url,
        api_key="k",
        model="gpt-4o-mini",
        home=tmp_path / "home",
        max_retries=0,
        timeout=30.0,
    )


@pytest.fixture
def prompts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An editable copy of the project's prompts folder, which the engine reads instead of the shipped one."""
    folder = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", folder)
    monkeypatch.setenv("EXPLORER_PROMPTS", str(folder))
    return folder


@pytest.fixture(scope="session")
def extractor() -> OfflineExtractor:
    """One offline extractor for every test: loading spaCy is the slow part."""
    return OfflineExtractor()
