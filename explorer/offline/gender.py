"""Grammatical gender hints for person actors, so 'she' never resolves to a man and 'he' never to a woman."""

from __future__ import annotations

from typing import Literal

from explorer.names import FEMALE_PRONOUNS, MALE_PRONOUNS

Gender = Literal["male", "female"]

# A small, deliberately generic list of common first names from several languages; anything else stays unknown.
FEMALE_NAMES = frozenset(
    """
mary patricia jennifer linda elizabeth susan jessica sarah karen nancy lisa margaret sandra ashley emily
michelle amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy angela anna emma olivia
sophie julia maria elena ana sofia laura claire helen ruth alice grace hannah nicole rachel catherine anne
marie isabel carmen lucia fatima aisha leila yasmin priya anjali sunita akiko yuki keiko yoko naomi mira
ingrid astrid greta ines nadia olga irina natasha tatiana
""".split()
)
MALE_NAMES = frozenset(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank peter
henry jack dennis walter patrick harold douglas carlos jose juan luis miguel pedro ahmed mohammed ali omar
hassan ivan sergei dmitri vladimir igor hans karl klaus pierre jean francois giovanni marco luca hiroshi
takeshi kenji akira taro ichiro raj rahul amit arjun wei jun joe chris mike tom bill jim
""".split()
)
MALE_WORDS = frozenset({"mr", "sir", "king", "prince", "spokesman", "chairman", "congressman", "businessman"})
FEMALE_WORDS = frozenset(
    {"mrs", "ms", "miss", "dame", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman", "businesswoman"}
)
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
