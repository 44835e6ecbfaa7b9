"""Who a person is, from the words around their name: titles, appositives and the groups they speak for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from explorer.gazetteer import canonical_country
from explorer.offline.cues import (
    HONORIFICS,
    LEADING_VERBS,
    NON_RESTRICTIVE,
    PARTY_GROUPS,
    PARTY_MARKS,
    PERSON_NOUN_ENDINGS,
    PERSON_NOUNS,
    PORTFOLIO_WORDS,
    ROLE_NOUNS,
    THING_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_CONNECTORS,
    TITLE_OPENERS,
)
from explorer.offline.parse import doc_text
from explorer.offline.parsed import ParsedDoc, Phrase, Word

if TYPE_CHECKING:
    from explorer.offline.actors_local import ActorIndex
TITLE_PHRASE_WORDS = TITLE_CONNECTORS | ROLE_NOUNS  # built once: a union inside a loop is rebuilt for every token
ROLE_PREFIXES = ROLE_NOUNS | TITLE_ABBREVIATIONS
ROLE_HEADS = ROLE_PREFIXES | PERSON_NOUNS
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
SERVED_BY = frozenset({"for", "to"})  # 'spokesman for', 'adviser to': whom the role serves follows
HEAD_BEFORE = frozenset({"of", "for", "to", "at", "with", "in", "on"})  # 'secretary of state': the head comes first
APPOSITIVE_ENDS = frozenset({"relcl", "acl"})  # 'a physicist who ...': the clause describes, the noun is the title
CLAUSE_MARKS = frozenset({",", ";", ":", "(", "--", "—", "–"})
ASIDE_MARKS = frozenset({";", "(", "--", "—", "–"})  # wherever they stand, these open an aside, not more title


def person_title(name: Phrase) -> str | None:
    """Return the title written around a person's name: a capitalised run before it, else a role beside it."""
    title = _title_run(name) or _title_before(name) or _title_appos(name)
    return title if title != name.text else None  # a name is not its own title ('Beehive', titled 'Beehive')


def names_a_role(word: Word) -> bool:
    """Return whether a noun names a role or a kind of person ('senator', 'his wife', 'historian'), not a thing."""
    lower = word.lower_.rstrip(".")
    if word.tag_ in PLURAL_TAGS and lower not in ROLE_PREFIXES:
        return False  # 'several hundred guests', 'Presidential candidates': not one person's title
    if lower in ROLE_HEADS:
        return True
    # agent nouns: 'developer', 'investor', 'physicist', 'businessman', 'nominee'; but 'a letter', 'the committee'
    return len(lower) > 4 and lower.endswith(PERSON_NOUN_ENDINGS) and lower not in THING_NOUNS and word.is_alpha


