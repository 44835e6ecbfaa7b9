"""Cross-section actor merging: one canonical actor per person, organisation or country, with every alias."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from copy import copy
from functools import lru_cache
from itertools import islice

from rapidfuzz import fuzz, process

from .findings import Actor, ActorType
from .gazetteer import canonical_country
from .names import GIVEN_NAMES, HONORIFICS, TITLE_CONNECTORS, TITLE_WORDS, fold, is_pronoun, name_key, name_tokens

_POSSESSIVE = re.compile(r"(?:'s|')$")
_FUZZY_THRESHOLD = 90.0
_CACHED_NAMES = 2**16  # a long article repeats its few thousand names in many sections, so name checks are cached
_CDIST_ROWS = 256  # fuzzy keys compared per block, bounding the score matrix's memory
# When merged actors disagree on their type, the first of these wins: a country named as a person stays a country.
TYPE_PREFERENCE: tuple[ActorType, ...] = ("country", "person", "organization", "group", "other")

_key = lru_cache(maxsize=_CACHED_NAMES)(name_key)
_country = lru_cache(maxsize=_CACHED_NAMES)(canonical_country)


@lru_cache(maxsize=_CACHED_NAMES)
def split_title(name: str) -> tuple[str, str | None]:
    """Return (name, title) without leading titles: 'President Lena Varga' -> ('Lena Varga', 'President')."""
    clean = " ".join(_POSSESSIVE.sub("", name.strip()).split())
    if _is_role(clean):
        return clean, None
    if ", " in clean:
        head, _, tail = clean.partition(", ")
        if _is_role(tail) and not _is_role(head):
            return split_title(head)[0], _role_words(tail)
    words = clean.split()
    cut = _title_length(words)
    title = " ".join(w for w in words[:cut] if name_tokens(w)[0].casefold() not in HONORIFICS)
    return " ".join(words[cut:]), title or None


def _country_span(words: list[str], start: int) -> int:
    """Return how many words from start name a country ('South Korean' -> 2), leaving one word over; 0 if none."""
    for size in (3, 2, 1):
        if start + size < len(words) and _country(" ".join(words[start : start + size])):
            return size
    return 0


def _title_length(words: list[str]) -> int:
    """Return how many leading words are a title ('South Korean Trade Minister'), never the whole name."""
    i = end = 0
    while i < len(words) - 1:
        span = _country_span(words, i)
        word = name_tokens(words[i])[0].casefold()
        if span:
            i += span
            end = i if end else end  # a country counts only inside a title: 'Jordan Smith' keeps Jordan
        elif word in TITLE_WORDS | HONORIFICS:
            i += 1
            end = end if word in TITLE_CONNECTORS else i
        else:
            break
    return end


def _role_words(text: str) -> str:
    """Return a role phrase without its leading article: 'the deputy minister' -> 'deputy minister'."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


@lru_cache(maxsize=_CACHED_NAMES)
def _is_role(text: str) -> bool:
    """Return True when text is only title words and country adjectives ('the Japanese trade minister')."""
    words = name_tokens(_role_words(text))
    if not words or all(w.casefold() in TITLE_CONNECTORS for w in words):
        return False
    return all(w.casefold() in TITLE_WORDS | HONORIFICS or _country(w) for w in words)


@lru_cache(maxsize=_CACHED_NAMES)
def _is_proper(text: str) -> bool:
    """Return True when text is a proper name: not a pronoun or role phrase, and capitalised somewhere."""
    if not text.strip() or is_pronoun(text) or _is_role(text):
        return False
    return any(t[:1].isupper() or t[:1].isdigit() for t in name_tokens(_role_words(text)))


def _common_head(name: str) -> bool:
    """Return True when a name ends in a lower-case word, as a role does ('Republican nominee'), not a name."""
    last = name.split()[-1] if name.split() else ""
    return last[:1].islower()


def _role_head(words: list[str]) -> str:
    """Return the head noun of a title: the word before 'of'/'for', else the last word."""
    for i, word in enumerate(words):
        if word in ("of", "for") and i:
            return words[i - 1]
    return words[-1]


