"""Country names: which country a name, capital, seat metonym, demonym or abbreviation denotes."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .names import name_key

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.json"
_ALIAS_FIELDS = ("aliases", "capitals", "seats", "demonyms")


def _candidate_keys(surface: str, casefold: bool) -> list[str]:
    """Return the keys to try for a surface, the literal form before the possessive-stripped one."""
    keys = [name_key(surface, False, casefold), name_key(surface, True, casefold)]
    return list(dict.fromkeys(k for k in keys if k))


def _register(index: dict[str, str | None], key: str, country: str) -> None:
    """Add key -> country; a key claimed by two countries becomes ambiguous (None)."""
    if key in index and index[key] != country:
        index[key] = None
    else:
        index.setdefault(key, country)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Return the (case-insensitive, case-sensitive abbreviation) indexes built from the data file."""
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    folded: dict[str, str | None] = {}
    exact: dict[str, str | None] = {}
    for entry in data["countries"]:
        name = entry["name"]
        for surface in [name, *(s for f in _ALIAS_FIELDS for s in entry.get(f, []))]:
            for key in _candidate_keys(surface, casefold=True):
                _register(folded, key, name)
        for abbreviation in entry.get("abbreviations", []):
            _register(exact, name_key(abbreviation, False, casefold=False), name)
    for surface in data.get("ambiguous", []):
        folded[name_key(surface, False)] = None
    return folded, exact


@lru_cache(maxsize=16384)  # the offline rules ask about every entity of every section, mostly the same names
def canonical_country(surface: str) -> str | None:
    """Return the canonical country a name, capital, seat metonym or demonym denotes, else None."""
    folded, exact = _gazetteer()
    for key in _candidate_keys(surface, casefold=False):
        if key in exact:
            return exact[key]
    for key in _candidate_keys(surface, casefold=True):
        if key in folded:
            return folded[key]
    return None
