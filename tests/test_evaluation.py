"""Scoring against gold: span matching, speakers, stances, bad gold lines, and agreement with the team's scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from explorer.cli import main
from explorer.evaluation import (
    GoldDocument,
    attribution_counts,
    attribution_errors,
    claim_chars,
    compare_reports,
    evaluate,
    jaccard,
    read_gold,
    same_name,
    score_attribution,
    score_stance,
    stance_calibration,
    stance_counts,
    stance_errors,
)

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
TEXT = "Ilse Varga said the ferry fares must fall before winter, and the port agreed.".ljust(100)
VARGA = {"text": "Ilse Varga", "spans": [[0, 10]]}


def attribution(content: tuple[int, int], source: dict[str, Any] | None = VARGA) -> dict[str, Any]:
    return {"source": source, "cue": None, "content": {"text": TEXT[slice(*content)], "spans": [list(content)]}}


def claim(
    span: tuple[int, int] | None, speaker: str | None = "Ilse Varga", speaker_span: list[int] | None = None
) -> dict[str, Any]:
    return {"speaker": speaker, "speaker_span": speaker_span, "text": "", "span": list(span) if span else None}


def matched(gold: list[dict[str, Any]], claims: list[dict[str, Any]]) -> dict[str, int]:
    counts = attribution_counts(GoldDocument("d", TEXT, gold), {"claims": claims})
    return {measure: c.matched for measure, c in counts.items()}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sen. Elizabeth Warren", "Warren", True),
        ("President Obama", "the president", False),  # titles say nothing about who
        ("Republicans", "the Republican Party", True),  # plural -s dropped on longer words
        ("he", "He", False),  # pronouns never match
        ("Mr. Li", "Li Wei", False),  # words under three letters are ignored
        ("Tomas Berg", "Ilse Varga", False),
        (None, "Ilse Varga", False),
    ],
)
def test_names_match_on_a_shared_identifying_word(a: str | None, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(set(range(10)), set(range(10)), 1.0), (set(range(10)), set(range(5, 15)), 5 / 15), (set(), {1}, 0.0)],
)
def test_jaccard(a: set[int], b: set[int], expected: float) -> None:
    assert jaccard(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ({"span": [16, 55], "text": "anything"}, set(range(16, 55))),
        ({"span": [90, 400], "text": "the port agreed"}, set(range(61, 76))),  # bad span: located by its text
        ({"span": None, "text": "ferry fares"}, set(range(20, 31))),
        ({"span": None, "text": "not in the article"}, set()),  # counts as a wrong prediction
    ],
)
def test_a_claim_is_located_by_its_span_else_its_text(found: dict[str, Any], expected: set[int]) -> None:
    assert claim_chars(found, TEXT) == expected


@pytest.mark.parametrize(
    ("gold", "claims", "expected"),
    [
        pytest.param([attribution((16, 55))], [claim((16, 55))], (1, 1, 1, 1), id="exact match"),
        pytest.param([attribution((16, 56))], [claim((36, 56))], (1, 1, 0, 0), id="jaccard 0.5: only @0.3"),
        pytest.param([attribution((16, 56))], [claim((48, 77))], (0, 0, 0, 0), id="jaccard 0.13: no match"),
        pytest.param(
            [attribution((16, 56))],
            [claim((16, 56)), claim((16, 55))],
            (1, 1, 1, 1),
            id="one gold, two claims: one match",
        ),
        pytest.param(
            [attribution((16, 56)), attribution((16, 41))], [claim((16, 41))], (1, 1, 1, 1), id="best overlap wins"
        ),
        pytest.param(
            [attribution((16, 55))],
            [claim((16, 55), "the councillor", [0, 10])],
            (1, 1, 1, 1),
            id="speaker by span overlap",
        ),
        pytest.param(
            [attribution((16, 55))], [claim((16, 55), "Ms. Varga")], (1, 1, 1, 1), id="speaker by shared name word"
        ),
        pytest.param(
            [attribution((16, 55))], [claim((16, 55), "Tomas Berg")], (1, 0, 1, 0), id="wrong speaker: content only"
        ),
        pytest.param(
            [attribution((16, 55), None)], [claim((16, 55), None)], (1, 1, 1, 1), id="null source, no speaker"
        ),
        pytest.param([attribution((16, 55), None)], [claim((16, 55))], (1, 0, 1, 0), id="null source, a speaker named"),
        pytest.param(
            [attribution((16, 55))],
            [claim((16, 55), "the councillor", [5, 10**15])],  # compared as intervals: no 10**15-character set
            (1, 1, 1, 1),
            id="an absurdly long speaker span",
        ),
        pytest.param(
            [attribution((16, 55))],
            [claim((16, 55), "the councillor", [10, 0])],
            (1, 0, 1, 0),
            id="a reversed speaker span",
        ),
    ],
)
def test_attribution_matching(
    gold: list[dict[str, Any]], claims: list[dict[str, Any]], expected: tuple[int, int, int, int]
) -> None:
    counts = matched(gold, claims)
    assert (
        counts["content@0.3"],
        counts["attribution@0.3"],
        counts["content@0.8"],
        counts["attribution@0.8"],
    ) == expected


def test_best_overlap_wins_keeps_the_better_gold() -> None:
    gold = [attribution((16, 56)), attribution((16, 41))]
    document = GoldDocument("d", TEXT, gold)
    report = score_attribution([document], {"d": {"claims": [claim((16, 41))]}})
    assert report["content@0.8"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}


def test_counts_are_summed_over_documents_and_a_missing_prediction_finds_nothing() -> None:
    documents = [
        GoldDocument("a", TEXT, [attribution((16, 55))]),
        GoldDocument("b", TEXT, [attribution((0, 10)), attribution((61, 77))]),
    ]
    report = score_attribution(documents, {"a": {"claims": [claim((16, 55)), claim((61, 77))]}})
    assert report["attribution@0.3"] == {"precision": 0.5, "recall": 0.3333, "f1": 0.4}
    assert (report["documents"], report["gold_attributions"], report["predicted_claims"]) == (2, 3, 2)


@pytest.mark.parametrize(
    ("predicted", "found", "agreed"),
    [
        ([{"source": "Sen. Varga", "target": "Berg", "stance": "against"}], 1, 1),
        ([{"source": "Ilse Varga", "target": "Tomas Berg", "stance": "favor"}], 1, 0),
        (
            [
                {"source": "Ilse Varga", "target": "Tomas Berg", "stance": "favor"},
                {"source": "Varga", "target": "Berg", "stance": "against"},
            ],
            1,
            1,
        ),
        ([{"source": "Tomas Berg", "target": "Ilse Varga", "stance": "against"}], 0, 0),  # direction matters
        ([], 0, 0),
    ],
)
def test_stance_pairs_and_polarity(predicted: list[dict[str, Any]], found: int, agreed: int) -> None:
    gold = GoldDocument("d", TEXT, [{"source": "Ilse Varga", "target": "Tomas Berg", "polarity": "against"}])
    counts = stance_counts(gold, {"stances": predicted})
    assert (counts["found"], counts["agreed"]) == (found, agreed)


def test_stance_scores() -> None:
    gold = [
        {"source": "Ilse Varga", "target": "Tomas Berg", "polarity": "against"},
        {"source": "Tomas Berg", "target": "Ilse Varga", "polarity": "favor"},
    ]
    predicted = [
        {"source": "Varga", "target": "Berg", "stance": "against"},
        {"source": "Berg", "target": "Varga", "stance": "against"},
    ]
    report = score_stance([GoldDocument("d", TEXT, gold)], {"d": {"stances": predicted}})
    assert report == {
        "gold_stances": 2,
        "pair_recall": 1.0,
        "polarity_recall": 0.5,
        "polarity_accuracy_on_found": 0.5,
        "documents": 1,
    }


def test_calibration_counts_directions_right_by_confidence_band() -> None:
    gold = [{"source": "Ilse Varga", "target": "Tomas Berg", "polarity": "against"}]
    predicted = [
        {"source": "Varga", "target": "Berg", "stance": "against", "confidence": 0.85},
        {"source": "Varga", "target": "Berg", "stance": "favor", "confidence": 0.5},
        {"source": "Varga", "target": "Berg", "stance": "neutral", "confidence": 0.3},
        {"source": "Berg", "target": "Varga", "stance": "against", "confidence": 0.9},  # no gold pair: not counted
    ]
    bands = {
        r["band"]: (r["stances"], r["right"])
        for r in stance_calibration([GoldDocument("d", TEXT, gold)], {"d": {"stances": predicted}})
    }
    assert bands == {"0.0-0.4": (1, 0), "0.4-0.6": (1, 0), "0.6-0.8": (0, 0), "0.8-1.0": (1, 1)}


def test_attribution_errors_name_what_went_wrong() -> None:
    gold = [attribution((0, 10)), attribution((16, 55)), attribution((61, 77))]
    predicted = [
        claim((0, 10)),  # right
        {**claim((16, 55)), "speaker": "Tomas Berg", "speaker_span": None},  # span right, speaker wrong
        claim((70, 99)),  # touches the third attribution, too little to match
        claim((80, 95)),  # overlaps no attribution at all
    ]
    errors = attribution_errors([GoldDocument("d", TEXT, gold)], {"d": {"claims": predicted}})
    assert errors == {
        "right": 1,
        "wrong speaker": 1,
        "gold: span off": 1,
        "gold: not found": 0,
        "claim: span off": 1,
        "claim: not in gold": 1,
    }


def test_stance_errors_tell_neutral_opposite_and_missing_apart() -> None:
    gold = [
        {"source": "Ilse Varga", "target": "Tomas Berg", "polarity": "against"},
        {"source": "Tomas Berg", "target": "Ilse Varga", "polarity": "favor"},
        {"source": "Ilse Varga", "target": "the port", "polarity": "against"},
        {"source": "Mara Lind", "target": "Tomas Berg", "polarity": "against"},
    ]
    predicted = [
        {"source": "Varga", "target": "Berg", "stance": "neutral"},
        {"source": "Berg", "target": "Varga", "stance": "against"},
    ]
    errors = stance_errors([GoldDocument("d", TEXT, gold)], {"d": {"stances": predicted}})
    assert errors == {"right": 0, "neutral": 1, "opposite": 1, "target missed": 1, "source has no stance": 1}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "text": ', "not valid JSON"),
        ('["a list"]', '"id"'),
        ('{"id": "x", "attributions": []}', '"text"'),
        ('{"id": "x", "text": "Words."}', '"attributions"'),
        ('{"id": "x", "text": "Words.", "attributions": [{"source": null}]}', 'attribution 1 needs "content"'),
        (
            '{"id": "x", "text": "Words.", "attributions": [{"source": null, "content": {"spans": [[0, 99]]}}]}',
            "inside the text",
        ),
        (
            '{"id": "x", "text": "Words.", "attributions": [{"source": "Ann", "content": {"spans": [[0, 5]]}}]}',
            '"source" null or',
        ),
        (
            '{"id": "x", "text": "Words.", "attributions": [{"source": null, "content": {"spans": [[false, true]]}}]}',
            "inside the text",
        ),
        ('"error: a JSON string posing as a message"', 'needs an "id"'),
    ],
    ids=[
        "bad-json",
        "not-an-object",
        "no-text",
        "no-list",
        "no-content",
        "outside",
        "source-text",
        "boolean-offsets",
        "json-string",
    ],
)
def test_bad_gold_lines_are_reported_and_skipped(tmp_path: Path, line: str, reason: str) -> None:
    good = {"id": "ok", "text": TEXT, "attributions": [attribution((16, 55))]}
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{line}\n{json.dumps(good)}\n{json.dumps(good)}\n", encoding="utf-8")
    documents, problems = read_gold(path, "attribution")
    assert [d.id for d in documents] == ["ok"]
    assert reason in problems[0] and problems[0].startswith("line 1:") and "posing" not in problems[0]
    assert problems[1] == "line 3: duplicate id 'ok'; skipped"


@pytest.mark.parametrize(
    ("stance", "reason"),
    [
        ({"source": "Ann", "target": "Bob", "polarity": "for"}, '"polarity"'),
        ({"source": "Ann", "polarity": "favor"}, '"target"'),
    ],
)
def test_bad_stances_are_reported(tmp_path: Path, stance: dict[str, Any], reason: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "x", "text": TEXT, "stances": [stance]}) + "\n", encoding="utf-8")
    documents, problems = read_gold(path, "stance")
    assert not documents and reason in problems[0]


def test_worst_documents_and_comparison() -> None:
    documents = [GoldDocument(name, TEXT, [attribution((16, 55))]) for name in ("a", "b", "c")]
    good = {name: {"claims": [claim((16, 55))]} for name in ("a", "b", "c")}
    worse = {**good, "b": {"claims": [claim((61, 77))]}}
    before, after = evaluate("attribution", documents, good, worst=2), evaluate("attribution", documents, worse)
    assert [r["id"] for r in after["worst"]] == ["b", "a", "c"] and len(before["worst"]) == 2
    comparison = compare_reports("attribution", before, after)
    assert comparison["difference"]["attribution@0.3"]["recall"] == pytest.approx(-0.3333)
    assert comparison["changed_documents"] == [{"id": "b", "a": 1.0, "b": 0.0, "difference": -1.0}]


# Agreement with the team's scorer on the shared dev sets


@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason=f"the shared dev sets are not here ({SHARED_EVAL})")
@pytest.mark.parametrize(("task", "dev_set"), [("attribution", "polnear-dev.jsonl"), ("stance", "basil-dev.jsonl")])
def test_scores_agree_with_the_shared_scorer(
    tmp_path: Path, no_llm_env: Path, capsys: pytest.CaptureFixture[str], task: str, dev_set: str
) -> None:
    gold, predictions = tmp_path / "gold.jsonl", tmp_path / "predictions.jsonl"
    with (SHARED_EVAL / dev_set).open(encoding="utf-8") as lines:  # the first 10 articles keep the test fast
        gold.write_text("".join(line for _, line in zip(range(10), lines)), encoding="utf-8")
    assert (
        main(
            [
                "eval",
                str(gold),
                "--task",
                task,
                "--backend",
                "offline",
                "--format",
                "json",
                "--predictions",
                str(predictions),
            ]
        )
        == 0
    )
    ours = json.loads(capsys.readouterr().out)
    scorer = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), task, str(gold), str(predictions)],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(scorer.stdout.rsplit("\n", 2)[0])  # the last line is a one-line summary
    assert theirs["documents"] == 10
    assert {key: ours[key] for key in theirs} == theirs
