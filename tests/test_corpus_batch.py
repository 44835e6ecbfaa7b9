"""`explorer corpus run --llm-batch`: sections go through /v1/files + /v1/batches; a rerun collects them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.corpus import open_corpus
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply

ARTICLES = {f"q{i}": f"“The quay floods every spring {i},” said Mara Lind." for i in range(3)}


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    return no_llm_env


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in ARTICLES.items()))
    return path


def run(fake: FakeOpenAI, source: Path, out: Path, capsys) -> tuple[int, str]:
    argv = ["corpus", "run", str(source), "-o", str(out), "--backend", "openai", "--base-url", fake.base_url]
    code = main([*argv, "--llm-batch"])
    return code, capsys.readouterr().err


def paths(fake: FakeOpenAI) -> list[str]:
    return [f"{r.method} {'/'.join(r.path.split('/')[:3])}" for r in fake.requests]  # without the ids


def analysed(out: Path) -> list[str]:
    con = open_corpus(out)
    try:
        return sorted(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall())
    finally:
        con.close()


def test_a_batch_is_sent_once_and_collected_by_the_next_run(fake_llm, source, tmp_path, capsys):
    fake_llm.default = faithful_reply
    out = tmp_path / "out"
    code, err = run(fake_llm, source, out, capsys)
    assert code == 0 and "sent 3 sections as batch batch-1" in err and "3 articles wait" in err
    assert paths(fake_llm) == ["POST /v1/files", "POST /v1/batches"] and not fake_llm.chat_requests
    assert json.loads((out / "batches.json").read_text())["batches"][0]["id"] == "batch-1"
    assert analysed(out) == []
    code, err = run(fake_llm, source, out, capsys)
    assert code == 0 and "3 articles analysed" in err
    assert analysed(out) == sorted(ARTICLES) and not fake_llm.chat_requests
    assert paths(fake_llm)[2:] == ["GET /v1/batches", "GET /v1/files"]  # looked up and downloaded, nothing resent
    sent = len(fake_llm.requests)
    code, err = run(fake_llm, source, out, capsys)
    assert "3 already done" in err and len(fake_llm.requests) == sent


def test_a_batch_under_way_is_not_sent_again(fake_llm, source, tmp_path, capsys):
    fake_llm.default, fake_llm.batch_polls = faithful_reply, 1
    out = tmp_path / "out"
    run(fake_llm, source, out, capsys)
    code, err = run(fake_llm, source, out, capsys)
    assert "batch batch-1 is still in_progress" in err and "sent" not in err and len(fake_llm.batches) == 1
    code, err = run(fake_llm, source, out, capsys)
    assert analysed(out) == sorted(ARTICLES) and len(fake_llm.batches) == 1


def test_batch_mode_needs_an_llm_backend(source, tmp_path, capsys):
    code = main(["corpus", "run", str(source), "-o", str(tmp_path / "out"), "--backend", "offline", "--llm-batch"])
    assert code == 1 and "--llm-batch needs an LLM backend" in capsys.readouterr().err
