"""Shared fixtures: nouns the tests ask for by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_openai import FakeOpenAI


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server on loopback, closed after the test."""
    with FakeOpenAI() as server:
        yield server
