"""Rule-based attribution: who says or thinks what, from spaCy parses and quotation marks."""

from __future__ import annotations

import re

from explorer.findings import Claim
from explorer.offline.actors_local import ActorIndex
from explorer.offline.attribution_frames import (
    colon_block_drafts,
    owned_noun_drafts,
    passive_drafts,
    perspective_drafts,
    support_verb_drafts,
)
from explorer.offline.cues import (
    AS_PREDICATE_CUES,
    ATTITUDE_ADJECTIVES,
    ATTITUDE_NOUNS,
    ATTITUDE_PREPS,
    CHARACTERISING_CUES,
    CLAUSE_CUES,
    COMPARISON_VERBS,
    ELABORATION_OPENERS,
    IMPLICATIVE_VERBS,
    JUDGEMENT_VERBS,
    NAMING_CUES,
    NEGATIVE_DETERMINERS,
    NON_REPORTING,
    NON_RESTRICTIVE,
    NOUN_CUES,
    OBJECT_CUES,
    PREP_CUES,
    QUOTE_ONLY_CUES,
    RAISING_VERBS,
    RECIPIENT_CUES,
    SUBORDINATORS,
    VOLITION_ADJECTIVES,
    XCOMP_CUES,
)
from explorer.offline.drafts import Draft, Speaker, inside, to_claim, trim, unique
from explorer.offline.parse import (
    SUBJECT_DEPS,
    clause_without,
    doc_text,
    find_subject,
    noun_phrase_name,
    phrase_span,
    resolve_speaker,
    subtree_span,
)
from explorer.offline.parsed import ParsedDoc, Word
from explorer.offline.quote_layout import (
    byline_drafts,
    continue_quotes,
    floating_drafts,
    headline_drafts,
    quoted_report,
    snap_to_quotes,
    transcript_drafts,
)
from explorer.offline.quotes import Span, find_quotes

# built once: a union written inside a loop is rebuilt for every token
EVERY_VERB_CUE = CLAUSE_CUES | OBJECT_CUES | XCOMP_CUES | NAMING_CUES | QUOTE_ONLY_CUES
CLAUSE_OR_QUOTE_CUES = CLAUSE_CUES | QUOTE_ONLY_CUES
HELD_ADJECTIVES = ATTITUDE_ADJECTIVES | VOLITION_ADJECTIVES
JUDGING_CUES = JUDGEMENT_VERBS | CHARACTERISING_CUES
LEADING_VERBS_OF_CUES = RAISING_VERBS | IMPLICATIVE_VERBS


def extract_claims(doc: ParsedDoc, index: ActorIndex) -> list[Claim]:
    """Return every attributed claim in a parsed section."""
    text = doc_text(doc)
    quotes = find_quotes(text)
    drafts = _verb_drafts(doc, index, quotes) + _according_drafts(doc, index) + support_verb_drafts(doc, index)
    drafts += _noun_drafts(doc, index)
    drafts += _attitude_drafts(doc, index) + passive_drafts(doc, index)
    drafts += owned_noun_drafts(doc, index) + perspective_drafts(doc, index) + colon_block_drafts(doc, index)
    cues = [d.cue_start for d in drafts]
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    for draft in drafts:
        draft.start, draft.end = trim(text, draft.start, draft.end)
        snap_to_quotes(draft, quotes)
        continue_quotes(draft, quotes, cues, text, sentences)
    drafts += byline_drafts(quotes, text) + transcript_drafts(text, index) + headline_drafts(text, index)
    # "... the minister told me ..." inside a quotation is part of the quoted speaker's words, not a claim of its own
    drafts = [d for d in drafts if not quoted_report(d, quotes)]
    drafts += floating_drafts(drafts, quotes, text)
    claims = [to_claim(d, text) for d in unique(drafts)]
    return [c for c in claims if not _nested_report(c, claims)]


OBJECT_LEMMAS = OBJECT_CUES | CHARACTERISING_CUES


