"""Compare summary versions: word-level diffs, metrics against the article, a Markdown report."""

from __future__ import annotations

import difflib
import html
import re

from .analysis import Analysis
from .checking import CheckResult, Coverage, check_summary, coverage, word_count

_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff_html(a: str, b: str) -> tuple[str, str]:
    """Return both texts as escaped HTML, words only in a inside <del>, words only in b inside <ins>."""
    left, right = _WORDS.findall(a), _WORDS.findall(b)
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(left[i1:i2]), "".join(right[j1:j2])
        if op == "equal":
            out_a.append(html.escape(old))
            out_b.append(html.escape(new))
            continue
        out_a.append(_marked("del", old))
        out_b.append(_marked("ins", new))
    return "".join(out_a), "".join(out_b)


def _marked(tag: str, text: str) -> str:
    """Return text escaped and wrapped in tag, leaving surrounding whitespace outside the mark."""
    if not text.strip():
        return html.escape(text)
    lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()  # type: ignore[union-attr]
    return f"{html.escape(lead)}<{tag}>{html.escape(core)}</{tag}>{html.escape(trail)}"


class SummaryMetrics(Coverage):
    """A summary's length against the article's, and its coverage of the article's who-said-what."""

    words: int = 0
    article_words: int = 0
    compression: float = 0.0


def summary_metrics(analysis: Analysis, text: str, covered: Coverage | None = None) -> SummaryMetrics:
    """Return words, compression, actors mentioned, claims covered and quotes kept (covered if already known)."""
    words, article_words = word_count(text), len(analysis.text.split())
    return SummaryMetrics(
        **(covered or coverage(analysis, text)).model_dump(),
        words=words,
        article_words=article_words,
        compression=round(words / article_words, 3) if article_words else 0.0,
    )


def comparison_markdown(
    versions: list[tuple[str, str]],
    analysis: Analysis,
    sources: list[Analysis] | None = None,
    measured: list[tuple[SummaryMetrics, CheckResult]] | None = None,
) -> str:
    """Return a Markdown report: a metrics table of every version, then each text with its flags.

    Each version is measured against its own article when `sources` gives one per version;
    `measured` gives each version's `summary_metrics` and `check_summary` when the caller already has them.
    """
    rows = [
        "| Version | Words | Compression | Actors | Claims covered | Quotes kept | Flags |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    sections: list[str] = []
    for index, (name, text) in enumerate(versions):
        article = sources[index] if sources else analysis
        metrics, check = measured[index] if measured else _measured(article, text)
        rows.append(
            f"| {_cell(name)} | {metrics.words} | {metrics.compression:.0%} | {len(metrics.actors_mentioned)}"
            f" | {metrics.claims_covered}/{metrics.claims_total} | {metrics.quotes_kept}/{metrics.quotes_total}"
            f" | {len(check.flags)} |"
        )
        flags = [
            f"- **{f.kind.replace('_', ' ')}**{' (model)' * (f.source == 'model')}: {f.sentence} — {f.reason}"
            for f in check.flags
        ]
        sections.append(f"## {name}\n\n{text.strip()}\n\n### Flags\n\n" + ("\n".join(flags) or "None."))
    title = f"# Summary comparison: {analysis.title}" if analysis.title else "# Summary comparison"
    return "\n\n".join([title, "\n".join(rows), *sections]) + "\n"


def _measured(analysis: Analysis, text: str) -> tuple[SummaryMetrics, CheckResult]:
    """Return a summary's metrics and check from one check of it."""
    check = check_summary(analysis, text)
    return summary_metrics(analysis, text, check.coverage), check


def _cell(text: str) -> str:
    """Return text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")
