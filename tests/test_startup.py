"""Start-up: the CLI imports what a command needs when it runs, so `--help` and cached answers are quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "pandas", "openai")
ARTICLE = "“The quay is safe,” said Tomas Berg.\n\nMara Lind criticised Tomas Berg over the delays.\n"


def _run(code: str, env: dict[str, str]) -> dict:
    """Run code in a fresh interpreter; return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def _env(home: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXPLORER_"))}
    return keep | {"EXPLORER_HOME": str(home), **extra}


def _imported_after(args: list[str]) -> str:
    return (
        "import contextlib, io, json, sys\n"
        "from explorer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    code = main({args!r})\n"
        f"print(json.dumps({{'code': code, 'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))"
    )


def test_importing_the_cli_loads_no_heavy_library(tmp_path):
    code = f"import json, sys, explorer.cli\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    assert _run(code, _env(tmp_path)) == []


@pytest.mark.parametrize("backend", ["offline", "openai"])
def test_a_cached_article_is_answered_without_spacy_or_the_sdk(backend, tmp_path, fake_llm: FakeOpenAI):
    fake_llm.default = faithful_reply
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = _env(tmp_path / "home", OPENAI_BASE_URL=fake_llm.base_url, OPENAI_API_KEY="k")
    args = ["analyze", str(article), "--backend", backend]  # the default output: readable tables
    first = _run(_imported_after(args), env)
    again = _run(_imported_after(args), env)
    assert first["code"] == again["code"] == 0
    assert again["heavy"] == []  # the section came from the store: no parser, no client, no tables


def test_a_corpus_run_served_from_the_section_cache_never_loads_the_sdk(tmp_path, fake_llm: FakeOpenAI):
    fake_llm.default = faithful_reply
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    env = _env(tmp_path / "home", OPENAI_BASE_URL=fake_llm.base_url, OPENAI_API_KEY="k")
    args = ["corpus", "run", str(source), "--backend", "openai", "-o"]
    first = _run(_imported_after([*args, str(tmp_path / "out")]), env)
    again = _run(_imported_after([*args, str(tmp_path / "other")]), env)  # a new folder, the same store
    assert first["code"] == again["code"] == 0 and "openai" in first["heavy"]
    assert "openai" not in again["heavy"] and len(fake_llm.chat_requests) == 1


def test_a_cached_summary_is_answered_without_spacy_or_pandas(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = _env(tmp_path / "home")
    args = ["summarize", str(article), "--backend", "offline"]
    assert _run(_imported_after(args), env)["code"] == 0
    again = _run(_imported_after(args), env)
    assert again == {"code": 0, "heavy": []}


def test_the_app_pages_start_without_the_sdk(tmp_path):
    modules = "app, ui.sidebar, ui.running, ui.results, ui.article_input, ui.session"
    code = (
        "import contextlib, io, json, logging, sys\n"
        "logging.disable(logging.CRITICAL)\n"  # bare mode: streamlit warns it is not served
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    import {modules}\n"
        "print(json.dumps('openai' in sys.modules))"
    )
    assert _run(code, _env(tmp_path)) is False  # the SDK waits for "Test connection" or an LLM run
