"""Stance frames: nouns and verb-preposition pairs that take a side toward what they govern.

"a critique of X", "support for X", "an attack on X", "voted against X", "lashed out at X", "sided with X".
"""

from __future__ import annotations

from explorer.offline.cues import NOUN_FRAME_PREPOSITIONS, OF_OBJECT_NOUNS, PREP_STANCES, STANCE_NOUNS, STANCE_VERBS
from explorer.offline.parsed import Word

SIGN: dict[str, int] = {"favor": 1, "against": -1}
# words a name can sit inside before the frame: 'a critique of [Governor X's military strategy]'
NOUN_PHRASE_LINKS = frozenset({"poss", "compound", "amod", "nmod", "conj", "appos"})


def frame_side(mention: Word) -> int:
    """Return +1 or -1 when a frame takes a side toward the phrase a mention heads or sits in, else 0."""
    token = _phrase_head(mention)
    for _ in range(3):
        if token.dep_ != "pobj":
            return 0
        preposition = token.head
        governor = preposition.head
        side = _noun_side(governor, preposition) or _verb_side(governor, preposition)
        if side:
            return side
        if preposition.lower_ != "of" or governor.pos_ not in {"NOUN", "PROPN"}:
            return 0
        token = _phrase_head(governor)  # 'criticism of the policies of X': climb to the outer noun
    return 0


def frame_holder(mention: Word) -> Word | None:
    """Return the word naming who holds a frame outside any claim: 'X's attack on Y', 'X voiced support for Y'."""
    token = _phrase_head(mention)
    if token.dep_ != "pobj":
        return None
    governor = token.head.head
    if governor.pos_ in {"VERB", "ADJ"}:
        return governor if _verb_side(governor, token.head) else None
    if not _noun_side(governor, token.head):
        return None
    owner = next((c for c in governor.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    # 'X offered a strong critique of Y': the verb that has the frame noun as its object
    return governor.head if governor.dep_ == "dobj" and governor.head.pos_ == "VERB" else None


def _phrase_head(token: Word) -> Word:
    """Return the noun a mention qualifies: 'Governor X's strategy' for X, 'X and his plan' for X."""
    for _ in range(4):
        if token.dep_ not in NOUN_PHRASE_LINKS or token.head is token:
            break
        token = token.head
    return token


def _noun_side(noun: Word, preposition: Word) -> int:
    """Return the side of a stance noun ('criticism of', 'support for'), turned by a stance verb governing it."""
    lemma, word = noun.lemma_lower, preposition.lower_
    kind = STANCE_NOUNS.get(lemma) if noun.pos_ == "NOUN" else None
    if kind is None or word not in NOUN_FRAME_PREPOSITIONS or (word == "of" and lemma not in OF_OBJECT_NOUNS):
        return 0
    side = SIGN[kind]
    # 'defended his criticism of X' is against X; 'rejected calls for support for X' stays a judgement of the call
    verb = noun.head if noun.dep_ == "dobj" else None
    return side * SIGN.get(STANCE_VERBS.get(verb.lemma_lower, ""), 1) if verb is not None else side


def _verb_side(verb: Word, preposition: Word) -> int:
    """Return the side of a verb or adjective with its preposition ('voted against', 'opposed to'), 0 if negated."""
    kind = PREP_STANCES.get((verb.lemma_lower, preposition.lower_)) if verb.pos_ in {"VERB", "ADJ"} else None
    if kind is None or any(c.dep_ == "neg" for c in verb.children):
        return 0
    return SIGN[kind]
