"""Stances: who is for or against whom, from stance verbs, framing and the evaluation of attributed claims."""

from __future__ import annotations

from explorer.findings import Claim, Stance, StanceKind
from explorer.offline.actors_local import ActorIndex
from explorer.offline.cues import (
    INTENT_WORDS,
    LOCATIVE,
    MEDIUM_HEADS,
    NEGATORS,
    PLURAL_SELF,
    REGION_WORDS,
    REPORTING_FRAMES,
    SELF_REFERENCES,
    STANCE_NOUNS,
    STANCE_VERBS,
    SUFFERING_WORDS,
    THIRD_PERSON,
    VICTIM_PREPS,
)
from explorer.offline.parse import doc_text, find_subject, resolve_speaker
from explorer.offline.parsed import ParsedDoc, Phrase, Word
from explorer.offline.polarity import evaluation, word_value
from explorer.offline.stance_frames import frame_holder, frame_side

# Confidence = how often the direction was right where annotators saw a stance (BASIL dev, docs/evaluation.md).
NEUTRAL_CONFIDENCE = 0.3
VERB_CONFIDENCE = 0.85
GROUP_DISCOUNT = 0.05  # a group speaking through one member is a little less sure than the member
SELF_CONFIDENCE = 0.6  # speakers who talk about themselves mostly defend themselves (BASIL dev, docs/evaluation.md)


