"""Stances: who is for or against whom, from stance verbs and evaluative attributed claims."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from explorer.findings import Claim, Stance, StanceKind
from explorer.offline.actors_local import ActorIndex
from explorer.offline.attribution import find_subject, phrase_span, resolve_speaker
from explorer.offline.polarity import polarity

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
        if source in index.actors and target and source != target:
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


THIRD_PERSON = frozenset({"he", "him", "his", "she", "her", "they", "them", "their"})


def named_targets(claim: Claim, index: ActorIndex) -> list[str]:
    """Return the actors a claim names, other than its speaker."""
    return [n for n in index.names_in(*claim.span) if n != claim.speaker and index.type_of(n) != "other"]


def referred_targets(content: SpacySpan, claim: Claim, index: ActorIndex) -> list[str]:
    """Return who an unnamed claim is about: its third-person pronouns, else actors named in its sentence."""
    pronouns = [t for t in content if t.lower_ in THIRD_PERSON]
    # inside a direct quote the speaker says "I", so "he" or "she" there is someone else
    exclude = claim.speaker if claim.quote == "direct" else None
    resolved = [index.resolve_pronoun(t.lower_, t.idx, exclude=exclude) for t in pronouns]
    # the speaker's own phrase ('X, an economist in Singapore') names where they work, not whom they judge
    skip = claim.speaker_span or (0, 0)
    targets = [n for n in dict.fromkeys(resolved) if n and n != claim.speaker and not index.mentioned_within(n, *skip)]
    if targets:
        return targets
    sentence = content.sent if len(content) else None
    if sentence is None:
        return []
    outside = [
        n
        for start, end in ((sentence.start_char, content.start_char), (content.end_char, sentence.end_char))
        for n in index.names_in(start, end)
        if not index.mentioned_within(n, *skip)
    ]
    return [n for n in dict.fromkeys(outside) if n != claim.speaker and index.type_of(n) != "other"]


def claim_stances(doc: Doc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return stances of claim speakers toward the named actors their claims talk about."""
    found = []
    for claim in claims:
        # a source of facts ('according to exchange data') holds no stance; a named or described speaker can
        if not claim.speaker or not claim.span or (claim.cue == "according to" and claim.speaker not in index.actors):
            continue
        content = doc.char_span(*claim.span, alignment_mode="expand")
        if content is None:
            continue
        targets = named_targets(claim, index) or referred_targets(content, claim, index)
        if not targets:
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
