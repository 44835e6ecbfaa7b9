"""Rule-based attribution: who says or thinks what, from spaCy parses and quotation marks."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from explorer.findings import Claim
from explorer.offline.actors_local import ActorIndex
from explorer.offline.cues import (
    CLAUSE_CUES,
    NOUN_CUES,
    OBJECT_CUES,
    PERSONAL_PRONOUNS,
    PREP_CUES,
    QUOTE_ONLY_CUES,
    RELATIVE_PRONOUNS,
    SUBORDINATORS,
    XCOMP_CUES,
)
from explorer.offline.drafts import TRAILING, Draft, Speaker, inside, to_claim, trim, unique
from explorer.offline.parse import doc_text
from explorer.offline.quote_layout import (
    byline_drafts,
    continue_quotes,
    floating_drafts,
    snap_to_quotes,
    transcript_drafts,
)
from explorer.offline.quotes import Span, find_quotes

NAMING_CUES = frozenset({"call", "label", "brand", "dub", "term"})  # "X called Y a liar": the content is "a liar"
RECIPIENT_CUES = frozenset({"tell", "ask", "inform", "assure", "advise", "urge", "warn", "accuse", "answer"})
NON_REPORTING = frozenset({"be", "make", "have", "get", "mean", "ensure", "require", "seem", "appear"})
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "pobj"}


def content_token(verb: Token) -> tuple[Token, str] | None:
    """Return the head of the verb's content and the frame that found it, or None."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    for child in children:
        if child.dep_ == "ccomp" and (lemma in CLAUSE_CUES or that_clause(verb, child)):
            return child, "clause"
    for child in children:
        if child.dep_ == "oprd" and lemma in NAMING_CUES:
            return child, "naming"
        if child.dep_ == "xcomp" and lemma in XCOMP_CUES:
            return child, "xcomp"
        if child.dep_ == "dobj" and (lemma in OBJECT_CUES or object_as_content(lemma, child)):
            return child, "object"
        if child.dep_ == "prep" and (lemma, child.lower_) in PREP_CUES:
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objects:
                return objects[0], "prep"
    return None


def that_clause(verb: Token, clause: Token) -> bool:
    """Return whether any verb with a subject governs a 'that' clause: such verbs report speech or thought."""
    has_that = any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children)
    return has_that and verb.pos_ == "VERB" and verb.lemma_.lower() not in NON_REPORTING


def object_as_content(lemma: str, obj: Token) -> bool:
    """Return whether a clause cue's direct object is what was said ('polls show a tight race')."""
    return (
        lemma in CLAUSE_CUES
        and lemma not in RECIPIENT_CUES
        and obj.pos_ in {"NOUN", "PROPN"}
        and obj.right_edge.i - obj.left_edge.i >= 1
    )