def _content_token(verb: Word) -> tuple[Word, str] | None:
    """Return the head of the verb's content and the frame that found it, or None."""
    lemma = verb.lemma_lower
    children = list(verb.children)
    clauses = [c for c in children if c.dep_ == "ccomp" and (lemma in CLAUSE_CUES or _that_clause(verb, c))]
    if clauses:
        # 'A happened, X said B': a clause after the cue is what was said; the parser often hangs the one before on it
        after = [c for c in clauses if c.i > verb.i]
        return (after or clauses)[0], "clause"
    if lemma in CLAUSE_CUES and (clause := _unmarked_clause(verb)) is not None:
        return clause, "clause"
    for child in children:
        if child.dep_ == "oprd" and lemma in NAMING_CUES:
            return child, "naming"
        if child.dep_ == "xcomp" and lemma in XCOMP_CUES:
            return child, "xcomp"
        if child.dep_ == "dobj" and (
            lemma in OBJECT_LEMMAS or _object_as_content(lemma, child) or _classed_object(verb, child)
        ):
            return child, "object"
        if child.dep_ == "prep" and (lemma, child.lower_) in PREP_CUES:
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if objects:
                return objects[0], "prep"
    return None


def _classed_object(verb: Word, obj: Word) -> bool:
    """Return whether a verb of classing says what its object is: 'saw [the vote as a warning]', 'deemed [it fair]'."""
    if verb.lemma_lower not in AS_PREDICATE_CUES:
        return False
    return any(
        c.i > obj.i and (c.dep_ in {"oprd", "xcomp"} or (c.dep_ == "prep" and c.lower_ == "as")) for c in verb.children
    )


def _unmarked_clause(verb: Word) -> Word | None:
    """Return a finite clause after a speech verb that the parser took for an adverbial ('said on Friday he would')."""
    for child in verb.children:
        if child.dep_ != "advcl" or child.i < verb.i or child.tag_ in {"VBG", "VBN"}:
            continue
        marked = any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ in {"WRB", "RB"}) for c in child.children)
        if not marked and any(c.dep_ in SUBJECT_DEPS for c in child.children):
            return child
    return None


def _that_clause(verb: Word, clause: Word) -> bool:
    """Return whether any verb with a subject governs a 'that' clause: such verbs report speech or thought."""
    has_that = any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children)
    # "it’s clear that": the lemmatizer leaves a curly "’s" unlemmatised, so the contraction is judged by its norm
    contraction = verb.norm_ in {"'s", "'re", "'m", "'ve", "'d"}
    return has_that and verb.pos_ == "VERB" and verb.lemma_lower not in NON_REPORTING and not contraction


def _object_as_content(lemma: str, obj: Word) -> bool:
    """Return whether a clause cue's direct object is what was said ('polls show a tight race')."""
    return (
        lemma in CLAUSE_CUES
        and lemma not in RECIPIENT_CUES
        and obj.pos_ in {"NOUN", "PROPN"}
        and obj.right_edge.i - obj.left_edge.i >= 1
    )


def _cue_text(verb: Word) -> str:
    """Return the cue word(s): the verb with its particle or preposition."""
    extra = [c for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text] + [c.text for c in extra])


def _imperative(verb: Word) -> bool:
    """Return whether a cue is an order to the reader ('Imagine the scene', 'Don't forget that ...'): nobody spoke."""
    while verb.dep_ == "conj" and verb.head.i < verb.i:
        verb = verb.head
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not any(
            c.dep_ in SUBJECT_DEPS or c.dep_ in {"aux", "auxpass"} and c.lower_ not in {"do", "don't"}
            for c in verb.children
        )
    )


