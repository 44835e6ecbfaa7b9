"""Builds section actors from spaCy entities and resolves names, roles and pronouns to them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from explorer.findings import Actor, ActorType
from explorer.gazetteer import canonical_country
from explorer.names import GIVEN_NAMES
from explorer.offline.cues import (
    BODY_HEADS,
    CLAUSE_CUES,
    COMPANY_TITLE_WORDS,
    DIRECTION_WORDS,
    FEMALE,
    HONORIFICS,
    MALE,
    NOT_NAMES,
    PLURAL,
    REGION_WORDS,
    ROLE_NOUNS,
    STREET_WORDS,
    TITLE_ABBREVIATIONS,
)
from explorer.offline.descriptions import add_affiliations, inside_title, person_title, title_tokens
from explorer.offline.gender import PRONOUN_GENDER, Gender, agrees, gender_hint
from explorer.offline.nlp import load_nlp
from explorer.offline.parsed import ParsedDoc, Phrase, Word, parsed

Span = tuple[int, int]
TYPE_OF_LABEL: dict[str, ActorType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
    "LOC": "other",
    "FAC": "other",
}
TYPED_PRONOUNS = MALE | FEMALE | PLURAL | {"it", "its"}  # built once: a union inside a loop is rebuilt for every token
TITLE_WORDS = ROLE_NOUNS | TITLE_ABBREVIATIONS | HONORIFICS
ROLE_PREFIXES = ROLE_NOUNS | TITLE_ABBREVIATIONS
PLACE_WORDS = DIRECTION_WORDS | REGION_WORDS
GENDERED = MALE | FEMALE


@dataclass
class Mention:
    """One located mention of a canonical actor."""

    start: int
    end: int
    name: str
    type: ActorType
    is_subject: bool = False


def _start(mention: Mention) -> int:
    """Return where a mention starts (the sort key of mentions)."""
    return mention.start


@dataclass
class ActorIndex:
    """Actors of a section plus the lookups the claim and stance rules need."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    genders: dict[str, Gender] = field(default_factory=dict)
    resolved: dict[int, str] = field(default_factory=dict)  # pronoun position -> actor, fixed in reading order
    affiliations: dict[str, list[str]] = field(default_factory=dict)  # person -> the groups their description names

    def name_in(self, start: int, end: int) -> str | None:
        """Return the canonical name of the first actor mentioned inside [start, end)."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        # min keeps the first of equals, as the stable sort this replaces did
        return min(inside, key=lambda m: (m.type != "person", m.start)).name if inside else None

    def name_at(self, position: int) -> str | None:
        """Return the canonical name of the actor mentioned at a character position, or None."""
        for mention in self.mentions:  # a plain loop: asked for every subject and every claim
            if mention.start <= position < mention.end:
                return mention.name
        return None

    def names_in(self, start: int, end: int) -> list[str]:
        """Return the distinct canonical names mentioned inside [start, end), in order."""
        seen = [m.name for m in sorted((m for m in self.mentions if start <= m.start and m.end <= end), key=_start)]
        return list(dict.fromkeys(seen))

    def resolve_pronoun(self, pronoun: str, position: int, exclude: str | None = None) -> str | None:
        """Return the most recent fitting actor (of agreeing gender, other than exclude) before position, or None."""
        if position in self.resolved and self.resolved[position] != exclude:
            return self.resolved[position]
        word = pronoun.lower()
        wanted = {"person"} if word in GENDERED else {"organization", "group", "country"}
        if word not in TYPED_PRONOUNS:
            return None
        before = [
            m
            for m in self.mentions
            if m.end <= position and m.type in wanted and m.name != exclude and agrees(word, self.genders.get(m.name))
        ]
        subjects = [m for m in before if m.is_subject]
        pool = subjects if subjects and position - subjects[-1].start < 600 else before
        return pool[-1].name if pool else None

    def mentioned_within(self, name: str, start: int, end: int) -> bool:
        """Return whether the actor has a mention inside [start, end)."""
        for mention in self.mentions:
            if mention.name == name and start <= mention.start and mention.end <= end:
                return True
        return False

    def organization_named(self, noun: str, position: int) -> str | None:
        """Return the latest organisation before position whose name contains the noun ('the council')."""
        named = [
            m.name
            for m in self.mentions
            if m.end <= position and m.type == "organization" and noun in m.name.lower().split()
        ]
        return named[-1] if named else None

    def person_named(self, name: str) -> str | None:
        """Return the person actor a partial name such as a surname refers to, or None."""
        return _match_person(name, [a.name for a in self.actors.values() if a.type == "person"])

    def type_of(self, name: str) -> ActorType:
        """Return the type of a canonical actor, 'other' when unknown."""
        actor = self.actors.get(name)
        return actor.type if actor else "other"


def build_index(parse: Doc | ParsedDoc) -> ActorIndex:
    """Return the actors of a parsed section with all their mentions, titles and aliases."""
    doc, index = parsed(parse), ActorIndex()
    raw = [(e, _clean_entity(e)) for e in doc.ents if e.label_ in TYPE_OF_LABEL or e.root.pos_ == "PROPN"]
    raw, demoted = _name_words_only(raw, doc)
    raw += [(s, s) for s in _proper_subjects(doc)]
    in_titles = title_tokens(doc)
    raw = [(e, c) for e, c in raw if _looks_like_name(c) and not _is_setting(c) and not inside_title(c, in_titles)]
    raw = [(e, c) for e, c in raw if not _is_street(c) and not _sentence_initial_adjective(c)]
    # any word of a full person name may stand alone for it: family names come first in many languages
    # whatever label the NER gave it: 'Superintendent Colin Reyes' (ORG) makes a later 'Reyes' a person
    surnames = {w.lower() for e, c in raw if _titled_person(e, c) and len(c) > 1 for w in c.text.split()}
    labelled = (("ORG" if c.start in demoted else _effective_label(e, c, surnames)) for e, c in raw)
    ents = sorted(zip((e for e, _ in raw), (c for _, c in raw), labelled, strict=True), key=lambda x: x[1].start)
    ents = [(e, c, label) for e, c, label in ents if label in TYPE_OF_LABEL or label == ""]
    # in order of first mention, so a tie between two full names ('Hilda Quell', 'Bruno Quell') never
    # depends on the process's string hashing
    persons = sorted(
        dict.fromkeys(c.text for e, c, label in ents if label in {"PERSON", ""}), key=lambda n: -len(_person_key(n))
    )
    persons = [p for p in persons if _person_key(p)]
    for _ent, clean, label in ents:
        kind, surface = _entity_type(clean, label or "PERSON")
        name = _canonical_name(clean, kind, surface, persons)
        _add_mention(index, name, kind, clean, clean.text)
        if kind == "person" and not index.actors[name].title:
            index.actors[name].title = person_title(clean)
    _add_role_mentions(doc, index)
    _add_name_mentions(doc, index)
    index.mentions.sort(key=lambda m: m.start)
    _add_genders(doc, index)
    add_affiliations(doc, index)
    return index


def _clean_entity(ent: Phrase) -> Phrase:
    """Return the entity without a leading article, honorific or trailing possessive."""
    start, end = ent.start, ent.end
    while start < end - 1 and (
        ent.doc[start].lower_ in {"the"} | HONORIFICS or ent.doc[start].lower_.rstrip(".") in HONORIFICS
    ):
        start += 1
    if ent.label_ == "PERSON":  # 'Mara Lind's Harbour Plan' names what belongs to Mara Lind
        end = next((t.i for t in ent.doc[start + 1 : end - 1] if t.text in {"'s", "’s"}), end)
    while end > start + 1 and ent.doc[end - 1].text in {"'s", "’s", "'", "’", ".", ","}:
        end -= 1
    return _without_title(ent.doc[start:end], ent.label_)


def _without_title(span: Phrase, label: str) -> Phrase:
    """Return a name without the title the NER folded into it: 'Councillor Rui Okafor' -> 'Rui Okafor'."""
    doc, start = span.doc, span.start
    while start < span.end - 1 and doc[start].lower_.rstrip(".") in ROLE_PREFIXES:
        start += 1
    rest, run = doc[start : span.end], {t.lower_.rstrip(".") for t in doc[span.start : start]}
    if not run or run <= COMPANY_TITLE_WORDS or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest):
        return span
    # an organisation's name may begin with a title word ('Governor Hotel'); a person's name has two words or more
    return rest if label == "PERSON" or len(rest) > 1 else span


def _name_words_only(raw: list[tuple[Phrase, Phrase]], doc: ParsedDoc) -> tuple[list[tuple[Phrase, Phrase]], set[int]]:
    """Return person entities cut to their name words ('Obama Speech' -> 'Obama'), and where a non-name begins.

    A person entity whose head word names a body ('Hale Center') or is a noun or verb the text also writes in
    lower case ('Patriot Coal') is an organisation when its words are capitalised, else no actor ('PAC tally').
    In a headline, where names and words alike are capitalised, an entity holding a dictionary word ('Trump Face')
    keeps its first run of words known from other person names.
    """
    words = _WordClasses(doc)
    people = [c for e, c in raw if e.label_ == "PERSON"]
    # a lone word counts only when no dictionary has it: a mislabelled 'Patriot' must not make 'Patriot Coal' a person
    sound = [c for c in people if not words.suspect(c) and (len(c) > 1 or not _dictionary_word(c[0]))]
    words.known = {t.lower_ for c in sound for t in c if t.is_alpha}
    kept, demoted = [], set()
    for ent, clean in raw:
        if ent.label_ != "PERSON" or not words.suspect(clean):
            kept.append((ent, clean))
            continue
        if words.in_headline(clean):  # a headline capitalises names and words alike: keep the name words
            kept.append((ent, _first_known_run(clean, words.known) or clean))
        elif len(clean) > 1 and all(t.text[:1].isupper() for t in clean if t.is_alpha):
            kept.append((ent, clean))
            demoted.add(clean.start)
    # the organisation's first word alone is the organisation too ('Patriot' after 'Patriot Coal')
    leads = {doc[start].lower_ for start in demoted} - words.known
    demoted |= {c.start for e, c in kept if e.label_ == "PERSON" and len(c) == 1 and c[0].lower_ in leads}
    return kept, demoted


class _WordClasses:
    """The words of one text that are no part of a person's name: common nouns and verbs, headline dictionary words."""

    def __init__(self, doc: ParsedDoc) -> None:
        lower = [t for t in doc if t.pos_ in {"NOUN", "VERB"} and t.text.islower()]
        self.common = {t.lower_ for t in lower} | {t.lemma_lower for t in lower}
        self.headline = {t.i for t in _headline_words(doc)}
        self.known: set[str] = set()  # words of the person names that are sound

    def in_headline(self, span: Phrase) -> bool:
        """Return whether a span lies in a title-cased line."""
        return span.start in self.headline

    def suspect(self, span: Phrase) -> bool:
        """Return whether a person entity holds a word no name has: its head, or any word in a headline."""
        words = [t for t in span if t.is_alpha]
        if not words or _given_then_surname(span):
            return False
        return any(self.foreign(t) for t in (words if self.in_headline(span) else words[-1:]))

    def foreign(self, token: Word) -> bool:
        """Return whether a word is a common noun or verb here, not a given name or a word of a known name."""
        if token.lower_ in GIVEN_NAMES or token.lower_ in self.known or not token.is_alpha:
            return False
        if token.text.islower():  # 'bin', 'de', 'van' join names; 'Ki-moon' is one name
            return len(token.text) > 3 and not (token.i > 0 and token.doc[token.i - 1].text == "-")
        if token.i in self.headline and _dictionary_word(token):
            return True
        return token.lower_ in self.common or token.lemma_lower in self.common or token.lower_ in BODY_HEADS


