"""Who a speaker is: the phrases that name an actor, and who a summary sentence says is speaking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..analysis import Analysis
from ..findings import Actor, Claim
from ..names import PERSON_PRONOUNS, THING_PRONOUNS, fold
from ..offline.cues import CLAUSE_CUES, OBJECT_CUES

# Verbs of perception and knowledge report what someone learnt, not what they claim.
CUE_LEMMAS = (CLAUSE_CUES | OBJECT_CUES) - {"know", "find", "show", "learn", "hear", "feel", "understand", "figure"}
_ROLE_STOP = frozenset("the a an of for and to on".split())


@dataclass(frozen=True)
class Speaker:
    """Who a claim belongs to, with every phrase that names them."""

    name: str
    forms: tuple[str, ...]
    person: bool
    roles: tuple[str, ...] = ()  # the forms that come from a title ('minister'), shared by many people


def actor_forms(actor: Actor) -> tuple[str, ...]:
    """Return the phrases that name an actor: name, aliases, a person's surname, role phrases of the title."""
    return tuple(dict.fromkeys([*_proper_forms(actor), *role_forms(actor)]))


def _proper_forms(actor: Actor) -> list[str]:
    names = [actor.name, *actor.aliases]
    forms = [fold(n) for n in names if len(n) > 1 and n.casefold() not in PERSON_PRONOUNS | THING_PRONOUNS]
    if actor.type == "person" and len(actor.name.split()) > 1:
        forms.append(actor.name.split()[-1])
    if actor.type == "organization" and len(actor.name.split()) > 1:
        forms.append(actor.name.split()[-1])  # "the union" for "Harbour Workers' Union"
    return [f.casefold().removeprefix("the ") for f in forms if f]


def role_forms(actor: Actor) -> tuple[str, ...]:
    """Return the role phrases of an actor's title: 'union leader', 'leader'."""
    words = [w for w in fold(actor.title or "").casefold().split() if w not in _ROLE_STOP]
    return tuple(" ".join(words[i:]) for i in range(len(words)))


def speakers(analysis: Analysis) -> dict[str, Speaker]:
    """Return every actor of the analysis as a Speaker, by canonical name."""
    return {a.name: Speaker(a.name, actor_forms(a), a.type == "person", role_forms(a)) for a in analysis.actors}


def resolve_speaker(claim: Claim, known: dict[str, Speaker]) -> Speaker | None:
    """Return the speaker of a claim: its actor by name, alias or surname, else its own words; None if unstated."""
    said = (claim.speaker or "").strip()
    if not said or said.casefold() in PERSON_PRONOUNS | THING_PRONOUNS:
        return None
    if said in known:
        return known[said]
    hits = [s for s in known.values() if said.casefold() in s.forms]
    if len(hits) == 1:
        return hits[0]
    return Speaker(said, (fold(said).casefold(),), False)


def names(text: str, speaker: Speaker, roles: bool = True) -> bool:
    """Return True when text names the speaker by any of its forms (whole words, any case), or only by name."""
    folded = fold(text).casefold()
    forms = speaker.forms if roles else [f for f in speaker.forms if f not in speaker.roles]
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", folded) for f in forms)


def attributed_to(sentence: SpacySpan, previous: SpacySpan | None, known: dict[str, Speaker]) -> list[str]:
    """Return who the sentence's own attribution names: actors (a pronoun resolved back), else the subject's words."""
    found: list[str] = []
    for subject in cue_subjects(sentence):
        words = " ".join(subject.text.split())
        if words.casefold() in PERSON_PRONOUNS | THING_PRONOUNS:
            found += antecedents(words.casefold(), previous, known)
        else:
            found += subject_speakers(subject, known) or [words]
    return list(dict.fromkeys(found))


def subject_speakers(subject: SpacySpan, known: dict[str, Speaker]) -> list[str]:
    """Return the actors a subject names, those naming its head first ('Miller' in 'Trump aide Jason Miller')."""
    hits = [s for s in known.values() if names(subject.text, s)]
    hits = [s for s in hits if any(names(phrase, s) for phrase in _head_phrases(subject.root))] or hits
    by_name = [s for s in hits if names(subject.text, s, roles=False)]  # 'Minister Ann Lee' is Lee, not any minister
    return [s.name for s in by_name or hits]


def _head_phrases(root: Token) -> list[str]:
    """Return a named head with its compound name words ('Jason Miller'), else the noun and its appositives.

    In 'a Herrera critic, Ann Lee' the critic is Ann Lee; in 'Ann Lee, the police chief' the police are not.
    """
    if root.pos_ == "PROPN":
        compounds = [c for c in root.children if c.dep_ in ("compound", "flat") and c.i < root.i]
        return [root.doc[min((c.i for c in compounds), default=root.i) : root.i + 1].text]
    return [root.text, *(_subtree(c).text for c in root.children if c.dep_ == "appos")]


def antecedents(pronoun: str, previous: SpacySpan | None, known: dict[str, Speaker]) -> list[str]:
    """Return who a pronoun subject refers back to: the previous sentence's speaker, else the actors it names."""
    if previous is None:
        return []
    fits = [s for s in known.values() if _pronoun_fits(pronoun, s)]
    cued = [n for subject in cue_subjects(previous) for n in subject_speakers(subject, {s.name: s for s in fits})]
    return list(dict.fromkeys(cued)) or [s.name for s in fits if names(previous.text, s)]


def _pronoun_fits(pronoun: str, speaker: Speaker) -> bool:
    """Return True when 'he'/'she' could mean a person and 'it' a thing; 'they' means either."""
    if pronoun in PERSON_PRONOUNS and pronoun in THING_PRONOUNS:
        return True
    return speaker.person == (pronoun in PERSON_PRONOUNS)


def said_by(name: str, speaker: Speaker) -> bool:
    """Return True when an attributed name or phrase is the speaker."""
    return name == speaker.name or names(name, speaker)


def cue_subjects(sentence: SpacySpan) -> list[SpacySpan]:
    """Return the subjects of the sentence's own attribution verbs and the objects of 'according to'."""
    return [subject for _, subject in attributions(sentence)]


def attributions(sentence: SpacySpan) -> list[tuple[Token, SpacySpan]]:
    """Return the sentence's own attribution cues with their subjects ('warned', 'the union leader').

    A cue inside reported content ('X said [Y expects ...]') reports Y's view as part of X's claim.
    """
    found = []
    for token in sentence:
        if is_cue(token) and not _reported(token):
            found += [(token, _subtree(c)) for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            found += [(token, _subtree(c)) for c in token.nbor().children if c.dep_ == "pobj"]
    return [(cue, s) for cue, s in found if s.text.strip().casefold() != "it"]


def _reported(token: Token) -> bool:
    """Return True when the token sits inside what another cue verb of its sentence reports."""
    return any(is_cue(a) for a in token.ancestors)


def is_cue(token: Token) -> bool:
    """Return True for a verb that attributes what follows to its subject ('said', 'warned')."""
    return token.lemma_.casefold() in CUE_LEMMAS and token.pos_ in ("VERB", "AUX")


def attribution_tokens(sentence: SpacySpan) -> set[int]:
    """Return the token indexes of cue verbs and their subjects: not part of what is claimed."""
    subjects = cue_subjects(sentence)
    skip = {t.i for t in sentence if is_cue(t) and not _reported(t)}
    for subject in subjects:
        skip |= {t.i for t in subject}
    return skip


def _subtree(token: Token) -> SpacySpan:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]
