"""Pronoun speakers resolved across sections: 'he said' opening a section names the last fitting actor before it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from .findings import Actor, ActorType, Claim, Stance
from .names import FEMALE_PRONOUNS, MALE_PRONOUNS, is_pronoun
from .offline.gender import agrees, gender_hint

PERSON_WORDS = MALE_PRONOUNS | FEMALE_PRONOUNS
GROUP_WORDS = frozenset("they them their it its".split())
GROUP_TYPES: frozenset[ActorType] = frozenset({"organization", "group", "country"})
MAX_DISTANCE = 2000  # characters: an antecedent further back than a few paragraphs is a guess


def resolve_pronoun_speakers(
    claims: list[Claim], stances: list[Stance], actors: list[Actor]
) -> tuple[list[Claim], list[Stance]]:
    """Return claims and stances whose still-unresolved pronoun speaker names the last fitting actor before it."""
    mentions = _Mentions(actors)
    resolved_claims = [_resolved_claim(c, mentions) for c in claims]
    resolved_stances = [_resolved_stance(s, mentions) for s in stances]
    return resolved_claims, resolved_stances


def _resolved_claim(claim: Claim, mentions: _Mentions) -> Claim:
    """Return the claim with its pronoun speaker replaced by its antecedent, when one fits."""
    if not claim.speaker or not is_pronoun(claim.speaker) or claim.speaker_span is None:
        return claim
    skip = claim.span or claim.speaker_span
    position = min(claim.speaker_span[0], skip[0])
    name = _antecedent(claim.speaker, position, mentions)
    return claim.model_copy(update={"speaker": name}) if name else claim


def _resolved_stance(stance: Stance, mentions: _Mentions) -> Stance:
    """Return the stance with its pronoun source replaced by its antecedent, when one fits."""
    if not is_pronoun(stance.source) or stance.span is None:
        return stance
    name = _antecedent(stance.source, stance.span[0], mentions)
    return stance.model_copy(update={"source": name}) if name and name != stance.target else stance


class _Mentions:
    """Every actor mention ordered by where it ends, so the mentions before a position are found by bisection."""

    def __init__(self, actors: list[Actor]) -> None:
        self.ordered = sorted(((end, actor) for actor in actors for _, end in actor.mentions), key=lambda m: m[0])
        self.ends = [end for end, _ in self.ordered]

    def ending_by(self, position: int) -> Iterator[tuple[int, Actor]]:
        """Yield the mentions that end at or before position, the last first."""
        for i in range(bisect_right(self.ends, position) - 1, -1, -1):
            yield self.ordered[i]


def _antecedent(pronoun: str, position: int, mentions: _Mentions) -> str | None:
    """Return the actor mentioned last before position whose type and gender agree with the pronoun."""
    word = pronoun.lower()
    for end, actor in mentions.ending_by(position):
        if position - end > MAX_DISTANCE:
            return None
        if _fits(word, actor):
            return actor.name
    return None


def _fits(pronoun: str, actor: Actor) -> bool:
    """Return whether a pronoun can stand for an actor: 'he'/'she' a person of agreeing gender, 'it'/'they' a body."""
    if pronoun in PERSON_WORDS:
        return actor.type == "person" and agrees(pronoun, gender_hint(actor.name, (actor.title or "").split()))
    return pronoun in GROUP_WORDS and actor.type in GROUP_TYPES
