"""Does a summary keep who said what? Flags claims stated as fact, wrong speakers and unsupported content."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .analysis import Analysis
from .findings import Actor, Claim
from .offline.cues import CLAUSE_CUES, OBJECT_CUES
from .offline.nlp import load_nlp

FlagKind = Literal["stated_as_fact", "wrong_speaker", "unsupported", "misquoted"]

# Tuned on the crafted cases in tests/test_checking.py: a restatement shares most of the claim's
# content words, or most of the summary sentence's content words come from the claim.
MIN_SHARED = 3
CLAIM_COVERAGE = 0.5
SENTENCE_PRECISION = 0.6
SUPPORT_PRECISION = 0.5  # below this share of content words found in any 3-sentence window: unsupported
SUPPORT_WINDOW = 3
MIN_QUOTE_WORDS = 3

CUE_LEMMAS = (CLAUSE_CUES | OBJECT_CUES) - {"know", "find", "show", "learn", "hear", "feel", "understand", "figure"}
ENTITY_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART MONEY PERCENT CARDINAL QUANTITY DATE".split()
)
PERSON_PRONOUNS = frozenset("he him his she her hers they them their".split())
THING_PRONOUNS = frozenset("it its they them their".split())
_ROLE_STOP = frozenset("the a an of for and to on".split())
_BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d+[.)])[ \t]+", re.M)
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]+)[\"“”«»]")


class Flag(BaseModel):
    """One summary sentence that misreports the article, and why."""

    sentence: str
    reason: str
    claim: str | None = None
    speaker: str | None = None
    kind: FlagKind


class CheckResult(BaseModel):
    """The flags of a summary and how much of the article's who-said-what it covers."""

    flags: list[Flag] = Field(default_factory=list)
    coverage: dict[str, Any] = Field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """Return the CLI's JSON shape: flags and coverage."""
        return {"flags": [f.model_dump(mode="json") for f in self.flags], "coverage": self.coverage}


@dataclass(frozen=True)
class Speaker:
    """Who a claim belongs to, with every phrase that names them."""

    name: str
    forms: tuple[str, ...]
    person: bool


def fold(text: str) -> str:
    """Return text without accents, with straight quotes and dashes, spaces collapsed."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"')):
        plain = plain.replace(curly, straight)
    return " ".join(plain.split())


def actor_forms(actor: Actor) -> tuple[str, ...]:
    """Return the phrases that name an actor: name, aliases, a person's surname, role phrases of the title."""
    names = [actor.name, *actor.aliases]
    forms = [fold(n) for n in names if len(n) > 1 and n.casefold() not in PERSON_PRONOUNS | THING_PRONOUNS]
    if actor.type == "person" and len(actor.name.split()) > 1:
        forms.append(actor.name.split()[-1])
    if actor.type == "organization" and len(actor.name.split()) > 1:
        forms.append(actor.name.split()[-1])  # "the union" for "Harbour Workers' Union"
    words = [w for w in fold(actor.title or "").casefold().split() if w not in _ROLE_STOP]
    forms += [" ".join(words[i:]) for i in range(len(words))]  # "union leader", "leader"
    return tuple(dict.fromkeys(f.casefold().removeprefix("the ") for f in forms if f))


def speakers(analysis: Analysis) -> dict[str, Speaker]:
    """Return every actor of the analysis as a Speaker, by canonical name."""
    return {a.name: Speaker(a.name, actor_forms(a), a.type == "person") for a in analysis.actors}


def resolve_speaker(claim: Claim, known: dict[str, Speaker]) -> Speaker | None:
    """Return the speaker of a claim: its actor by name, alias or surname, else its own words; None if unstated."""
    said = (claim.speaker or "").strip()
    if not said or said.casefold() in PERSON_PRONOUNS | THING_PRONOUNS:
        return None
    if said in known:
        return known[said]
    hits = [s for s in known.values() if said.casefold() in s.forms]
    if len(hits) == 1:
        return hits[0]
    return Speaker(said, (fold(said).casefold(),), False)


def names(text: str, speaker: Speaker) -> bool:
    """Return True when text names the speaker by any of its forms (whole words, any case)."""
    folded = fold(text).casefold()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", folded) for f in speaker.forms)


def content_words(tokens: Doc | SpacySpan, skip: set[int] | None = None) -> set[str]:
    """Return the lower-case lemmas of content words, leaving out token indexes in skip."""
    skip = skip or set()
    return {
        t.lemma_.casefold()
        for t in tokens
        if t.i not in skip and (t.is_alpha and not t.is_stop and len(t) > 1 or t.like_num)
    }


@dataclass
class _Article:
    """The parsed article: claims with their speakers and content words, sentence windows."""

    claims: list[tuple[Claim, Speaker, set[str]]]
    windows: list[set[str]]
    folded: str
    speakers: dict[str, Speaker]


