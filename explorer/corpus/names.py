"""Corpus-wide actor names: the article-level names merged by the same rules as within one article.

Running explorer.actors.merge_actors over every distinct name at once would cost quadratic time, so names
are first grouped into blocks that could possibly merge (those sharing a last word, the usual surname),
and the rules run inside each block; merges found in different blocks join through a union-find.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..actors import merge_actors
from ..findings import Actor, ActorType

MAX_BLOCK = 400  # a block this large is a generic word ("officials"), not a surname: exact names only
_TYPES: tuple[ActorType, ...] = ("person", "organization", "country", "group", "other")


@dataclass
class NameRecord:
    """One article-level actor name with what the articles say about it."""

    name: str
    type: ActorType = "other"
    title: str | None = None
    aliases: set[str] = field(default_factory=set)
    articles: int = 0


def corpus_names(records: Iterable[tuple[str, str, str | None, list[str] | None, int]]) -> dict[str, str]:
    """Return article-level name -> corpus-canonical name for every name that changes, whatever the records' order."""
    # the records come from parts written in the order articles finished, which changes from run to run;
    # merging keeps the first of equals, so sort them for the same names from the same articles every time
    names = _collect(sorted(records, key=lambda r: (r[0], r[1], r[2] or "", sorted(r[3] or []), r[4])))
    groups = _UnionFind(list(names))
    chosen: dict[str, str] = {}
    for block in _blocks(names.values()):
        for merged in _merged(block):
            members = [m for m in merged if m in names]
            for other in members[1:]:
                groups.union(members[0], other)
            chosen.update({m: merged[0] for m in members})
    _join_partial_names(names, groups)
    mapping: dict[str, str] = {}
    for members in groups.groups().values():
        canonical = _canonical(members, chosen, names)
        mapping.update({m: canonical for m in members if m != canonical})
    return mapping


def _join_partial_names(names: dict[str, NameRecord], groups: _UnionFind) -> None:
    """Join a partial name ('Trump') to the one group whose full names the articles called by it, as one article does.

    Within an article a bare surname joins the one full name that has it; across articles the aliases say which
    full names were so called. Two groups ('Clinton' for Bill and for Hillary Clinton) leave it apart.
    """
    called: dict[str, set[str]] = {}
    for record in names.values():
        for alias in record.aliases:
            if alias in names and set(alias.split()) < set(record.name.split()):
                called.setdefault(alias, set()).add(record.name)
    for partial, fulls in sorted(called.items()):
        roots = {groups.find(f) for f in fulls} - {groups.find(partial)}
        if len(roots) == 1 and names[partial].type in ("person", "organization", "other"):
            groups.union(roots.pop(), partial)


def _collect(records: Iterable[tuple[str, str, str | None, list[str] | None, int]]) -> dict[str, NameRecord]:
    """Return one record per name: its commonest type, longest title and every alias."""
    names: dict[str, NameRecord] = {}
    type_counts: dict[str, dict[str, int]] = {}
    for name, kind, title, aliases, articles in records:
        record = names.setdefault(name, NameRecord(name))
        record.aliases.update(a for a in aliases or [] if a and a != name)
        record.articles += articles
        if title and len(title) > len(record.title or ""):
            record.title = title
        counts = type_counts.setdefault(name, {})
        counts[kind] = counts.get(kind, 0) + articles
    for name, counts in type_counts.items():
        best = max(counts, key=lambda k: (counts[k], -_TYPES.index(k) if k in _TYPES else -9))
        names[name].type = best if best in _TYPES else "other"
    return names


def _blocks(records: Iterable[NameRecord]) -> list[list[NameRecord]]:
    """Return groups of records sharing the last word of their name or of an alias."""
    blocks: dict[str, list[NameRecord]] = {}
    for record in records:
        for key in sorted({_last_word(s) for s in [record.name, *record.aliases]} - {""}):
            blocks.setdefault(key, []).append(record)
    return [b for b in blocks.values() if 1 < len(b) <= MAX_BLOCK]


def _merged(block: list[NameRecord]) -> list[list[str]]:
    """Return the groups merge_actors forms in a block, each canonical name first, then its members' names."""
    # each record carries its position as a mention, so a group's members are the records merge_actors put in it;
    # matching by surface would join every record whose alias is another's name ('Clinton' in 'Bill Clinton')
    actors = [
        Actor(name=r.name, type=r.type, title=r.title, aliases=sorted(r.aliases), mentions=[(i, i + 1)])
        for i, r in enumerate(block)
    ]
    merged, _ = merge_actors(actors)
    result = []
    for actor in merged:
        members = [block[start].name for start, _ in actor.mentions]
        if len(members) > 1:
            result.append([actor.name, *members])
    return result


def _canonical(members: list[str], chosen: dict[str, str], names: dict[str, NameRecord]) -> str:
    """Return the group's name: a full name a block chose, the one most articles use, then the longest."""
    candidates = list(dict.fromkeys([*members, *(chosen[m] for m in members if m in chosen)]))
    # a one-off form ('Crooked Hillary Clinton' in one headline) must not rename the person in every article,
    # nor a role ('the Republican nominee') a named person
    named = [n for n in candidates if n.split()[-1][:1].isupper()] or candidates
    return max(named, key=lambda n: (len(n.split()) > 1, _articles(n, names), len(n.split()), len(n), n))


def _articles(name: str, names: dict[str, NameRecord]) -> int:
    """Return how many articles use a name as an actor of their own (0 for a form only a block chose)."""
    return names[name].articles if name in names else 0


def _last_word(text: str) -> str:
    """Return the folded last word of a name ('Lena Varga's' -> 'varga')."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.sub(r"['’]s\b|[^\w\s]", " ", plain).split()
    return words[-1].casefold() if words else ""


class _UnionFind:
    """Groups of names joined by merges found in any block."""

    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for item in self.parent:
            table.setdefault(self.find(item), []).append(item)
        return table
