"""Cross-section actor merging: one canonical actor per person, organisation or country, with every alias."""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from .findings import Actor, ActorType
from .gazetteer import canonical_country
from .names import HONORIFICS, TITLE_CONNECTORS, TITLE_WORDS, fold, is_pronoun, name_key, name_tokens

_POSSESSIVE = re.compile(r"(?:'s|')$")
_FUZZY_THRESHOLD = 90.0
# When merged actors disagree on their type, the first of these wins: a country named as a person stays a country.
TYPE_PREFERENCE: tuple[ActorType, ...] = ("country", "person", "organization", "group", "other")


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
        if start + size < len(words) and canonical_country(" ".join(words[start : start + size])):
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


def _is_role(text: str) -> bool:
    """Return True when text is only title words and country adjectives ('the Japanese trade minister')."""
    words = name_tokens(_role_words(text))
    if not words or all(w.casefold() in TITLE_CONNECTORS for w in words):
        return False
    return all(w.casefold() in TITLE_WORDS | HONORIFICS or canonical_country(w) for w in words)


def _is_proper(text: str) -> bool:
    """Return True when text is a proper name: not a pronoun or role phrase, and capitalised somewhere."""
    if not text.strip() or is_pronoun(text) or _is_role(text):
        return False
    return any(t[:1].isupper() or t[:1].isdigit() for t in name_tokens(_role_words(text)))


def _role_head(words: list[str]) -> str:
    """Return the head noun of a title: the word before 'of'/'for', else the last word."""
    for i, word in enumerate(words):
        if word in ("of", "for") and i:
            return words[i - 1]
    return words[-1]


def _role_fits(role: str, title: str | None) -> bool:
    """Return True when a role phrase describes a title ('the minister' fits 'Deputy Foreign Minister')."""
    if not title:
        return False
    wanted = [w.casefold() for w in name_tokens(_role_words(role)) if not canonical_country(w)]
    have = [w.casefold() for w in name_tokens(title)]
    return bool(wanted) and set(wanted) <= set(have) and _role_head(wanted) == _role_head(have)


def _government_country(text: str) -> str | None:
    """Return the country for 'the Japanese government' / 'the government of Japan' forms."""
    match = re.fullmatch(r"(?:the\s+)?(.+?)(?:'s)?\s+(?:government|administration)", text.strip(), re.IGNORECASE)
    match = match or re.fullmatch(r"(?:the\s+)?(?:government|administration) of (.+)", text.strip(), re.IGNORECASE)
    return canonical_country(match.group(1)) if match else None


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
        self.proper = [n for n in dict.fromkeys([self.name, *cleaned]) if _is_proper(n)]
        self.full_names = {name_key(n) for n in self.proper if self.type == "person" and len(name_tokens(n)) > 1}

    @property
    def first(self) -> int:
        """Return the first mention offset (large when there is none)."""
        return min((m[0] for m in self.actor.mentions), default=10**12)


def _surface_country(surfaces: list[str]) -> str | None:
    """Return the one country the actor's name (or, failing that, its aliases) denotes."""
    name_country = canonical_country(surfaces[0]) or _government_country(surfaces[0])
    if name_country:
        return name_country
    found = {c for s in surfaces[1:] if (c := canonical_country(s) or _government_country(s))}
    return found.pop() if len(found) == 1 else None


class _Groups:
    """Union-find over prepared actors that refuses merges between clearly different actors."""

    def __init__(self, items: list[_Prepared]) -> None:
        self.items = items
        self.parent = list(range(len(items)))

    def find(self, i: int) -> int:
        """Return the root index of i's group."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def members(self, i: int) -> list[_Prepared]:
        """Return the prepared actors in i's group, in input order."""
        root = self.find(i)
        return [p for j, p in enumerate(self.items) if self.find(j) == root]

    def table(self) -> dict[int, list[_Prepared]]:
        """Return every group's members by root, groups in input order."""
        groups: dict[int, list[_Prepared]] = {}
        for i, item in enumerate(self.items):
            groups.setdefault(self.find(i), []).append(item)
        return groups

    def roots(self) -> list[int]:
        """Return one index per group, in input order."""
        return list(dict.fromkeys(self.find(i) for i in range(len(self.items))))

    def union(self, a: int, b: int) -> bool:
        """Merge a's and b's groups unless they conflict; return True when merged."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not _compatible(self.members(ra), self.members(rb)):
            return ra == rb
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _compatible(left: list[_Prepared], right: list[_Prepared]) -> bool:
    """Return False for different countries, disjoint full person names, or person vs organisation."""
    countries = {p.country for p in left + right if p.country}
    names_l = set().union(*(p.full_names for p in left))
    names_r = set().union(*(p.full_names for p in right))
    # a one-word "organisation" is often a mis-typed surname ("Holloway"), so only longer names clash
    types = {p.type for p in left + right if not (p.type == "organization" and _one_word(p))} - {"other"}
    clash = {"person", "organization"} <= types or {"person", "country"} <= types
    return len(countries) <= 1 and not (names_l and names_r and not names_l & names_r) and not clash


def _link_countries_and_names(groups: _Groups) -> None:
    """Merge actors naming the same country or sharing a multi-word (or non-person) proper name."""
    owners: dict[str, int] = {}
    for i, item in enumerate(groups.items):
        keys = [f"country:{item.country}"] if item.country else []
        keys += [name_key(n) for n in item.proper if len(name_tokens(n)) > 1 or item.type != "person"]
        keys += [f"role:{name_key(item.actor.name)}"] if _role_only([item]) else []
        for key in keys:
            groups.union(owners.setdefault(key, i), i)


def _link_unique(groups: _Groups, wanted, fits) -> None:
    """Merge each group selected by wanted into the single other group that fits it, if exactly one does."""
    table = groups.table()
    for root in list(table):
        members = table.get(groups.find(root), [])
        if root != groups.find(root) or not wanted(members):
            continue
        hits = [other for other, theirs in table.items() if other != root and fits(members, theirs)]
        if len(hits) == 1 and groups.union(root, hits[0]):
            table = groups.table()


def _one_word(item: _Prepared) -> bool:
    """Return True when every proper name of the actor is a single word."""
    return bool(item.proper) and all(len(name_tokens(n)) == 1 for n in item.proper)


def _surname_only(members: list[_Prepared]) -> bool:
    """Return True for a group known only by one-word names ('Rudenko'), possibly mis-typed as an organisation."""
    return all(p.type in ("person", "other", "organization") and not p.country and _one_word(p) for p in members)


def _surname_fits(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when another group is a full-name person whose surname is one of these names."""
    singles = {name_key(n) for p in members for n in p.proper}
    surnames = {s for p in other if p.full_names for n in p.proper for s in _surnames(n)}
    return bool(singles & surnames)


