"""The flags: summary sentences that state a claim as fact, give it the wrong speaker, or add what is not there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel
from spacy.tokens import Span as SpacySpan

from ..names import fold
from ..offline.polarity import word_value
from .article import MIN_SHARED, Article, ArticleClaim, content_words, scored_claims
from .speakers import Speaker, attribution_tokens, attributions, names, said_by

FlagKind = Literal["stated_as_fact", "wrong_speaker", "unsupported", "misquoted"]
FlagSource = Literal["rules", "model"]

SURE_MATCH = 1.2  # claim coverage plus sentence precision above which a restatement is beyond doubt
RELEVANT_CLAIMS = 3  # claims shown to the model with an unsure sentence
SUPPORT_PRECISION = 0.5  # below this share of content words found in any 3-sentence window: unsupported
MIN_QUOTE_WORDS = 3
ENTITY_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART MONEY PERCENT CARDINAL QUANTITY DATE".split()
)
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]+)[\"“”«»]")


class Flag(BaseModel):
    """One summary sentence that misreports the article, and why."""

    sentence: str
    reason: str
    claim: str | None = None
    speaker: str | None = None
    kind: FlagKind
    source: FlagSource = "rules"


@dataclass
class Reading:
    """What a reader knows at a summary sentence: who it says is speaking, and who spoke earlier in its paragraph."""

    said: list[str]
    paragraph: list[str] = field(default_factory=list)


@dataclass
class SentenceCheck:
    """One summary sentence, its flags, whether the rules are unsure of it, and the claims it may restate."""

    text: str
    flags: list[Flag]
    unsure: bool = False
    claims: list[ArticleClaim] = field(default_factory=list)


def check_sentence(sentence: SpacySpan, reading: Reading, article: Article) -> SentenceCheck:
    """Return the flags of one summary sentence, read in its paragraph, and how sure the rules are of them."""
    text = " ".join(sentence.text.split())
    words = content_words(sentence, attribution_tokens(sentence))
    scored = scored_claims(words, article)
    restated = [item for score, item in scored if score > 0]
    named = restated and any(said_by(n, item.speaker) for n in reading.said for item in restated)
    if restated and not named and _reports_within_claim(sentence, restated[0]):
        reading = Reading([], reading.paragraph)  # the sentence repeats a report made inside the claim
    flags = _attribution_flags(text, reading, restated, article) if restated else []
    unsure = bool(scored) and scored[0][0] < SURE_MATCH and len(words) >= MIN_SHARED
    if not restated and len(words) >= MIN_SHARED and not _supported(words, text, article):
        reason = "not supported by the article: no article sentence says this"
        flags.append(Flag(sentence=text, reason=reason, kind="unsupported"))
        unsure = True
    flags += _other_flags(sentence, text, article)
    unsupported = any(f.kind == "unsupported" for f in flags)  # one sentence, one note that it is unsupported
    if not unsupported and not reading.said and not attributions(sentence):
        flags += _judgement_flags(sentence, text, article)
    return SentenceCheck(text, flags, unsure, [item for _, item in scored[:RELEVANT_CLAIMS]])


def _other_flags(sentence: SpacySpan, text: str, article: Article) -> list[Flag]:
    """Return the flags for names the article never mentions and quotations it does not hold."""
    flags = []
    missing = missing_entities(sentence, article)
    if missing:
        reason = f"not supported by the article: {', '.join(missing)} not in the article"
        flags.append(Flag(sentence=text, reason=reason, kind="unsupported"))
    return flags + [
        Flag(sentence=text, reason=f"quotation not verbatim in the article: “{q}”", kind="misquoted")
        for q in misquotes(text, article.folded)
    ]


def _judgement_flags(sentence: SpacySpan, text: str, article: Article) -> list[Flag]:
    """Return a flag when the summary, in its own voice, judges with words the article never uses ('X is a liar')."""
    judging = [
        t.text
        for t in sentence
        if t.pos_ in {"ADJ", "NOUN"} and word_value(t) and not _article_uses(t.lemma_.casefold(), article)
    ]
    if not judging:
        return []
    reason = f"not supported by the article: a judgement the article never makes ({', '.join(judging)})"
    return [Flag(sentence=text, reason=reason, kind="unsupported")]


def _article_uses(lemma: str, article: Article) -> bool:
    """Return True when the article has the word, in any form ('liar' in 'liars', 'wrong' in 'wrongly')."""
    return lemma in article.words or re.search(rf"(?<!\w){re.escape(lemma)}", article.folded) is not None


def _attribution_flags(text: str, reading: Reading, restated: list[ArticleClaim], article: Article) -> list[Flag]:
    best = restated[0]
    speaker = best.speaker.name
    if reading.said:
        if _attributed_right(reading.said, restated, article):
            return []
        reason = f"wrong speaker: attributed to {reading.said[0]}; the article attributes this to {speaker}"
        return [Flag(sentence=text, reason=reason, claim=best.claim.text, speaker=speaker, kind="wrong_speaker")]
    if any(said_by(n, best.speaker) for n in reading.paragraph) or _named_apart(text, best):
        return []
    reason = f"stated as fact; the article attributes this to {speaker}"
    return [Flag(sentence=text, reason=reason, claim=best.claim.text, speaker=speaker, kind="stated_as_fact")]


def _reports_within_claim(sentence: SpacySpan, item: ArticleClaim) -> bool:
    """Return True when the sentence's cue and its subject are words of the claim ('Trump had claimed a loss')."""
    words = set(re.findall(r"\w+", fold(item.claim.text).casefold()))
    found = attributions(sentence)
    return bool(found) and all(cue.lower_ in words and subject.root.lower_ in words for cue, subject in found)