def _hypothetical(verb: Word) -> bool:
    """Return whether a cue is an infinitive ('to determine whether ...'): nobody has said anything yet."""
    if verb.dep_ in {"xcomp", "advcl"} and verb.head.lemma_lower in LEADING_VERBS_OF_CUES:
        return False  # 'he appeared to suggest that ...', 'forced him to admit that ...': it was said
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _speaks_to_self(verb: Word) -> bool:
    """Return whether a cue is a first- or second-person aside inside a quotation ('I think', 'you know')."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is not None and subject.lower_ in {"i", "we", "you"}


def _content_span(content: Word, verb: Word) -> tuple[int, int]:
    """Return the content span; content placed before its cue runs from the start of the sentence."""
    start, end = subtree_span(content)
    if content.i < verb.i and content.dep_ == "ccomp":
        start = min(start, content.sent.start_char)
        # "X did Y, which hurt Z, the minister said": all before the speaker is what was said
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and content.i < subject.left_edge.i and subject.i < verb.i:
            end = max(end, subject.left_edge.idx)
    if content.dep_ in {"dobj", "xcomp", "oprd"}:
        start, end = _with_predicate(verb, start, end)
    if content.dep_ in {"dobj", "pobj", "pcomp"}:
        joined = _coordinated_content(verb, content) + _elaborations(verb, content)
        end = max([end] + [subtree_span(c)[1] for c in joined])
    return start, min(end, _aside_start(content, start, end), _second_report(content, verb, end))


def _second_report(content: Word, verb: Word, end: int) -> int:
    """Return where a second report by the same speaker begins: 'said A and warned B' (parsed inside A)."""
    for token in content.subtree:
        if token.dep_ == "conj" and token.i > content.i and token.tag_ == verb.tag_ in FINITE and _speech_cue(token):
            before = token.doc[token.left_edge.i - 1]
            while before.dep_ == "cc" or before.is_punct:
                before = before.doc[before.i - 1]
            return min(end, before.idx + len(before))
    return end


def _coordinated_content(verb: Word, content: Word) -> list[Word]:
    """Return clauses the parser hung on the cue that can only join its object: 'mentioned A and forcing B',
    'spoke of A, and how B'."""
    return [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and c.i > content.i
        and ((c.tag_ == "VBG" and verb.tag_ != "VBG") or c.left_edge.tag_ in {"WRB", "WP"})
    ]


def _elaborations(verb: Word, content: Word) -> list[Word]:
    """Return phrases the parser hung on the cue that only narrow its object: 'pointed to A, in particular B'."""
    found = []
    for child in verb.children:
        if child.i <= content.i:
            continue
        first = child.left_edge
        words = " ".join(t.lower_ for t in first.doc[first.i : first.i + 2])
        if first.lower_ in ELABORATION_OPENERS or words in ELABORATION_OPENERS:
            found.append(child)
    return found


def _aside_start(content: Word, start: int, end: int) -> int:
    """Return where a trailing aside of the writer begins: ', which ...' or ', citing ...' closing the content."""
    for token in content.doc.char_span(start, end, alignment_mode="expand") or content.subtree:
        before = token.doc[token.left_edge.i - 1] if token.left_edge.idx > start else None
        if before is None or before.text != "," or subtree_span(token)[1] < end:
            continue
        relative = token.dep_ == "relcl" and token.left_edge.lower_ in NON_RESTRICTIVE
        participle = token.dep_ in {"advcl", "acl"} and token.tag_ == "VBG" and token.left_edge.i == token.i
        concession = token.dep_ == "advcl" and token.left_edge.lower_ in {"although", "though"}
        if relative or participle or concession:
            return before.idx
    return end


def _predicate_preps(verb: Word) -> set[str]:
    """Return the prepositions that introduce what a cue verb predicates of its object."""
    lemma = verb.lemma_lower
    return (
        {"as"}
        | ({"for", "of"} if lemma in JUDGING_CUES else set())
        | ({"to", "with"} if lemma in COMPARISON_VERBS else set())
    )


def _with_predicate(verb: Word, start: int, end: int) -> Span:
    """Return an object span joined with the predicate said of it: 'called [X a liar]', 'urged [X to act]'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return start, end
    predicates = [
        c
        for c in verb.children
        if c.i > obj.i and (c.dep_ in {"xcomp", "oprd"} or (c.dep_ == "prep" and c.lower_ in _predicate_preps(verb)))
    ]
    if not predicates:
        return start, end
    return min(start, obj.left_edge.idx), max(end, subtree_span(predicates[0])[1])