def _headline_words(doc: ParsedDoc) -> list[Word]:
    """Return the words of title-cased lines ('Clinton Breaks With Obama On Lawsuit'), where capitals name nothing."""
    found = []
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and len(t.text) > 3]
        if len(words) > 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words):
            found += words
    return found


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Return the nouns and verbs of the pipeline's lemma index (empty for a model without one)."""
    nlp = load_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer") if nlp.has_pipe("lemmatizer") else None
    lookups = getattr(getattr(lemmatizer, "stock", lemmatizer), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb") for w in index.get(pos, ()))


def _dictionary_word(token: Word) -> bool:
    """Return whether a capitalised word is an English noun or verb ('Breaks', 'Face', 'Says')."""
    forms = {token.lower_, token.lemma_lower, token.lower_.removesuffix("s")}
    return bool(forms & _dictionary())


def _given_then_surname(span: Phrase) -> bool:
    """Return whether a span is a known given name, initials, then one surname: 'Tom Young', 'Theresa May'."""
    words = [t for t in span if t.is_alpha]
    return len(words) > 1 and words[0].lower_ in GIVEN_NAMES and all(len(t) == 1 for t in words[1:-1])


def _first_known_run(span: Phrase, known: set[str]) -> Phrase | None:
    """Return the first run of words known from other person names in a span, or None."""
    start = next((t.i for t in span if t.lower_ in known), None)
    if start is None:
        return None
    end = start
    while end < span.end and (span.doc[end].lower_ in known or span.doc[end].text == "."):
        end += 1
    return span.doc[start:end]


def _entity_type(ent: Phrase, label: str) -> tuple[ActorType, str]:
    """Return the actor type and canonical surface of an entity with the given NER label."""
    country = canonical_country(ent.text) if label in {"GPE", "NORP", "ORG", "LOC"} else None
    if country:
        return "country", country
    kind = TYPE_OF_LABEL.get(label, "other")
    if kind == "country":
        kind = "other"
    return kind, ent.text


@functools.lru_cache(maxsize=16384)  # asked for every known person each time a name is matched
def _person_key(name: str) -> tuple[str, ...]:
    """Return the lowercase name words used to match partial person names."""
    return tuple(w for w in re.findall(r"[\w'’.-]+", name.lower()) if w.rstrip(".") not in HONORIFICS)


def _match_person(name: str, known: list[str]) -> str | None:
    """Return the known full name a partial person name refers to, or None."""
    words = _person_key(name)
    for full in known:
        full_words = _person_key(full)
        if words and (set(words) <= set(full_words) or _same_family(words, full_words)):
            return full
    return None


def _same_family(words: tuple[str, ...], full_words: tuple[str, ...]) -> bool:
    """Return whether a name shares a full name's surname without a clashing given name ('J. Lind', 'Lind')."""
    if words[-1] != full_words[-1]:
        return False
    # 'Jonas Lind' is not 'Mara Lind': a spelled-out given name must be one of the full name's, or its initial
    given = [w for w in words[:-1] if w.rstrip(".") not in ROLE_PREFIXES]
    return all(w in full_words or (len(w.rstrip(".")) == 1 and any(f[0] == w[0] for f in full_words)) for w in given)


def _is_subject(token: Word) -> bool:
    """Return whether a token heads a clause subject."""
    return token.dep_ in {"nsubj", "nsubjpass"}


def _add_mention(index: ActorIndex, name: str, kind: ActorType, span: Phrase, surface: str) -> None:
    """Record a mention (and alias) for a canonical actor, creating it on first sight."""
    actor = index.actors.get(name)
    if actor is None:  # not setdefault: that would build (and validate) an Actor for every mention
        actor = index.actors[name] = Actor(name=name, type=kind)
    if surface != name and surface not in actor.aliases:
        actor.aliases.append(surface)
    actor.mentions.append((span.start_char, span.end_char))
    index.mentions.append(Mention(span.start_char, span.end_char, name, kind, _is_subject(span.root)))


def _canonical_name(ent: Phrase, kind: ActorType, surface: str, persons: list[str]) -> str:
    """Return the canonical actor name for an entity, merging partial person names."""
    if kind == "person":
        return _match_person(surface, persons) or surface
    return surface


def _titled(span: Phrase) -> bool:
    """Return whether a span directly follows a title word like 'Mayor' or 'Sen.'."""
    previous = span.doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    return previous in TITLE_WORDS


def _titled_person(ent: Phrase, clean: Phrase) -> bool:
    """Return whether an entity is a person by its NER label or by the title written before its proper name."""
    return ent.label_ == "PERSON" or (clean.root.pos_ == "PROPN" and _titled(clean))


def _effective_label(ent: Phrase, clean: Phrase, surnames: set[str]) -> str:
    """Return the entity label, fixing names the small NER model mistypes (titled names, bare surnames)."""
    if ent.label_ == "PERSON":
        # a lone country name is the country ('talks with Mali'), unless a person here bears it ('Jim Jordan')
        alone = len(clean) == 1 and clean.text.lower() not in surnames and not _titled(clean)
        return "GPE" if alone and canonical_country(clean.text) else "PERSON"
    # a surname alone joins its person even when the tagger read it as a common noun ('Reyes told ...')
    if _titled_person(ent, clean) or clean.text.lower() in surnames:
        return "PERSON"
    return ent.label_


def _proper_subjects(doc: ParsedDoc) -> list[Phrase]:
    """Return titled proper-noun subjects that the NER model missed, e.g. 'Mayor Ines Calder'."""
    found = []
    for token in doc:
        # a lower-case head is a common noun the tagger misread ('the super PAC tally'), whatever precedes it
        proper = token.pos_ == "PROPN" and token.text[:1].isupper()
        if token.dep_ in {"nsubj", "nsubjpass"} and proper and not token.ent_type_:
            start = token.i
            while (
                start > 0
                and doc[start - 1].dep_ == "compound"
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].lower_.rstrip(".") not in ROLE_PREFIXES
            ):
                start -= 1
            span = doc[start : token.i + 1]
            if _titled(span) or len(span) > 1:
                found.append(span)
    return found