def subtree_span(token: Token) -> tuple[int, int]:
    """Return the character span of a token's subtree."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def clause_without(head: Token, cue: Token) -> tuple[int, int]:
    """Return the span of head's clause, cutting off the cue's parenthetical if it sits at an end."""
    start, end = subtree_span(head)
    cue_start, cue_end = subtree_span(cue)
    if cue_start <= start:
        start = cue_end
    elif cue_end >= end:
        end = cue_start
    return start, end


def find_subject(verb: Token) -> Token | None:
    """Return the subject of a cue verb, climbing through participles, conjunctions and 'a statement saying'."""
    token = verb
    for _ in range(5):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
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


def resolve_speaker(subject: Token | None, index: ActorIndex) -> Speaker:
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


def phrase_span(token: Token) -> Span:
    """Return the span of a noun phrase subtree without edge punctuation."""
    start, end = subtree_span(token)
    text = doc_text(token.doc)
    while end > start and text[end - 1] in TRAILING | {"'", "’", '"', "”"}:
        end -= 1
    while start < end and text[start] in TRAILING:
        start += 1
    return start, end


def noun_phrase_name(token: Token, index: ActorIndex) -> str:
    """Return the canonical actor inside a noun phrase, else the head phrase text."""
    start, end = phrase_span(token)
    named = index.name_in(start, end) or definite_reference(token, index)
    if named:
        return named
    head_end = token.idx + len(token)
    return doc_text(token.doc)[token.left_edge.idx : head_end].strip()


INSTITUTION_NOUNS = frozenset(
    "group council association company firm organisation organization agency committee union federation "
    "coalition alliance institute foundation bank".split()
)


def definite_reference(token: Token, index: ActorIndex) -> str | None:
    """Return the organisation a bare 'the council' or 'the association' refers back to: the latest so named."""
    words = [t.lower_ for t in token.subtree]
    if words not in (["the", token.lower_], ["this", token.lower_]) or token.lemma_.lower() not in INSTITUTION_NOUNS:
        return None
    return index.organization_named(token.lemma_.lower(), token.idx)


def cue_text(verb: Token) -> str:
    """Return the cue word(s): the verb with its particle or preposition."""
    extra = [c for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text] + [c.text for c in extra])


def hypothetical(verb: Token) -> bool:
    """Return whether a cue is an infinitive ('to determine whether ...'): nobody has said anything yet."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def speaks_to_self(verb: Token) -> bool:
    """Return whether a cue is a first- or second-person aside inside a quotation ('I think', 'you know')."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is not None and subject.lower_ in {"i", "we", "you"}


def content_span(content: Token, verb: Token) -> tuple[int, int]:
    """Return the content span; content placed before its cue runs from the start of the sentence."""
    start, end = subtree_span(content)
    if content.i < verb.i and content.dep_ == "ccomp":
        start = min(start, content.sent.start_char)
        # "X did Y, posing a threat to Z, the minister said": all before the speaker is what was said
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and content.i < subject.left_edge.i and subject.i < verb.i:
            end = max(end, subject.left_edge.idx)
    if content.dep_ in {"dobj", "xcomp", "oprd"}:
        start, end = with_predicate(verb, start, end)
    return start, min(end, aside_start(content, end))


NON_RESTRICTIVE = frozenset({"who", "which", "whom", "whose"})


def aside_start(content: Token, end: int) -> int:
    """Return where a trailing aside of the writer begins: ', which ...' or ', citing ...' closing the content."""
    for token in content.subtree:
        before = token.doc[token.left_edge.i - 1] if token.left_edge.i > content.left_edge.i else None
        if before is None or before.text != "," or subtree_span(token)[1] < end:
            continue
        relative = token.dep_ == "relcl" and token.left_edge.lower_ in NON_RESTRICTIVE
        participle = token.dep_ in {"advcl", "acl"} and token.tag_ == "VBG" and token.left_edge.i == token.i
        if relative or participle:
            return before.idx
    return end


# "accused X [of lying]", "praised X [for its courage]": judgement verbs give their reason in a prepositional
# phrase; comparison verbs give the other side of the comparison ("likened X [to a circus]").
JUDGEMENT_VERBS = frozenset(
    "accuse blame criticize criticise praise attack condemn fault thank commend credit slam blast chide "
    "rebuke scold mock applaud congratulate hail laud".split()
)
COMPARISON_VERBS = frozenset({"compare", "liken", "link", "equate", "contrast"})


def predicate_preps(verb: Token) -> set[str]:
    """Return the prepositions that introduce what a cue verb predicates of its object."""
    lemma = verb.lemma_.lower()
    return (
        {"as"}
        | ({"for", "of"} if lemma in JUDGEMENT_VERBS else set())
        | ({"to", "with"} if lemma in COMPARISON_VERBS else set())
    )


def with_predicate(verb: Token, start: int, end: int) -> Span:
    """Return an object span joined with the predicate said of it: 'called [X a liar]', 'urged [X to act]'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return start, end
    predicates = [
        c
        for c in verb.children
        if c.i > obj.i and (c.dep_ in {"xcomp", "oprd"} or (c.dep_ == "prep" and c.lower_ in predicate_preps(verb)))
    ]
    if not predicates:
        return start, end
    return min(start, obj.left_edge.idx), max(end, subtree_span(predicates[0])[1])


AFTER_GAP = re.compile(r"^(?:\s+(?:\w+\s*){0,3})?\s*[,:]\s*$|^\s*:\s*\n\s*$")
BEFORE_GAP = re.compile(r"^[\s,]*(?:[\w.'’,-]+\s+){0,6}$")


def adjacent_quote(verb: Token, quotes: list[Span]) -> Span | None:
    """Return the quotation a bare cue introduces ('X said: “...”') or closes ('“...,” X asked')."""
    text = doc_text(verb.doc)
    verb_end = verb.idx + len(verb)
    for q_start, q_end in quotes:
        if verb_end <= q_start <= verb_end + 40 and AFTER_GAP.match(text[verb_end:q_start]):
            return q_start, q_end
        gap = text[q_end : verb.idx]
        if verb.idx - 60 <= q_end <= verb.idx and BEFORE_GAP.match(gap) and not opens_clause(gap):
            return q_start, q_end
    return None


def opens_clause(gap: str) -> bool:
    """Return whether the words between a quotation and a cue start a new clause ('... as it continues')."""
    return any(word.lower() in SUBORDINATORS for word in re.findall(r"[\w']+", gap))


def bare_cue_content(token: Token, quotes: list[Span]) -> Span | None:
    """Return content for a cue without a complement: a parenthetical clause or an adjacent quote."""
    lemma = token.lemma_.lower()
    if lemma not in CLAUSE_CUES | QUOTE_ONLY_CUES or speaks_to_self(token):
        return None
    if token.dep_ == "parataxis" and lemma in CLAUSE_CUES:
        return token.sent.start_char, token.sent.end_char
    return adjacent_quote(token, quotes)


