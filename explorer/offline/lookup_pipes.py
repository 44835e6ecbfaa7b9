"""Stand-ins for spaCy's attribute ruler and rule lemmatizer that give the stock output from lookup tables.

The stock attribute ruler runs a Matcher of ~180 one-token patterns (many with Python `IN` predicates) over
every token, and the stock lemmatizer caches only some of its answers: together a fifth of a parse. Both
answers depend only on a few attributes of the token, so each is worked out once per distinct combination
and then looked up. Patterns that are not one plain token (e.g. "gon na") keep a Matcher.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.strings import StringStore
    from spacy.tokens import Doc

KEY_NAMES = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what a tabled pattern may test, in the order of KEY_ATTRS
KEY_ATTRS = [LOWER, TAG, DEP, IS_SPACE]
SET_ATTRS = [POS, TAG, MORPH, LEMMA, DEP]  # token-only fields: setting them never touches the shared lexeme
PURE_LEMMA_MODES = ("rule", "lookup")  # modes whose lemma depends only on the token's text, POS and morphology
MAX_TABLE = 500_000  # distinct entries kept before a table starts afresh, so a long run's memory stays flat
Key = tuple[int, ...]  # a token's values of KEY_ATTRS
Effect = tuple[tuple[int, int], ...]  # (column in SET_ATTRS, value) pairs; the last rule to set a column wins


class TokenTest:
    """One token of a pattern: each named attribute equals a value, is (not) in a set, or matches a regex."""

    def __init__(self, spec: dict[str, Any], strings: StringStore) -> None:
        self.checks = [(KEY_NAMES.index(name), _check(value)) for name, value in spec.items()]
        self.strings = strings

    def __call__(self, key: Key) -> bool:
        """Return whether a token with these key values matches, as spaCy's Matcher decides."""
        return all(self._passes(key[column], check) for column, check in self.checks)

    def anchor(self) -> tuple[int, int] | None:
        """Return a (column, value) the token must have, the most selective first, or None when there is none."""
        equal = [(column, next(iter(check))) for column, check in self.checks if isinstance(check, frozenset)]
        return min(equal, default=None)  # LOWER before TAG before DEP: the column order is the selectivity order

    def _passes(self, found: int, check: frozenset[int] | tuple[bool, frozenset[int]] | re.Pattern[str]) -> bool:
        if isinstance(check, re.Pattern):  # the Matcher searches the attribute's string
            return check.search(self.strings[found]) is not None
        if isinstance(check, frozenset):
            return found in check
        wanted, values = check
        return (found in values) == wanted


def _check(value: Any) -> frozenset[int] | tuple[bool, frozenset[int]] | re.Pattern[str]:
    """Return what a token value is compared with: hashes of strings (0/1 for a flag), a set, or a regex."""
    if isinstance(value, bool | str):
        return frozenset([int(value) if isinstance(value, bool) else get_string_id(value)])
    ((operator, values),) = value.items()
    if operator == "REGEX":
        return re.compile(values)
    return operator == "IN", frozenset(get_string_id(v) for v in values)


def is_plain(spec: dict[str, Any]) -> bool:
    """Return whether a Matcher token spec is one that TokenTest decides exactly (no quantifier, no extension)."""
    return all(name in KEY_NAMES and _plain(name, value) for name, value in spec.items())


def _plain(name: str, value: Any) -> bool:
    if isinstance(value, bool) or (isinstance(value, str) and name != "IS_SPACE"):
        return True
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((operator, values),) = value.items()
    if operator == "REGEX":
        return isinstance(values, str) and name != "IS_SPACE"
    return operator in ("IN", "NOT_IN") and isinstance(values, list) and all(isinstance(v, str) for v in values)


@dataclass(frozen=True)
class Pattern:
    """One pattern of a ruler rule: its token tests, and which matched token the rule sets."""

    rule: int
    tests: tuple[TokenTest, ...]
    index: int

    def target(self, start: int) -> int:
        """Return the token the rule sets when the pattern matches from start (a bad index raises, as stock)."""
        return range(start, start + len(self.tests))[self.index]


@dataclass(frozen=True)
class KeyFacts:
    """What the tables know about one distinct token: the one-token rules it matches and where longer ones start."""

    rules: tuple[int, ...]
    effect: Effect
    starts: tuple[Pattern, ...]