AFTER_GAP = re.compile(r"^(?:\s+(?:\w+\s*){0,3})?\s*[,:]\s*$|^\s*:\s*\n\s*$")
BEFORE_GAP = re.compile(r"^[\s,]*(?:[\w.'’,-]+\s+){0,6}$")


def _adjacent_quote(verb: Word, quotes: list[Span]) -> Span | None:
    """Return the quotation a bare cue introduces ('X said: “...”') or closes ('“...,” X asked')."""
    text = doc_text(verb.doc)
    verb_end = verb.idx + len(verb)
    for q_start, q_end in quotes:
        if verb_end <= q_start <= verb_end + 40 and AFTER_GAP.match(text[verb_end:q_start]):
            return q_start, q_end
        gap = text[q_end : verb.idx]
        # a quotation closing the previous paragraph is not introduced by a cue opening this one
        if verb.idx - 60 <= q_end <= verb.idx and BEFORE_GAP.match(gap) and "\n" not in gap and not _opens_clause(gap):
            return q_start, q_end
    return None


def _opens_clause(gap: str) -> bool:
    """Return whether the words between a quotation and a cue start a new clause ('... as it continues')."""
    return any(word.lower() in SUBORDINATORS for word in re.findall(r"[\w']+", gap))


def _bare_cue_content(token: Word, quotes: list[Span]) -> Span | None:
    """Return content for a cue without a complement: a parenthetical clause or an adjacent quote."""
    lemma = token.lemma_lower
    if lemma not in CLAUSE_OR_QUOTE_CUES or _speaks_to_self(token):
        return None
    if token.dep_ == "parataxis" and lemma in CLAUSE_CUES:
        return token.sent.start_char, token.sent.end_char
    return _adjacent_quote(token, quotes)


def _verb_drafts(doc: ParsedDoc, index: ActorIndex, quotes: list[Span]) -> list[Draft]:
    """Return drafts for every cue verb with a content complement, a parenthetical use or a quote."""
    drafts = []
    for token in doc:
        if token.pos_ not in {"VERB", "AUX"} and not _verb_by_structure(token):
            continue
        if _hypothetical(token) or _imperative(token):
            continue
        found = _content_token(token)
        if aside := _as_aside(token):
            start, end = aside
        elif found and not (_speaks_to_self(token) and inside(token.idx, quotes)):
            start, end = _content_span(found[0], token)
        elif bare := _bare_cue_content(token, quotes):
            start, end = bare
        else:
            continue
        subject = _controller(token) or _speaker_token(token, quotes)
        if _nobody(subject) or _addressed(token):
            continue
        speaker = resolve_speaker(subject, index)
        named = found is not None and found[1] == "object" and _bare_name(found[0])
        drafts.append(Draft(start, end, speaker, _cue_text(token), token.idx, named=named))
    return drafts


def _bare_name(token: Word) -> bool:
    """Return whether a content phrase is only a proper name ('endorsed Smith'): the name is what was judged."""
    return token.pos_ == "PROPN" and all(t.pos_ == "PROPN" or t.is_punct for t in token.subtree)


def _as_aside(verb: Word) -> Span | None:
    """Return the clause an 'as X noted' aside vouches for: 'the tolls, as Brandt noted, have doubled'."""
    lemma = verb.lemma_lower
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    if not marked or verb.dep_ != "advcl" or lemma not in CLAUSE_OR_QUOTE_CUES or _speaks_to_self(verb):
        return None
    if any(c.dep_ in {"ccomp", "xcomp"} or (c.dep_ == "dobj" and c.lower_ != "it") for c in verb.children):
        return None  # 'as X said he would': the aside has content of its own
    return clause_without(verb.head, verb)


def _verb_by_structure(token: Word) -> bool:
    """Return whether a cue word the tagger took for a noun heads a clause with a subject ('documents show he ...')."""
    return (
        token.lemma_lower in CLAUSE_CUES
        and token.dep_ in {"ROOT", "advcl", "ccomp", "conj", "relcl"}
        and any(c.dep_ in SUBJECT_DEPS for c in token.children)
    )


