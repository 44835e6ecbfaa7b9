"""Settings come from one place: explicit arguments beat the environment; keys are never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.config import load_settings


@pytest.mark.parametrize(
    ("env", "explicit", "backend"),
    [
        ({}, {}, "offline"),
        ({"OPENAI_API_KEY": "sk-x"}, {}, "openai"),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, {}, "openai"),
        ({"OPENAI_API_KEY": "sk-x"}, {"backend": "offline"}, "offline"),
        ({}, {"base_url": "http://127.0.0.1:8000/v1"}, "openai"),
    ],
)
def test_backend_defaults_to_the_llm_only_when_one_is_configured(env, explicit, backend) -> None:
    assert load_settings(env=env, **explicit).backend == backend


def test_explicit_arguments_beat_the_environment(tmp_path: Path) -> None:
    env = {"EXPLORER_MODEL": "env-model", "EXPLORER_HOME": str(tmp_path / "env")}
    settings = load_settings(env=env, model="cli-model")
    assert settings.model == "cli-model"
    assert settings.home == tmp_path / "env"
    assert settings.database.parent == tmp_path / "env"


def test_the_key_is_not_in_the_settings_repr() -> None:
    settings = load_settings(env={"OPENAI_API_KEY": "sk-secret-123456"})
    assert settings.api_key == "sk-secret-123456"
    assert "sk-secret" not in repr(settings)