def _is_setting(span: Phrase) -> bool:
    """Return whether an entity only names a region, direction or sea ('the Middle East') that does not act here."""
    if canonical_country(span.text) or span.root.dep_ in {"nsubj", "nsubjpass"}:
        return False
    words = [w for t in span for w in t.lower_.split("-") if w]
    return span.label_ == "LOC" or all(w in PLACE_WORDS for w in words)


def _is_street(span: Phrase) -> bool:
    """Return whether an entity names a street, square or bridge ('Elm Street') that does not speak here."""
    root = span.root
    speaks = root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_lower in CLAUSE_CUES  # 'Downing Street said'
    return span[-1].lower_.rstrip(".") in STREET_WORDS and not speaks


def _sentence_initial_adjective(span: Phrase) -> bool:
    """Return whether an entity is only an adjective capitalised by the sentence start ('Sunny spells later')."""
    token = span[0]
    # 'Republican' or 'French' at a sentence start still names a party or a people
    if len(span) > 1 or token.i != token.sent.start or token.pos_ != "ADJ" or token.ent_type_ in {"NORP", "GPE"}:
        return False
    # the same word capitalised inside a sentence, or tagged as a proper noun elsewhere, makes it a name after all
    return not any(t.text == token.text and (t.i != t.sent.start or t.pos_ == "PROPN") for t in span.doc)


