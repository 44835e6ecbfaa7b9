"""A read-only copy of one spaCy parse in plain Python objects, built once per section for the rules.

spaCy makes a new Token object on every `doc[i]`, `.head`, `.children` or `for t in doc`, and looks each string
up again on every access: the rules walked the tree so often that this cost more than the rules themselves.
`ParsedDoc`, `Word` and `Phrase` answer the same questions (`.head`, `.children`, `.subtree`, `.sent`,
`doc[a:b]`, `doc.char_span` ...) with the same answers, from lists made once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from operator import add
from typing import Any, overload

from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.strings import StringStore
from spacy.tokens import Doc

STRINGS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE]  # hashes (and part-of-speech symbols) of strings
NUMBERS = [HEAD, SPACY, SENT_START, ENT_IOB]
MAX_NAMES = 500_000  # distinct strings remembered across sections (a hash always names the same string)
FLAGS = [IS_PUNCT, IS_SPACE, IS_ALPHA]


class Word:
    """One token of a parse: spaCy's Token attributes the rules read, as plain fields."""

    __slots__ = (
        "doc",
        "i",
        "idx",
        "text",
        "lower_",
        "lemma_",
        "lemma_lower",
        "pos_",
        "tag_",
        "dep_",
        "ent_type_",
        "is_punct",
        "is_space",
        "is_alpha",
        "head",
        "children",
        "left_edge",
        "right_edge",
    )

    doc: ParsedDoc
    i: int
    idx: int
    text: str
    lower_: str
    lemma_: str
    lemma_lower: str  # lemma_.lower(), asked for by nearly every rule (not in spaCy)
    pos_: str
    tag_: str
    dep_: str
    ent_type_: str
    is_punct: bool
    is_space: bool
    is_alpha: bool
    head: Word
    children: tuple[Word, ...]  # lefts then rights, in text order, as spaCy yields them
    left_edge: Word
    right_edge: Word

    def __len__(self) -> int:
        """Return the number of characters, as len(Token) does."""
        return len(self.text)

    def __repr__(self) -> str:
        """Return the token text, as spaCy shows a Token."""
        return self.text

    @property
    def lefts(self) -> tuple[Word, ...]:
        """Return the children before the word."""
        return tuple([child for child in self.children if child.i < self.i])

    @property
    def rights(self) -> tuple[Word, ...]:
        """Return the children after the word."""
        return tuple([child for child in self.children if child.i > self.i])

    @property
    def steps_up(self) -> dict[int, int]:
        """Return the arcs from the word up to itself and each ancestor, by position, nearest first (not in spaCy)."""
        steps = self.doc._steps_up.get(self.i)
        if steps is None:
            steps = self.doc._steps_up[self.i] = {word.i: n for n, word in enumerate((self, *self.ancestors))}
        return steps

    @property
    def subtree(self) -> tuple[Word, ...]:
        """Return the word and its descendants in spaCy's order (each left child's subtree, self, right ones)."""
        subtree = self.doc._subtrees.get(self.i)
        if subtree is None:
            found, waiting = [], [self]  # depth first without recursion; a word seen twice is written out
            seen: set[int] = set()
            while waiting:
                word = waiting.pop()
                if word.i in seen or not word.children:
                    found.append(word)
                    continue
                seen.add(word.i)
                # popped in reverse: the left children's subtrees, the word itself, then the right ones'
                waiting += [child for child in reversed(word.children) if child.i > word.i]
                waiting.append(word)
                waiting += [child for child in reversed(word.children) if child.i < word.i]
            subtree = self.doc._subtrees[self.i] = tuple(found)
        return subtree

    @property
    def ancestors(self) -> Iterator[Word]:
        """Yield the head, its head and so on up to the sentence root."""
        word = self
        while word.head is not word:
            word = word.head
            yield word

    @property
    def sent(self) -> Phrase:
        """Return the sentence holding the word."""
        return self.doc.sents[bisect_right(self.doc._sentence_starts, self.i) - 1]

    @property
    def norm_(self) -> str:
        """Return the norm, as spaCy has it (asked for rarely: read from spaCy's token)."""
        return self.doc.spacy[self.i].norm_

    @property
    def is_title(self) -> bool:
        """Return whether the word is written in title case, as spaCy's flag has it (read from spaCy's token)."""
        return self.doc.spacy[self.i].is_title

    def nbor(self, offset: int = 1) -> Word:
        """Return the word offset places away; IndexError past either end, as spaCy raises."""
        position = self.i + offset
        if position < 0 or position >= len(self.doc.words):
            raise IndexError(f"No word at {position}")
        return self.doc.words[position]


