"""`explorer eval` and `explorer eval-compare` as a user runs them, on the team's example gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.evaluation import read_gold, read_predictions, score_attribution

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "example-gold.jsonl"
BATCH_KEYS = {"id", "actors", "claims", "stances", "sections", "usage"}


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    """Every test here runs offline in a fresh EXPLORER_HOME."""
    return no_llm_env


@pytest.fixture
def predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The offline analyser's predictions for the example gold file."""
    path = tmp_path / "predictions.jsonl"
    assert main(["eval", str(EXAMPLE), "--task", "attribution", "--predictions", str(path)]) == 0
    capsys.readouterr()
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_example_span_slices_to_its_text() -> None:
    records = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    parts = [a[k] for r in records for a in r["attributions"] for k in ("source", "cue", "content") if a[k]]
    assert parts and all(r["text"][s:e] == p["text"] for r in records for p in parts for s, e in p["spans"])
    assert all(0 <= s["span"][0] < s["span"][1] <= len(r["text"]) for r in records for s in r["stances"])
    for task in ("attribution", "stance"):
        assert read_gold(EXAMPLE, task)[1] == []


def test_eval_prints_metrics_and_the_worst_documents(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["eval", str(EXAMPLE), "--task", "attribution", "--backend", "offline"], capsys)
    assert code == 0 and "backend: offline" in err and "1 articles analysed (0 from the cache)" in err
    assert "1 documents, 3 gold attributions" in out
    assert all(m in out for m in ("attribution@0.3", "content@0.3", "attribution@0.8", "content@0.8"))
    assert "worst documents by attribution F1@0.3" in out and "wellmere-library" in out
    code, _, err = run(["eval", str(EXAMPLE), "--task", "attribution"], capsys)
    assert "(1 from the cache)" in err


def test_eval_writes_batch_lines_and_scores_them(predictions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = predictions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and BATCH_KEYS <= json.loads(lines[0]).keys()
    code, out, _ = run(["eval", str(EXAMPLE), "--task", "attribution", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["gold_attributions"] == 3 and report["documents"] == 1
    written = score_attribution(read_gold(EXAMPLE, "attribution")[0], read_predictions(predictions)[0])
    assert {key: report[key] for key in written} == written
    assert report["per_document"][0]["id"] == "wellmere-library" and report["worst"] == report["per_document"]


def test_eval_scores_stances(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["eval", str(EXAMPLE), "--task", "stance", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["gold_stances"] == 1
    assert set(report) >= {"pair_recall", "polarity_recall", "polarity_accuracy_on_found", "per_document"}


def test_compare_shows_both_files_and_the_difference(
    predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nothing = tmp_path / "nothing.jsonl"
    nothing.write_text(json.dumps({"id": "wellmere-library", "claims": [], "stances": []}) + "\n", encoding="utf-8")
    args = ["eval-compare", str(EXAMPLE), str(nothing), str(predictions), "--task", "attribution"]
    code, out, _ = run([*args, "--format", "json"], capsys)
    comparison = json.loads(out)
    a, b = comparison["a"]["content@0.3"], comparison["b"]["content@0.3"]
    assert code == 0 and a["recall"] == 0.0 and b["recall"] > 0
    assert comparison["difference"]["content@0.3"]["recall"] == b["recall"]
    assert comparison["changed_documents"][0]["id"] == "wellmere-library"
    code, out, _ = run(args, capsys)
    assert code == 0 and "B - A" in out and f"A = {nothing}" in out and "content@0.3 recall" in out


def test_compare_notes_articles_without_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")
    code, out, err = run(["eval-compare", str(EXAMPLE), str(empty), str(empty), "--task", "stance"], capsys)
    assert code == 0 and "line 1: not valid JSON" in err and "1 gold articles have no prediction" in err
    assert "pair_recall" in out


def test_bad_gold_lines_are_reported_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    bad = ['{"id": "cut", "text": ', json.dumps({"id": "no-text", "attributions": []})]
    gold.write_text("\n".join([EXAMPLE.read_text(encoding="utf-8").strip(), *bad]) + "\n", encoding="utf-8")
    code, out, err = run(["eval", str(gold), "--task", "attribution", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["documents"] == 1
    assert "line 2: not valid JSON" in err and 'line 3: needs a non-empty string "text"; skipped' in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "missing.jsonl", "--task", "attribution"], "error: No such file: missing.jsonl"),
        (
            ["eval-compare", str(EXAMPLE), "missing.jsonl", "missing.jsonl", "--task", "stance"],
            "error: No such file: missing.jsonl",
        ),
        (["eval", str(EXAMPLE), "--task", "stance", "--predictions", "/no/such/dir/p.jsonl"], "error: "),
    ],
)
def test_errors_are_one_line(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(args, capsys)
    assert code == 1 and out == "" and err.strip().splitlines()[-1].startswith(message)
    assert "Traceback" not in err


def test_no_usable_gold_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(["eval", str(gold), "--task", "attribution", "--format", "json"], capsys)
    assert code == 0
    gold.write_text('{"id": 1}\n', encoding="utf-8")
    code, _, err = run(["eval", str(gold), "--task", "attribution"], capsys)
    assert code == 1 and err.strip().splitlines()[-1] == f"error: No usable attribution gold articles in {gold}"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "analysis": 5}', '"analysis" must be an object'),
        ('{"id": "x", "claims": "many"}', '"claims" must be a list'),
        ('{"id": "x", "claims": [7]}', "claim 1 is not an object"),
        ('{"id": "x", "claims": [{"text": "a", "span": [0, "9"]}]}', "claim 1 needs spans"),
        ('{"id": "x", "claims": [{"text": "a", "span": [true, false]}]}', "claim 1 needs spans"),
        ('{"id": "x", "claims": [{"text": ["a"]}]}', 'claim 1 needs a string "text"'),
        ('{"id": "x", "stances": [{"source": 1, "target": "b"}]}', 'stance 1 needs string "source"'),
        ('"error: a JSON string posing as a message"', 'needs an "id"'),
        ("{not json", "not valid JSON"),
    ],
)
def test_compare_skips_malformed_prediction_lines_with_their_line_number(
    predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, reason: str
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text(predictions.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    number = len(broken.read_text(encoding="utf-8").splitlines())
    code, out, err = run(["eval-compare", str(EXAMPLE), str(predictions), str(broken), "--task", "attribution"], capsys)
    assert code == 0 and "B - A" in out
    assert f"{broken}: line {number}: {reason}" in err and "posing" not in err and "Traceback" not in err
