"""The engine stays a library: no UI import, one door to the model, prompts as files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ENGINE = Path(__file__).parents[1] / "explorer"
SOURCES = sorted(ENGINE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_engine_never_imports_streamlit(path: Path) -> None:
    assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(encoding="utf-8"), re.M)


def test_only_the_llm_module_imports_openai() -> None:
    project = [*SOURCES, *sorted((ENGINE.parent / "ui").rglob("*.py")), ENGINE.parent / "app.py"]
    importers = [p.name for p in project if re.search(r"^\s*(import|from)\s+openai\b", p.read_text(), re.M)]
    assert importers == ["llm.py"]
