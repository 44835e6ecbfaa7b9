"""Pronoun speakers across sections: the last fitting actor mentioned before the claim, within reach."""

from __future__ import annotations

import pytest

from explorer.antecedents import MAX_DISTANCE, resolve_pronoun_speakers
from explorer.findings import Actor, Claim

LIND = Actor(name="Mara Lind", type="person", title="Mrs", mentions=[(100, 109)])
BERG = Actor(name="Tomas Berg", type="person", title="Mr", mentions=[(300, 310)])
COUNCIL = Actor(name="Harbour Council", type="organization", mentions=[(200, 215)])


def speaker_of(pronoun: str, at: int, actors: list[Actor]) -> str | None:
    claim = Claim(
        speaker=pronoun, speaker_span=(at, at + len(pronoun)), text="the quay will close", span=(at + 9, at + 28)
    )
    (resolved,), _ = resolve_pronoun_speakers([claim], [], actors)
    return resolved.speaker


@pytest.mark.parametrize(
    ("pronoun", "at", "speaker"),
    [
        ("She", 250, "Mara Lind"),  # the woman named before, not the council between
        ("He", 350, "Tomas Berg"),  # the man named just before
        ("He", 305, "He"),  # Berg's mention ends after the pronoun: no one fits
        ("He", 310, "Tomas Berg"),  # a mention ending exactly where the pronoun starts is before it
        ("They", 250, "Harbour Council"),  # a body for 'they'
        ("She", 109 + MAX_DISTANCE + 1, "She"),  # the only woman is too far back to be a reader's guess
        ("She", 50, "She"),  # nobody named before the start of the text
    ],
)
def test_a_pronoun_names_the_last_fitting_actor_before_it(pronoun: str, at: int, speaker: str) -> None:
    assert speaker_of(pronoun, at, [BERG, LIND, COUNCIL]) == speaker
