"""Evaluative polarity of a stretch of text from a small hand-written lexicon with negation scope."""

from __future__ import annotations

from spacy.tokens import Token

from explorer.findings import StanceKind

POSITIVE = frozenset(
    """
good great best better excellent strong honest honored honoured proud support supports supported
leader leadership success successful right courage courageous brave admire respect respected
thank thanks grateful qualified experience experienced integrity win wise smart trust trusted
fair important cool friend hero champion committed dedicated effective safer safe
accurate true correct truthful principled thoughtful decent admirable impressive terrific outstanding
remarkable wonderful fantastic competent capable reliable appreciate appreciated praise visionary
tireless bold inspiring credible reasonable sensible responsible serious patriot patriotic class
""".split()
)
NEGATIVE = frozenset(
    """
bad worst wrong failed fail failure failing disaster disastrous dangerous outrageous shame shameful
nonsense lie lies liar lying corrupt corruption crooked racist racism bigoted bigotry unfair
irresponsible reckless incompetent weak war attack attacks attacking damaging damage destroy
destroying threat extreme radical phony fraud disgrace disgraceful disgusting terrible horrible
awful pathetic ridiculous unacceptable illegal abuse misuse hypocrisy hypocrite rigged gutless
dishonest betray betrayed blame blamed fault fear scandal crisis broken mess unfit stupid
offensive insulting hypocritical cynical deceptive misleading mislead false untrue inaccurate distort
distorted smear baseless absurd ludicrous divisive hateful troubling disturbing deplorable appalling
despicable arrogant cowardly malicious extremist extremism obstruct obstruction partisan insane
malarkey baloney garbage hoax coerce coerced bully threaten reckless mistake harm harmful
weapon weaponize weaponise reprisal reprisals retaliation retaliate retaliatory revenge punish punishment
inadequate insufficient risk risky lose losing loss gamble gambling sabotage hostile hostility
""".split()
)
NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "without", "neither", "nobody", "nothing"})
# words whose evaluative sense is only the adjective: "good" but not "goods", "right" but not "right now"
ADJECTIVE_ONLY = frozenset({"good", "right", "fair", "cool", "great"})


def negated(token: Token, window: list[Token]) -> bool:
    """Return whether an evaluative word is negated: by a nearby negator or a negation on its head."""
    if any(t.lower_ in NEGATORS for t in window):
        return True
    heads = [token.head] + ([token.head.head] if token.dep_ in {"acomp", "attr", "amod"} else [])
    # "Not a single claim is true": the negation sits on the subject of the predicate
    heads += [c for h in heads for c in h.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < token.i]
    return any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.i < token.i) for h in heads for c in h.children)


def word_value(token: Token) -> int:
    """Return +1 for a positive evaluative word, -1 for a negative one, 0 otherwise (before negation)."""
    word, lemma = token.lower_, token.lemma_.lower()
    if lemma in ADJECTIVE_ONLY and token.pos_ != "ADJ":
        return 0
    return (word in POSITIVE or lemma in POSITIVE) - (word in NEGATIVE or lemma in NEGATIVE)


def evaluation(tokens: list[Token]) -> int:
    """Return the summed evaluative score of a token run, negated words counting the other way."""
    score = 0
    for i, token in enumerate(tokens):
        value = word_value(token)
        if value and negated(token, tokens[max(0, i - 3) : i]):
            value = -value
        score += value
    return score


def stance_of(score: int) -> tuple[StanceKind, float]:
    """Return the stance an evaluative score amounts to and a confidence for it; no evidence means neutral."""
    if score == 0:
        return "neutral", 0.3
    return ("favor" if score > 0 else "against"), min(0.8, 0.45 + 0.1 * abs(score))


def polarity(tokens: list[Token]) -> tuple[StanceKind, float]:
    """Return the evaluative polarity of a token run and a confidence for it."""
    return stance_of(evaluation(tokens))