class Phrase:
    """A run of words doc[start:end], spaCy's Span for the rules: an entity, a sentence or a slice."""

    __slots__ = ("doc", "start", "end", "label_", "_root")

    def __init__(self, doc: ParsedDoc, start: int, end: int, label: str = "") -> None:
        """Hold the word range [start, end) of doc, with an entity label if any."""
        self.doc, self.start, self.end, self.label_ = doc, start, end, label
        self._root: Word | None = None

    def __len__(self) -> int:
        """Return the number of words."""
        return self.end - self.start

    def __iter__(self) -> Iterator[Word]:
        """Yield the words in order."""
        return iter(self.doc.words[self.start : self.end])

    def __reversed__(self) -> Iterator[Word]:
        """Yield the words from the last."""
        return reversed(self.doc.words[self.start : self.end])

    @overload
    def __getitem__(self, key: int) -> Word: ...

    @overload
    def __getitem__(self, key: slice) -> Phrase: ...

    def __getitem__(self, key: int | slice) -> Word | Phrase:
        """Return a word by position in the phrase (negative from its end) or a sub-phrase."""
        if isinstance(key, slice):
            start, end = _bounds(key, len(self))
            return Phrase(self.doc, self.start + start, self.start + end)
        if key < -len(self) or key >= len(self):
            raise IndexError(f"No word at {key}")
        return self.doc.words[self.start + key if key >= 0 else self.end + key]

    def __repr__(self) -> str:
        """Return the phrase text."""
        return self.text

    @property
    def start_char(self) -> int:
        """Return the character offset where the phrase begins."""
        return self.doc.words[self.start].idx if self.start < self.end else self._empty_offset()

    @property
    def end_char(self) -> int:
        """Return the character offset just after the phrase's last word."""
        if self.start == self.end:
            return self._empty_offset()
        last = self.doc.words[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        """Return the phrase's text without its trailing space."""
        return self.doc.text[self.start_char : self.end_char]

    @property
    def root(self) -> Word:
        """Return the word nearest the sentence root, the first of equals, exactly as spaCy picks it."""
        if self._root is None:
            self._root = _root(self.doc, self.start, self.end)
        return self._root

    @property
    def sent(self) -> Phrase:
        """Return the sentence holding the phrase's first word."""
        return self.doc.words[self.start].sent

    def _empty_offset(self) -> int:
        """Return where an empty phrase sits, as spaCy's empty Span reports it."""
        return self.doc.spacy[self.start : self.end].start_char


class ParsedDoc:
    """All words, sentences and entities of one spaCy Doc, made once; read by every rule."""

    def __init__(self, doc: Doc) -> None:
        """Copy the parse of doc: strings are looked up once per distinct value, the tree is linked once."""
        self.spacy = doc
        columns = _columns(doc)
        strings = _strings(doc, columns[: len(STRINGS)])
        heads, spaces, sent_starts, iobs = columns[len(STRINGS) : -len(FLAGS)]
        self.text = "".join(map(str.__add__, strings[0], map(" ".__mul__, spaces)))  # each word and its space
        self.words = _words(self, strings, columns[-len(FLAGS) :], spaces)
        _link(self.words, list(map(add, range(len(heads)), heads)))  # offsets to positions
        # spaCy's sentences: each begins at the first word or at a word marked as a start
        self._sentence_starts = [i for i, start in enumerate(sent_starts) if i == 0 or start == 1]
        ends = self._sentence_starts[1:] + [len(self.words)]
        self.sents = [Phrase(self, start, end) for start, end in zip(self._sentence_starts, ends, strict=True)]
        self.ents = _entities(self, iobs)
        self._subtrees: dict[int, tuple[Word, ...]] = {}  # made on demand: few words are asked for theirs
        self._steps_up: dict[int, dict[int, int]] = {}

    def __len__(self) -> int:
        """Return the number of words."""
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        """Yield the words in order."""
        return iter(self.words)

    @overload
    def __getitem__(self, key: int) -> Word: ...

    @overload
    def __getitem__(self, key: slice) -> Phrase: ...

    def __getitem__(self, key: int | slice) -> Word | Phrase:
        """Return a word (negative positions count from the end, as in spaCy) or the phrase doc[a:b]."""
        if isinstance(key, slice):
            return Phrase(self, *_bounds(key, len(self.words)))
        return self.words[key]

    def char_span(self, start: int, end: int, alignment_mode: str = "expand") -> Phrase | None:
        """Return the words touching the characters [start, end), as spaCy's char_span expands them, or None."""
        if alignment_mode != "expand":
            raise ValueError("Only alignment_mode='expand' is supported.")
        first, last = self._word_at(start), self._word_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.words[first].idx + len(self.words[first].text):
            first += 1  # the start falls in the spaces after a word: that word is not touched
        if first > last + 1:
            raise IndexError(f"No words between characters {start} and {end}.")  # spaCy's Span refuses it too
        return Phrase(self, first, last + 1)

    def release(self) -> None:
        """Unlink the words (they point at each other) so they are freed at once, not by the garbage collector."""
        for word in self.words:
            del word.doc, word.head, word.left_edge, word.right_edge, word.children
        self.words, self.sents, self.ents = [], [], []

    def _word_at(self, char: int) -> int:
        """Return the word whose text or following spaces hold a character offset, or -1."""
        if char < 0 or char >= len(self.text):
            return -1
        return bisect_right(self._starts, char) - 1

    @cached_property
    def _starts(self) -> list[int]:
        """Return where each word starts, in order."""
        return [word.idx for word in self.words]

    @cached_property
    def _heads(self) -> set[int]:
        """Return the positions of the words that head another."""
        return {word.head.i for word in self.words if word.head is not word}


def parsed(doc: Doc | ParsedDoc) -> ParsedDoc:
    """Return the plain copy of a parse, made only when given a spaCy Doc."""
    return doc if isinstance(doc, ParsedDoc) else ParsedDoc(doc)


def _bounds(key: slice, length: int) -> tuple[int, int]:
    """Return a slice's [start, end) clipped to length; an end before the start gives an empty run, as in spaCy."""
    if key.step not in (None, 1):
        raise ValueError("Words are sliced without a step.")
    start, end, _ = key.indices(length)
    return start, max(start, end)


def _words(doc: ParsedDoc, strings: list[list[str]], flags: list[list[bool]], spaces: list[int]) -> list[Word]:
    """Return the words with their strings, flags and offsets (not yet linked)."""
    global _LOWERED
    if len(_LOWERED) > MAX_NAMES:
        _LOWERED = _Lowered()
    text, lower, lemma, pos, tag, dep, ent_type = strings
    lemma_lower = list(map(_LOWERED.__getitem__, lemma))
    punct, space, alpha = flags
    words, idx = [], 0
    for i in range(len(text)):
        word = Word()
        word.doc, word.i, word.idx, word.text = doc, i, idx, text[i]
        word.lower_, word.lemma_, word.lemma_lower = lower[i], lemma[i], lemma_lower[i]
        word.pos_, word.tag_, word.dep_, word.ent_type_ = pos[i], tag[i], dep[i], ent_type[i]
        word.is_punct, word.is_space, word.is_alpha = punct[i], space[i], alpha[i]
        words.append(word)
        idx += len(text[i]) + spaces[i]
    return words


def _columns(doc: Doc) -> list[list[Any]]:
    """Return one list per attribute (STRINGS, NUMBERS, FLAGS) with its value for every token, from one array."""
    if not len(doc):
        return [[] for _ in STRINGS + NUMBERS + FLAGS]
    array = doc.to_array(STRINGS + NUMBERS + FLAGS)
    numbers = array[:, len(STRINGS) : -len(FLAGS)].astype("int64")  # heads are offsets, some negative
    flags = array[:, -len(FLAGS) :].astype(bool)
    return array[:, : len(STRINGS)].T.tolist() + numbers.T.tolist() + flags.T.tolist()


class _Names(dict[int, str]):
    """Strings by hash, each looked up in spaCy's string store the first time it is asked for."""

    def __init__(self, strings: StringStore) -> None:
        """Start empty, over one string store."""
        super().__init__()
        self.strings = strings

    def __missing__(self, value: int) -> str:
        """Return the string of a hash not seen before, and remember it."""
        name = self[value] = self.strings[value]
        return name


_NAMES = _Names(StringStore())


class _Lowered(dict[str, str]):
    """Lower-case forms of strings, each made the first time it is asked for."""

    def __missing__(self, text: str) -> str:
        """Return a string in lower case, and remember it."""
        lowered = self[text] = text.lower()
        return lowered


_LOWERED = _Lowered()  # lemmas only: as many entries as distinct lemmas


def _strings(doc: Doc, columns: list[list[Any]]) -> list[list[str]]:
    """Return the string attributes per token; a hash seen in an earlier section is not looked up again."""
    global _NAMES
    names = _NAMES
    if names.strings is not doc.vocab.strings or len(names) > MAX_NAMES:
        names = _NAMES = _Names(doc.vocab.strings)  # a new one, not cleared: a thread still reading keeps its own
    return [list(map(names.__getitem__, column)) for column in columns]


def _root(doc: ParsedDoc, start: int, end: int) -> Word:
    """Return spaCy's Span.root of doc[start:end]: a sentence root inside, else the fewest steps to one."""
    words = doc.words[start:end]
    root = next((w for w in words if w.head is w), None)
    if root is not None:
        return root
    fewest = len(doc.words)
    for word in words:
        if start <= word.head.i < end:
            continue
        steps = _steps_to_root(word, doc)
        if steps < fewest:
            fewest, root = steps, word
    return root or doc.words[start]


def _steps_to_root(word: Word, doc: ParsedDoc) -> int:
    """Return the arcs from a word up to its sentence root; a lone space or punctuation mark counts as far away."""
    if (word.is_space or word.is_punct) and word.i not in doc._heads:
        return len(doc.words) - 1
    steps = 0
    while word.head is not word:
        word, steps = word.head, steps + 1
    return steps


def _link(words: list[Word], heads: list[int]) -> None:
    """Set each word's head, subtree edges and children, exactly as spaCy reports them."""
    left, right = _edges(heads)
    children: dict[int, list[Word]] = {}
    for word, head, first, last in zip(words, heads, left, right, strict=True):
        word.head, word.left_edge, word.right_edge = words[head], words[first], words[last]
        if head != word.i:
            children.setdefault(head, []).append(word)
    for word in words:
        found, i = children.get(word.i), word.i
        if not found:
            word.children = ()
        elif left[i] <= found[0].i and found[-1].i <= right[i]:  # in order: the first and last tell
            word.children = tuple(found)
        else:  # spaCy looks for children only between the edges, which can miss one in a non-projective tree
            word.children = tuple([c for c in found if left[i] <= c.i <= right[i]])


def _edges(heads: list[int]) -> tuple[list[int], list[int]]:
    """Return each word's leftmost and rightmost descendant as spaCy's set_children_from_heads computes them.

    spaCy passes over the words forwards and backwards, again while some head lies outside its sentence (a
    non-projective tree), at most twelve times: its edges can stop short of a descendant, and the rules read them.
    """
    left, right = list(range(len(heads))), list(range(len(heads)))
    order = [*range(len(heads)), *range(len(heads) - 1, -1, -1)]
    for _ in range(12):
        for i in order:
            head = heads[i]
            if left[i] < left[head]:
                left[head] = left[i]
            if right[i] > right[head]:
                right[head] = right[i]
        if _heads_within_sentences(heads, left):
            break
    return left, right


def _heads_within_sentences(heads: list[int], left: list[int]) -> bool:
    """Return spaCy's test that every head lies within the sentence its edges give (its last-word quirk kept)."""
    if not heads:
        return True
    # a sentence runs from one boundary (a root's left edge, or the last word) up to the next, which it includes
    ends = sorted({left[i] for i, head in enumerate(heads) if head == i and left[i] > 0} | {len(heads) - 1})
    sentence_start = 0
    for end in ends:
        words_heads = heads[sentence_start:end]
        if words_heads and (min(words_heads) < sentence_start or max(words_heads) > end):
            return False
        sentence_start = end
    return True


def _entities(doc: ParsedDoc, iobs: list[int]) -> list[Phrase]:
    """Return the labelled entities from the words' IOB codes, as spaCy's Doc.ents reads them."""
    found, start = [], -1
    for word, iob in zip(doc.words, iobs, strict=True):
        if iob == 1 and start == -1:  # I without B: spaCy refuses the doc
            raise ValueError(f"An entity continues at word {word.i} without beginning.")
        if iob in (0, 2, 3) and start != -1:
            found.append(Phrase(doc, start, word.i, doc.words[start].ent_type_))
            start = -1
        if iob == 3 and word.ent_type_:
            start = word.i
    if start != -1:
        found.append(Phrase(doc, start, len(doc.words), doc.words[start].ent_type_))
    return [e for e in found if e.label_]