class _ArticleContent:
    """An analysis that hashes and compares by what the check reads: text, actors and claims."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        actors = [a.model_dump(mode="json") for a in analysis.actors]
        findings = json.dumps([actors, [c.model_dump(mode="json") for c in analysis.claims]], sort_keys=True)
        self.key = (analysis.text_hash, hashlib.sha256(findings.encode("utf-8")).hexdigest())

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ArticleContent) and other.key == self.key


@lru_cache(maxsize=8)  # parsing a 3,000-word article takes about a second; callers only read the result
def _prepared(content: _ArticleContent) -> _Article:
    """Return the parsed article, parsing it only the first time its content is seen in this process."""
    analysis = content.analysis
    nlp = load_nlp()
    known = speakers(analysis)
    attributed = [(c, s) for c in analysis.claims if (s := resolve_speaker(c, known))]
    docs = nlp.pipe([c.text for c, _ in attributed])
    claims = [(c, s, content_words(d)) for (c, s), d in zip(attributed, docs)]
    sentences = [content_words(s) for s in nlp(analysis.text).sents]
    windows = [set().union(*sentences[i : i + SUPPORT_WINDOW]) for i in range(max(1, len(sentences)))]
    return _Article(claims, windows, fold(analysis.text).casefold(), known)


def word_count(text: str) -> int:
    """Return the number of words in text, bullet markers not counted."""
    return len(_BULLET.sub("", text).split())


def summary_sentences(summary: str) -> list[SpacySpan]:
    """Return the summary's sentences (bullet markers removed), parsed."""
    return [s for s in load_nlp()(_BULLET.sub("", summary)).sents if s.text.strip()]


def check_summary(analysis: Analysis, summary: str) -> CheckResult:
    """Return the flags of each summary sentence and the summary's coverage of the article."""
    return _checked(_ArticleContent(analysis), summary).model_copy(deep=True)


@lru_cache(maxsize=256)  # the Summary and Compare tabs check the same versions on every rerun
def _checked(content: _ArticleContent, summary: str) -> CheckResult:
    article, sentences = _prepared(content), summary_sentences(summary)
    flags: list[Flag] = []
    previous: SpacySpan | None = None
    for sentence in sentences:
        flags += _sentence_flags(sentence, previous, article)
        previous = sentence
    return CheckResult(flags=flags, coverage=_coverage(content.analysis, summary, article, sentences))


def _sentence_flags(sentence: SpacySpan, previous: SpacySpan | None, article: _Article) -> list[Flag]:
    text = " ".join(sentence.text.split())
    words = content_words(sentence, _attribution_tokens(sentence, article.speakers))
    restated = restated_claims(words, article)
    flags = _attribution_flags(sentence, previous, restated, article) if restated else []
    if not restated and len(words) >= MIN_SHARED and not _supported(words, text, article):
        flags.append(
            Flag(
                sentence=text, reason="not supported by the article: no article sentence says this", kind="unsupported"
            )
        )
    missing = missing_entities(sentence, article.folded)
    if missing:
        reason = f"not supported by the article: {', '.join(missing)} not in the article"
        flags.append(Flag(sentence=text, reason=reason, kind="unsupported"))
    flags += [
        Flag(sentence=text, reason=f"quotation not verbatim in the article: “{q}”", kind="misquoted")
        for q in misquotes(text, article.folded)
    ]
    return flags


def restated_claims(words: set[str], article: _Article) -> list[tuple[Claim, Speaker]]:
    """Return the claims a sentence's content words restate, best match first."""
    scored = []
    for claim, speaker, claim_words in article.claims:
        shared = len(words & claim_words)
        if shared < min(MIN_SHARED, len(claim_words)) or shared < 2:
            continue
        cover, precision = shared / len(claim_words), shared / max(1, len(words))
        if cover >= CLAIM_COVERAGE or precision >= SENTENCE_PRECISION:
            scored.append((cover + precision, speaker.name in article.speakers, claim, speaker))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [(claim, speaker) for _, _, claim, speaker in scored]


def _attribution_flags(
    sentence: SpacySpan, previous: SpacySpan | None, restated: list[tuple[Claim, Speaker]], article: _Article
) -> list[Flag]:
    if any(_names_speaker(sentence, previous, s) for _, s in restated):
        return []
    claim, speaker = restated[0]
    text = " ".join(sentence.text.split())
    others = attributed_to(sentence, previous, article.speakers)
    if others:
        reason = f"wrong speaker: attributed to {others[0]}; the article attributes this to {speaker.name}"
        return [Flag(sentence=text, reason=reason, claim=claim.text, speaker=speaker.name, kind="wrong_speaker")]
    reason = f"stated as fact; the article attributes this to {speaker.name}"
    return [Flag(sentence=text, reason=reason, claim=claim.text, speaker=speaker.name, kind="stated_as_fact")]


