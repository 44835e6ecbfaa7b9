"""Extraction quality against gold annotations: PolNeAR-style attributions and BASIL-style stances."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends import Backend
from .choices import EVAL_TASKS
from .config import Settings
from .ingest import BadLine, json_lines
from .names import COMMON_TITLES, HONORIFICS, PERSON_PRONOUNS, SUBJECT_PRONOUNS
from .pipeline import analyse_article
from .storage import Store

TASKS = EVAL_TASKS
THRESHOLDS = (0.3, 0.8)
POLARITIES = ("favor", "against", "neutral")
ATTRIBUTION_MEASURES = tuple(f"{kind}@{t}" for t in THRESHOLDS for kind in ("attribution", "content"))
STANCE_MEASURES = ("pair_recall", "polarity_recall", "polarity_accuracy_on_found")
# Words that say nothing about who a name is: titles, honorifics, pronouns and a few function words.
NAME_NOISE = COMMON_TITLES | HONORIFICS | SUBJECT_PRONOUNS | PERSON_PRONOUNS | frozenset("the of and said".split())
Spans = list[list[int]]


@dataclass(frozen=True)
class GoldDocument:
    """One annotated article: its id, text, optional title and gold attributions or stances."""

    id: str
    text: str
    annotations: list[dict[str, Any]]
    title: str | None = None


@dataclass
class Counts:
    """Matched, predicted and gold items for one measure."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched + other.matched, self.predicted + other.predicted, self.gold + other.gold)

    def scores(self) -> dict[str, float]:
        """Return precision, recall and F1, rounded to four places."""
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# Reading files


def read_gold(path: str | Path, task: str) -> tuple[list[GoldDocument], list[str]]:
    """Return the usable gold documents and one message per skipped line; raises InputError for no file."""
    documents: list[GoldDocument] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, record in json_lines(path):
        reason = record if isinstance(record, BadLine) else gold_problem(record, task)
        if reason is None and str(record["id"]) in seen:
            reason = f"duplicate id {record['id']!r}"
        if reason is not None:
            problems.append(f"line {number}: {reason}; skipped")
            continue
        seen.add(str(record["id"]))
        documents.append(_gold_document(record, task))
    return documents, problems


