"""How well the summary check catches misattributions: fact recall, wrong-speaker recall, false alarms, kinds.

The definitions are those of the shared sumcheck_score.py, so the figures can be compared with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import json_lines
from .flags import Flag

CASE_KINDS = ("good", "fact", "wrong")
EXPECTED_KIND = {"fact": "stated_as_fact", "wrong": "wrong_speaker"}
MIN_OWNER_OVERLAP = 0.6  # a flag belongs to the case whose sentence shares this share of its words


@dataclass(frozen=True)
class CheckCase:
    """One summary sentence of a case article and what the check should say about it."""

    kind: str
    sentence: str
    speaker: str = ""


@dataclass(frozen=True)
class CaseArticle:
    """An article, a summary made of case sentences, and the cases."""

    id: str
    text: str
    summary: str
    cases: list[CheckCase]


@dataclass
class CaseOutcome:
    """A case and the kinds of the flags it received."""

    case: CheckCase
    kinds: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def wrong(self) -> bool:
        """Return True when the check got this case wrong: a flag on a good sentence, none on a bad one."""
        return bool(self.kinds) == (self.case.kind == "good")


def read_cases(path: str | Path) -> tuple[list[CaseArticle], list[str]]:
    """Return the usable case articles and one message per skipped line."""
    articles: list[CaseArticle] = []
    problems: list[str] = []
    for number, record in json_lines(path):
        reason = record if isinstance(record, str) else _case_problem(record)
        if reason:
            problems.append(f"line {number}: {reason}; skipped")
            continue
        cases = [CheckCase(c["kind"], c["sentence"], str(c.get("speaker") or "")) for c in record["cases"]]
        articles.append(CaseArticle(str(record["id"]), record["text"], record["summary"], cases))
    return articles, problems


def _case_problem(record: Any) -> str | None:
    if not isinstance(record, dict) or "id" not in record:
        return 'needs an "id"'
    if not all(isinstance(record.get(k), str) and record[k].strip() for k in ("text", "summary")):
        return 'needs a non-empty "text" and "summary"'
    cases = record.get("cases")
    if not isinstance(cases, list) or not all(
        isinstance(c, dict) and c.get("kind") in CASE_KINDS and isinstance(c.get("sentence"), str) for c in cases
    ):
        return f'needs "cases" [{{"kind": {"|".join(CASE_KINDS)}, "sentence"}}, ...]'
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def flag_owner(sentence: str, cases: list[CheckCase]) -> int | None:
    """Return the index of the case whose sentence shares most of the flagged sentence's words, if enough."""
    flagged, best, score = _words(sentence), None, 0.0
    for index, case in enumerate(cases):
        words = _words(case.sentence)
        overlap = len(flagged & words) / max(1, min(len(flagged), len(words)))
        if overlap > score:
            best, score = index, overlap
    return best if score >= MIN_OWNER_OVERLAP else None


def outcomes(article: CaseArticle, flags: list[Flag]) -> list[CaseOutcome]:
    """Return each case of the article with the flags that belong to it."""
    found = [CaseOutcome(case) for case in article.cases]
    for flag in flags:
        owner = flag_owner(flag.sentence, article.cases)
        if owner is not None:
            found[owner].kinds.append(flag.kind)
            found[owner].reasons.append(f"{flag.kind} ({flag.source}): {flag.reason}")
    return found


def score_cases(results: dict[str, list[CaseOutcome]]) -> dict[str, Any]:
    """Return fact recall, wrong recall, false alarms and kind accuracy over every case."""
    every = [o for found in results.values() for o in found]
    hit = {kind: [bool(o.kinds) for o in every if o.case.kind == kind] for kind in CASE_KINDS}
    caught = [o for o in every if o.kinds and o.case.kind in EXPECTED_KIND]
    right = sum(EXPECTED_KIND[o.case.kind] in o.kinds for o in caught)
    return {
        "fact_recall": _share(hit["fact"]),
        "wrong_recall": _share(hit["wrong"]),
        "false_alarms": _share(hit["good"]),
        "kind_accuracy": round(right / len(caught), 4) if caught else 0.0,
        "cases": {kind: len(hit[kind]) for kind in CASE_KINDS},
        "articles": len(results),
    }


def _share(hits: list[bool]) -> float:
    return round(sum(hits) / len(hits), 4) if hits else 0.0


def evaluate_check(
    articles: list[CaseArticle], check: Callable[[CaseArticle], list[Flag]], worst: int = 5
) -> dict[str, Any]:
    """Return the scores of a check over case articles, plus the articles it got most wrong with their sentences."""
    results = {a.id: outcomes(a, check(a)) for a in articles}
    return {**score_cases(results), "worst": worst_cases(results, worst)}


def worst_cases(results: dict[str, list[CaseOutcome]], limit: int) -> list[dict[str, Any]]:
    """Return the limit articles with most wrong cases, each wrong case with its sentence and flags."""
    ranked = sorted(results.items(), key=lambda item: -sum(o.wrong for o in item[1]))
    return [
        {
            "id": article_id,
            "wrong": sum(o.wrong for o in found),
            "cases": [
                {"kind": o.case.kind, "sentence": o.case.sentence, "speaker": o.case.speaker, "flags": o.reasons}
                for o in found
                if o.wrong
            ],
        }
        for article_id, found in ranked[:limit]
        if any(o.wrong for o in found)
    ]


def format_check_report(report: dict[str, Any]) -> str:
    """Return the report as text: the four figures, then the worst articles' wrong cases."""
    counts = report["cases"]
    lines = [
        f"cases: {sum(counts.values())} in {report['articles']} articles "
        f"({counts['good']} good, {counts['fact']} fact, {counts['wrong']} wrong)",
        f"fact recall={report['fact_recall']:.3f} wrong recall={report['wrong_recall']:.3f} "
        f"false alarms={report['false_alarms']:.3f} kind accuracy={report['kind_accuracy']:.3f}",
    ]
    for article in report["worst"]:
        lines.append(f"\n{article['id']}: {article['wrong']} wrong")
        for case in article["cases"]:
            lines.append(f"  [{case['kind']}] {case['sentence']}")
            lines += [f"      {reason}" for reason in case["flags"]] or ["      (no flag)"]
    return "\n".join(lines)
