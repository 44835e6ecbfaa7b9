"""Parse helpers that the actor, attribution and stance rules share: cached text, spans, subjects and speakers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.offline.cues import INSTITUTION_NOUNS, PERSONAL_PRONOUNS, RELATIVE_PRONOUNS
from explorer.offline.drafts import TRAILING, Speaker
from explorer.offline.parsed import ParsedDoc, Word
from explorer.offline.quotes import Span

if TYPE_CHECKING:
    from explorer.offline.actors_local import ActorIndex

SUBJECT_DEPS = {"nsubj", "nsubjpass"}

INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "acomp", "advmod"}


def resolve_speaker(subject: Word | None, index: ActorIndex) -> Speaker:
    """Return the speaker named by a subject token: an actor, a resolved pronoun or the noun phrase."""
    if subject is None:
        return Speaker(None, None)
    word = subject.lower_
    span = (subject.idx, subject.idx + len(subject))
    if word in PERSONAL_PRONOUNS:
        return Speaker(index.resolve_pronoun(word, subject.idx) or subject.text, span)
    if word in RELATIVE_PRONOUNS and subject.dep_ in SUBJECT_DEPS and subject.head.dep_ == "relcl":
        antecedent = subject.head.head
        return Speaker(noun_phrase_name(antecedent, index), span)
    return Speaker(noun_phrase_name(subject, index), phrase_span(subject))


def find_subject(verb: Word) -> Word | None:
    """Return the subject of a cue verb, climbing through participles, conjunctions and 'a statement saying'."""
    token = verb
    for _ in range(5):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if (controller := _object_controller(token)) is not None:
            return controller
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ in {"acl", "advcl"} and token.head.pos_ in {"NOUN", "PROPN"}:
            if token.head.dep_ != "dobj":
                return token.head
            token = token.head.head
            continue
        if token.dep_ not in INHERIT_DEPS or token.head is token:
            return None
        token = token.head
    return None


def _object_controller(token: Word) -> Word | None:
    """Return who does an act the object controls: 'criticised X for saying', 'left X feeling', 'asked X to say'."""
    if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.lower_ == "for":
        governor = token.head.head
    elif token.dep_ == "xcomp":
        governor = token.head
    else:
        return None
    return next((c for c in governor.children if c.dep_ == "dobj" and c.i < token.i), None)


def phrase_span(token: Word) -> Span:
    """Return the span of a noun phrase subtree without edge punctuation."""
    start, end = subtree_span(token)
    text = doc_text(token.doc)
    while end > start and text[end - 1] in TRAILING | {"'", "’", '"', "”"}:
        end -= 1
    while start < end and text[start] in TRAILING:
        start += 1
    return start, end


def clause_without(head: Word, cue: Word) -> tuple[int, int]:
    """Return the span of head's clause, cutting off the cue's parenthetical if it sits at an end."""
    start, end = subtree_span(head)
    cue_start, cue_end = subtree_span(cue)
    rest = doc_text(head.doc)[cue_end:end]
    if cue_start <= start:
        start = cue_end
    elif cue_end >= end or not rest.strip(" .,;:!?\n"):
        end = cue_start
    return start, end


def subtree_span(token: Word) -> tuple[int, int]:
    """Return the character span of a token's subtree."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def noun_phrase_name(token: Word, index: ActorIndex) -> str:
    """Return the canonical actor inside a noun phrase, else the head phrase text."""
    start, end = phrase_span(token)
    # a person at the phrase's head is who it is: 'Brandt campaign spokesman Jason Miller' is Miller, not Brandt
    head = index.name_at(token.idx)
    head = head if head and index.type_of(head) == "person" else None
    named = head or index.name_in(start, end) or _definite_reference(token, index)
    if named:
        return named
    head_end = token.idx + len(token)
    return doc_text(token.doc)[token.left_edge.idx : head_end].strip()


def _definite_reference(token: Word, index: ActorIndex) -> str | None:
    """Return the organisation a bare 'the council' or 'the association' refers back to: the latest so named."""
    words = [t.lower_ for t in token.subtree]
    if words not in (["the", token.lower_], ["this", token.lower_]) or token.lemma_lower not in INSTITUTION_NOUNS:
        return None
    return index.organization_named(token.lemma_lower, token.idx)


def doc_text(doc: ParsedDoc) -> str:
    """Return the section's text."""
    return doc.text
