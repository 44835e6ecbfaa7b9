"""What the article says, parsed once: its attributed claims with their content words, and passages."""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..analysis import Analysis
from ..findings import Claim
from ..gazetteer import canonical_country
from ..names import fold
from ..offline.nlp import load_nlp
from .speakers import Speaker, attributed_to, resolve_speaker, speakers

# Tuned on the crafted cases in tests/test_checking.py: a restatement shares most of the claim's
# content words, or most of the summary sentence's content words come from the claim.
MIN_SHARED = 3
CLAIM_COVERAGE = 0.5
SENTENCE_PRECISION = 0.6
SUPPORT_WINDOW = 3
PARSED_ARTICLES = 8  # parsing a 3,000-word article takes about a second; a few stay parsed per process
_BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d+[.)])[ \t]+", re.M)


@dataclass
class ArticleClaim:
    """One attributed claim of the article, with its speaker and content words."""

    claim: Claim
    speaker: Speaker
    words: set[str]


@dataclass(frozen=True)
class ArticleSentence:
    """Where an article sentence is, and whom its own attribution verbs name."""

    start: int
    end: int
    said_by: tuple[str, ...]


@dataclass
class Article:
    """The parsed article: claims with their speakers and content words, sentences, windows, countries."""

    claims: list[ArticleClaim]
    windows: list[set[str]]
    folded: str
    speakers: dict[str, Speaker]
    sentences: list[ArticleSentence]
    countries: set[str]
    known_names: set[str]

    @cached_property
    def words(self) -> frozenset[str]:
        """Return every content word (lemma) of the article, built once for all summary sentences."""
        return frozenset().union(*self.windows)

    def mentions(self, surface: str) -> bool:
        """Return True when the article names this: in its text, as an actor's name or alias, or as its country."""
        key = fold(surface).casefold()
        if key in self.folded or any(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", n) for n in self.known_names):
            return True
        return canonical_country(surface) in self.countries

    def said_near(self, claim: Claim) -> set[str]:
        """Return whom the article's sentences holding a claim name as speaking."""
        if claim.span is None:
            return set()
        start, end = claim.span
        return {n for s in self.sentences if s.start < end and s.end > start for n in s.said_by}


_parsed: OrderedDict[tuple[str, str], Article] = OrderedDict()


def article_key(analysis: Analysis) -> tuple[str, str]:
    """Return what the check reads of an analysis, hashed: its text, actors and claims."""
    actors = [a.model_dump(mode="json") for a in analysis.actors]
    findings = json.dumps([actors, [c.model_dump(mode="json") for c in analysis.claims]], sort_keys=True)
    return analysis.text_hash, hashlib.sha256(findings.encode("utf-8")).hexdigest()


def parsed_article(analysis: Analysis) -> Article:
    """Return the parsed article, parsing it only the first time its content is seen in this process."""
    key = article_key(analysis)
    if key in _parsed:
        _parsed.move_to_end(key)
        return _parsed[key]
    _parsed[key] = _parse(analysis)
    while len(_parsed) > PARSED_ARTICLES:
        _parsed.popitem(last=False)
    return _parsed[key]


def _parse(analysis: Analysis) -> Article:
    nlp = load_nlp()
    known = speakers(analysis)
    attributed = [(c, s) for c in analysis.claims if (s := resolve_speaker(c, known))]
    docs = nlp.pipe([c.text for c, _ in attributed])
    claims = [ArticleClaim(c, s, content_words(d)) for (c, s), d in zip(attributed, docs)]
    doc = nlp(analysis.text)
    parsed = list(doc.sents)
    words = [content_words(s) for s in parsed]
    windows = [set().union(*words[i : i + SUPPORT_WINDOW]) for i in range(max(1, len(words)))]
    sentences = [
        ArticleSentence(s.start_char, s.end_char, tuple(attributed_to(s, parsed[i - 1] if i else None, known)))
        for i, s in enumerate(parsed)
    ]
    countries = {c for e in doc.ents if e.label_ in ("GPE", "NORP", "LOC") and (c := canonical_country(e.text))}
    countries |= {a.name for a in analysis.actors if a.type == "country"}
    known_names = {fold(n).casefold() for a in analysis.actors for n in [a.name, *a.aliases]}
    return Article(claims, windows, fold(analysis.text).casefold(), known, sentences, countries, known_names)


def content_words(tokens: Doc | SpacySpan, skip: set[int] | None = None) -> set[str]:
    """Return the lower-case lemmas of content words, leaving out token indexes in skip."""
    skip = skip or set()
    return {
        t.lemma_.casefold()
        for t in tokens
        if t.i not in skip and (t.is_alpha and not t.is_stop and len(t) > 1 or t.like_num)
    }


def restated_claims(words: set[str], article: Article) -> list[ArticleClaim]:
    """Return the claims a sentence's content words restate, best match first."""
    return [item for score, item in scored_claims(words, article) if score > 0]


def scored_claims(words: set[str], article: Article) -> list[tuple[float, ArticleClaim]]:
    """Return the claims sharing two or more content words with a sentence, best first.

    A restatement scores its claim coverage plus its sentence precision; a claim that only shares
    a few words scores zero or less (minus the shared words) and ranks after every restatement.
    """
    scored = []
    for item in article.claims:
        shared = len(words & item.words)
        if shared < 2:
            continue
        cover, precision = shared / len(item.words), shared / max(1, len(words))
        restates = shared >= min(MIN_SHARED, len(item.words)) and (
            cover >= CLAIM_COVERAGE or precision >= SENTENCE_PRECISION
        )
        score = cover + precision if restates else -1 / shared
        scored.append((score, item.speaker.name in article.speakers, item))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [(score, item) for score, _, item in scored]


def word_count(text: str) -> int:
    """Return the number of words in text, bullet markers not counted."""
    return len(_BULLET.sub("", text).split())


def summary_sentences(summary: str) -> list[SpacySpan]:
    """Return the summary's sentences (bullet markers removed), parsed."""
    return [s for s in load_nlp()(_BULLET.sub("", summary)).sents if s.text.strip()]
