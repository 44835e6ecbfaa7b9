"""Attribution frames without an active speech verb: passives, claim nouns, views, hearsay and colon blocks."""

from __future__ import annotations

import re

from explorer.offline.actors_local import ActorIndex
from explorer.offline.cues import (
    CHARACTERISING_CUES,
    CLAUSE_CUES,
    HEARSAY_ADVERBS,
    NOT_PASSIVE_CUES,
    OBJECT_CUES,
    OWNED_NOUN_CUES,
    POSSESSIVE_PRONOUNS,
    QUOTE_ONLY_CUES,
    SOURCE_NOUNS,
    SPEECH_ACT_NOUNS,
    SUPPORT_VERBS,
    TOPIC_PREPS,
    UNSPOKEN_PASSIVE_CUES,
    VIEW_NOUNS,
    XCOMP_CUES,
)
from explorer.offline.drafts import Draft, Speaker, trim
from explorer.offline.parse import (
    clause_without,
    doc_text,
    find_subject,
    noun_phrase_name,
    phrase_span,
    resolve_speaker,
    subtree_span,
)
from explorer.offline.parsed import ParsedDoc, Word
from explorer.offline.quotes import Span

NEXT_PARAGRAPH = re.compile(r"[ \t]*\n\s*([^\n]+)")
PASSIVE_CUES = (CLAUSE_CUES | OBJECT_CUES | XCOMP_CUES | CHARACTERISING_CUES) - NOT_PASSIVE_CUES
COLON_CUES = CLAUSE_CUES | QUOTE_ONLY_CUES
OWN_WORDS = frozenset({"my", "our", "your"})  # the writer or a quoted speaker: a possessive alone cannot tell which


def passive_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for cue verbs in the passive: 'X was endorsed by Y' is Y's word on X."""
    found = (_passive_draft(t, index) for t in doc if t.tag_ == "VBN" and t.lemma_lower in PASSIVE_CUES)
    return [draft for draft in found if draft is not None]


def _passive_draft(verb: Word, index: ActorIndex) -> Draft | None:
    """Return the draft of one passive cue: its agent's claim on the subject, or an unnamed view without one."""
    agent = _agent(verb)
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if agent is not None and patient is None and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # 'a plan backed by the union': the noun phrase before the participle is what the agent judged
        speaker = resolve_speaker(agent, index)
        return Draft(verb.head.left_edge.idx, verb.idx, speaker, verb.text, verb.idx, named=True)
    if patient is None:
        return None
    if agent is not None:
        if patient.pos_ == "PRON":
            return None
        start, end = subtree_span(patient)
        return Draft(start, end, resolve_speaker(agent, index), verb.text, verb.idx, named=True)
    predicate = _predicate(verb)
    if verb.lemma_lower not in UNSPOKEN_PASSIVE_CUES or predicate is None:
        return None
    start, end = subtree_span(patient)[0], subtree_span(predicate)[1]
    return Draft(start, end, Speaker(None, None), verb.text, verb.idx)


def _predicate(verb: Word) -> Word | None:
    """Return what a passive opinion verb says of its subject: 'is expected [to win]', 'was accused [of lying]'."""
    return next((c for c in verb.children if c.dep_ in {"xcomp", "oprd"} or _predicate_prep(c)), None)


def _predicate_prep(token: Word) -> bool:
    """Return whether a passive verb's prepositional phrase says what its subject is held to be or to have done."""
    return token.dep_ == "prep" and token.lower_ in {"as", "of", "for"}


def owned_noun_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for a claim noun with an owner and its topic: 'her plan to cut taxes', 'his remarks on X'."""
    drafts = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_lower not in OWNED_NOUN_CUES:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        content = _noun_content(token)
        if owner is None or content is None or owner.lower_ in OWN_WORDS:
            continue
        start, end = subtree_span(content)
        drafts.append(Draft(start, end, _owner_speaker(owner, index), token.text, token.idx))
    return drafts


def _noun_content(noun: Word) -> Word | None:
    """Return what a claim noun is about: an infinitive ('plan [to win]') or a topic phrase ('remarks [on X]')."""
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return child
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
            topic = next((g for g in child.children if g.dep_ in {"pobj", "pcomp"}), None)
            # "remarks on Saturday": a date is when, not what
            return topic if topic is not None and topic.ent_type_ not in {"DATE", "TIME"} else None
    return None


def _owner_speaker(owner: Word, index: ActorIndex) -> Speaker:
    """Return the speaker a possessive names: 'his' resolved to the latest fitting actor, 'Smith's' to Smith."""
    span = (owner.idx, owner.idx + len(owner))
    if owner.lower_ in POSSESSIVE_PRONOUNS:
        return Speaker(index.resolve_pronoun(owner.lower_, owner.idx) or owner.text, span)
    return resolve_speaker(owner, index)