def verb_drafts(doc: Doc, index: ActorIndex, quotes: list[Span]) -> list[Draft]:
    """Return drafts for every cue verb with a content complement, a parenthetical use or a quote."""
    drafts = []
    for token in doc:
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        if hypothetical(token):
            continue
        found = content_token(token)
        if found and not speaks_to_self(token):
            start, end = content_span(found[0], token)
        elif bare := bare_cue_content(token, quotes):
            start, end = bare
        else:
            continue
        subject = speaker_token(token, quotes)
        if nobody(subject) or addressed(token):
            continue
        speaker = resolve_speaker(subject, index)
        drafts.append(Draft(start, end, speaker, cue_text(token), token.idx))
    return drafts


NEGATIVE_DETERMINERS = frozenset({"no", "neither", "none", "nobody", "nor"})


def nobody(subject: Token | None) -> bool:
    """Return whether the subject denies that anyone spoke: 'neither ministry would confirm', 'no one said'."""
    if subject is None:
        return False
    return subject.lower_ in {"nobody", "none", "neither"} or any(
        c.lower_ in NEGATIVE_DETERMINERS and c.dep_ in {"det", "preconj", "amod"} for c in subject.children
    )


def addressed(verb: Token) -> bool:
    """Return whether a cue is a bare passive participle ('Asked whether ..., he said'): its subject heard it."""
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.dep_ in {"aux", "nsubj"} for c in verb.children)


def speaker_token(verb: Token, quotes: list[Span]) -> Token | None:
    """Return the cue's subject; a cue outside quotation marks never takes its speaker from inside them."""
    subject = find_subject(verb)
    if subject is None or inside(verb.idx, quotes) or not inside(subject.idx, quotes):
        return subject
    return noun_beside(verb, quotes)


NOMINAL = {"PROPN", "NOUN", "PRON"}


def noun_beside(verb: Token, quotes: list[Span]) -> Token | None:
    """Return the head of the noun phrase right after or right before a cue ('“...,” said X', '“...,” X said')."""
    doc = verb.doc
    candidates = list(doc[verb.i + 1 : verb.i + 3])
    for token in reversed(doc[max(verb.i - 3, 0) : verb.i]):
        if token.is_punct:
            break
        candidates.append(token)
    for token in candidates:
        if token.pos_ in NOMINAL and not inside(token.idx, quotes):
            while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
                token = token.head
            return token
    return None


def according_drafts(doc: Doc, index: ActorIndex) -> list[Draft]:
    """Return drafts for 'according to X': the rest of the clause is the content."""
    drafts = []
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if source is None:
            continue
        sent = token.sent
        start, end = (
            clause_without(sent.root, token) if token.head.i == sent.root.i else (sent.start_char, sent.end_char)
        )
        speaker = Speaker(noun_phrase_name(source, index), phrase_span(source))
        drafts.append(Draft(start, end, speaker, "according to", token.idx))
    return drafts


def noun_drafts(doc: Doc, index: ActorIndex) -> list[Draft]:
    """Return drafts for claim nouns with a that-clause, e.g. 'the party's claim that ...'."""
    drafts = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in NOUN_CUES:
            continue
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in {"acl", "ccomp"} and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if clause is None:
            continue
        start, end = subtree_span(clause)
        speaker = resolve_speaker(owner, index) if owner else Speaker(None, None)
        drafts.append(Draft(start, end, speaker, token.text, token.idx))
    return drafts


def extract_claims(doc: Doc, index: ActorIndex) -> list[Claim]:
    """Return every attributed claim in a parsed section."""
    text = doc_text(doc)
    quotes = find_quotes(text)
    drafts = verb_drafts(doc, index, quotes) + according_drafts(doc, index) + noun_drafts(doc, index)
    cues = [d.cue_start for d in drafts]
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    for draft in drafts:
        draft.start, draft.end = trim(text, draft.start, draft.end)
        snap_to_quotes(draft, quotes)
        continue_quotes(draft, quotes, cues, text, sentences)
    drafts += byline_drafts(quotes, text) + transcript_drafts(text, index)
    drafts += floating_drafts(drafts, quotes, text)
    claims = [to_claim(d, text) for d in unique(drafts)]
    return [c for c in claims if not nested_report(c, claims)]


def nested_report(claim: Claim, claims: list[Claim]) -> bool:
    """Return whether a reported claim sits inside a longer claim: it is part of what that speaker said."""
    if claim.quote == "direct" or claim.span is None:
        return False
    start, end = claim.span
    return any(
        other.span is not None
        and other.span[0] <= start
        and end <= other.span[1]
        and other.span[1] - other.span[0] > end - start
        for other in claims
    )