def extract_stances(doc: ParsedDoc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return all stances in a section, verb-based ones first, then groups through their members, no duplicates."""
    stances = _verb_stances(doc, index) + _frame_stances(doc, index) + _claim_stances(doc, claims, index)
    stances += _group_stances(stances, index)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for stance in stances:
        key = (stance.source, stance.target, stance.stance)
        if key not in seen:
            seen.add(key)
            unique.append(stance)
    return unique


def _verb_stances(doc: ParsedDoc, index: ActorIndex) -> list[Stance]:
    """Return stances from verbs like 'X criticised Y' with a named object."""
    found = []
    for token in doc:
        kind = STANCE_VERBS.get(token.lemma_lower)
        target_token = next((c for c in token.children if c.dep_ == "dobj"), None) if kind else None
        if kind is None or target_token is None or _negated_verb(token):
            continue
        if target_token.lemma_lower in STANCE_NOUNS:
            continue  # 'defended her criticism of X': the frame around X decides (against X)
        source = resolve_speaker(find_subject(token), index).name
        target = index.name_in(*_object_phrase(target_token))
        if source in index.actors and target and source != target:
            start, end = token.sent.start_char, token.sent.end_char
            evidence = doc_text(doc)[start:end].rstrip()
            found.append(_stance(source, target, kind, evidence, (start, start + len(evidence)), VERB_CONFIDENCE))
    return found


def _frame_stances(doc: ParsedDoc, index: ActorIndex) -> list[Stance]:
    """Return stances from frames outside claims: 'X's criticism of Y', 'X voted against Y', 'support for Y'."""
    found = []
    for mention in index.mentions:
        run = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if run is None or index.type_of(mention.name) == "other":
            continue
        holder = frame_holder(_outer(list(run)))
        if holder is None or _negated_verb(holder):
            continue
        source = _holder_name(holder, index)
        side = frame_side(_outer(list(run)))
        if source in index.actors and source != mention.name and side:
            start, end = holder.sent.start_char, holder.sent.end_char
            evidence = doc_text(doc)[start:end].rstrip()
            kind: StanceKind = "favor" if side > 0 else "against"
            found.append(_stance(source, mention.name, kind, evidence, (start, start + len(evidence)), VERB_CONFIDENCE))
    return found


def _holder_name(holder: Word, index: ActorIndex) -> str | None:
    """Return the actor holding a frame: the owner of 'X's criticism', or the subject of 'X voted against'."""
    if holder.pos_ == "ADJ" and holder.dep_ == "amod":  # 'Democrats opposed to Y': the noun itself, if it names one
        noun = holder.head
        return index.name_in(noun.left_edge.idx, noun.idx + len(noun))
    if holder.pos_ == "ADJ":  # 'X is opposed to Y'
        return resolve_speaker(find_subject(holder.head), index).name
    if holder.dep_ != "poss":
        return resolve_speaker(find_subject(holder), index).name
    if holder.lower_ in THIRD_PERSON:
        return index.resolve_pronoun(holder.lower_, holder.idx)
    return index.name_in(holder.left_edge.idx, holder.idx + len(holder))


def _object_phrase(noun: Word) -> tuple[int, int]:
    """Return the span of what a stance verb judges: its object with relative clauses and the 'as ...' predicate.

    'praised [the plan that X announced]', 'criticised [the deal as a favour to X]', but not 'rejected [reports]
    that X refused' nor 'attacked [the president] for declining to meet X': those clauses are not the object.
    """
    end = noun.idx + len(noun)
    kept = [c for c in noun.children if c.i > noun.i and c.dep_ in {"relcl", "prep", "compound", "amod"}]
    kept = [c for c in kept if c.dep_ != "prep" or c.lower_ == "of"]
    kept += [c for c in noun.head.children if c.i > noun.i and c.dep_ == "prep" and c.lower_ == "as"]
    for child in kept:
        end = max(end, child.right_edge.idx + len(child.right_edge))
    return noun.left_edge.idx, end


def _negated_verb(verb: Word) -> bool:
    """Return whether a stance verb is negated ('did not criticise'): it takes no side then."""
    return any(c.dep_ == "neg" for c in verb.children)


def _claim_stances(doc: ParsedDoc, claims: list[Claim], index: ActorIndex) -> list[Stance]:
    """Return stances of claim speakers toward the actors their claims talk about, judged clause by clause."""
    found = []
    for claim in claims:
        # a source of facts ('according to exchange data') or an outlet passing on the news ('according to the
        # Nordic Press Agency') holds no stance; a person cited so can
        if not claim.speaker or not claim.span:
            continue
        if claim.cue == "according to" and index.type_of(claim.speaker) != "person":
            continue
        content = doc.char_span(*claim.span, alignment_mode="expand")
        if content is None:
            continue
        verb, judged = _cue_verb(content, claim)
        own_side = set(index.affiliations.get(claim.speaker, []))
        located = _located_targets(content, claim, index)
        for target, runs in located.items():
            if target in own_side:
                continue  # a minister's own state, a spokesman's own party: the side they speak for, not a target
            rivals = [r for other, theirs in located.items() if other != target for r in theirs]
            # a stance verb says which side the speaker takes toward its object: 'criticised X as a favour to Y'
            by_verb = verb if not runs or any(judged[0] <= r[0].idx < judged[1] for r in runs) else 0
            # a frame around the target says it more exactly: 'defended his criticism of X' is against X
            by_frame = next((side for run in runs if (side := frame_side(_outer(run)))), 0)
            score = by_frame or by_verb or _target_score(content, runs, rivals)
            kind, confidence = _judged(score, by_frame != 0 or by_verb != 0)
            found.append(_stance(claim.speaker, target, kind, claim.text, claim.span, confidence))
        found += _self_stances(_self_references(content, claim, index), claim, index)
    return found


def _self_stances(selves: list[Word], claim: Claim, index: ActorIndex) -> list[Stance]:
    """Return the speaker's stance for their own side; 'we' also speaks for the groups they belong to, 'I' does not."""
    if not selves or not claim.speaker or not claim.span:
        return []
    sides = [claim.speaker]
    if any(t.lower_ in PLURAL_SELF for t in selves):
        sides += [g for g in index.affiliations.get(claim.speaker, []) if index.type_of(g) != "person"]
    through_member = round(SELF_CONFIDENCE - GROUP_DISCOUNT, 2)
    confidence = {side: SELF_CONFIDENCE if side == claim.speaker else through_member for side in sides}
    return [_stance(side, side, "favor", claim.text, claim.span, confidence[side]) for side in sides]


def _self_references(content: Phrase, claim: Claim, index: ActorIndex) -> list[Word]:
    """Return the words by which a speaker talks about their own conduct: 'I take responsibility', 'he did no wrong'."""
    if claim.quote == "direct":
        mentions = [t for t in content if t.lower_ in SELF_REFERENCES and t.pos_ == "PRON"]  # not 'US'
    else:
        own = [t for t in content if t.lower_ in THIRD_PERSON]
        mentions = [t for t in own if index.resolve_pronoun(t.lower_, t.idx) == claim.speaker]
    # the speaker as the one who acts or is acted on: not 'my son', 'his tax records' (about someone near them)
    mentions = [t for t in mentions if t.dep_ in {"nsubj", "nsubjpass"}]
    # 'I think X is wrong', 'what he called a sham': the speaker framing a judgement of someone else
    mentions = [t for t in mentions if t.head.lemma_lower not in REPORTING_FRAMES]
    return [t for t in mentions if _judges_self(t, content, claim, index)]


def _judges_self(token: Word, content: Phrase, claim: Claim, index: ActorIndex) -> bool:
    """Return whether a self-reference's clause judges or denies something and names nobody else to judge."""
    clause = _clause_tokens(token, content)
    if not clause:
        return False
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    others = [n for n in index.names_in(start, end) if n != claim.speaker and index.type_of(n) != "other"]
    judging = [t for t in clause if t.lemma_lower not in INTENT_WORDS]  # a pledge is no self-defence
    return not others and any(word_value(t) or t.dep_ == "neg" or t.lower_ in NEGATORS for t in judging)


def _group_stances(stances: list[Stance], index: ActorIndex) -> list[Stance]:
    """Return the side-taking stances of a person again for the groups their description says they speak for."""
    found = []
    for stance in stances:
        if stance.stance == "neutral":
            continue
        if stance.target == stance.source:
            continue  # a member's self-defence is the group's only when they say 'we' (_self_stances)
        direct = index.affiliations.get(stance.source, [])
        # a spokesman for a senator speaks, through the senator, for the senator's party too
        groups = direct + [g for d in direct for g in index.affiliations.get(d, []) if g not in direct]
        for group in groups:
            if group not in {stance.target, stance.source}:
                confidence = round(stance.confidence - GROUP_DISCOUNT, 2)
                found.append(stance.model_copy(update={"source": group, "confidence": confidence}))
    return found


def _stance(
    source: str, target: str, kind: StanceKind, evidence: str, span: tuple[int, int], confidence: float
) -> Stance:
    """Return a stance with its evidence span."""
    return Stance(source=source, target=target, stance=kind, evidence=evidence, span=span, confidence=confidence)


def _judged(score: int, by_verb: bool) -> tuple[StanceKind, float]:
    """Return the stance an evaluative score amounts to and how often such a call is right; none means neutral."""
    if score == 0:
        return "neutral", NEUTRAL_CONFIDENCE
    kind: StanceKind = "favor" if score > 0 else "against"
    if by_verb:
        return kind, VERB_CONFIDENCE
    # evaluative words alone were right about two times in three on BASIL dev, a little more as they pile up
    return kind, round(min(0.65, 0.45 + 0.05 * abs(score)), 2)


def _cue_verb(content: Phrase, claim: Claim) -> tuple[int, tuple[int, int]]:
    """Return +1 or -1 when the claim is introduced by a stance verb ('criticised ...'), else 0, and its object."""
    sentence = content.sent if len(content) else None
    nearby = [t for t in sentence or [] if t.text == claim.cue] if claim.cue else []
    if not nearby:
        return 0, (0, 0)
    cue = min(nearby, key=lambda t: abs(t.idx - content.start_char))
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    judged = _object_phrase(obj) if obj is not None else (content.start_char, content.end_char)
    return {"favor": 1, "against": -1}.get(STANCE_VERBS.get(cue.lemma_lower, ""), 0), judged


def _located_targets(content: Phrase, claim: Claim, index: ActorIndex) -> dict[str, list[list[Word]]]:
    """Return the claim's targets with their mention runs in it; settings and the outlet spoken to are left out."""
    located = {t: _mention_tokens(content, t, index) for t in _named_targets(content, claim, index)}
    located = {t: [r for r in runs if not _incidental(r)] for t, runs in located.items()}
    located = {t: runs for t, runs in located.items() if runs}
    return located or {t: [] for t in _referred_targets(content, claim, index)}


def _named_targets(content: Phrase, claim: Claim, index: ActorIndex) -> list[str]:
    """Return the actors a claim names, other than its speaker."""
    if claim.span is None:
        return []
    named = [n for n in index.names_in(*claim.span) if n != claim.speaker]
    return [n for n in named if index.type_of(n) != "other" or _acting_place(content, n, index)]


def _acting_place(content: Phrase, name: str, index: ActorIndex) -> bool:
    """Return whether a place the claim names acts there as a polity: 'Ohio has broken the deal', 'Ohio's new law'."""
    runs = _mention_tokens(content, name, index)
    return any(_outer(run).ent_type_ == "GPE" and _outer(run).dep_ in {"nsubj", "poss"} for run in runs)


def _referred_targets(content: Phrase, claim: Claim, index: ActorIndex) -> list[str]:
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


def _mention_tokens(content: Phrase, name: str, index: ActorIndex) -> list[list[Word]]:
    """Return the token runs of the actor's mentions inside the claim content."""
    start, end = content.start_char, content.end_char
    inside = [m for m in index.mentions if m.name == name and start <= m.start and m.end <= end]
    runs = [content.doc.char_span(m.start, m.end, alignment_mode="expand") for m in inside]
    return [list(run) for run in runs if run is not None]


def _outer(run: list[Word]) -> Word:
    """Return the token of a mention that attaches it to the rest of the sentence."""
    return next((t for t in run if t.head not in run or t.head == t), run[0])


def _incidental(run: list[Word]) -> bool:
    """Return whether a mention only names a setting ('near the Chilean border') or the outlet spoken to."""
    token = _outer(run)
    # climb from a modifier to the noun it qualifies: 'the Chilean border', 'Peru's coast'
    while token.dep_ in {"amod", "compound", "poss", "nmod"} and token.head is not token:
        token = token.head
        if token.lower_ in REGION_WORDS:
            return True
    head = token.head
    locative = token.dep_ == "pobj" and head.lower_ in LOCATIVE
    medium = (token.dep_ == "pobj" and head.lower_ in {"with", "to"} and head.head.lemma_lower in MEDIUM_HEADS) or (
        token.dep_ in {"dative", "dobj"} and head.lemma_lower in {"tell", "say"}
    )
    return locative or medium


def _victim_words(run: list[Word]) -> set[int]:
    """Return the negative words a mention suffers rather than does: 'a threat to X', 'the containment of X'."""
    token, found = _outer(run), set()
    if token.dep_ == "pobj" and token.head.dep_ == "conj":
        # "a threat to its neighbours, but to Chile as well": the second 'to' repeats the first
        found |= {
            t.i for t in token.sent if word_value(t) < 0 and any(c.lower_ == token.head.lower_ for c in t.children)
        }
    for _ in range(6):
        head = token.head
        if head is token:
            break
        if token.dep_ == "pobj" and head.lower_ in VICTIM_PREPS and word_value(head.head) < 0:
            found.add(head.head.i)
        elif token.dep_ in {"dobj", "nsubjpass"} and word_value(head) < 0 and not _speaker_acts(head):
            found.add(head.i)
        elif token.dep_ == "nsubj" and head.lemma_lower in SUFFERING_WORDS:
            # 'X loses its best customers' says what happens to X, not what the speaker thinks of X
            found |= {head.i} | {t.i for c in head.children if c.dep_ == "dobj" for t in c.subtree}
        elif token.dep_ not in {"poss", "amod", "compound", "conj", "appos", "pobj", "prep", "nmod"}:
            break
        token = head
    return found


def _speaker_acts(verb: Word) -> bool:
    """Return whether the speaker does the act themselves: 'we will repeal X's tax' is against X, not X's misfortune."""
    return any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in verb.children)