@lru_cache(maxsize=_CACHED_NAMES)
def _role_fits(role: str, title: str | None) -> bool:
    """Return True when a role phrase describes a title ('the minister' fits 'Deputy Foreign Minister')."""
    if not title:
        return False
    wanted = [w.casefold() for w in name_tokens(_role_words(role)) if not _country(w)]
    have = [w.casefold() for w in name_tokens(title)]
    return bool(wanted) and set(wanted) <= set(have) and _role_head(wanted) == _role_head(have)


def _government_country(text: str) -> str | None:
    """Return the country for 'the Japanese government' / 'the government of Japan' forms."""
    match = re.fullmatch(r"(?:the\s+)?(.+?)(?:'s)?\s+(?:government|administration)", text.strip(), re.IGNORECASE)
    match = match or re.fullmatch(r"(?:the\s+)?(?:government|administration) of (.+)", text.strip(), re.IGNORECASE)
    return _country(match.group(1)) if match else None


class _Prepared:
    """One input actor with its cleaned name, title, country and proper names."""

    def __init__(self, actor: Actor) -> None:
        name, title = split_title(actor.name) if actor.type in ("person", "other") else (actor.name.strip(), None)
        role = _role_words(actor.name) if _is_role(actor.name) else None
        self.actor = actor
        self.name = _role_words(name) if name[:4] == "the " and not role else name
        self.title = max([t for t in (actor.title, title, role) if t], key=len, default=None)
        self.surfaces = [actor.name, *actor.aliases]
        self.country = None if actor.type == "person" else _surface_country(self.surfaces)
        self.type = "country" if self.country else actor.type
        person_like = self.type in ("person", "other")
        cleaned = [split_title(s)[0] if person_like else _POSSESSIVE.sub("", s.strip()) for s in self.surfaces]
        self.proper = [n for n in dict.fromkeys([self.name, *cleaned]) if _is_proper(n) and not _common_head(n)]
        self.full_names = {_key(n) for n in self.proper if self.type == "person" and len(name_tokens(n)) > 1}
        # an acronym ('U.N.', 'NATO') is no surname, whatever name ends in the same letters ('Kim Jong Un')
        self.surname_keys = frozenset(_key(n) for n in self.proper if not n.replace(".", "").isupper())
        self.surnames = frozenset(s for n in self.proper for s in _surnames(n)) if self.full_names else frozenset()

    def for_actor(self, actor: Actor) -> _Prepared:
        """Return this preparation for another actor with the same name, type, title and aliases (shared, unchanged)."""
        twin = copy(self)
        twin.actor = actor
        return twin

    @property
    def first(self) -> int:
        """Return the first mention offset (large when there is none)."""
        return min((m[0] for m in self.actor.mentions), default=10**12)


_Wanted = Callable[[list[_Prepared]], bool]
_Lookup = Callable[[list[_Prepared]], set[int]]
_Fits = Callable[[list[_Prepared], list[_Prepared]], bool]


def _surface_country(surfaces: list[str]) -> str | None:
    """Return the one country the actor's name (or, failing that, its aliases) denotes."""
    name_country = _country(surfaces[0]) or _government_country(surfaces[0])
    if name_country:
        return name_country
    found = {c for s in surfaces[1:] if (c := _country(s) or _government_country(s))}
    return found.pop() if len(found) == 1 else None


class _Summary:
    """What decides whether two groups may merge: their countries, full person names and clashing types."""

    def __init__(self, item: _Prepared) -> None:
        self.countries = {item.country} if item.country else set()
        self.names = set(item.full_names)
        # a one-word "organisation" is often a mis-typed surname ("Holloway"), so only longer names clash
        one_word_organisation = item.type == "organization" and _one_word(item)
        self.types = set() if one_word_organisation else {item.type} - {"other"}

    def fits(self, other: _Summary) -> bool:
        """Return False for different countries, disjoint full person names, or person vs organisation."""
        types = self.types | other.types
        clash = {"person", "organization"} <= types or {"person", "country"} <= types
        disjoint = bool(self.names and other.names and not self.names & other.names)
        return len(self.countries | other.countries) <= 1 and not disjoint and not clash

    def absorb(self, other: _Summary) -> None:
        """Add another group's summary to this one."""
        self.countries |= other.countries
        self.names |= other.names
        self.types |= other.types