def read_predictions(path: str | Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Return predictions by article id (an "analysis" key is unwrapped) and one message per skipped line."""
    predictions: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for number, record in json_lines(path):
        reason = record if isinstance(record, BadLine) else prediction_problem(record)
        if reason is not None:
            problems.append(f"line {number}: {reason}; skipped")
            continue
        record = {**record, **(record.get("analysis") or {})}
        predictions[str(record["id"])] = record
    return predictions, problems


def prediction_problem(record: Any) -> str | None:
    """Return why a parsed prediction line cannot be scored, or None when it can."""
    if not isinstance(record, dict) or "id" not in record:
        return 'needs an "id"'
    if record.get("analysis") is not None and not isinstance(record["analysis"], dict):
        return '"analysis" must be an object'
    record = {**record, **(record.get("analysis") or {})}
    for key, check in (("claims", _claim_problem), ("stances", _predicted_stance_problem)):
        items = record.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            return f'"{key}" must be a list'
        for number, item in enumerate(items, 1):
            reason = check(item) if isinstance(item, dict) else "is not an object"
            if reason:
                return f"{key[:-1]} {number} {reason}"
    return None


def _claim_problem(item: dict[str, Any]) -> str | None:
    if not _optional_span(item.get("span")) or not _optional_span(item.get("speaker_span")):
        return "needs spans [start, end] of whole numbers, or null"
    if not all(item.get(k) is None or isinstance(item[k], str) for k in ("text", "speaker")):
        return 'needs a string "text" and "speaker" (or null)'
    return None


def _predicted_stance_problem(item: dict[str, Any]) -> str | None:
    if not all(item.get(k) is None or isinstance(item[k], str) for k in ("source", "target", "stance")):
        return 'needs string "source", "target" and "stance" (or null)'
    return None


def _optional_span(span: Any) -> bool:
    return span is None or (isinstance(span, list) and len(span) == 2 and all(_whole(x) for x in span))


def _whole(value: Any) -> bool:
    """Return whether value is a JSON whole number (true and false are not 1 and 0)."""
    return isinstance(value, int) and not isinstance(value, bool)


def gold_problem(record: Any, task: str) -> str | None:
    """Return why a parsed gold line is unusable for task, or None when it is fine."""
    if not isinstance(record, dict) or "id" not in record:
        return 'needs an "id"'
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return 'needs a non-empty string "text"'
    key = "attributions" if task == "attribution" else "stances"
    items = record.get(key)
    if not isinstance(items, list):
        return f'needs a list "{key}"'
    check = _attribution_problem if task == "attribution" else _stance_problem
    for number, item in enumerate(items, 1):
        reason = check(item, len(text)) if isinstance(item, dict) else "is not an object"
        if reason:
            return f"{key[:-1]} {number} {reason}"
    return None


def _attribution_problem(item: dict[str, Any], length: int) -> str | None:
    content, source = item.get("content"), item.get("source")
    if not isinstance(content, dict) or not _spans_ok(content.get("spans"), length):
        return 'needs "content" with "spans" [[start, end], ...] inside the text'
    if source is not None and not (
        isinstance(source, dict) and isinstance(source.get("text"), str) and _spans_ok(source.get("spans"), length)
    ):
        return 'needs "source" null or {"text", "spans"} inside the text'
    return None


def _stance_problem(item: dict[str, Any], length: int) -> str | None:
    if not all(isinstance(item.get(k), str) and item[k].strip() for k in ("source", "target")):
        return 'needs a "source" and a "target" name'
    if item.get("polarity") not in POLARITIES:
        return f'needs "polarity" {" or ".join(POLARITIES)}'
    return None


def _spans_ok(spans: Any, length: int) -> bool:
    return (
        isinstance(spans, list)
        and bool(spans)
        and all(isinstance(s, list) and len(s) == 2 and all(_whole(x) for x in s) for s in spans)
        and all(0 <= start < end <= length for start, end in spans)
    )


def _gold_document(record: dict[str, Any], task: str) -> GoldDocument:
    items = record["attributions" if task == "attribution" else "stances"]
    title = record.get("title") if isinstance(record.get("title"), str) else None
    return GoldDocument(str(record["id"]), record["text"], items, title)


# Predicting


def predict(
    document: GoldDocument, settings: Settings, store: Store | None, backend: Backend | None = None
) -> dict[str, Any]:
    """Return the batch-format record of one gold article's analysis (cached sections cost nothing)."""
    analysis = analyse_article(document.text, document.title, settings, store=store, backend=backend)
    return {"id": document.id, **analysis.to_record()}


# Matching


def name_words(name: str | None) -> set[str]:
    """Return the words that identify a name: lower case, 3+ letters, no titles or pronouns, plural -s dropped."""
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    return {_singular(w) for w in words if len(w) >= 3 and w not in NAME_NOISE}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def same_name(a: str | None, b: str | None) -> bool:
    """Return whether two names share an identifying word ("Sen. Warren" and "Elizabeth Warren")."""
    return bool(name_words(a) & name_words(b))


def span_chars(spans: Iterable[Iterable[int]]) -> set[int]:
    """Return the character offsets the spans cover."""
    return {offset for start, end in spans for offset in range(start, end)}


def jaccard(a: set[int], b: set[int]) -> float:
    """Return |a ∩ b| / |a ∪ b|, or 0 when either is empty."""
    return len(a & b) / len(a | b) if a and b else 0.0


def claim_chars(claim: dict[str, Any], text: str) -> set[int]:
    """Return a claim's characters: its span when valid, else where its exact text first occurs, else none."""
    span = claim.get("span")
    if span and 0 <= span[0] < span[1] <= len(text):
        return span_chars([span])
    words = (claim.get("text") or "").strip()
    start = text.find(words) if words else -1
    return span_chars([[start, start + len(words)]]) if start >= 0 else set()


def speaker_right(claim: dict[str, Any], attribution: dict[str, Any]) -> bool:
    """Return whether a claim's speaker is the gold source: overlapping spans or a shared name word."""
    source = attribution["source"]
    if source is None:  # no stated source: right only when the claim names no speaker either
        return not (claim.get("speaker") or "").strip()
    speaker_span = claim.get("speaker_span")
    if speaker_span and any(_overlap(speaker_span, gold) for gold in source["spans"]):
        return True
    return same_name(claim.get("speaker"), source["text"])


def _overlap(a: list[int], b: list[int]) -> bool:
    """Return whether two [start, end) spans share a character (compared as intervals: a prediction's span
    may be absurdly long, and is never spelled out character by character)."""
    return max(a[0], b[0]) < min(a[1], b[1])


def match_greedily(predicted: list[set[int]], gold: list[set[int]], threshold: float) -> list[tuple[int, int]]:
    """Return one-to-one (predicted, gold) index pairs, best Jaccard first, each at least threshold."""
    ranges = [(min(g), max(g)) if g else (0, -1) for g in gold]
    candidates = sorted(
        (
            (jaccard(p, g), i, j)
            for i, p in enumerate(predicted)
            for low, high in [(min(p), max(p)) if p else (0, -1)]
            for j, g in enumerate(gold)
            # spans that do not even overlap score 0: skip them unless a threshold of 0 lets them match
            if threshold <= 0 or (low <= ranges[j][1] and ranges[j][0] <= high)
        ),
        reverse=True,
    )
    used_predicted: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold:
            break
        if i not in used_predicted and j not in used_gold:
            used_predicted.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


# Scoring


def attribution_counts(document: GoldDocument, prediction: dict[str, Any] | None) -> dict[str, Counts]:
    """Return one document's counts for content@t (span only) and attribution@t (span and speaker)."""
    claims = (prediction or {}).get("claims") or []
    predicted = [claim_chars(c, document.text) for c in claims]
    gold = [span_chars(a["content"]["spans"]) for a in document.annotations]
    counts = {}
    for threshold in THRESHOLDS:
        pairs = match_greedily(predicted, gold, threshold)
        right = sum(speaker_right(claims[i], document.annotations[j]) for i, j in pairs)
        counts[f"content@{threshold}"] = Counts(len(pairs), len(claims), len(gold))
        counts[f"attribution@{threshold}"] = Counts(right, len(claims), len(gold))
    return counts


def stance_counts(document: GoldDocument, prediction: dict[str, Any] | None) -> dict[str, int]:
    """Return one document's gold stances, pairs found (source and target named) and polarities agreed."""
    stances = (prediction or {}).get("stances") or []
    found = agreed = 0
    for gold in document.annotations:
        hits = [
            s
            for s in stances
            if same_name(s.get("source"), gold["source"]) and same_name(s.get("target"), gold["target"])
        ]
        found += bool(hits)
        agreed += any(s.get("stance") == gold["polarity"] for s in hits)
    return {"gold": len(document.annotations), "predicted": len(stances), "found": found, "agreed": agreed}


def score_attribution(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return corpus precision/recall/F1 per measure, the same names and numbers as the shared score.py."""
    totals = {measure: Counts() for measure in ATTRIBUTION_MEASURES}
    for document in documents:
        for measure, counts in attribution_counts(document, predictions.get(document.id)).items():
            totals[measure] += counts
    report: dict[str, Any] = {measure: totals[measure].scores() for measure in ATTRIBUTION_MEASURES}
    first = totals[ATTRIBUTION_MEASURES[0]]
    return {**report, "documents": len(documents), "gold_attributions": first.gold, "predicted_claims": first.predicted}


def score_stance(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return stance pair recall, polarity recall and polarity accuracy on found pairs, as score.py names them."""
    rows = [stance_counts(d, predictions.get(d.id)) for d in documents]
    total, found, agreed = (sum(r[k] for r in rows) for k in ("gold", "found", "agreed"))
    return {
        "gold_stances": total,
        "pair_recall": _ratio(found, total),
        "polarity_recall": _ratio(agreed, total),
        "polarity_accuracy_on_found": _ratio(agreed, found),
        "documents": len(documents),
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# Reports


def evaluate(
    task: str, documents: list[GoldDocument], predictions: dict[str, dict[str, Any]], worst: int = 5
) -> dict[str, Any]:
    """Return the corpus metrics (score.py's names) plus per-document figures and the worst documents."""
    if task == "attribution":
        metrics, rows = score_attribution(documents, predictions), attribution_rows(documents, predictions)
    else:
        metrics, rows = score_stance(documents, predictions), stance_rows(documents, predictions)
        more = {
            "calibration": stance_calibration(documents, predictions),
            "errors": stance_errors(documents, predictions),
        }
        return {**metrics, "per_document": rows, **more, "worst": worst_documents(task, rows, worst)}
    errors = attribution_errors(documents, predictions)
    return {**metrics, "per_document": rows, "errors": errors, "worst": worst_documents(task, rows, worst)}


CONFIDENCE_BANDS = ((0.0, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01))


def attribution_errors(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Return gold attributions and predicted claims by what went wrong at Jaccard 0.3 (one kind each)."""
    errors = dict.fromkeys(ATTRIBUTION_ERRORS, 0)
    for document in documents:
        claims = (predictions.get(document.id) or {}).get("claims") or []
        predicted = [claim_chars(c, document.text) for c in claims]
        gold = [span_chars(a["content"]["spans"]) for a in document.annotations]
        pairs = match_greedily(predicted, gold, 0.3)
        for i, j in pairs:
            errors["right" if speaker_right(claims[i], document.annotations[j]) else "wrong speaker"] += 1
        matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, chars in enumerate(gold):
            if j not in matched_g:
                errors["gold: span off" if any(chars & p for p in predicted) else "gold: not found"] += 1
        for i, chars in enumerate(predicted):
            if i not in matched_p:
                errors["claim: span off" if any(chars & g for g in gold) else "claim: not in gold"] += 1
    return errors


ATTRIBUTION_ERRORS = (
    "right",
    "wrong speaker",
    "gold: span off",
    "gold: not found",
    "claim: span off",
    "claim: not in gold",
)
STANCE_ERRORS = ("right", "neutral", "opposite", "target missed", "source has no stance")


def stance_errors(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Return gold stances by outcome: right, found but neutral or opposite, or the pair not found (and why)."""
    errors = dict.fromkeys(STANCE_ERRORS, 0)
    for document in documents:
        stances = (predictions.get(document.id) or {}).get("stances") or []
        for gold in document.annotations:
            by_source = [s for s in stances if same_name(s.get("source"), gold["source"])]
            hits = {s.get("stance") for s in by_source if same_name(s.get("target"), gold["target"])}
            if gold["polarity"] in hits:
                errors["right"] += 1
            elif hits:
                errors["neutral" if hits == {"neutral"} else "opposite"] += 1
            else:
                errors["target missed" if by_source else "source has no stance"] += 1
    return errors


def stance_calibration(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Return per confidence band the predicted stances on a gold pair and how often their direction is right."""
    tally = {band: [0, 0] for band in CONFIDENCE_BANDS}
    for document in documents:
        for stance in (predictions.get(document.id) or {}).get("stances") or []:
            gold = [
                g
                for g in document.annotations
                if same_name(stance.get("source"), g["source"]) and same_name(stance.get("target"), g["target"])
            ]
            band = next((b for b in CONFIDENCE_BANDS if b[0] <= float(stance.get("confidence") or 0) < b[1]), None)
            if gold and band:
                tally[band][0] += 1
                tally[band][1] += any(g["polarity"] == stance.get("stance") for g in gold)
    return [
        {"band": f"{low:.1f}-{min(high, 1.0):.1f}", "stances": n, "right": right, "share_right": _ratio(right, n)}
        for (low, high), (n, right) in tally.items()
    ]


def attribution_rows(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Return per-document attribution@0.3 figures: gold, predicted, matched, precision, recall, F1."""
    rows = []
    for document in documents:
        counts = attribution_counts(document, predictions.get(document.id))
        main = counts["attribution@0.3"]
        rows.append(
            {
                "id": document.id,
                "gold": main.gold,
                "predicted": main.predicted,
                "matched": main.matched,
                **main.scores(),
                "content_f1": counts["content@0.3"].scores()["f1"],
            }
        )
    return rows


def stance_rows(documents: list[GoldDocument], predictions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Return per-document stance figures: gold, predicted, found, agreed, pair and polarity recall."""
    rows = []
    for document in documents:
        counts = stance_counts(document, predictions.get(document.id))
        rows.append(
            {
                "id": document.id,
                **counts,
                "pair_recall": _ratio(counts["found"], counts["gold"]),
                "polarity_recall": _ratio(counts["agreed"], counts["gold"]),
            }
        )
    return rows


def worst_documents(task: str, rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Return the limit lowest-scoring documents; more gold items break ties, nothing-to-score ones are left out."""
    if task == "attribution":
        scored = [r for r in rows if r["gold"] or r["predicted"]]
        return sorted(scored, key=lambda r: (r["f1"], -r["gold"], r["id"]))[:limit]
    scored = [r for r in rows if r["gold"]]
    return sorted(scored, key=lambda r: (r["polarity_recall"], r["pair_recall"], -r["gold"], r["id"]))[:limit]


def compare_reports(task: str, a: dict[str, Any], b: dict[str, Any], limit: int = 5) -> dict[str, Any]:
    """Return two reports' metrics side by side, their differences (b - a) and the most changed documents."""
    key = "f1" if task == "attribution" else "polarity_recall"
    changed = [
        {"id": ra["id"], "a": ra[key], "b": rb[key], "difference": round(rb[key] - ra[key], 4)}
        for ra, rb in zip(a["per_document"], b["per_document"])
        if ra[key] != rb[key]
    ]
    changed.sort(key=lambda r: (-abs(r["difference"]), r["id"]))
    return {
        "a": _metrics(a),
        "b": _metrics(b),
        "difference": _difference(_metrics(a), _metrics(b)),
        "changed_documents": changed[:limit],
    }


def _metrics(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("per_document", "worst", "calibration", "errors")}


def _difference(a: Any, b: Any) -> Any:
    if isinstance(a, dict):
        return {k: _difference(a[k], b[k]) for k in a}
    return round(b - a, 4)


# Tables


def format_report(task: str, report: dict[str, Any]) -> str:
    """Return the report as readable text: the metrics, then the worst documents."""
    if task == "attribution":
        head = (
            f"{report['documents']} documents, {report['gold_attributions']} gold attributions, "
            f"{report['predicted_claims']} predicted claims"
        )
        rows = [[m, *(f"{report[m][k]:.4f}" for k in ("precision", "recall", "f1"))] for m in ATTRIBUTION_MEASURES]
        metrics = _table(["measure", "precision", "recall", "f1"], rows)
        worst = _table(
            ["id", "gold", "predicted", "f1"],
            [[r["id"], r["gold"], r["predicted"], f"{r['f1']:.4f}"] for r in report["worst"]],
        )
        title = "worst documents by attribution F1@0.3"
    else:
        head = f"{report['documents']} documents, {report['gold_stances']} gold stances"
        metrics = _table(["measure", "score"], [[m, f"{report[m]:.4f}"] for m in STANCE_MEASURES])
        worst = _table(
            ["id", "gold", "predicted", "found", "agreed", "polarity_recall"],
            [
                [r["id"], r["gold"], r["predicted"], r["found"], r["agreed"], f"{r['polarity_recall']:.4f}"]
                for r in report["worst"]
            ],
        )
        title = "worst documents by polarity recall"
        metrics += "\n\nstance confidence vs. direction right (stances on a gold pair)\n" + _table(
            ["confidence", "stances", "right", "share"],
            [[r["band"], r["stances"], r["right"], f"{r['share_right']:.2f}"] for r in report.get("calibration", [])],
        )
    if report.get("errors"):
        metrics += "\n\nerror types\n" + _table(["outcome", "count"], [[k, v] for k, v in report["errors"].items()])
    return f"{head}\n\n{metrics}\n\n{title}\n{worst if report['worst'] else '(none)'}"


def format_comparison(task: str, comparison: dict[str, Any], names: tuple[str, str]) -> str:
    """Return the comparison as text: one row per measure with A, B and B - A, then the most changed documents."""
    a, b, diff = comparison["a"], comparison["b"], comparison["difference"]
    if task == "attribution":
        keys = [(m, k) for m in ATTRIBUTION_MEASURES for k in ("precision", "recall", "f1")]
        rows = [[f"{m} {k}", f"{a[m][k]:.4f}", f"{b[m][k]:.4f}", f"{diff[m][k]:+.4f}"] for m, k in keys]
        claims = "predicted_claims"
        rows.append([claims, a[claims], b[claims], f"{diff[claims]:+d}"])
    else:
        rows = [[m, f"{a[m]:.4f}", f"{b[m]:.4f}", f"{diff[m]:+.4f}"] for m in STANCE_MEASURES]
    lines = [f"A = {names[0]}", f"B = {names[1]}", "", _table(["measure", "A", "B", "B - A"], rows)]
    changed = comparison["changed_documents"]
    if changed:
        measure = "F1@0.3" if task == "attribution" else "polarity recall"
        lines += [
            "",
            f"documents that changed most ({measure})",
            _table(
                ["id", "A", "B", "B - A"],
                [[r["id"], f"{r['a']:.4f}", f"{r['b']:.4f}", f"{r['difference']:+.4f}"] for r in changed],
            ),
        ]
    return "\n".join(lines)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    """Return rows as left-aligned text columns under their headers."""
    cells = [headers, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells)