def _surnames(full_name: str) -> set[str]:
    """Return possible surnames: the last word, or the first before a hyphenated given name ('Park Ji-won')."""
    words = [w.casefold() for w in fold(full_name, split_hyphens=True).split()]
    if len(words) < 2:
        return set()
    return {words[-1], words[0]} if "-" in full_name.split()[-1] else {words[-1]}


def _role_only(members: list[_Prepared]) -> bool:
    """Return True for a group known only by role phrases ('the deputy foreign minister')."""
    return all(not p.proper and not p.country and _is_role(p.actor.name) for p in members)


def _role_fits_group(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when a named person's title in another group fits every role phrase here."""
    titles = [p.title for p in other if p.proper and p.type == "person"]
    return any(all(_role_fits(p.actor.name, t) for p in members) for t in titles)


def _fuzzy_key(text: str) -> str:
    """Return text reduced to lower-case letters, digits and single spaces for fuzzy comparison."""
    return " ".join(re.sub(r"[^\w\s]", " ", name_key(text)).split())


def _fuzzy_fits(members: list[_Prepared], other: list[_Prepared]) -> bool:
    """Return True when two organisation-like groups have near-identical names differing in no country word."""
    if any(p.type in ("person", "country") for p in members + other):
        return False
    for a in (_fuzzy_key(n) for p in members for n in p.proper):
        for b in (_fuzzy_key(n) for p in other for n in p.proper):
            differing = set(a.split()) ^ set(b.split())
            if fuzz.ratio(a, b) >= _FUZZY_THRESHOLD and not any(canonical_country(w) for w in differing):
                return True
    return False


def _canonical_name(members: list[_Prepared]) -> str:
    """Return the country, else the longest proper name (preferring forms without 'the'), else the first name."""
    countries = [p.country for p in members if p.country]
    if countries:
        return countries[0]
    names = [n for p in members for n in p.proper]
    if not names:
        return members[0].name
    return max(names, key=lambda n: (len(name_key(n)), not n.casefold().startswith("the "), -names.index(n)))


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
    groups = _Groups([_Prepared(a) for a in actors])
    _link_countries_and_names(groups)
    _link_unique(groups, _surname_only, _surname_fits)
    _link_unique(groups, _role_only, _role_fits_group)
    _link_unique(groups, lambda m: True, _fuzzy_fits)
    ordered = sorted(groups.roots(), key=lambda r: (min(p.first for p in groups.members(r)), r))
    merged = [_merged_actor(groups.members(r)) for r in ordered]
    return merged, _alias_map(merged)


def resolve_name(name: str, alias_map: dict[str, str]) -> str | None:
    """Return the canonical actor name a surface refers to, or None when it is unknown or ambiguous."""
    return name_resolver(alias_map)(name)


def name_resolver(alias_map: dict[str, str]) -> Callable[[str], str | None]:
    """Return resolve_name for one alias map, its key index built once (a long article has thousands of claims)."""
    by_key: dict[str, set[str]] = {}
    for surface, canonical in alias_map.items():
        by_key.setdefault(name_key(surface), set()).add(canonical)
    canonical_names = set(alias_map.values())

    def resolve(name: str) -> str | None:
        if name in alias_map:
            return alias_map[name]
        for candidate in (name, split_title(name)[0]):
            hits = by_key.get(name_key(candidate), set())
            if len(hits) == 1 and not is_pronoun(candidate):
                return next(iter(hits))
        country = canonical_country(name)
        return country if country in canonical_names else None

    return resolve