class _Groups:
    """Union-find over prepared actors that refuses merges between clearly different actors."""

    def __init__(self, items: list[_Prepared]) -> None:
        self.items = items
        self.parent = list(range(len(items)))
        # kept per root so a merge costs the size of the groups, not of the article
        self._members = {i: [i] for i in range(len(items))}
        self._summaries = {i: _Summary(item) for i, item in enumerate(items)}

    def find(self, i: int) -> int:
        """Return the root index of i's group."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def members(self, i: int) -> list[_Prepared]:
        """Return the prepared actors in i's group, in input order."""
        indices = self._members[self.find(i)]
        indices.sort()  # two sorted runs after a union, which sorting merges in linear time
        return [self.items[j] for j in indices]

    def roots(self) -> list[int]:
        """Return one index per group, in input order (a root is its group's first index)."""
        return sorted(self._members)

    def union(self, a: int, b: int) -> bool:
        """Merge a's and b's groups unless they conflict; return True when merged."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self._summaries[ra].fits(self._summaries[rb]):
            return ra == rb
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self._members[keep] += self._members.pop(gone)
        self._summaries[keep].absorb(self._summaries.pop(gone))
        return True


class _Candidates:
    """Actors indexed by blocking keys, so a group is compared only with the groups that could fit it."""

    def __init__(self, items: list[_Prepared], keys_of: Callable[[_Prepared], Iterable[str]]) -> None:
        self.index: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            for key in dict.fromkeys(keys_of(item)):
                self.index.setdefault(key, []).append(i)

    def roots(self, groups: _Groups, keys: Iterable[str]) -> set[int]:
        """Return the groups holding an actor indexed under one of the keys."""
        return {groups.find(j) for key in keys for j in self.index.get(key, ())}


def _link_countries_and_names(groups: _Groups) -> None:
    """Merge actors naming the same country or sharing a multi-word (or non-person) proper name."""
    owners: dict[str, int] = {}
    for i, item in enumerate(groups.items):
        keys = [f"country:{item.country}"] if item.country else []
        keys += [_key(n) for n in item.proper if len(name_tokens(n)) > 1 or item.type != "person"]
        keys += [f"role:{_key(item.actor.name)}"] if _role_only([item]) else []
        for key in keys:
            groups.union(owners.setdefault(key, i), i)


def _link_unique(groups: _Groups, wanted: _Wanted, candidates: _Lookup, fits: _Fits) -> None:
    """Merge each group selected by wanted into the single other group that fits it, if exactly one does."""
    for root in groups.roots():
        if groups.find(root) != root or not wanted(members := groups.members(root)):
            continue
        others = sorted(candidates(members) - {root})
        # only a single fitting group is merged, so a second one settles it: a common surname has dozens
        hits = list(islice((other for other in others if fits(members, groups.members(other))), 2))
        if len(hits) == 1:
            groups.union(root, hits[0])


def _one_word(item: _Prepared) -> bool:
    """Return True when every proper name of the actor is a single word."""
    return bool(item.proper) and all(len(name_tokens(n)) == 1 for n in item.proper)


def _surname_only(members: list[_Prepared]) -> bool:
    """Return True for a group known only by one-word names ('Rudenko'), possibly mis-typed as an organisation."""
    return all(p.type in ("person", "other", "organization") and not p.country and _one_word(p) for p in members)


def _surname_fits(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when another group is a full-name person whose surname is one of these names."""
    singles = frozenset().union(*{p.surname_keys for p in members})
    return any(not singles.isdisjoint(s) for s in {p.surnames for p in other})


@lru_cache(maxsize=_CACHED_NAMES)
def _surnames(full_name: str) -> frozenset[str]:
    """Return possible surnames: the last word, or the first before a hyphenated given name ('Park Ji-won')."""
    words = [w.casefold() for w in fold(full_name, split_hyphens=True).split()]
    if len(words) < 2:
        return frozenset()
    return frozenset({words[-1], words[0]} if "-" in full_name.split()[-1] else {words[-1]})


