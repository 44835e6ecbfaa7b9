"""The country gazetteer: names, capitals, seats, demonyms and abbreviations to one country."""

from __future__ import annotations

import json

import pytest

from explorer.gazetteer import COUNTRIES_FILE, canonical_country


@pytest.mark.parametrize(
    ("surface", "country"),
    [
        ("Tokyo", "Japan"),
        ("Japanese", "Japan"),
        ("Japan", "Japan"),
        ("tokyo", "Japan"),
        ("Tokyo's", "Japan"),
        ("Washington", "United States"),
        ("American", "United States"),
        ("U.S.", "United States"),
        ("US", "United States"),
        ("the United States", "United States"),
        ("America", "United States"),
        ("White House", "United States"),
        ("Moscow", "Russia"),
        ("the Kremlin", "Russia"),
        ("Kremlin’s", "Russia"),
        ("Russian", "Russia"),
        ("Beijing", "China"),
        ("Chinese", "China"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Ukrainian", "Ukraine"),
        ("Whitehall", "United Kingdom"),
        ("London", "United Kingdom"),
        ("British", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("Downing Street", "United Kingdom"),
        ("Élysée", "France"),
        ("Elysee", "France"),
        ("Seoul", "South Korea"),
        ("South Korean", "South Korea"),
        ("The Gambia", "Gambia"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("St. John's", "Antigua and Barbuda"),
        ("Guinea-Bissau", "Guinea-Bissau"),
        ("Burma", "Myanmar"),
    ],
)
def test_canonical_country_maps_names_capitals_seats_and_demonyms(surface: str, country: str) -> None:
    assert canonical_country(surface) == country


@pytest.mark.parametrize(
    "surface",
    ["Brussels", "Pentagon", "the Pentagon", "us", "Korean", "Congolese", "The Hague", "Rudenko", "", "minister"],
)
def test_canonical_country_leaves_organisations_pronouns_and_ambiguity_unmapped(surface: str) -> None:
    assert canonical_country(surface) is None


def test_gazetteer_covers_every_un_member_state() -> None:
    countries = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))["countries"]
    members = [c["name"] for c in countries if c.get("un_member", True)]
    assert len(members) == len(set(members)) == 193
    assert all(canonical_country(name) == name for name in members)