def _looks_like_name(span: Phrase) -> bool:
    """Return whether an entity is a name at all: capitalised, and not a pronoun the tagger mislabelled."""
    words = [t.text for t in span if t.text[:1].isalpha()]
    bare = span.text.rstrip(".")
    # "US" in capitals is the country, "us" or "Us" the pronoun
    pronoun = bare.lower() in NOT_NAMES and not (len(bare) > 1 and bare.isupper())
    return any(w[0].isupper() for w in words) and not pronoun and len(bare) > 1


def _add_name_mentions(doc: ParsedDoc, index: ActorIndex) -> None:
    """Record bare proper nouns that repeat one word of a known person's name but that NER missed."""
    covered = {i for m in index.mentions for i in range(m.start, m.end)}
    persons = [a.name for a in index.actors.values() if a.type == "person" and len(a.name.split()) > 1]
    for token in doc:
        if token.pos_ != "PROPN" or token.idx in covered or token.ent_type_ not in {"", "PERSON", "ORG"}:
            continue
        if token.lower_.rstrip(".") in TITLE_WORDS or not token.text[:1].isupper():
            continue
        owners = [p for p in persons if token.text in (p.split()[0], p.split()[-1])]
        if len(owners) == 1:
            _add_mention(index, owners[0], "person", doc[token.i : token.i + 1], token.text)