def _controller(verb: Word) -> Word | None:
    """Return the object that does what a cue's head made it do: 'forced [the banker] to admit ...'."""
    if verb.dep_ != "xcomp" or verb.head.lemma_lower not in IMPLICATIVE_VERBS:
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj"), None)


def _nobody(subject: Word | None) -> bool:
    """Return whether the subject denies that anyone spoke: 'neither ministry would confirm', 'no one said'."""
    if subject is None:
        return False
    return subject.lower_ in {"nobody", "none", "neither"} or any(
        c.lower_ in NEGATIVE_DETERMINERS and c.dep_ in {"det", "preconj", "amod"} for c in subject.children
    )


def _addressed(verb: Word) -> bool:
    """Return whether a cue is a bare passive participle ('Asked whether ..., he said'): its subject heard it."""
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.dep_ in {"aux", "nsubj"} for c in verb.children)


def _speaker_token(verb: Word, quotes: list[Span]) -> Word | None:
    """Return the cue's subject; a cue outside quotation marks never takes its speaker from inside them."""
    subject = find_subject(_reporting_ancestor(verb) or verb)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i and _speech_cue(verb):
        return _agent(verb)  # 'X was called a liar': X is the topic; 'X was worried that ...' keeps its holder
    if subject is None:
        return _stranded_subject(_first_conjunct(verb), quotes) or _inverted_subject(verb, quotes)
    if inside(verb.idx, quotes) or not inside(subject.idx, quotes):
        return subject
    return _noun_beside(verb, quotes)


def _reporting_ancestor(verb: Word) -> Word | None:
    """Return the cue a subjectless conjoined cue really joins: 'said [A would X] and warned B' joins 'said'."""
    if _closing_participle(verb) and verb.head.dep_ == "ccomp" and _speech_cue(verb.head.head):
        return verb.head.head  # 'analysts said [prices rose], citing X': the analysts cite
    if verb.dep_ != "conj" or verb.tag_ not in FINITE or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    token = verb.head
    while token.head.i != token.i:
        head = token.head
        if token.dep_ in {"ccomp", "xcomp", "dobj"} and head.tag_ == verb.tag_ and _speech_cue(head):
            return head
        token = head
    return None


def _closing_participle(verb: Word) -> bool:
    """Return whether a cue is a participle set off by a comma at the end of its sentence (', citing ...')."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > verb.head.i
        and verb.doc[verb.i - 1].text == ","
        and all(t.is_punct or t.is_space for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end])
    )


def _speech_cue(verb: Word) -> bool:
    """Return whether a verb is in the cue lexicon, not just a verb that happens to govern a 'that' clause."""
    lemma = verb.lemma_lower
    return lemma in EVERY_VERB_CUE


def _agent(verb: Word) -> Word | None:
    """Return who speaks in a passive cue: the 'by' phrase ('was called a fraud by X'); its subject is the topic."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


FINITE = {"VBD", "VBZ", "VBP"}


def _first_conjunct(verb: Word) -> Word:
    """Return the first verb of a coordination: 'X call them A and describe B' shares X."""
    while verb.dep_ == "conj" and verb.head.i < verb.i:
        verb = verb.head
    return verb


def _inverted_subject(verb: Word, quotes: list[Span]) -> Word | None:
    """Return the name right after a sentence-opening cue: 'Said Ana Ruiz: “...”'."""
    if verb.i != verb.sent.start or verb.lemma_lower not in QUOTE_ONLY_CUES:
        return None
    return _noun_beside(verb, quotes)


def _stranded_subject(verb: Word, quotes: list[Span]) -> Word | None:
    """Return the noun right before a finite cue the parser left without a subject ('... and the growers accused')."""
    if verb.tag_ not in FINITE or verb.i == 0:
        return None
    token = verb.doc[verb.i - 1]
    while token.i > 0 and (token.pos_ in {"ADV", "AUX", "PART"} or token.dep_ == "neg"):
        token = token.doc[token.i - 1]
    if token.pos_ not in {"PROPN", "NOUN"} or inside(token.idx, quotes) or token.dep_ in SUBJECT_DEPS:
        return None
    while token.dep_ in {"compound", "flat"} and token.i < token.head.i < verb.i:
        token = token.head
    return token


