"""Cross-section actor merging and the bundled sample article."""

from __future__ import annotations

import re

import pytest

from explorer.actors import merge_actors, resolve_name, split_title
from explorer.findings import Actor
from explorer.sample import load_sample


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("President Lena Varga", ("Lena Varga", "President")),
        ("Deputy Foreign Minister Andrey Rudenko", ("Andrey Rudenko", "Deputy Foreign Minister")),
        ("South Korean Trade Minister Park Ji-won", ("Park Ji-won", "South Korean Trade Minister")),
        ("Andrey Rudenko, the deputy foreign minister", ("Andrey Rudenko", "deputy foreign minister")),
        ("Ms Varga", ("Varga", None)),
        ("Jordan Smith", ("Jordan Smith", None)),
        ("the minister", ("the minister", None)),
    ],
)
def test_split_title(name: str, expected: tuple[str, str | None]) -> None:
    assert split_title(name) == expected


def person(name: str, start: int, **extra: object) -> Actor:
    """Return a person actor with one mention at start."""
    return Actor(name=name, type="person", mentions=[(start, start + len(name))], **extra)


def org(name: str, start: int, kind: str = "organization") -> Actor:
    """Return a non-person actor with one mention at start."""
    return Actor(name=name, type=kind, mentions=[(start, start + len(name))])


RUDENKO = person("Deputy Foreign Minister Andrey Rudenko", 0)
SATO = person("Trade Minister Kenji Sato", 500)

MERGES = {
    "surname": ([RUDENKO, person("Rudenko", 100)], [["Andrey Rudenko", "Rudenko"]]),
    "surname typed as organisation": (
        [person("Mira Holloway", 0), org("Holloway", 50)],
        [["Mira Holloway", "Holloway"]],
    ),
    "korean surname first": ([person("Park Ji-won", 0), person("Park", 50)], [["Park Ji-won", "Park"]]),
    "role phrase": (
        [RUDENKO, person("the deputy foreign minister", 200)],
        [["Andrey Rudenko", "the deputy foreign minister"]],
    ),
    "countries": (
        [
            org("Japan", 0, "country"),
            org("Tokyo", 10, "other"),
            org("the Japanese government", 20),
            org("Seoul", 30, "other"),
        ],
        [["Japan", "Tokyo", "the Japanese government"], ["South Korea", "Seoul"]],
    ),
    "fuzzy org": (
        [org("the European Commission", 0), org("European Comission", 40)],
        [["European Commission", "European Comission"]],
    ),
    "ambiguous surname": (
        [RUDENKO, person("Olga Rudenko", 50), person("Rudenko", 100)],
        [["Andrey Rudenko"], ["Olga Rudenko"], ["Rudenko"]],
    ),
    "ambiguous role": (
        [RUDENKO, SATO, person("the minister", 900)],
        [["Andrey Rudenko"], ["Kenji Sato"], ["the minister"]],
    ),
    "specific role": (
        [RUDENKO, SATO, person("the trade minister", 900)],
        [["Andrey Rudenko"], ["Kenji Sato", "the trade minister"]],
    ),
    "two people one surname, mistyped as names of things": (
        [org("Mara Lindqvist", 0, "other"), org("Tara Lindqvist", 50, "other"), org("Mara Lindqvst", 90, "other")],
        [["Mara Lindqvist", "Mara Lindqvst"], ["Tara Lindqvist"]],
    ),
    "a role is no name, whatever its capitals": (
        [Actor(name="the Green nominee", type="person", aliases=["Mara Lind"], mentions=[(0, 17)])],
        [["Mara Lind", "the Green nominee"]],
    ),
    "an acronym is no surname": (
        [person("Park Ji Un", 0), org("U.N.", 50)],
        [["Park Ji Un"], ["U.N."]],
    ),
    "similar orgs of different countries": (
        [org("Japan Shipowners Association", 0), org("Korea Shipowners Association", 50)],
        [["Japan Shipowners Association"], ["Korea Shipowners Association"]],
    ),
}


@pytest.mark.parametrize(("actors", "groups"), MERGES.values(), ids=MERGES.keys())
def test_merge_actors_groups_aliases(actors: list[Actor], groups: list[list[str]]) -> None:
    merged, alias_map = merge_actors(actors)
    assert [a.name for a in merged] == [g[0] for g in groups]
    for group in groups:
        assert {resolve_name(surface, alias_map) for surface in group} == {group[0]}


def test_merge_actors_unions_mentions_aliases_and_keeps_the_title() -> None:
    actors = [
        person("Rudenko", 300, aliases=["he"]),
        Actor(name="Andrey Rudenko", type="person", mentions=[(300, 307), (10, 24)]),
        person("Deputy Foreign Minister Andrey Rudenko", 50),
    ]
    (merged,), alias_map = merge_actors(actors)
    assert merged.name == "Andrey Rudenko" and merged.title == "Deputy Foreign Minister"
    assert merged.mentions == [(10, 24), (50, 88), (300, 307)]
    assert merged.aliases == ["Deputy Foreign Minister Andrey Rudenko", "he", "Rudenko"]
    assert "he" not in alias_map


def test_merge_actors_orders_by_first_mention_and_makes_countries_country_typed() -> None:
    merged, _ = merge_actors(
        [org("the Kremlin", 90, "organization"), person("Lena Varga", 5), org("Russian", 40, "group")]
    )
    assert [(a.name, a.type) for a in merged] == [("Lena Varga", "person"), ("Russia", "country")]
    assert merged[1].aliases == ["Russian", "the Kremlin"]


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("President Lena Varga", "Lena Varga"),
        ("lena varga's", "Lena Varga"),
        ("Moscow", "Russia"),
        ("she", None),
        ("Tokyo", None),
    ],
)
def test_resolve_name(surface: str, canonical: str | None) -> None:
    _, alias_map = merge_actors([person("Lena Varga", 0), org("the Kremlin", 20, "other")])
    assert resolve_name(surface, alias_map) == canonical


def test_sample_article_loads_with_title_and_direct_quotes() -> None:
    title, text = load_sample()
    assert title.startswith("Japan tightens") and not text.startswith("#")
    assert 700 <= len(text.split()) <= 900
    assert len(re.findall(r"\"[^\"]+\"", text)) >= 10
    assert all(cue in text for cue in ('," she said.', 'She said: "', "according to", "the minister told", "Tokyo"))
