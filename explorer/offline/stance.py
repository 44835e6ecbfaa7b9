"""Stances: who is for or against whom, from stance verbs and evaluative attributed claims."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from explorer.findings import Claim, Stance, StanceKind
from explorer.offline.actors_local import ActorIndex
from explorer.offline.attribution import find_subject, phrase_span, resolve_speaker

STANCE_VERBS: dict[str, StanceKind] = {
    **dict.fromkeys(
        "criticize criticise accuse condemn blame attack oppose denounce slam blast reject "
        "attack mock fault assail lambaste ridicule rebuke chastise scold sue challenge "
        "target hammer berate castigate disparage undermine threaten fight".split(),
        "against",
    ),
    **dict.fromkeys(
        "praise support back welcome endorse defend applaud commend thank hail laud "
        "congratulate champion embrace salute honor honour admire trust".split(),
        "favor",
    ),
}
POSITIVE = frozenset(
    """
good great best better excellent strong honest honored honoured proud support supports supported
leader leadership success successful right courage courageous brave admire respect respected
thank thanks grateful qualified experience experienced integrity win wise smart trust trusted
fair important cool friend hero champion committed dedicated effective safer safe
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
""".split()
)
NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "without"})


def polarity(tokens: list[Token]) -> tuple[StanceKind, float]:
    """Return the evaluative polarity of a token run and a confidence for it."""
    score = 0
    for i, token in enumerate(tokens):
        word = token.lower_
        value = (word in POSITIVE or token.lemma_.lower() in POSITIVE) - (
            word in NEGATIVE or token.lemma_.lower() in NEGATIVE
        )
        if value and any(t.lower_ in NEGATORS for t in tokens[max(0, i - 3) : i]):
            value = -value
        score += value
    if score == 0:
        return "neutral", 0.3
    return ("favor" if score > 0 else "against"), min(0.8, 0.45 + 0.1 * abs(score))


def verb_stances(doc: Doc, index: ActorIndex) -> list[Stance]:
    """Return stances from verbs like 'X criticised Y' with a named object."""
    found = []
    for token in doc:
        kind = STANCE_VERBS.get(token.lemma_.lower())
        target_token = next((c for c in token.children if c.dep_ == "dobj"), None) if kind else None
        if target_token is None:
            continue
        source = resolve_speaker(find_subject(token), index).name
        target = index.name_in(*phrase_span(target_token))
        if source and target and source != target:
            start, end = token.sent.start_char, token.sent.end_char
            evidence = doc.text[start:end].rstrip()
            found.append(
                Stance(
                    source=source,
                    target=target,
                    stance=kind,
                    evidence=evidence,
                    span=(start, start + len(evidence)),
                    confidence=0.75,
                )
            )
    return found


def claim_stances(doc: Doc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return stances of claim speakers toward the named actors their claims talk about."""
    found = []
    for claim in claims:
        if not claim.speaker or not claim.span:
            continue
        targets = [n for n in index.names_in(*claim.span) if n != claim.speaker and index.type_of(n) != "other"]
        content = doc.char_span(*claim.span, alignment_mode="expand")
        if not targets or content is None:
            continue
        kind, confidence = polarity(list(content))
        for target in targets:
            found.append(
                Stance(
                    source=claim.speaker,
                    target=target,
                    stance=kind,
                    evidence=claim.text,
                    span=claim.span,
                    confidence=confidence,
                )
            )
    return found


def extract_stances(doc: Doc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return all stances in a section, verb-based ones first, without exact duplicates."""
    stances = verb_stances(doc, index) + claim_stances(doc, claims, index)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for stance in stances:
        key = (stance.source, stance.target, stance.stance)
        if key not in seen:
            seen.add(key)
            unique.append(stance)
    return unique