NOMINAL = {"PROPN", "NOUN", "PRON"}


def _noun_beside(verb: Word, quotes: list[Span]) -> Word | None:
    """Return the head of the noun phrase right after or right before a cue ('“...,” said X', '“...,” X said')."""
    doc = verb.doc
    candidates = list(doc[verb.i + 1 : verb.i + 3])
    for token in reversed(doc[max(verb.i - 3, 0) : verb.i]):
        if token.is_punct:
            break
        candidates.append(token)
    for token in candidates:
        # '“...,” X said Monday': a date beside the cue is when, not who
        if token.pos_ in NOMINAL and not inside(token.idx, quotes) and token.ent_type_ not in {"DATE", "TIME"}:
            while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
                token = token.head
            return token
    return None


def _according_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
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


def _attitude_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for attitudes held without a speech verb: 'X is worried about Y', 'X, a critic of Y'."""
    drafts = []
    for token in doc:
        lemma = token.lower_
        if not (
            (token.pos_ == "ADJ" and lemma in HELD_ADJECTIVES) or (token.pos_ == "NOUN" and lemma in ATTITUDE_NOUNS)
        ):
            continue
        content = next((c for c in token.children if c.dep_ in {"ccomp", "xcomp"}), None) or next(
            (g for c in token.children if c.dep_ == "prep" and c.lower_ in ATTITUDE_PREPS for g in c.children), None
        )
        holder = _attitude_holder(token)
        if content is None or holder is None or holder.lower_ in {"i", "we", "you"}:
            continue
        start, end = subtree_span(content)
        speaker = resolve_speaker(holder, index)
        drafts.append(Draft(start, end, speaker, token.text, token.idx, named=_bare_name(content)))
    return drafts


def _attitude_holder(token: Word) -> Word | None:
    """Return who holds an attitude: the subject of 'is worried', or the noun an appositive describes."""
    if token.dep_ in {"acomp", "attr"}:
        return next((c for c in token.head.children if c.dep_ in SUBJECT_DEPS), None)
    if token.dep_ in {"amod", "appos", "acl"} and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i < token.i:
        return token.head
    return None


def _noun_drafts(doc: ParsedDoc, index: ActorIndex) -> list[Draft]:
    """Return drafts for claim nouns with a that-clause, e.g. 'the party's claim that ...'."""
    drafts = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_lower not in NOUN_CUES:
            continue
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in {"acl", "ccomp"} and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        owner = _noun_cue_owner(token, index)
        if clause is None:
            continue
        start, end = subtree_span(clause)
        speaker = resolve_speaker(owner, index) if owner else Speaker(None, None)
        drafts.append(Draft(start, end, speaker, token.text, token.idx))
    return drafts


def _noun_cue_owner(noun: Word, index: ActorIndex) -> Word | None:
    """Return whose claim a claim noun is: 'the party's claim', or a name before it ('the Brinn claim that')."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:  # 'warnings from his lawyer that ...', 'a claim by the ministry that ...'
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        # the tagger sometimes reads 'Brandt claims that ...' as a noun with a name compound
        owner = next((c for c in noun.children if c.dep_ == "compound" and _named(c, index)), None)
    return owner


def _named(token: Word, index: ActorIndex) -> bool:
    """Return whether a token is a name: tagged as one, or a mention of an actor of the section."""
    return (
        token.pos_ == "PROPN"
        or index.name_in(token.idx, token.idx + len(token)) is not None
        or (token.is_title and index.person_named(token.text) is not None)  # a known surname the tagger missed
    )


def _nested_report(claim: Claim, claims: list[Claim]) -> bool:
    """Return whether a reported claim sits inside a longer claim: it is part of what that speaker said."""
    if claim.quote == "direct" or claim.span is None:
        return False
    start, end = claim.span
    for other in claims:  # a plain loop: every claim against every other
        if other.span is not None and other.span[0] <= start and end <= other.span[1]:
            if other.span[1] - other.span[0] > end - start:
                return True
    return False