class TabledAttributeRuler:
    """Sets exactly what the stock attribute ruler sets, deciding each rule once per distinct token."""

    def __init__(self, stock: AttributeRuler) -> None:
        self.stock = stock
        rules: list[Any] = stock.patterns  # typed by spaCy as any Matcher pattern; fits() vouches for the shape
        self.patterns = [
            Pattern(number, tuple(TokenTest(spec, stock.vocab.strings) for spec in tokens), stock.indices[number])
            for number, rule in enumerate(rules)
            for tokens in rule["patterns"]
        ]
        self.anchored: dict[tuple[int, int], list[Pattern]] = {}
        self.unanchored: list[Pattern] = []
        for pattern in self.patterns:  # indexed by a value the first token needs: a new token tests a few, not all
            anchor = pattern.tests[0].anchor()
            if anchor is None:
                self.unanchored.append(pattern)
            else:
                self.anchored.setdefault(anchor, []).append(pattern)
        self.facts: dict[Key, KeyFacts] = {}

    @staticmethod
    def fits(stock: AttributeRuler) -> bool:
        """Return whether every rule is plain token tests that set only the token fields this stand-in writes."""
        rules: list[Any] = stock.patterns
        plain = all(is_plain(spec) for rule in rules for tokens in rule["patterns"] for spec in tokens)
        return plain and all(set(attrs) <= set(SET_ATTRS) for attrs in stock.attrs)

    def __call__(self, doc: Doc) -> Doc:
        """Return doc with the stock ruler's POS, TAG, MORPH, LEMMA and DEP values."""
        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array(KEY_ATTRS).tolist()]
        facts = [self._facts(key) for key in keys]
        longer = self._longer_matches(keys, facts)
        values = doc.to_array(SET_ATTRS).tolist()
        for i, fact in enumerate(facts):
            extra = longer.get(i)
            for column, value in self._effect(fact.rules + tuple(extra)) if extra else fact.effect:
                values[i][column] = value
        doc.from_array(SET_ATTRS, _uint64(values))
        return doc

    def _facts(self, key: Key) -> KeyFacts:
        facts = self.facts.get(key)
        if facts is None:
            if len(self.facts) >= MAX_TABLE:
                self.facts.clear()
            candidates = self.unanchored + [p for anchor in enumerate(key) for p in self.anchored.get(anchor, [])]
            first = [p for p in candidates if p.tests[0](key)]
            rules = tuple(p.rule for p in first if len(p.tests) == 1)
            starts = tuple(p for p in first if len(p.tests) > 1)
            facts = self.facts[key] = KeyFacts(rules, self._effect(rules), starts)
        return facts

    def _effect(self, rules: tuple[int, ...]) -> Effect:
        """Return what the rules set, applied in rule order as the stock ruler applies its sorted matches."""
        final: dict[int, int] = {}
        for number in sorted(rules):
            final.update((SET_ATTRS.index(attr), value) for attr, value in self.stock.attrs[number].items())
        return tuple(final.items())

    @staticmethod
    def _longer_matches(keys: list[Key], facts: list[KeyFacts]) -> dict[int, list[int]]:
        """Return, per token index, the rules whose several-token patterns match around it."""
        found: dict[int, list[int]] = {}
        for start, fact in enumerate(facts):
            for pattern in fact.starts:
                end = start + len(pattern.tests)
                if end <= len(keys) and all(test(key) for test, key in zip(pattern.tests[1:], keys[start + 1 : end])):
                    found.setdefault(pattern.target(start), []).append(pattern.rule)
        return found


class TabledLemmatizer:
    """Sets exactly the lemmas the stock lemmatizer sets, worked out once per (text, POS, morphology)."""

    def __init__(self, stock: Lemmatizer) -> None:
        self.stock = stock
        self.lemmatize = getattr(_with_set_indexes(stock), f"{stock.mode}_lemmatize")
        self.lemmas: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def fits(stock: Lemmatizer) -> bool:
        """Return whether the stock lemmatizer's answer depends only on the token's text, POS and morphology."""
        return stock.mode in PURE_LEMMA_MODES

    def __call__(self, doc: Doc) -> Doc:
        """Return doc with a lemma on every token the stock lemmatizer would set."""
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [
            lemma if lemma and not self.stock.overwrite else self._lemma(doc, i, (orth, pos, morph))
            for i, (orth, pos, morph, lemma) in enumerate(rows)
        ]
        doc.from_array([LEMMA], _uint64(lemmas))
        return doc

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        lemma = self.lemmas.get(key)
        if lemma is None:
            if len(self.lemmas) >= MAX_TABLE:
                self.lemmas.clear()
            lemma = self.lemmas[key] = doc.vocab.strings.add(self.lemmatize(doc[i])[0])
        return lemma


def _uint64(values: list[Any]) -> Any:
    """Return the values as the uint64 array Doc.from_array takes (spaCy types it as Ints2d)."""
    return numpy.array(values, dtype=numpy.uint64)


def _with_set_indexes(stock: Lemmatizer) -> Lemmatizer:
    """Return a copy of the lemmatizer whose word indexes are sets: the stock lists make each lookup a scan."""
    from spacy.lookups import Lookups

    lookups = Lookups()
    for name in stock.lookups.tables:
        table = stock.lookups.get_table(name)
        copied = lookups.add_table(name)
        for key, value in table.items():  # keys are hashes already; Table.set keeps them as they are
            copied.set(key, frozenset(value) if name == "lemma_index" and isinstance(value, list) else value)
    clone = copy.copy(stock)
    clone.lookups, clone.cache = lookups, {}
    return clone


STAND_INS: dict[str, Any] = {"attribute_ruler": TabledAttributeRuler, "lemmatizer": TabledLemmatizer}


def make_stand_in(nlp: Language, name: str, stock: str) -> TabledAttributeRuler | TabledLemmatizer:
    """Return the table-driven stand-in for the pipe named `stock` (a spaCy factory: config holds names only)."""
    return STAND_INS[stock](nlp.get_pipe(stock))


def use_lookup_tables(nlp: Language) -> None:
    """Swap the attribute ruler and lemmatizer for their stand-ins, under the same names, where they fit."""
    from spacy.language import Language

    if not Language.has_factory("explorer_lookup_pipe"):
        Language.factory("explorer_lookup_pipe", func=make_stand_in)
    for stock, stand_in in STAND_INS.items():
        if stock not in nlp.pipe_names or not stand_in.fits(nlp.get_pipe(stock)):
            continue
        nlp.add_pipe("explorer_lookup_pipe", name=f"{stock}_table", after=stock, config={"stock": stock})
        nlp.remove_pipe(stock)
        nlp.rename_pipe(f"{stock}_table", stock)
