"""`explorer summarize` and `explorer check-summary` as a user runs them: offline, over HTTP, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply
from tests.summary_articles import TRANSPORT_LAW


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    """Every test here runs offline in a fresh EXPLORER_HOME."""
    return no_llm_env


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "transport.txt"
    path.write_text(TRANSPORT_LAW, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "summary.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("style", "prefix"), [("neutral", "The union leader Karin Holt said"), ("bullets", "- ")])
def test_summarize_prints_an_attributed_summary(article, capsys, style, prefix):
    assert main(["summarize", str(article), "--style", style, "--words", "60"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(prefix) and "Karin Holt said" in out
    assert len(out.replace("- ", "").split()) <= 60
    assert f"summary: offline · {style}" in err


@pytest.mark.parametrize(
    ("summary", "kinds"),
    [
        ("The new transport law will destroy thousands of port jobs.", ["stated_as_fact"]),
        ("The union leader warned that the law will destroy thousands of port jobs.", []),
        ("The transport minister said the law will destroy thousands of jobs.", ["wrong_speaker"]),
    ],
)
def test_check_summary_prints_flags_and_coverage_as_json(article, tmp_path, capsys, summary, kinds):
    assert main(["check-summary", str(article), str(write(tmp_path, summary))]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in result["flags"]] == kinds
    assert all({"sentence", "reason", "claim", "speaker"} <= set(f) for f in result["flags"])
    assert result["coverage"]["claims_covered"] == 1


def test_no_flags_is_an_empty_list(article, tmp_path, capsys):
    main(["check-summary", str(article), str(write(tmp_path, "Karin Holt warned about the law."))])
    assert json.loads(capsys.readouterr().out)["flags"] == []


def test_check_summary_as_a_table(article, tmp_path, capsys):
    summary = write(tmp_path, "The new transport law will destroy thousands of port jobs.")
    assert main(["check-summary", str(article), str(summary), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "stated_as_fact: The new transport law" in out and "attributes this to Karin Holt" in out
    assert "claims covered 1/" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check-summary", "{article}", "missing.txt"], "error: No such file: missing.txt"),
        (["summarize", "missing.txt"], "error: "),
        (["summarize", "{article}", "--words", "5"], "error: A summary needs a target of at least 10 words."),
    ],
)
def test_errors_are_one_line(article, capsys, argv, message):
    assert main([a.format(article=article) for a in argv]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(message) and "Traceback" not in "".join(err)


def test_summarize_over_http(article, capsys, fake_llm: FakeOpenAI):
    def reply(request):
        if "news editor" in request["messages"][0]["content"]:
            return Reply(json={"summary": "Karin Holt warned that the law will cost port jobs."})
        return faithful_reply(request)

    fake_llm.default = reply
    argv = ["summarize", str(article), "--backend", "openai", "--base-url", fake_llm.base_url, "--model", "fake-model"]
    assert main(argv) == 0
    assert capsys.readouterr().out == "Karin Holt warned that the law will cost port jobs.\n"
    assert main(argv) == 0
    assert "summary: fake-model · neutral (cached)" in capsys.readouterr().err


def test_a_failing_endpoint_is_one_line(article, capsys, fake_llm: FakeOpenAI):
    fake_llm.default = lambda request: (
        Reply(status=500) if "news editor" in request["messages"][0]["content"] else faithful_reply(request)
    )
    argv = ["summarize", str(article), "--backend", "openai", "--base-url", fake_llm.base_url]
    assert main(argv) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: The endpoint")
