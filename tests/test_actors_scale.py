"""Cross-section merging at scale: the indexed merge gives exactly what comparing every pair of groups gives."""

from __future__ import annotations

import random
import time

import pytest

from explorer import actors
from explorer.actors import _Prepared, merge_actors
from explorer.findings import Actor

FIRST = ["Mara", "Tomas", "Ilse", "Jonas", "Petra", "Oskar", "Lena", "Ivo", "Greta", "Anselm", "Nadia", "Emil"]
SURNAMES = ["Lind", "Berg", "Varga", "Holm", "Kessler", "Brandt", "Novak", "Sorel", "Quist", "Dahl", "Moreau", "Falk"]
TITLES = ["Harbour Minister", "Deputy Mayor", "Union Chair", "Port Authority Chief", "Councillor", "Senator"]
ROLES = ["the minister", "the deputy mayor", "the chair", "the chief", "the councillor", "the Norwegian senator"]
ORGS = ["Dockworkers Union", "Port Authority", "Harbour Council", "Fishing Cooperative", "Quay Residents Association"]
COUNTRIES = ["Norway", "Norwegian", "Denmark", "the Danish government", "Sweden", "the government of Sweden"]


def made_up_actor(rng: random.Random, position: int) -> Actor:
    """Return one actor as a section's analyser might list it: full names, surnames, titles, roles, variants."""
    first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
    shapes = [
        ("person", f"{first} {surname}"),
        ("person", f"{rng.choice(TITLES)} {first} {surname}"),
        ("person", surname),
        ("organization", surname),  # a surname mis-typed as an organisation
        ("person", f"{surname} {first}-{rng.choice(['won', 'min'])}"),
        ("other", rng.choice(ROLES)),
        ("person", rng.choice(ROLES)),
        ("organization", rng.choice(ORGS)),
        ("organization", f"the {rng.choice(ORGS)}"),
        ("organization", rng.choice(ORGS).replace("o", "", 1)),  # a typo the fuzzy pass should catch
        ("organization", f"{rng.choice(['Norwegian', 'Danish'])} {rng.choice(ORGS)}"),
        ("country", rng.choice(COUNTRIES)),
        ("group", f"{surname} supporters"),
    ]
    kind, name = rng.choice(shapes)
    aliases = [surname] if kind == "person" and rng.random() < 0.3 else []
    return Actor(name=name, type=kind, aliases=aliases, mentions=[(position, position + len(name))])


class ReferenceGroups:
    """The straightforward union-find the indexed one replaced: members and conflicts recomputed every time."""

    def __init__(self, items: list[_Prepared]) -> None:
        self.items = items
        self.parent = list(range(len(items)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            i = self.parent[i]
        return i

    def table(self) -> dict[int, list[_Prepared]]:
        groups: dict[int, list[_Prepared]] = {}
        for i, item in enumerate(self.items):
            groups.setdefault(self.find(i), []).append(item)
        return groups

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        table = self.table()
        if ra == rb or not reference_compatible(table[ra], table[rb]):
            return ra == rb
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def reference_compatible(left: list[_Prepared], right: list[_Prepared]) -> bool:
    countries = {p.country for p in left + right if p.country}
    names_l = set().union(*(p.full_names for p in left))
    names_r = set().union(*(p.full_names for p in right))
    types = {p.type for p in left + right if not (p.type == "organization" and actors._one_word(p))} - {"other"}
    clash = {"person", "organization"} <= types or {"person", "country"} <= types
    return len(countries) <= 1 and not (names_l and names_r and not names_l & names_r) and not clash


def reference_link_unique(groups: ReferenceGroups, wanted, fits) -> None:  # type: ignore[no-untyped-def]
    table = groups.table()
    for root in list(table):
        members = table.get(groups.find(root), [])
        if root != groups.find(root) or not wanted(members):
            continue
        hits = [other for other, theirs in table.items() if other != root and fits(members, theirs)]
        if len(hits) == 1 and groups.union(root, hits[0]):
            table = groups.table()


def reference_merge(found: list[Actor]) -> tuple[list[Actor], dict[str, str]]:
    """Merge by comparing every group with every other group, as the first version did."""
    groups = ReferenceGroups([_Prepared(a) for a in found])
    owners: dict[str, int] = {}
    for i, item in enumerate(groups.items):
        keys = [f"country:{item.country}"] if item.country else []
        keys += [actors.name_key(n) for n in item.proper if len(actors.name_tokens(n)) > 1 or item.type != "person"]
        keys += [f"role:{actors.name_key(item.actor.name)}"] if actors._role_only([item]) else []
        for key in keys:
            groups.union(owners.setdefault(key, i), i)
    reference_link_unique(groups, actors._surname_only, actors._surname_fits)
    reference_link_unique(groups, actors._role_only, actors._role_fits_group)
    reference_link_unique(groups, lambda m: True, actors._fuzzy_fits)
    table = groups.table()
    ordered = sorted(table, key=lambda r: (min(p.first for p in table[r]), r))
    merged = [actors._merged_actor(table[r]) for r in ordered]
    return merged, actors._alias_map(merged)


@pytest.mark.parametrize("seed", range(8))
def test_indexed_merge_equals_every_pair_merge(seed: int) -> None:
    rng = random.Random(seed)
    found = [made_up_actor(rng, 40 * i) for i in range(rng.choice([60, 150, 300]))]
    merged, aliases = merge_actors(found)
    assert (merged, aliases) == reference_merge(found)
    assert 1 < len(merged) < len(found)  # the sample both merges and keeps actors apart


def test_merging_thousands_of_actors_is_fast() -> None:
    rng = random.Random(99)
    names = [f"{f} {s}{i}" for i, (f, s) in enumerate((rng.choice(FIRST), rng.choice(SURNAMES)) for _ in range(4000))]
    found = [Actor(name=n, type="person", mentions=[(10 * i, 10 * i + 5)]) for i, n in enumerate(names)]
    found += [Actor(name=n.split()[1], type="person", mentions=[(10 * i, 10 * i + 3)]) for i, n in enumerate(names)]
    started = time.perf_counter()
    merged, _ = merge_actors(found)
    assert len(merged) == 4000  # every surname joined its full name
    assert time.perf_counter() - started < 30  # comparing every pair of 8,000 groups took many minutes