def _target_score(content: Phrase, runs: list[list[Word]], rivals: list[list[Word]]) -> int:
    """Return the evaluation of what a claim says of a target: its clauses, each word going to the nearest target."""
    skip = {i for run in runs for i in _victim_words(run)}
    if not rivals:
        return evaluation(list(content), frozenset(skip))
    mine = [_conjunct_head(_outer(run)) for run in runs]
    # a rival that suffers a word ('a danger to Chile') does not draw it away from the one who poses it
    theirs = [(_conjunct_head(_outer(run)), _victim_words(run)) for run in rivals]
    # a rival's misfortune ('Peru's mills lose suppliers') is nobody's doing: no target gets it
    skip |= {i for _, suffered in theirs for i in suffered if content.doc[i].lemma_lower in SUFFERING_WORDS}
    clause = {t.i: t for run in runs for t in _clause_tokens(run[0], content)}
    for token in clause.values():
        # "deepen the partnership with X despite Y's links to Z": the praise belongs to X alone
        others = [head for head, suffered in theirs if token.i not in suffered]
        if _distance(token, mine) > _distance(token, others):
            skip.add(token.i)
    return evaluation([clause[i] for i in sorted(clause)], frozenset(skip))


def _conjunct_head(token: Word) -> Word:
    """Return the first of a run of conjuncts: in 'the US and Japan did X' both are as near to X."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _distance(token: Word, mentions: list[Word]) -> int:
    """Return the fewest dependency arcs from a token to any of the mentions in its sentence."""
    steps = token.steps_up
    best = 1000
    for mention in mentions:
        for ancestor, n in mention.steps_up.items():  # the first shared ancestor is where the two paths meet
            if ancestor in steps:
                best = min(best, n + steps[ancestor])
                break
    return best


VERBAL = frozenset({"VERB", "AUX"})
# clauses joined to another that carry their own subject say something about that subject instead
FIRST_PERSON = frozenset({"i", "we"})
BACK_REFERENCES = frozenset({"that", "this", "it"})
SEPARATE_CLAUSES = frozenset({"conj", "parataxis", "advcl"})


def _speaker_reacts(clause: Word) -> bool:
    """Return whether a joined clause is the speaker judging what came before: '..., and I respect that'."""
    subject = any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in clause.children)
    back = any(c.dep_ == "dobj" and c.lower_ in BACK_REFERENCES for c in clause.children)
    return subject and back and word_value(clause) != 0


def _clause_tokens(token: Word, content: Phrase) -> list[Word]:
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
        and not _speaker_reacts(child)
        for t in child.subtree
    }
    return [t for t in head.subtree if t.i not in separate and content.start <= t.i < content.end]