def _attributed_right(said: list[str], restated: list[ArticleClaim], article: Article) -> bool:
    """Return True when the sentence's speaker is a restated claim's, or the article's own sentence names them."""
    return any(_said_it(said, item, article) for item in restated)


def _said_it(said: list[str], item: ArticleClaim, article: Article) -> bool:
    if any(said_by(n, item.speaker) for n in said):
        return True
    near = article.said_near(item.claim)
    return any(_same_speaker(n, m, article.speakers) for n in said for m in near)


def _same_speaker(a: str, b: str, known: dict[str, Speaker]) -> bool:
    return a == b or (b in known and said_by(a, known[b])) or (a in known and said_by(b, known[a]))


def _named_apart(text: str, item: ArticleClaim) -> bool:
    """Return True when the sentence names the speaker outside the claimed words ('In Holt's view, ...')."""
    return names(text, item.speaker) and not names(item.claim.text, item.speaker)


def _supported(words: set[str], text: str, article: Article) -> bool:
    """Return True when an article passage holds most of the words, or a claim of a speaker the sentence names."""
    if max(len(words & w) for w in article.windows) / len(words) >= SUPPORT_PRECISION:
        return True
    named = {s.name for s in article.speakers.values() if names(text, s)}
    return any(len(words & item.words) >= 2 for item in article.claims if item.speaker.name in named)


def missing_entities(sentence: SpacySpan, article: Article) -> list[str]:
    """Return the named entities and numbers of a sentence that the article never mentions, by any name."""
    missing = []
    for ent in sentence.ents:
        if ent.label_ not in ENTITY_LABELS or ent.label_ == "DATE" and not re.search(r"\d|[A-Z]", ent.text):
            continue
        surface = re.sub(r"^the\s+|['’]s?$", "", " ".join(ent.text.split()), flags=re.I)
        key = fold(surface).casefold()
        words = [w for w in key.split() if w[:1].isalnum()]
        present = (
            article.mentions(surface)
            or ent.label_ == "PERSON"
            and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", article.folded) for w in words)
        )
        if key and not present:
            missing.append(surface)
    return list(dict.fromkeys(missing))


def quoted(text: str) -> list[str]:
    """Return the quoted passages of text of at least a few words, without closing punctuation."""
    passages = [m.strip().rstrip(",.;:!?").strip() for m in _QUOTED.findall(text)]
    return [p for p in passages if len(p.split()) >= MIN_QUOTE_WORDS]


def misquotes(sentence: str, folded_article: str) -> list[str]:
    """Return the quoted passages of a summary sentence that the article does not contain verbatim."""
    return [q for q in quoted(sentence) if fold(q).casefold() not in folded_article]
