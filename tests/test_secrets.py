"""Canary: a recognisable fake key goes through every path and is found nowhere it should not be."""

from __future__ import annotations

import io
import logging
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from explorer import analyse_article, load_settings
from explorer.abstractive import SummaryOutput
from explorer.cli import main
from explorer.export import analysis_json, excel_workbook, markdown_report, table_csv
from explorer.llm import ChatModel, LLMError
from explorer.storage import SavedAnalysis, Store
from explorer.summaries import summarize
from tests.articles import long_article
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply

CANARY = "sk-canary-7f3e9a1b2c4d"
FRAGMENT = "7f3e9a1b2c4d"  # also catches a key cut short or partly masked
ROOT = Path(__file__).parents[1]
ECHO = {
    "error": {
        "message": f"Incorrect API key provided: {CANARY}. Header was 'Bearer {CANARY}'.",
        "type": "invalid_request_error",
        "code": "invalid_api_key",
    }
}


def answer(request_json: Any) -> Reply:
    """Answer extraction and summary requests alike."""
    if request_json["response_format"].get("json_schema", {}).get("name") == SummaryOutput.__name__:
        return Reply(json={"summary": "Mara Lind said the harbour plan will cost the town its fleet."})
    return faithful_reply(request_json)


def leaks(data: bytes | str) -> bool:
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    return FRAGMENT.encode() in raw


def files_under(home: Path) -> dict[str, bytes]:
    """Return every file's bytes under home."""
    return {str(p): p.read_bytes() for p in home.rglob("*") if p.is_file()}


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "explorer-home"


def test_the_key_is_nowhere_in_the_store_outputs_errors_or_logs(
    fake_llm: FakeOpenAI,
    home: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)  # the openai and httpx loggers talk at debug level
    fake_llm.default = answer
    settings = load_settings(
        env={"OPENAI_API_KEY": CANARY, "OPENAI_BASE_URL": fake_llm.base_url, "EXPLORER_HOME": str(home)},
        model="fake-model",
        section_tokens=60,
        max_retries=0,
    )
    assert settings.api_key == CANARY and CANARY not in repr(settings)
    outputs: list[bytes | str] = []

    store = Store(settings.database)
    analysis = analyse_article(long_article(6), "Harbour", settings, store=store)
    fake_llm.script(Reply(status=401, error_body=ECHO))
    failed = analyse_article("“The tide is late,” said Tomas Berg.", None, settings, store=store)
    summary = summarize(analysis, "neutral", 40, settings, store)
    store.summaries.add("a1", summary.text, summary.source)
    store.analyses.save("a1", SavedAnalysis(analysis=analysis))
    fake_llm.script(Reply(status=403, error_body=ECHO))
    with pytest.raises(LLMError) as refused:
        ChatModel(settings).complete([{"role": "user", "content": "hi"}], SummaryOutput)
    fake_llm.models = [f"model-for-{CANARY}"]  # a 404 lists models: even a key-shaped id is redacted
    fake_llm.script(Reply(status=404, error_body=ECHO))
    with pytest.raises(LLMError) as missing:
        ChatModel(settings).complete([{"role": "user", "content": "hi"}], SummaryOutput)
    wal_files = files_under(home)  # read while the store is open: the WAL and SHM files hold recent writes

    assert failed.failed_sections and "rejected the API key" in (failed.failed_sections[0].error or "")
    assert any(name.endswith("-wal") for name in wal_files)
    outputs += [
        analysis.model_dump_json(),
        failed.model_dump_json(),
        summary.model_dump_json(),
        str(refused.value),
        str(missing.value),
        repr(refused.value.records),
        repr(missing.value.records),
    ]
    outputs += [analysis_json(analysis), markdown_report(analysis)]
    outputs += [table_csv(frame) for frame in analysis.frames().values()]
    with zipfile.ZipFile(io.BytesIO(excel_workbook(analysis))) as workbook:
        outputs += [workbook.read(name) for name in workbook.namelist()]
    outputs += [str(row) for row in store.calls.recent(limit=1000)]
    store.close()

    article = tmp_path / "article.txt"
    article.write_text(long_article(3), encoding="utf-8")
    for name, value in {
        "OPENAI_API_KEY": CANARY,
        "OPENAI_BASE_URL": fake_llm.base_url,
        "EXPLORER_HOME": str(home),
        "EXPLORER_MODEL": "fake-model",
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["analyze", str(article), "--format", "json"]) == 0
    assert main(["summarize", str(article), "--words", "30"]) == 0
    fake_llm.default = lambda request_json: Reply(status=401, error_body=ECHO)
    assert main(["batch", str(_batch(tmp_path)), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert main(["analyze", str(tmp_path / "other.txt")]) == 1  # no such file
    printed = capsys.readouterr()
    outputs += [printed.out, printed.err, (tmp_path / "out.jsonl").read_text(encoding="utf-8")]
    assert "rejected the API key" in printed.err

    all_files = {**wal_files, **files_under(home)}
    assert [name for name, data in all_files.items() if leaks(data)] == []
    assert [text for text in outputs if leaks(text)] == []
    assert [r.getMessage() for r in caplog.records if leaks(r.getMessage())] == []
    assert not leaks(caplog.text)
    sent = fake_llm.requests
    assert all(r.headers.get("authorization") == f"Bearer {CANARY}" for r in sent)  # it was really used
    assert not any(leaks(r.path) for r in sent)  # never in a URL


def _batch(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "one", "text": "“Ferries stop at ten,” said Ilse Varga."}\n', encoding="utf-8")
    return path


def test_the_streamlit_secrets_file_is_gitignored() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False)
    assert ignored.returncode == 0


PASSWORD = "s3cretPass-7f4a"


def test_a_password_in_the_base_url_is_nowhere_in_the_store_messages_or_logs(
    fake_llm: FakeOpenAI,
    home: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = fake_llm.base_url.replace("http://", f"http://alice:{PASSWORD}@")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXPLORER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EXPLORER_HOME", str(home))
    article = tmp_path / "article.txt"
    article.write_text(long_article(2), encoding="utf-8")
    echo = {"error": {"message": f"bad password {PASSWORD} for {url}", "type": "auth"}}
    fake_llm.default = answer
    fake_llm.script(Reply(status=500, error_body=echo))
    argv = ["--backend", "openai", "--base-url", url, "--model", "fake-model", "--section-tokens", "60"]

    assert main(["analyze", str(article), "--format", "json", *argv]) == 0
    fake_llm.default = lambda request_json: Reply(status=404, error_body=echo)
    article.write_text(long_article(3), encoding="utf-8")  # not cached yet
    assert main(["analyze", str(article), *argv]) == 1
    assert main(["analyze", str(article), "--base-url", f"ftp://bob:{PASSWORD}@host/v1", "--backend", "openai"]) == 1
    printed = capsys.readouterr()

    assert fake_llm.chat_requests[0].headers["authorization"].startswith("Basic ")  # it was really used
    assert PASSWORD not in printed.out + printed.err and "alice" not in printed.err
    assert [name for name, data in files_under(home).items() if PASSWORD.encode() in data] == []
    assert PASSWORD not in caplog.text
