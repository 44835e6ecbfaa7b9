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


_NAME = r"""["'](?:offline|openai)["']"""
BACKEND_NAME_BRANCH = re.compile(
    rf"[!=]=\s*{_NAME}|{_NAME}\s*[!=]="  # == "offline", "openai" != x
    rf"|\b(?:not\s+)?in\s*[(\[{{][^)\]}}]*{_NAME}|{_NAME}\s+(?:not\s+)?in\b"  # in ("offline", ...), "openai" in x
    rf"|\bcase\s+{_NAME}|{_NAME}\s*:"  # match/case, or a dict that dispatches on the name
)
# Only the backends and the one config entry point know the names; the rest asks the backend (make_backend).
NAME_OWNERS = ("explorer/backends/", "explorer/config.py")


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ('if settings.backend == "offline":', True),
        ("if 'openai' != analysis.backend:", True),
        ('free = view.backend in ("offline", "rules")', True),
        ('if "openai" in names:', True),
        ('    case "offline":', True),
        ('makers = {"openai": ChatBackend}', True),
        ('identity = {"backend": "offline", "version": 3}', False),  # a value, not a branch
        ('parser.add_argument("--backend", help="default: openai if configured")', False),
        ('"OpenAI": None,', False),
    ],
)
def test_the_backend_name_guard_catches_a_planted_branch(line: str, flagged: bool) -> None:
    assert bool(BACKEND_NAME_BRANCH.search(line)) == flagged


def test_code_asks_the_backend_instead_of_comparing_its_name() -> None:
    root = ENGINE.parent
    project = [*SOURCES, *(root / "ui").rglob("*.py"), *(root / "app_pages").rglob("*.py"), root / "app.py"]
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in project
        if not path.relative_to(root).as_posix().startswith(NAME_OWNERS)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BACKEND_NAME_BRANCH.search(line)
    ]
    assert found == []


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