def _role_only(members: list[_Prepared]) -> bool:
    """Return True for a group known only by role phrases ('the deputy foreign minister')."""
    return all(not p.proper and not p.country and _is_role(p.actor.name) for p in members)


def _role_fits_group(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when a named person's title in another group fits every role phrase here."""
    titles = {p.title for p in other if p.proper and p.type == "person"}  # sets: a group repeats its names
    roles = {p.actor.name for p in members}
    return any(all(_role_fits(role, t) for role in roles) for t in titles)


def _fuzzy_key(text: str) -> str:
    """Return text reduced to lower-case letters, digits and single spaces for fuzzy comparison."""
    return " ".join(re.sub(r"[^\w\s]", " ", _key(text)).split())


def _fuzzy_fits(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when two organisation-like groups have near-identical names differing in no country word."""
    if any(p.type in ("person", "country") for p in members + other):
        return False
    return any(_near(a, b) for a in _fuzzy_keys(members) for b in _fuzzy_keys(other))


def _fuzzy_keys(members: list[_Prepared]) -> list[str]:
    """Return the fuzzy keys of a group's proper names."""
    return [_fuzzy_key(n) for p in members for n in p.proper]


def _near(a: str, b: str) -> bool:
    """Return True when two fuzzy keys are near-identical and differ in no country word and no given name."""
    differing = set(a.split()) ^ set(b.split())
    # 'Mara Lindqvist' and 'Tara Lindqvist' are two people (as in the single-article rule); a typo is not a name
    two_people = len(differing & GIVEN_NAMES) > 1
    return fuzz.ratio(a, b) >= _FUZZY_THRESHOLD and not two_people and not any(_country(w) for w in differing)


def _near_keys(keys: list[str]) -> dict[str, list[str]]:
    """Return each key's near keys (itself included when near), scoring blocks of keys at once in rapidfuzz."""
    near = {k: [k] if _near(k, k) else [] for k in keys}
    for start in range(0, len(keys), _CDIST_ROWS):
        # a cut-off just under the threshold lets _near, not float rounding, decide the borderline pairs
        scores = process.cdist(keys[start : start + _CDIST_ROWS], keys, score_cutoff=_FUZZY_THRESHOLD - 1)
        for row, col in zip(*scores.nonzero(), strict=True):
            a, b = keys[start + row], keys[col]
            if a != b and _near(a, b):
                near[a].append(b)
    return near


def _surname_candidates(groups: _Groups) -> _Lookup:
    """Return a look-up of the full-name groups whose surname is one of a group's names."""
    index = _Candidates(groups.items, lambda p: [s for n in p.proper for s in _surnames(n)] if p.full_names else [])
    return lambda members: index.roots(groups, {_key(n) for p in members for n in p.proper})


def _role_candidates(groups: _Groups) -> _Lookup:
    """Return a look-up of the named-person groups whose title has the head noun of a group's first role phrase."""
    index = _Candidates(groups.items, lambda p: _role_heads(p.title) if p.proper and p.type == "person" else [])
    return lambda members: index.roots(groups, _role_heads(members[0].actor.name, drop_countries=True))


def _role_heads(title: str | None, drop_countries: bool = False) -> list[str]:
    """Return the head noun of a title or role phrase as _role_fits compares it (none for an empty one)."""
    text = _role_words(title or "") if drop_countries else title or ""
    words = [w.casefold() for w in name_tokens(text) if not (drop_countries and _country(w))]
    return [_role_head(words)] if words else []


def _fuzzy_candidates(groups: _Groups) -> _Lookup:
    """Return a look-up of the organisation-like groups with a name near one of a group's names."""
    index = _Candidates(groups.items, lambda p: _fuzzy_keys([p]) if p.type not in ("person", "country") else [])
    near = _near_keys(list(index.index))

    def lookup(members: list[_Prepared]) -> set[int]:
        if any(p.type in ("person", "country") for p in members):
            return set()
        return index.roots(groups, {b for a in _fuzzy_keys(members) for b in near.get(a, [])})

    return lookup


def _canonical_name(members: list[_Prepared]) -> str:
    """Return the country, else the longest proper name (preferring forms without 'the'), else the first name."""
    countries = [p.country for p in members if p.country]
    if countries:
        return countries[0]
    names = [n for p in members for n in p.proper]
    if not names:
        return members[0].name
    return max(names, key=lambda n: (len(_key(n)), not n.casefold().startswith("the "), -names.index(n)))


def _merged_actor(members: list[_Prepared]) -> Actor:
    """Return one actor combining the names, aliases, mentions, type and title of a group."""
    name = _canonical_name(members)
    kind = min((p.type for p in members), key=TYPE_PREFERENCE.index)
    titles = [p.title for p in members if p.title and kind == "person"]
    surfaces = {s.strip() for p in members for s in [*p.surfaces, p.name, *p.proper] if s.strip()}
    mentions = sorted({(int(m[0]), int(m[1])) for p in members for m in p.actor.mentions})
    return Actor(
        name=name,
        type=kind,
        title=max(titles, key=len, default=None),
        aliases=sorted(surfaces - {name}, key=lambda s: (s.casefold(), s)),
        mentions=mentions,
    )


def _alias_map(actors: list[Actor]) -> dict[str, str]:
    """Return every non-pronoun surface -> canonical name, leaving out surfaces shared by two actors."""
    seen: dict[str, set[str]] = {}
    for actor in actors:
        for surface in [actor.name, *actor.aliases]:
            if not is_pronoun(surface):
                seen.setdefault(surface, set()).add(actor.name)
    return {s: names.pop() for s, names in seen.items() if len(names) == 1}


def merge_actors(actors: list[Actor]) -> tuple[list[Actor], dict[str, str]]:
    """Return canonical actors (ordered by first mention) and a surface -> canonical name map."""
    groups = _Groups(_prepared(actors))
    _link_countries_and_names(groups)
    _link_unique(groups, _surname_only, _surname_candidates(groups), _surname_fits)
    _link_unique(groups, _role_only, _role_candidates(groups), _role_fits_group)
    _link_unique(groups, lambda m: True, _fuzzy_candidates(groups), _fuzzy_fits)
    table = {r: groups.members(r) for r in groups.roots()}
    ordered = sorted(table, key=lambda r: (min(p.first for p in table[r]), r))
    merged = [_merged_actor(table[r]) for r in ordered]
    return merged, _alias_map(merged)


def _prepared(actors: list[Actor]) -> list[_Prepared]:
    """Return the actors prepared, each distinct name, type, title and aliases once (a long text repeats them)."""
    done: dict[tuple[str, str, str | None, tuple[str, ...]], _Prepared] = {}
    prepared = []
    for actor in actors:
        key = (actor.name, actor.type, actor.title, tuple(actor.aliases))
        known = done.get(key)
        prepared.append(known.for_actor(actor) if known else done.setdefault(key, _Prepared(actor)))
    return prepared


def resolve_name(name: str, alias_map: dict[str, str]) -> str | None:
    """Return the canonical actor name a surface refers to, or None when it is unknown or ambiguous."""
    return name_resolver(alias_map)(name)


def name_resolver(alias_map: dict[str, str]) -> Callable[[str], str | None]:
    """Return resolve_name for one alias map, its key index built once (a long article has thousands of claims)."""
    by_key: dict[str, set[str]] = {}
    for surface, canonical in alias_map.items():
        by_key.setdefault(_key(surface), set()).add(canonical)
    canonical_names = set(alias_map.values())

    @lru_cache(maxsize=_CACHED_NAMES)  # claims repeat their speakers
    def resolve(name: str) -> str | None:
        if name in alias_map:
            return alias_map[name]
        for candidate in (name, split_title(name)[0]):
            hits = by_key.get(_key(candidate), set())
            if len(hits) == 1 and not is_pronoun(candidate):
                return next(iter(hits))
        country = _country(name)
        return country if country in canonical_names else None

    return resolve