def _role_run(tokens: list[Word]) -> list[Word]:
    """Return the words of a title before a name without a leading 'But' or 'As', or [] when they are no title of it."""
    while tokens and (tokens[0].lower_ in TITLE_OPENERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if tokens and tokens[-1].lower_ in TITLE_CONNECTORS:
        return []  # 'a spokeswoman for X', 'Y and X': the words describe someone else
    # 'spokesman for House Speaker X': X holds the role after 'for'; 'Under Secretary for Arms Control' keeps it all
    served = max((i for i, t in enumerate(tokens) if t.lower_ in SERVED_BY), default=None)
    if served is not None and served + 1 < len(tokens) and names_a_role(tokens[-1]):
        tokens = tokens[served + 1 :]
    words = [t.lower_ for t in tokens]
    cut = next((i for i, w in enumerate(words) if w in HEAD_BEFORE and i), len(tokens))
    return tokens if tokens and names_a_role(tokens[cut - 1]) else []


def title_tokens(doc: ParsedDoc) -> set[int]:
    """Return the positions of every token inside a title written before a person's name."""
    return {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(_title_start(ent), ent.start)}


def inside_title(span: Phrase, in_titles: set[int]) -> bool:
    """Return whether an entity is the portfolio inside a person's title ('Consular Affairs'): it names no actor."""
    portfolio = any(t.lower_ in PORTFOLIO_WORDS for t in span)
    return span.start in in_titles and portfolio and not canonical_country(span.text)


def add_affiliations(doc: ParsedDoc, index: ActorIndex) -> None:
    """Record, for each named person, the groups their title or description says they belong to or speak for."""
    starting = {e.start: e for e in doc.ents}
    for ent in starting.values():
        if ent.label_ != "PERSON":
            continue
        name = index.name_in(ent.start_char, ent.end_char)
        if name and index.type_of(name) == "person":
            groups = index.affiliations.setdefault(name, [])
            groups += [g for g in _affiliations_of(ent, starting, index) if g not in groups and g != name]


def _title_start(ent: Phrase) -> int:
    """Return the first token of the capitalised title run just before a person's name, or ent.start if none."""
    doc, i = ent.doc, ent.start
    while i > ent.sent.start and _title_word(doc[i - 1], i, ent.start):
        i -= 1
    while i < ent.start and doc[i].lower_ in TITLE_CONNECTORS:
        i += 1
    words = {t.lower_.rstrip(".") for t in doc[i : ent.start]}
    return i if words & (ROLE_PREFIXES) else ent.start


def _title_word(token: Word, run_start: int, name_start: int) -> bool:
    """Return whether a word continues a title leftwards: capitalised, a connector, or modifying the title."""
    modifier = token.dep_ in {"compound", "amod"} and run_start <= token.head.i < name_start
    if token.is_punct or (token.ent_type_ == "PERSON" and not modifier and not _is_title_word(token)):
        return False  # but 'Obama campaign spokeswoman X' speaks for the campaign
    return token.text[:1].isupper() or token.lower_ in TITLE_PHRASE_WORDS or modifier


def _is_title_word(token: Word) -> bool:
    """Return whether a word is a title the NER may have folded into a name ('Councillor' in 'Councillor X')."""
    return token.lower_.rstrip(".") in ROLE_PREFIXES


def _title_run(ent: Phrase) -> str | None:
    """Return a long capitalised title before a name: 'Under Secretary for Arms Control and Consular Affairs'."""
    start = _title_start(ent)
    tokens = _role_run([t for t in ent.doc[start : ent.start] if t.lower_.rstrip(".") not in HONORIFICS])
    return " ".join(t.text for t in tokens) if len(tokens) > 1 else None


def _title_before(ent: Phrase) -> str | None:
    """Return a title written before a person's name, e.g. 'Deputy Foreign Minister'."""
    doc, i = ent.doc, ent.start
    while (
        i > 0
        and doc[i - 1].dep_ in {"compound", "amod", "nmod"}
        and doc[i - 1].head.i >= i - 1
        and doc[i - 1].pos_ in {"PROPN", "NOUN", "ADJ"}
        and (doc[i - 1].ent_type_ != "PERSON" or _is_title_word(doc[i - 1]))
    ):
        i -= 1
    tokens = _role_run([t for t in doc[i : ent.start] if t.lower_.rstrip(".") not in HONORIFICS])
    # adjectives alone ('top', 'embattled', 'former') describe the person; a title has a noun ('former first lady')
    titled = any(t.pos_ in {"NOUN", "PROPN"} or _is_title_word(t) for t in tokens)
    return " ".join(t.text for t in tokens) if titled else None


def _title_appos(ent: Phrase) -> str | None:
    """Return an appositive role next to a person, e.g. 'the deputy foreign minister'."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i >= ent.end and names_a_role(child):
            return _trim_span(ent.doc[child.left_edge.i : _appositive_end(child)]).text
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < ent.start and names_a_role(head):
        return _trim_span(ent.doc[head.left_edge.i : head.i + 1]).text
    return None


def _appositive_end(head: Word) -> int:
    """Return where an appositive's title ends: before a clause or a comma that describes it further."""
    ends = [c.left_edge.i for c in head.rights if c.dep_ in APPOSITIVE_ENDS or c.text in CLAUSE_MARKS]
    inside = head.doc[head.i : head.right_edge.i + 1]
    ends += [t.i for t in inside if t.text in ASIDE_MARKS]
    # ', who represents ...' describes whoever the parser hung it on: it is never more of the title
    ends += [t.i for t in inside if t.text == "," and t.nbor(1).lower_ in NON_RESTRICTIVE]
    return min(ends, default=head.right_edge.i + 1)


def _trim_span(span: Phrase) -> Phrase:
    """Return the span without leading or trailing punctuation and spaces."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end]


PARTY_MARK = re.compile(r"\s*[(,]\s*([RDI])[-–][A-Z]")


def _description_tokens(ent: Phrase) -> tuple[set[int], set[int]]:
    """Return the positions of a person's title before the name and of an appositive after it."""
    appositive = {
        t.i for child in ent.root.children if child.dep_ == "appos" and child.i >= ent.end for t in child.subtree
    }
    return set(range(_title_start(ent), ent.start)), appositive


def _affiliations_of(ent: Phrase, starting: dict[int, Phrase], index: ActorIndex) -> list[str]:
    """Return the groups a person's description names: 'NAACP President X', 'X, a Republican', 'X (D-N.Y.)'."""
    title, appositive = _description_tokens(ent)
    found = []
    for other in (starting[i] for i in sorted(title | appositive) if i in starting):
        # a place in the appositive is where they serve ('Democrat of Ohio'), not whom they speak for
        labels = {"ORG", "NORP", "GPE", "PERSON"} if other.start in title else {"ORG", "NORP"}
        if other.label_ in labels or (other.label_ == "PERSON" and _serves(other)):
            country = canonical_country(other.text)
            found.append(PARTY_GROUPS.get(other.text.lower()) or country or index.name_in(*_char_span(other)) or "")
    for token in (ent.doc[i] for i in sorted(appositive)):
        if token.dep_ == "pobj" and token.head.lower_ == "for":  # a name the tagger missed: 'a spokeswoman for X'
            found.append(index.name_in(token.left_edge.idx, token.idx + len(token)) or "")
    mark = PARTY_MARK.match(doc_text(ent.doc), ent.end_char)
    if mark and mark.group(1) in PARTY_MARKS:
        found.append(PARTY_MARKS[mark.group(1)])
    found += _party_before(ent) + _groups_led(ent, starting, index)
    return [name for name in dict.fromkeys(found) if name]


def _party_before(ent: Phrase) -> list[str]:
    """Return the party a bare label before a name gives: 'Republican Mara Quell', with no role word between."""
    previous = ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    return [PARTY_GROUPS[previous.lower_]] if previous is not None and previous.lower_ in PARTY_GROUPS else []


def _groups_led(ent: Phrase, starting: dict[int, Phrase], index: ActorIndex) -> list[str]:
    """Return the organisations a person belongs to by 'of' or leads by a clause: 'X of the NAACP', 'X, who heads Y'."""
    root, objects = ent.root, []
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= ent.end:
            objects += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "relcl" and child.lemma_lower in LEADING_VERBS:
            objects += [c for c in child.children if c.dep_ == "dobj"]
    # a place after 'of' is where they serve ('Senator X of Ohio'), not whom they speak for
    groups = [starting.get(o.left_edge.i) or starting.get(o.i) for o in objects]
    return [index.name_in(*_char_span(g)) or "" for g in groups if g is not None and g.label_ in {"ORG", "NORP"}]


def _serves(person: Phrase) -> bool:
    """Return whether a person named in a description is whom it serves: 'a spokesman for Mr. Reid', 'an Obama aide'."""
    root = person.root
    return (root.dep_ == "pobj" and root.head.lower_ == "for") or root.dep_ in {"compound", "poss"}


def _char_span(span: Phrase) -> tuple[int, int]:
    """Return the character span of a token span."""
    return span.start_char, span.end_char
