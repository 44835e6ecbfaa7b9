"""Grammatical gender hints for person actors, so 'she' never resolves to a man and 'he' never to a woman."""

from __future__ import annotations

from typing import Literal

from explorer.names import FEMALE_PRONOUNS, MALE_PRONOUNS
from explorer.offline.cues import FEMALE_NAMES, FEMALE_WORDS, MALE_NAMES, MALE_WORDS

Gender = Literal["male", "female"]

PRONOUN_GENDER: dict[str, Gender] = {
    **dict.fromkeys(MALE_PRONOUNS, "male"),
    **dict.fromkeys(FEMALE_PRONOUNS, "female"),
}


def gender_hint(name: str, context_words: list[str]) -> Gender | None:
    """Return the gender signalled by a title or honorific next to a name, else by its first name, else None."""
    words = {w.lower().rstrip(".") for w in context_words}
    if words & MALE_WORDS:
        return "male"
    if words & FEMALE_WORDS:
        return "female"
    first = name.split()[0].lower() if name.split() else ""
    if first in MALE_NAMES:
        return "male"
    if first in FEMALE_NAMES:
        return "female"
    return None


def agrees(pronoun: str, gender: Gender | None) -> bool:
    """Return whether a pronoun can refer to a person of the given (possibly unknown) gender."""
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    return wanted is None or gender is None or gender == wanted
