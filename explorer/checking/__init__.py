"""Does a summary keep who said what? Flags claims stated as fact, wrong speakers and unsupported content."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from spacy.tokens import Span as SpacySpan

from ..analysis import Analysis
from .article import Article, article_key, parsed_article, summary_sentences, word_count
from .coverage import Coverage, CoveredClaim, summary_coverage
from .flags import Flag, FlagKind, FlagSource, Reading, sentence_flags
from .speakers import Speaker, attributed_to, names, resolve_speaker, speakers

__all__ = [
    "CheckResult",
    "Coverage",
    "CoveredClaim",
    "Flag",
    "FlagKind",
    "FlagSource",
    "Speaker",
    "article_key",
    "check_summary",
    "coverage",
    "names",
    "resolve_speaker",
    "speakers",
    "word_count",
]


class CheckResult(BaseModel):
    """The flags of a summary and how much of the article's who-said-what it covers."""

    flags: list[Flag] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)

    def to_record(self) -> dict[str, Any]:
        """Return the CLI's JSON shape: flags and coverage."""
        return self.model_dump(mode="json")


def check_summary(analysis: Analysis, summary: str) -> CheckResult:
    """Return the flags of each summary sentence and the summary's coverage of the article."""
    article, sentences = parsed_article(analysis), summary_sentences(summary)
    return CheckResult(
        flags=_flags(sentences, article), coverage=summary_coverage(analysis, summary, article, sentences)
    )


def coverage(analysis: Analysis, summary: str) -> Coverage:
    """Return which claims, actors and verbatim quotes of the article the summary keeps."""
    return summary_coverage(analysis, summary, parsed_article(analysis), summary_sentences(summary))


def _flags(sentences: list[SpacySpan], article: Article) -> list[Flag]:
    flags: list[Flag] = []
    previous: SpacySpan | None = None
    paragraph: list[str] = []
    for sentence in sentences:
        if previous is None or "\n" in sentence.doc.text[previous.start_char : sentence.start_char]:
            paragraph = []
        said = attributed_to(sentence, previous, article.speakers)
        flags += sentence_flags(sentence, Reading(said, list(paragraph)), article)
        paragraph += said
        previous = sentence
    return flags