def support_verb_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for a speech act named by a noun: 'X made the case that ...', 'X has doubts about Y'."""
    drafts = []
    for token in doc:
        if token.lemma_lower not in SUPPORT_VERBS or token.pos_ not in {"VERB", "AUX"}:
            continue
        act = next((c for c in token.children if c.dep_ == "dobj" and c.lemma_lower in SPEECH_ACT_NOUNS), None)
        content = _act_content(act) if act is not None else _made_clear(token)
        subject = find_subject(token)
        if content is None or subject is None or subject.lower_ in {"i", "we", "you"}:
            continue
        start, end = subtree_span(content)
        drafts.append(Draft(start, end, resolve_speaker(subject, index), act.text if act else token.text, token.idx))
    return drafts


def _act_content(noun: Word) -> Word | None:
    """Return what a speech-act noun states: its 'that' clause, its infinitive or its topic phrase."""
    clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.i > noun.i), None)
    if clause is not None and any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children):
        return clause
    return _noun_content(noun)


def _made_clear(verb: Word) -> Word | None:
    """Return the clause a speaker 'made clear': 'X made it clear (that) Y'."""
    if verb.lemma_lower != "make" or not any(c.lower_ == "clear" for c in verb.children):
        return None
    clear = next(c for c in verb.children if c.lower_ == "clear")
    return next((c for c in [*clear.children, *verb.children] if c.dep_ in {"ccomp", "advcl"} and c.i > clear.i), None)


def perspective_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for a clause framed as someone's view: 'in her view, X', 'in this poll, Y', 'X reportedly Z'."""
    drafts = []
    for token in doc:
        if token.dep_ == "advmod" and token.lower_ in HEARSAY_ADVERBS and token.head.pos_ in {"VERB", "AUX"}:
            start, end = clause_without(token.head, token)
            drafts.append(Draft(start, end, Speaker(None, None), token.text, token.idx))
            continue
        clause = _framed_clause(token)
        frame = next((c for c in token.children if c.dep_ == "pobj"), None) if clause is not None else None
        speaker = _perspective_holder(frame, index) if frame is not None else None
        if clause is not None and frame is not None and speaker is not None:
            start, end = clause_without(clause, token)
            drafts.append(Draft(start, end, speaker, f"{token.text} {frame.text}", token.idx))
    return drafts


def _framed_clause(prep: Word) -> Word | None:
    """Return the clause an 'in ...' or 'by ...' phrase frames ('safe in his eyes'), unless a cue verb heads it."""
    if prep.dep_ != "prep" or prep.lower_ not in {"in", "by"}:
        return None
    head = prep.head.head if prep.head.pos_ == "ADJ" else prep.head  # 'X is safe in his eyes': the copula's clause
    if head.pos_ not in {"VERB", "AUX"} or head.lemma_lower in PASSIVE_CUES:
        return None  # 'the agency said in a report': the cue verb already names who speaks
    return head


def _perspective_holder(frame: Word, index: ActorIndex) -> Speaker | None:
    """Return whose view a frame noun names: the owner of 'her view', or the poll of 'in this poll' itself."""
    lemma = frame.lemma_lower
    owner = next((c for c in frame.children if c.dep_ == "poss"), None)
    if lemma in VIEW_NOUNS and owner is not None and owner.lower_ not in OWN_WORDS:
        return _owner_speaker(owner, index)
    if lemma in SOURCE_NOUNS:
        return Speaker(noun_phrase_name(frame, index), phrase_span(frame))
    return None


def colon_block_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for 'The mayor added:' closing a paragraph: the next paragraph, quoted or not, is said."""
    text = doc_text(doc)
    drafts = []
    for token in doc[:-1]:
        if token.lemma_lower not in COLON_CUES or doc[token.i + 1].text != ":" or token.pos_ != "VERB":
            continue
        colon = doc[token.i + 1]
        block = _next_paragraph(text, colon.idx + 1)
        subject = find_subject(token)
        if block is None or subject is None or any(c.dep_ in {"ccomp", "dobj"} for c in token.children):
            continue
        start, end = trim(text, *block)
        drafts.append(Draft(start, end, resolve_speaker(subject, index), token.text, token.idx))
    return drafts


def _next_paragraph(text: str, position: int) -> Span | None:
    """Return the paragraph that starts on the line after position, if only white space lies between."""
    match = NEXT_PARAGRAPH.match(text, position)
    return match.span(1) if match else None


def _agent(verb: Word) -> Word | None:
    """Return the noun of a passive verb's 'by' phrase, or None."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
