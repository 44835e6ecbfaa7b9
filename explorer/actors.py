"""Actor names: country gazetteer look-ups and cross-section actor merging."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.json"
_ALIAS_FIELDS = ("aliases", "capitals", "seats", "demonyms")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _fold(text: str) -> str:
    """Return text with accents removed, curly quotes straightened and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ")
    return " ".join(plain.split())


def _key(surface: str, strip_possessive: bool = True, casefold: bool = True) -> str:
    """Return the look-up key for a surface: folded, no leading 'the', no dots, optionally no possessive."""
    text = _LEADING_THE.sub("", _fold(surface).strip())
    if strip_possessive:
        text = _POSSESSIVE.sub("", text)
    text = " ".join(text.replace(".", "").split())
    return text.casefold() if casefold else text


def _candidate_keys(surface: str, casefold: bool) -> list[str]:
    """Return the keys to try for a surface, the literal form before the possessive-stripped one."""
    keys = [_key(surface, False, casefold), _key(surface, True, casefold)]
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
            _register(exact, _key(abbreviation, False, casefold=False), name)
    for surface in data.get("ambiguous", []):
        folded[_key(surface, False)] = None
    return folded, exact


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
