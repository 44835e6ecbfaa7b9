"""Evaluative polarity of a stretch of text: hand-written word classes first, the VADER lexicon as a backstop."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from explorer.offline.cues import (
    ADJECTIVE_ONLY,
    CONCESSIVE,
    CONTRASTIVE,
    DEMAND_VERBS,
    DEMANDING_MODALS,
    EXIT_PARTICLES,
    EXIT_VERBS,
    FOCUS_AFTER_NOT,
    HARM_WORDS,
    HOSTILE_ACTS,
    LEXICON_NEUTRAL,
    NEGATIVE,
    NEGATIVE_PHRASES,
    NEGATORS,
    POSITIVE,
    STANCE_VERBS,
    VERDICT_WORDS,
)
from explorer.offline.parsed import Word

if TYPE_CHECKING:
    from spacy.tokens import Token

# a VADER valence below this is too faint to read as taking a side ("like", "security" are topical in news)
LEXICON_THRESHOLD = 1.5
EVALUATED_POS = frozenset({"ADJ", "NOUN"})
HARM_OR_VERDICT_WORDS = HARM_WORDS | VERDICT_WORDS  # built once: a union inside a loop is rebuilt for every token
# what can follow a space in a set phrase ('touch', 'the bus', 'bus'): a word that is none of these ends no phrase
PHRASE_TAILS = frozenset(p[i + 1 :] for p in NEGATIVE_PHRASES for i, char in enumerate(p) if char == " ")


def evaluation(tokens: list[Word], skip: frozenset[int] = frozenset()) -> int:
    """Return the summed evaluative score of a token run, negated words counting the other way."""
    score = 0
    for i, token in enumerate(tokens):
        value = 0 if token.i in skip else word_value(token)
        if value and _negated(token, _scope(tokens[max(0, i - 3) : i])):
            value = -value
        if value and token.dep_ == "dobj" and token.head.lemma_.lower() in HOSTILE_ACTS:
            value = -value  # 'undermined the agreement', 'fought corruption': the act turns the object's value
        score += value * _contrast_weight(token) if value else 0
    return score


def _contrast_weight(token: Word) -> int:
    """Return how much a word counts by where it sits in a contrast: the point after 'but' twice, a concession not."""
    for clause in [token, *token.ancestors]:
        markers = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        if clause.dep_ == "advcl" and markers & CONCESSIVE:
            return 0  # 'although X is capable, ...': what the speaker concedes is not their point
        joined = {c.lower_ for c in clause.head.children if c.dep_ == "cc" and c.i < clause.i}
        if clause.dep_ == "conj" and joined & CONTRASTIVE:
            return 2  # 'X is a decent man, but his plan is a disaster': the point comes after 'but'
    return 1


def word_value(token: Word | Token) -> int:
    """Return +1 for a positive evaluative word, -1 for a negative one, 0 otherwise (before negation).

    The summary checker asks it about spaCy's own tokens: it reads only what both kinds of word answer.
    """
    word, lemma = token.lower_, token.lemma_.lower()
    if lemma in ADJECTIVE_ONLY and token.pos_ != "ADJ":
        return 0
    if lemma in EXIT_VERBS and token.pos_ == "VERB":
        return -1 if _demanded_exit(token, lemma) else 0
    # a stance verb inside what is said takes its side too: 'X has undermined Y', 'I welcome that'
    side = STANCE_VERBS.get(lemma) if token.pos_ == "VERB" else None
    positive = word in POSITIVE or lemma in POSITIVE or side == "favor"
    negative = word in NEGATIVE or lemma in NEGATIVE or word in HARM_OR_VERDICT_WORDS or lemma in HARM_WORDS
    negative = negative or _ends_negative_phrase(token)
    listed = positive - (negative or side == "against")
    if listed or token.pos_ not in EVALUATED_POS or lemma in LEXICON_NEUTRAL or word in LEXICON_NEUTRAL:
        return listed
    valence = _lexicon().get(word, _lexicon().get(lemma, 0.0))
    return (valence >= LEXICON_THRESHOLD) - (valence <= -LEXICON_THRESHOLD)


def _ends_negative_phrase(token: Word | Token) -> bool:
    """Return whether a word ends a set phrase that judges: 'out of touch', 'under the bus'."""
    if token.lower_ not in PHRASE_TAILS:
        return False
    words = [t.lower_ for t in token.doc[max(0, token.i - 3) : token.i + 1]]
    return any(" ".join(words[-n:]) in NEGATIVE_PHRASES for n in range(2, len(words) + 1))


def _demanded_exit(verb: Word | Token, lemma: str) -> bool:
    """Return whether someone is told to go or apologise: 'X should resign', 'urged X to step aside'."""
    particles = EXIT_PARTICLES.get(lemma)
    if particles and not any(c.lower_ in particles for c in verb.children):
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in DEMANDING_MODALS for c in verb.children)
    return modal or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in DEMAND_VERBS)


def _negated(token: Word, window: list[Word]) -> bool:
    """Return whether an evaluative word is negated: by a nearby negator or a negation on its head."""
    if any(_negator(t) for t in window):
        return True
    if token.dep_ in {"dobj", "pobj"}:
        return False  # 'nobody wins a fight': the negation is of the winning; the fight stays a fight
    heads = [token.head] + ([token.head.head] if token.dep_ in {"acomp", "attr", "amod"} else [])
    # "Not a single claim is true": the negation sits on the subject of the predicate
    heads += [c for h in heads for c in h.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.i]
    return any(
        (c.dep_ == "neg" or c.lower_ in NEGATORS) and c.i < token.i and _negator(c) for h in heads for c in h.children
    )


def _scope(window: list[Word]) -> list[Word]:
    """Return the words before an evaluative word up to the nearest verb: 'Nobody wins a fight' keeps 'fight'."""
    verbs = [n for n, t in enumerate(window) if t.pos_ == "VERB"]
    return window[verbs[-1] + 1 :] if verbs else window


def _negator(token: Word) -> bool:
    """Return whether a word negates what follows; 'not only' and 'not just' add to it instead."""
    if token.lower_ not in NEGATORS and token.dep_ != "neg":
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is None or following.lower_ not in FOCUS_AFTER_NOT


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """Return VADER's word valences (-4 to +4); empty when the package is missing."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]
    except ImportError:  # the hand-written classes still work alone
        return {}
    return dict(SentimentIntensityAnalyzer().lexicon)
