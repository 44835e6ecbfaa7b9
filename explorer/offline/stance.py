"""Stances: who is for or against whom, from stance verbs and evaluative attributed claims."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from explorer.findings import Claim, Stance, StanceKind
from explorer.offline.actors_local import ActorIndex
from explorer.offline.attribution import find_subject, phrase_span, resolve_speaker
from explorer.offline.polarity import evaluation, stance_of

STANCE_VERBS: dict[str, StanceKind] = {
    **dict.fromkeys(
        "criticize criticise accuse condemn blame attack oppose denounce slam blast reject "
        "attack mock fault assail lambaste ridicule rebuke chastise scold sue challenge "
        "target hammer berate castigate disparage undermine threaten fight dismiss decry deride".split(),
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
        if kind is None or target_token is None:
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
    if claim.span is None:
        return []
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


# prepositions that make a place name a setting ('a ruling in Seoul'), not someone the claim judges
LOCATIVE = frozenset({"in", "at", "across", "throughout", "inside", "near"})
VERBAL = frozenset({"VERB", "AUX"})
# clauses joined to another that carry their own subject say something about that subject instead
SEPARATE_CLAUSES = frozenset({"conj", "parataxis", "advcl"})


def mention_tokens(content: SpacySpan, name: str, index: ActorIndex) -> list[list[Token]]:
    """Return the token runs of the actor's mentions inside the claim content."""
    start, end = content.start_char, content.end_char
    inside = [m for m in index.mentions if m.name == name and start <= m.start and m.end <= end]
    runs = [content.doc.char_span(m.start, m.end, alignment_mode="expand") for m in inside]
    return [list(run) for run in runs if run is not None]


def is_locative(run: list[Token]) -> bool:
    """Return whether a mention only names where something happens ('in Tokyo')."""
    outer = next((t for t in run if t.head not in run or t.head == t), run[0])
    return outer.dep_ == "pobj" and outer.head.lower_ in LOCATIVE


def clause_tokens(token: Token, content: SpacySpan) -> list[Token]:
    """Return the content tokens of the clause a token sits in, without joined clauses that have their own subject."""
    head = next((t for t in [token, *token.ancestors] if t.pos_ in VERBAL), None)
    if head is None or not content.start <= head.i < content.end:
        return [t for t in content if t.sent == token.sent]
    separate = {
        t.i
        for child in head.children
        if child.dep_ in SEPARATE_CLAUSES
        and token not in child.subtree
        and any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in child.children)
        for t in child.subtree
    }
    return [t for t in head.subtree if t.i not in separate and content.start <= t.i < content.end]


def target_score(content: SpacySpan, runs: list[list[Token]]) -> int:
    """Return the evaluation of the clauses that mention a target, or of the whole claim when it is not named there."""
    if not runs:
        return evaluation(list(content))
    clause = {t.i: t for run in runs for t in clause_tokens(run[0], content)}
    return evaluation([clause[i] for i in sorted(clause)])


def cue_verb_score(content: SpacySpan, claim: Claim) -> int:
    """Return +1 or -1 when the claim is introduced by a stance verb ('criticised ...'), else 0."""
    sentence = content.sent if len(content) else None
    nearby = [t for t in sentence or [] if t.text == claim.cue] if claim.cue else []
    if not nearby:
        return 0
    cue = min(nearby, key=lambda t: abs(t.idx - content.start_char))
    return {"favor": 1, "against": -1}.get(STANCE_VERBS.get(cue.lemma_.lower(), ""), 0)


def located_targets(content: SpacySpan, claim: Claim, index: ActorIndex) -> dict[str, list[list[Token]]]:
    """Return the claim's targets with their mention runs in it; places named only as settings are left out."""
    located = {t: mention_tokens(content, t, index) for t in named_targets(claim, index)}
    located = {t: runs for t, runs in located.items() if runs and not all(map(is_locative, runs))}
    # with one target the whole claim is about it; with several, each is judged by its own clauses
    if len(located) == 1:
        return dict.fromkeys(located, [])
    return located or {t: [] for t in referred_targets(content, claim, index)}


def claim_stances(doc: Doc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return stances of claim speakers toward the actors their claims talk about, judged clause by clause."""
    found = []
    for claim in claims:
        # a source of facts ('according to exchange data') holds no stance; a named or described speaker can
        if not claim.speaker or not claim.span or (claim.cue == "according to" and claim.speaker not in index.actors):
            continue
        content = doc.char_span(*claim.span, alignment_mode="expand")
        if content is None:
            continue
        verb = cue_verb_score(content, claim)
        for target, runs in located_targets(content, claim, index).items():
            kind, confidence = stance_of(target_score(content, runs) + verb)
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
