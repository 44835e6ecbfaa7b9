"""Does a summary keep who said what? Flags claims stated as fact, wrong speakers and unsupported content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from spacy.tokens import Span as SpacySpan

from ..analysis import Analysis
from .article import Article, article_key, parsed_article, summary_sentences, word_count
from .coverage import Coverage, CoveredClaim, summary_coverage
from .flags import Flag, FlagKind, FlagSource, Reading, SentenceCheck, check_sentence
from .speakers import Speaker, attributed_to, names, resolve_speaker, speakers

__all__ = [
    "CheckResult",
    "Coverage",
    "CoveredClaim",
    "Flag",
    "FlagKind",
    "FlagSource",
    "Review",
    "SentenceCheck",
    "Speaker",
    "article_key",
    "check_summary",
    "coverage",
    "names",
    "resolve_speaker",
    "speakers",
    "word_count",
]


Review = Callable[[Analysis, list[SentenceCheck]], list[SentenceCheck]]


class CheckResult(BaseModel):
    """The flags of a summary and how much of the article's who-said-what it covers."""

    flags: list[Flag] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    notes: list[str] = Field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """Return the CLI's JSON shape: flags and coverage (and notes, when there are any)."""
        return self.model_dump(mode="json", exclude=set() if self.notes else {"notes"})


def check_summary(analysis: Analysis, summary: str, review: Review | None = None) -> CheckResult:
    """Return the flags of each summary sentence and the summary's coverage; review may overrule unsure ones."""
    article, sentences = parsed_article(analysis), summary_sentences(summary)
    checks = _checks(sentences, article)
    if review is not None:
        checks = review(analysis, checks)
    flags = [f for c in checks for f in c.flags]
    notes = list(getattr(review, "notes", []))
    return CheckResult(flags=flags, coverage=summary_coverage(analysis, summary, article, sentences), notes=notes)


def coverage(analysis: Analysis, summary: str) -> Coverage:
    """Return which claims, actors and verbatim quotes of the article the summary keeps."""
    return summary_coverage(analysis, summary, parsed_article(analysis), summary_sentences(summary))


def _checks(sentences: list[SpacySpan], article: Article) -> list[SentenceCheck]:
    checks: list[SentenceCheck] = []
    previous: SpacySpan | None = None
    paragraph: list[str] = []
    for sentence in sentences:
        if previous is None or "\n" in sentence.doc.text[_end(previous) : sentence.start_char]:
            paragraph = []
        said = attributed_to(sentence, previous, article.speakers)
        checks.append(check_sentence(sentence, Reading(said, list(paragraph)), article))
        paragraph += said
        previous = sentence
    return checks


def _end(sentence: SpacySpan) -> int:
    """Return where the sentence's words end, before any trailing line breaks spaCy keeps with it."""
    return sentence.start_char + len(sentence.text.rstrip())
