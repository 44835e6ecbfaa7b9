"""Scoring the summary check on cases: sumcheck_score.py's definitions, and `explorer eval --task summary-check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.checking import Flag
from explorer.checking.scoring import CaseArticle, CheckCase, evaluate_check, flag_owner, outcomes, score_cases
from explorer.cli import main
from tests.summary_articles import SURVEY_SHIPS, TRANSPORT_LAW

GOOD = CheckCase("good", "Tomás Herrera said Japan has widened its joint surveys with the US near Chilean waters.")
FACT = CheckCase("fact", "Tokyo had begun a campaign of quiet expansion.", "Tomás Herrera")
WRONG = CheckCase(
    "wrong", "Kenji Arakawa said the US and Japan sent research vessels into waters off Chile's coast.", "Tomás Herrera"
)


def flag(sentence: str, kind: str = "stated_as_fact") -> Flag:
    return Flag(sentence=sentence, reason="r", kind=kind)  # type: ignore[arg-type]


def test_a_flag_belongs_to_the_case_sharing_most_of_its_words_and_only_when_enough() -> None:
    cases = [GOOD, CheckCase("fact", "The vessels followed international law on routine missions.")]
    assert flag_owner("Japan has widened its joint surveys with the US.", cases) == 0
    assert flag_owner("The vessels followed the law.", cases) == 1
    assert flag_owner("Chile will defend its sea.", cases) is None


def test_the_four_figures_follow_the_shared_scorer() -> None:
    article = CaseArticle("a", "text", "summary", [GOOD, FACT, WRONG, CheckCase("fact", "Chile will defend its sea.")])
    flags = [flag(GOOD.sentence, "unsupported"), flag(FACT.sentence), flag(WRONG.sentence, "stated_as_fact")]
    scores = score_cases({"a": outcomes(article, flags)})
    assert (scores["fact_recall"], scores["wrong_recall"], scores["false_alarms"]) == (0.5, 1.0, 1.0)
    assert scores["kind_accuracy"] == 0.5  # the wrong speaker was caught, but called a fact


def test_the_worst_articles_list_their_wrong_cases_with_sentences() -> None:
    good = CaseArticle("good", "t", "s", [GOOD])
    bad = CaseArticle("bad", "t", "s", [FACT, WRONG])
    report = evaluate_check([good, bad], lambda a: [], worst=5)
    assert [w["id"] for w in report["worst"]] == ["bad"]
    assert [c["sentence"] for c in report["worst"][0]["cases"]] == [FACT.sentence, WRONG.sentence]


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    lines = [
        {"id": "ships", "text": SURVEY_SHIPS, "cases": [GOOD, FACT, WRONG]},
        {
            "id": "law",
            "text": TRANSPORT_LAW,
            "cases": [
                CheckCase("good", "Karin Holt said the new transport law will destroy thousands of port jobs."),
                CheckCase("fact", "The law would modernise freight and create new jobs in logistics."),
                CheckCase("wrong", "Paula Reyes said the government had consulted the port operators for two years."),
            ],
        },
    ]
    path = tmp_path / "cases.jsonl"
    records = [
        {
            "id": line["id"],
            "text": line["text"],
            "summary": "\n\n".join(c.sentence for c in line["cases"]),
            "cases": [{"kind": c.kind, "sentence": c.sentence, "speaker": c.speaker} for c in line["cases"]],
        }
        for line in lines
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "not json\n", encoding="utf-8")
    return path


def test_eval_scores_the_summary_check_in_process(
    no_llm_env: Path, cases_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(cases_file), "--task", "summary-check", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert {"fact_recall", "wrong_recall", "false_alarms", "kind_accuracy", "worst"} <= set(report)
    assert report["cases"] == {"good": 2, "fact": 2, "wrong": 2}
    assert (report["fact_recall"], report["wrong_recall"], report["false_alarms"]) == (1.0, 1.0, 0.0)
    assert report["kind_accuracy"] == 1.0 and report["worst"] == []
    assert "line 3" in err and "skipped" in err


def test_eval_prints_the_figures_as_a_table(no_llm_env: Path, cases_file: Path, capsys) -> None:
    assert main(["eval", str(cases_file), "--task", "summary-check"]) == 0
    out = capsys.readouterr().out
    assert "cases: 6 in 2 articles" in out and "fact recall=1.000" in out