def _names_speaker(sentence: SpacySpan, previous: SpacySpan | None, speaker: Speaker) -> bool:
    """Return True when the sentence names the speaker, or refers back by pronoun to the previous sentence's."""
    if names(sentence.text, speaker):
        return True
    pronouns = PERSON_PRONOUNS if speaker.person else THING_PRONOUNS
    referring = any(t.lower_ in pronouns for t in sentence)
    return referring and previous is not None and names(previous.text, speaker)


def attributed_to(sentence: SpacySpan, previous: SpacySpan | None, known: dict[str, Speaker]) -> list[str]:
    """Return who the sentence's attribution cues name: actor names, else the subject's own words."""
    found: list[str] = []
    for subject in _cue_subjects(sentence):
        words = " ".join(subject.text.split())
        context = previous.text if previous is not None and words.casefold() in PERSON_PRONOUNS else words
        if words.casefold() in PERSON_PRONOUNS | THING_PRONOUNS and previous is None:
            continue
        hits = [s.name for s in known.values() if names(context, s)]
        found += hits or ([] if words.casefold() in PERSON_PRONOUNS | THING_PRONOUNS else [words])
    return list(dict.fromkeys(found))


def _cue_subjects(sentence: SpacySpan) -> list[SpacySpan]:
    """Return the subjects of attribution verbs and the objects of 'according to'."""
    subjects = []
    for token in sentence:
        if token.lemma_.casefold() in CUE_LEMMAS and token.pos_ in ("VERB", "AUX"):
            subjects += [_subtree(c) for c in token.children if c.dep_ == "nsubj"]
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            subjects += [_subtree(c) for c in token.nbor().children if c.dep_ == "pobj"]
    return [s for s in subjects if s.text.strip().casefold() != "it"]


def _subtree(token: Token) -> SpacySpan:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _attribution_tokens(sentence: SpacySpan, known: dict[str, Speaker]) -> set[int]:
    """Return the token indexes of cue verbs and speaker names: not part of what is claimed."""
    skip = {t.i for t in sentence if t.lemma_.casefold() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX")}
    for subject in _cue_subjects(sentence):
        skip |= {t.i for t in subject}
    return skip


def _supported(words: set[str], text: str, article: _Article) -> bool:
    """Return True when an article passage holds most of the words, or a claim of a speaker the sentence names."""
    if max(len(words & w) for w in article.windows) / len(words) >= SUPPORT_PRECISION:
        return True
    named = {s.name for s in article.speakers.values() if names(text, s)}
    return any(len(words & claim_words) >= 2 for _, s, claim_words in article.claims if s.name in named)


def missing_entities(sentence: SpacySpan, folded_article: str) -> list[str]:
    """Return the named entities and numbers of a sentence that the article never mentions."""
    missing = []
    for ent in sentence.ents:
        if ent.label_ not in ENTITY_LABELS or ent.label_ == "DATE" and not re.search(r"\d|[A-Z]", ent.text):
            continue
        surface = re.sub(r"^the\s+|['’]s?$", "", " ".join(ent.text.split()), flags=re.I)
        key = fold(surface).casefold()
        words = [w for w in key.split() if w[:1].isalnum()]
        present = (
            key in folded_article
            or ent.label_ == "PERSON"
            and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded_article) for w in words)
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


def coverage(analysis: Analysis, summary: str, article: _Article | None = None) -> dict[str, Any]:
    """Return which claims, actors and verbatim quotes of the article the summary keeps."""
    if article is None:
        return check_summary(analysis, summary).coverage
    return _coverage(analysis, summary, article, summary_sentences(summary))


def _coverage(analysis: Analysis, summary: str, article: _Article, sentences: list[SpacySpan]) -> dict[str, Any]:
    covered: dict[int, tuple[Claim, Speaker]] = {}
    for sentence in sentences:
        words = content_words(sentence, _attribution_tokens(sentence, article.speakers))
        for claim, speaker in restated_claims(words, article):
            covered.setdefault(id(claim), (claim, speaker))
    quotes = article_quotes(analysis)
    folded = fold(summary).casefold()
    kept = [q for q in quotes if fold(q).casefold() in folded]
    actors = [s.name for s in article.speakers.values() if names(summary, s)]
    order = {id(c): i for i, (c, _, _) in enumerate(article.claims)}
    claims = [{"speaker": s.name, "text": c.text} for c, s in sorted(covered.values(), key=lambda x: order[id(x[0])])]
    return {
        "claims_total": len(article.claims),
        "claims_covered": len(claims),
        "claims": claims,
        "actors_total": len(article.speakers),
        "actors_mentioned": actors,
        "quotes_total": len(quotes),
        "quotes_kept": len(kept),
        "quotes": kept,
    }