def _add_genders(doc: ParsedDoc, index: ActorIndex) -> None:
    """Fix each person's gender from titles and first names, then from the pronouns that refer to them in order."""
    for name, actor in index.actors.items():
        if actor.type != "person":
            continue
        context = [w for start, _ in actor.mentions for w in _words_before(doc, start)] + (actor.title or "").split()
        gender = gender_hint(name, context)
        if gender:
            index.genders[name] = gender
    for token in doc:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None:
            continue
        referent = index.resolve_pronoun(token.lower_, token.idx)
        if referent:
            index.resolved[token.idx] = referent
            # only "he" and "she" teach a gender: "her" is also used for countries and ships
            if token.lower_ in {"he", "she"} and token.dep_ in {"nsubj", "nsubjpass"}:
                index.genders.setdefault(referent, gender)


def _words_before(doc: ParsedDoc, start: int) -> list[str]:
    """Return the word just before a character position, e.g. an honorific like 'Mrs.'."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return [doc[span.start - 1].text] if span is not None and span.start > 0 else []


def _role_holder(words: list[str], index: ActorIndex, position: int) -> str | None:
    """Return the most recent person whose title ends with the given role words."""
    for mention in reversed([m for m in index.mentions if m.end <= position and m.type == "person"]):
        title = (index.actors[mention.name].title or "").lower().split()
        if title and title[-len(words) :] == words:
            return mention.name
    return None


def _add_role_mentions(doc: ParsedDoc, index: ActorIndex) -> None:
    """Merge role phrases like 'the deputy foreign minister' or 'the president's' into the person holding that title."""
    for role in _role_phrases(doc):
        words = [t.lower_ for t in role[1:]]
        holder = _role_holder(words, index, role.start_char)
        if holder:
            _add_mention(index, holder, "person", role, role.text)


def _role_phrases(doc: ParsedDoc) -> list[Phrase]:
    """Return 'the' + role noun phrases, including possessive ones inside a larger phrase ('the president's plan')."""
    found = []
    for token in doc:
        if token.lower_ not in ROLE_NOUNS or token.ent_type_ or token.pos_ != "NOUN":
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ in {"compound", "amod"} and doc[start - 1].head.i <= token.i:
            start -= 1
        if start > 0 and doc[start - 1].lower_ == "the" and token.dep_ not in {"compound", "amod"}:
            found.append(doc[start - 1 : token.i + 1])
    return found
