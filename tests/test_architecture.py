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


BACKEND_NAME_COMPARISON = re.compile(r"""[!=]=\s*["'](offline|openai)["']|["'](offline|openai)["']\s*[!=]=""")
MAX_BACKEND_NAME_COMPARISONS = 2  # the rest of the code asks the backend (make_backend) instead


def test_code_asks_the_backend_instead_of_comparing_its_name() -> None:
    project = [*SOURCES, *(ENGINE.parent / "ui").rglob("*.py"), *(ENGINE.parent / "pages").rglob("*.py")]
    found = [
        f"{path.relative_to(ENGINE.parent)}:{number}"
        for path in [*project, ENGINE.parent / "app.py"]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BACKEND_NAME_COMPARISON.search(line)
    ]
    assert len(found) <= MAX_BACKEND_NAME_COMPARISONS, found


def test_every_error_the_engine_raises_on_purpose_shares_one_root() -> None:
    from explorer.calls import LLMError
    from explorer.errors import ExplorerError
    from explorer.ingest import InputError
    from explorer.prompts import PromptError
    from explorer.storage import StoreError

    assert all(issubclass(error, ExplorerError) for error in (InputError, LLMError, PromptError, StoreError))


@pytest.mark.parametrize("path", sorted((ENGINE / "backends").glob("*.py")), ids=lambda p: p.name)
def test_backends_never_import_the_layers_that_use_them(path: Path) -> None:
    above = r"\.\.(pipeline|planning|summaries|evaluation|cli|corpus)\b"
    assert not re.search(rf"^\s*from\s+{above}", path.read_text(encoding="utf-8"), re.M)
