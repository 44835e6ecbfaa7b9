"""The `explorer` command as a user runs it: analyze and batch, offline and over HTTP, errors as one line."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer import pipeline
from explorer.cli import main
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply, section_of

REPO = Path(__file__).resolve().parents[1]
STORY = (
    "“The harbour plan will cost Kelby its fishing fleet,” said Mara Lind, who chairs the dockworkers' union.\n\n"
    "Tomas Berg, the port authority chief, said the plan was sound. Mara Lind criticised Tomas Berg on Tuesday.\n\n"
    "“Nobody asked the families on the quay,” said Ilse Varga, a councillor.\n"
)
ACTOR_KEYS = {"name", "type", "aliases", "title", "mentions"}
CLAIM_KEYS = {"speaker", "speaker_span", "text", "span", "quote", "cue", "section"}
STANCE_KEYS = {"source", "target", "stance", "evidence", "span", "confidence"}
USAGE_KEYS = {"calls", "prompt_tokens", "completion_tokens", "cached_sections"}


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    """Every test here runs offline in a fresh EXPLORER_HOME."""
    return no_llm_env


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def batch_input(tmp_path: Path) -> Path:
    """A JSONL file with two good articles among unusable lines."""
    lines = [
        json.dumps({"id": "harbour", "text": STORY}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "ferry", "text": "“Fares must fall,” said Ilse Varga. Tomas Berg criticised Ilse Varga."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "number", "text": 42}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_contract(record: dict) -> None:
    """Check the JSON shape the README promises for one analysed article."""
    assert {"actors", "claims", "stances", "sections", "usage"} <= record.keys()
    assert all(a.keys() >= ACTOR_KEYS and all(len(m) == 2 for m in a["mentions"]) for a in record["actors"])
    assert all(c.keys() >= CLAIM_KEYS and c["quote"] in ("direct", "indirect") for c in record["claims"])
    assert all(s.keys() >= STANCE_KEYS and s["stance"] in ("favor", "against", "neutral") for s in record["stances"])
    assert record["usage"].keys() == USAGE_KEYS


def test_analyze_json_lists_who_said_what_with_spans_into_the_file(story, capsys):
    assert main(["analyze", str(story), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert_contract(result)
    assert "backend: offline" in err
    assert {"Mara Lind", "Tomas Berg", "Ilse Varga"} <= {a["name"] for a in result["actors"]}
    lind = next(c for c in result["claims"] if c["speaker"] == "Mara Lind" and c["quote"] == "direct")
    assert "harbour plan will cost Kelby" in lind["text"]
    assert all(STORY[c["span"][0] : c["span"][1]] == c["text"] for c in result["claims"] if c["span"])
    assert result["usage"]["calls"] == 0 and result["backend"] == "offline"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", ["# actors\nname,type,title,aliases,mentions,claims,first_mention\n", "# sections\n", "Mara Lind,"]),
        ("table", ["# actors\n", "# claims\n", "# stances\n", "Ilse Varga"]),
    ],
)
def test_analyze_writes_tables(story, capsys, fmt, expected):
    assert main(["analyze", str(story), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert [part for part in expected if part not in out] == []
    assert "backend: offline" in err and "Traceback" not in err


def test_analyze_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    assert main(["analyze", "-", "--format", "json"]) == 0
    assert "Ilse Varga" in {a["name"] for a in json.loads(capsys.readouterr().out)["actors"]}


def test_a_second_run_is_served_from_the_cache(story, capsys, home):
    main(["analyze", str(story), "--format", "json"])
    first = json.loads(capsys.readouterr().out)
    main(["analyze", str(story), "--format", "json"])
    again = json.loads(capsys.readouterr().out)
    assert (home / "explorer.sqlite3").is_file()
    assert again["usage"]["cached_sections"] == len(again["sections"]) >= 1
    assert again["claims"] == first["claims"]


def test_batch_writes_good_lines_and_reports_bad_ones(batch_input, tmp_path, capsys):
    output = tmp_path / "out.jsonl"
    assert main(["batch", str(batch_input), "-o", str(output)]) == 0
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["harbour", "ferry"]
    for record in records:
        assert_contract(record)
    assert ("Ilse Varga", "against") in {(s["target"], s["stance"]) for s in records[1]["stances"]}
    err = capsys.readouterr().err
    assert "line 2: not valid JSON" in err
    assert [n for n in (3, 6, 7) if f'line {n}: needs an "id" and a string "text"; skipped' not in err] == []
    assert "2 articles analysed, 4 lines skipped" in err and "backend: offline" in err


def test_batch_keeps_an_empty_article_as_a_record_with_its_error(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "blank", "text": "   "}) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(output)]) == 0
    record = json.loads(output.read_text(encoding="utf-8"))
    assert record["id"] == "blank" and "empty" in record["error"]
    assert_contract(record)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze", "nowhere.txt"], "error: No such file: nowhere.txt"),
        (["batch", "nowhere.jsonl", "-o", "out.jsonl"], "error: No such file: nowhere.jsonl"),
        (["analyze", "{empty}"], "error: The article is empty"),
        (["analyze", "{picture}"], "is not a text file"),
    ],
)
def test_bad_input_is_one_error_line_and_a_nonzero_exit(tmp_path, monkeypatch, capsys, argv, message):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    monkeypatch.chdir(tmp_path)
    argv = [a.format(empty="empty.txt", picture="picture.txt") for a in argv]
    assert main(argv) != 0
    out, err = capsys.readouterr()
    assert err.count("error:") == 1 and message in err and "Traceback" not in err
    assert out == ""


def test_the_module_run_as_a_program_shows_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXPLORER_"))}
    env |= {"EXPLORER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "explorer.cli", "analyze", str(tmp_path / "missing.txt")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [f"error: No such file: {tmp_path / 'missing.txt'}"]
    assert run.stdout == ""


@pytest.fixture
def llm(fake_llm: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """The scripted endpoint answering like a faithful model, with a dummy key in the environment."""
    fake_llm.default = faithful_reply
    monkeypatch.setenv("OPENAI_API_KEY", "sk-dummy-cli-0000")
    return fake_llm


def test_analyze_with_the_llm_backend_over_http(llm, story, capsys):
    argv = ["analyze", str(story), "--backend", "openai", "--base-url", llm.base_url, "--model", "fake-model"]
    assert main([*argv, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert_contract(result)
    assert "backend: openai (fake-model)" in err
    assert len(llm.chat_requests) == result["usage"]["calls"] == 1
    assert {(c["speaker"], c["text"]) for c in result["claims"]} == {
        ("Mara Lind", "The harbour plan will cost Kelby its fishing fleet"),
        ("Ilse Varga", "Nobody asked the families on the quay"),
    }
    assert {(s["source"], s["target"], s["stance"]) for s in result["stances"]} == {
        ("Mara Lind", "Tomas Berg", "against")
    }
    assert "sk-dummy-cli-0000" not in out + err


@pytest.mark.parametrize("section_tokens", ["1200", "25"])
def test_a_rejected_key_is_one_error_line_about_the_key(llm, story, capsys, section_tokens):
    llm.default = lambda request: Reply(status=401)
    argv = ["analyze", str(story), "--backend", "openai", "--base-url", llm.base_url]
    assert main([*argv, "--section-tokens", section_tokens]) == 1
    out, err = capsys.readouterr()
    [error] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "API key (401)" in error and "check the key" in error
    assert "Section" not in err and "Traceback" not in err and "sk-dummy" not in err
    assert out == ""


def test_a_closed_pipe_ends_quietly(tmp_path):
    story = tmp_path / "long.txt"
    story.write_text("\n\n".join([STORY] * 60), encoding="utf-8")  # far more output than a pipe buffers
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXPLORER_"))}
    env |= {"EXPLORER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    reader = subprocess.Popen(
        [sys.executable, "-m", "explorer.cli", "analyze", str(story), "--format", "json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    reader.stdout.readline()  # take one line and hang up, as `| head -1` does
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0
    assert b"error" not in err and b"Traceback" not in err


def test_markdown_json_carries_the_text_its_spans_point_into(tmp_path, capsys):
    path = tmp_path / "quay.md"
    path.write_text("# Quay dispute\n\n" + STORY, encoding="utf-8")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["title"] == "Quay dispute" and result["claims"]
    assert all(result["text"][c["span"][0] : c["span"][1]] == c["text"] for c in result["claims"])


def test_batch_ignores_keys_it_does_not_use_even_odd_ones(tmp_path, capsys):
    lines = [{"id": "a", "text": STORY, "title": 42}, {"id": "b", "text": STORY, "extra": [1, 2]}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["id"] for o in out] == ["a", "b"] and all(o["claims"] for o in out)


def json_mode_only(request: dict) -> Reply:
    """An endpoint that turns structured outputs down and answers JSON mode faithfully."""
    if request["response_format"]["type"] == "json_schema":
        return Reply(status=400, error_body={"error": {"message": "'json_schema' is not supported"}})
    return faithful_reply(request)


def rejected(server: FakeOpenAI) -> int:
    return sum(r.json["response_format"]["type"] == "json_schema" for r in server.chat_requests)


ARTICLES = [STORY, "“Fares must fall,” said Ilse Varga.", "“The quay stays open,” said Tomas Berg."]


def test_batch_pays_for_a_rejected_structured_output_once_not_per_article(llm, tmp_path, capsys):
    llm.default = json_mode_only
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(ARTICLES)), "utf-8")
    argv = ["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--backend", "openai", "--base-url", llm.base_url]
    assert main([*argv, "--concurrency", "1"]) == 0
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(out) == 3 and all(o["claims"] for o in out)
    assert rejected(llm) == 1 and len(llm.chat_requests) == 1 + 3


def test_eval_pays_for_a_rejected_structured_output_once_not_per_article(llm, tmp_path, capsys):
    llm.default = json_mode_only
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": str(i), "text": t, "stances": []}) for i, t in enumerate(ARTICLES)))
    argv = ["eval", str(gold), "--task", "stance", "--backend", "openai", "--base-url", llm.base_url]
    assert main([*argv, "--concurrency", "1"]) == 0
    assert rejected(llm) == 1 and len(llm.chat_requests) == 1 + 3


@pytest.mark.parametrize("command", ["summarize", "check-summary"])
def test_a_failed_analysis_is_one_error_line_not_a_summary_or_no_flags(llm, story, tmp_path, capsys, command):
    llm.default = lambda request: Reply(status=401)
    summary = tmp_path / "summary.txt"
    summary.write_text("Mara Lind said the plan is sound.", encoding="utf-8")
    extra = [str(summary), "--format", "table"] if command == "check-summary" else []
    assert main([command, str(story), *extra, "--backend", "openai", "--base-url", llm.base_url]) == 1
    out, err = capsys.readouterr()
    [error] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "API key (401)" in error and "Section" not in err
    assert out == "" and len(llm.chat_requests) == 1


# Hardening: no output file destroyed, no hang, every signal keeps what finished


def _program(tmp_path: Path, *argv: str, **env_changes: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXPLORER_"))}
    env |= {"EXPLORER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO), **env_changes}
    command = [sys.executable, "-m", "explorer.cli", *argv]
    return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch", "results.jsonl", "-o", "results.jsonl"], "is also an input"),
        (["batch", "./sub/../results.jsonl", "-o", "results.jsonl"], "is also an input"),
        (["batch", "typo.jsonl", "-o", "results.jsonl"], "No such file: typo.jsonl"),
        (["eval", "results.jsonl", "--task", "attribution", "--predictions", "results.jsonl"], "is also an input"),
        (["batch", "in.jsonl", "-o", "sub"], "is a folder"),
        (["batch", "in.jsonl", "-o", "home/explorer.sqlite3"], "is also an input"),
    ],
    ids=[
        "batch-onto-its-input",
        "same-file-another-path",
        "missing-input",
        "eval-onto-gold",
        "output-a-folder",
        "output-the-store",
    ],
)
def test_a_run_that_cannot_start_leaves_an_existing_output_untouched(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    kept = json.dumps({"id": "harbour", "text": STORY, "attributions": []}) + "\n"
    (tmp_path / "results.jsonl").write_text(kept, encoding="utf-8")
    (tmp_path / "in.jsonl").write_text(kept, encoding="utf-8")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "explorer.sqlite3").write_bytes(b"SQLite format 3\x00")  # the store, as if in use
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("error:") == 1
    assert (tmp_path / "results.jsonl").read_text(encoding="utf-8") == kept
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_batch_replaces_the_output_whole_and_keeps_its_permissions(batch_input, tmp_path):
    output = tmp_path / "out.jsonl"
    output.write_text("old results\n", encoding="utf-8")
    output.chmod(0o640)
    assert main(["batch", str(batch_input), "-o", str(output)]) == 0
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == ["harbour", "ferry"]
    assert output.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_batch_warns_about_duplicate_ids_by_name(tmp_path, capsys):
    lines = [{"id": "harbour", "text": STORY}, {"id": 7, "text": STORY}, {"id": "harbour", "text": STORY + " More."}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert 'line 3: duplicate id "harbour" (first on line 1)' in err and "line 2: duplicate" not in err


def test_a_batch_line_that_is_a_json_string_is_reported_without_its_text(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps("error: the disk is on fire; call 555-0100") + "\n", encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert 'line 1: needs an "id" and a string "text"; skipped' in err
    assert "on fire" not in err and err.count("error:") == 0


def test_a_batch_line_past_the_size_limit_is_skipped_without_being_held(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("explorer.limits.MAX_ARTICLE_BYTES", 4096)
    source = tmp_path / "in.jsonl"
    huge = json.dumps({"id": "huge", "text": "Mara Lind said so. " * 1000})
    source.write_text(huge + "\n" + json.dumps({"id": "small", "text": STORY}) + "\n", encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "line 1: longer than the" in err
    assert [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == ["small"]


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is not a text file"), (b"  \n\t\n", "is empty")],
)
def test_an_empty_or_binary_summary_gets_a_clear_message(story, tmp_path, capsys, data, says):
    summary = tmp_path / "summary.txt"
    summary.write_bytes(data)
    assert main(["check-summary", str(story), str(summary)]) == 1
    out, err = capsys.readouterr()
    assert says in err and out == "" and "no flags" not in out


def test_a_summary_context_budget_too_small_is_refused_before_any_call(llm, story, capsys):
    argv = ["summarize", str(story), "--backend", "openai", "--base-url", llm.base_url, "--context-tokens", "2"]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and "must be at least 200" in capsys.readouterr().err
    assert llm.chat_requests == []


def test_stdin_over_the_size_limit_is_refused(monkeypatch, capsys):
    monkeypatch.setattr("explorer.limits.MAX_ARTICLE_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Mara Lind said so. " * 100)))
    assert main(["analyze", "-"]) == 1
    assert "standard input is larger than the" in capsys.readouterr().err


def test_stdin_in_utf16_with_a_byte_order_mark_is_read(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-16"))))
    assert main(["analyze", "-", "--format", "json"]) == 0
    assert "Ilse Varga" in {a["name"] for a in json.loads(capsys.readouterr().out)["actors"]}


def test_json_output_stays_strict_when_the_model_answers_nan(llm, story, capsys):
    answer = '{"actors": [], "claims": [], "stances": [{"source": "Mara Lind", "target": "Tomas Berg", '
    answer += '"stance": "against", "evidence": "criticised", "confidence": NaN}]}'
    llm.default = lambda request: Reply(content=answer)
    argv = ["analyze", str(story), "--backend", "openai", "--base-url", llm.base_url, "--format", "json"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert [s["confidence"] for s in result["stances"]] == [0.5]


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_one_ctrl_c_stops_a_run_against_an_endpoint_that_never_finishes(fake_llm, tmp_path, story):
    fake_llm.default = lambda request: Reply(json={"actors": [], "claims": [], "stances": []}, trickle=0.5)
    run = _program(tmp_path, "analyze", str(story), "--backend", "openai", "--base-url", fake_llm.base_url)
    _wait_for(lambda: fake_llm.chat_requests)
    time.sleep(0.5)
    stopped = time.monotonic()
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=30)
    assert time.monotonic() - stopped < 5
    assert run.returncode == 130 and "error: interrupted" in err and "Traceback" not in err


def test_sigterm_stops_a_run_against_a_stalled_endpoint_at_once(fake_llm, tmp_path, story):
    fake_llm.default = lambda request: Reply(json={"actors": [], "claims": [], "stances": []}, trickle=0.2)
    argv = ["analyze", str(story), "--backend", "openai", "--base-url", fake_llm.base_url]
    run = _program(tmp_path, *argv, OPENAI_API_KEY="sk-x")
    _wait_for(lambda: fake_llm.chat_requests)
    stopped = time.monotonic()
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert time.monotonic() - stopped < 5
    assert run.returncode == 143 and err.strip().splitlines()[-1] == "error: terminated"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_batch_keeps_every_finished_record(fake_llm, tmp_path, stop):
    fake_llm.default = lambda request: (
        Reply(json={"actors": [], "claims": [], "stances": []}, trickle=0.5)
        if "Second" in section_of(request)
        else faithful_reply(request)
    )
    lines = [{"id": "first", "text": STORY}, {"id": "second", "text": "Second story."}, {"id": "third", "text": STORY}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("yesterday's results\n", encoding="utf-8")
    argv = ["batch", str(source), "-o", str(output), "--backend", "openai", "--base-url", fake_llm.base_url]
    run = _program(tmp_path, *argv, OPENAI_API_KEY="sk-x")
    _wait_for(lambda: len(fake_llm.chat_requests) >= 2)
    time.sleep(0.3)
    run.send_signal(stop)
    _, err = run.communicate(timeout=30)
    assert run.returncode == 128 + stop
    assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == ["first"]
    assert f"the 1 articles analysed so far are in {output}" in err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_one_article_that_breaks_the_analyser_does_not_stop_the_batch(tmp_path, capsys, monkeypatch):
    real = pipeline.analyse_article

    def fragile(text, *args, **kwargs):
        if "Ferries" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, *args, **kwargs)

    monkeypatch.setattr("explorer.pipeline.analyse_article", fragile)
    lines = [{"id": "a", "text": "Ferries stop at ten."}, {"id": "b", "text": STORY}]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.jsonl")]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "b"] and "unexpected RecursionError" in records[0]["error"]
    assert records[1]["claims"] and "a: unexpected RecursionError" in capsys.readouterr().err


def test_one_ctrl_c_stops_a_summary_waiting_on_a_stalled_endpoint(fake_llm, tmp_path):
    def answer(request):
        if request["response_format"]["json_schema"]["name"] == "SectionExtraction":
            return faithful_reply(request)
        return Reply(json={"summary": "never"}, trickle=0.5)

    fake_llm.default = answer
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([STORY] * 6), encoding="utf-8")  # summarised part by part, parts at once
    argv = ["summarize", str(long), "--backend", "openai", "--base-url", fake_llm.base_url, "--context-tokens", "300"]
    run = _program(tmp_path, *argv, OPENAI_API_KEY="sk-x")
    _wait_for(
        lambda: any("Summary" in r.json["response_format"]["json_schema"]["name"] for r in fake_llm.chat_requests)
    )
    stopped = time.monotonic()
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=30)
    assert time.monotonic() - stopped < 5
    assert run.returncode == 130 and "error: interrupted" in err and "Traceback" not in err
