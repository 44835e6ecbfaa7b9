"""Coverage: which of the article's claims, actors and verbatim quotes a summary keeps."""

from __future__ import annotations

from pydantic import BaseModel, Field
from spacy.tokens import Span as SpacySpan

from ..analysis import Analysis
from ..names import fold
from .article import Article, content_words, restated_claims
from .flags import MIN_QUOTE_WORDS, quoted
from .speakers import attribution_tokens, names


class CoveredClaim(BaseModel):
    """An article claim the summary restates, with its speaker."""

    speaker: str
    text: str


class Coverage(BaseModel):
    """How much of the article's who-said-what a summary keeps."""

    claims_total: int = 0
    claims_covered: int = 0
    claims: list[CoveredClaim] = Field(default_factory=list)
    actors_total: int = 0
    actors_mentioned: list[str] = Field(default_factory=list)
    quotes_total: int = 0
    quotes_kept: int = 0
    quotes: list[str] = Field(default_factory=list)


def article_quotes(analysis: Analysis) -> list[str]:
    """Return the article's quoted words: passages in quotation marks inside claims, and direct claims."""
    found: list[str] = []
    for claim in analysis.claims:
        inner = quoted(claim.text)
        if inner:
            found += inner
        elif claim.quote == "direct" and len(claim.text.split()) >= MIN_QUOTE_WORDS:
            found.append(claim.text.strip().strip("\"“”'‘’").rstrip(",.;:!?").strip())
    return list(dict.fromkeys(found))


def summary_coverage(analysis: Analysis, summary: str, article: Article, sentences: list[SpacySpan]) -> Coverage:
    """Return which claims, actors and verbatim quotes of the article the summary keeps."""
    covered: dict[int, CoveredClaim] = {}
    order = {id(item.claim): i for i, item in enumerate(article.claims)}
    for sentence in sentences:
        words = content_words(sentence, attribution_tokens(sentence))
        for item in restated_claims(words, article):
            covered.setdefault(order[id(item.claim)], CoveredClaim(speaker=item.speaker.name, text=item.claim.text))
    quotes = article_quotes(analysis)
    folded = fold(summary).casefold()
    kept = [q for q in quotes if fold(q).casefold() in folded]
    claims = [covered[i] for i in sorted(covered)]
    return Coverage(
        claims_total=len(article.claims),
        claims_covered=len(claims),
        claims=claims,
        actors_total=len(article.speakers),
        actors_mentioned=[s.name for s in article.speakers.values() if names(summary, s)],
        quotes_total=len(quotes),
        quotes_kept=len(kept),
        quotes=kept,
    )
