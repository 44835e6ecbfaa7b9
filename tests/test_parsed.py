"""The plain copy of a parse the offline rules read: every answer the same as spaCy's own."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span, Token

from explorer.offline.nlp import load_nlp
from explorer.offline.parsed import ParsedDoc, Phrase, Word
from tests.articles import PARAGRAPHS

FIELDS = "i idx text lower_ lemma_ norm_ pos_ tag_ dep_ ent_type_ is_punct is_space is_alpha is_title".split()


def word_facts(word: Token | Word) -> list[object]:
    """Return what the rules read of a word, with related words by position."""
    tree = [word.head, *word.children, *word.lefts, *word.rights, *word.subtree, *word.ancestors]
    edges = [word.left_edge.i, word.right_edge.i, word.sent.start, word.sent.end, len(word)]
    return [getattr(word, name) for name in FIELDS] + [t.i for t in tree] + [len(list(word.children))] + edges


def phrase_facts(phrase: Span | Phrase | None) -> object:
    """Return where a phrase lies, its text, label and root."""
    if phrase is None:
        return None
    return (phrase.start, phrase.end, phrase.start_char, phrase.end_char, phrase.text, phrase.label_, phrase.root.i)


@pytest.mark.parametrize("text", ["\n\n".join(PARAGRAPHS), "   ", "“We will not,” she said.\n\nHe left."])
def test_the_copy_answers_as_spacy_does(text: str) -> None:
    doc = load_nlp()(text)
    copy = ParsedDoc(doc)
    assert copy.text == doc.text
    assert [word_facts(w) for w in copy] == [word_facts(t) for t in doc]
    assert [phrase_facts(s) for s in copy.sents] == [phrase_facts(s) for s in doc.sents]
    assert [phrase_facts(e) for e in copy.ents] == [phrase_facts(e) for e in doc.ents]
    runs = [(a, b) for a in range(len(doc)) for b in range(a + 1, min(a + 6, len(doc)) + 1)]
    assert [phrase_facts(copy[a:b]) for a, b in runs] == [phrase_facts(doc[a:b]) for a, b in runs]
    chars = [(a, a + n) for a in range(-1, len(text) + 2, 3) for n in (1, 4, 17)]
    assert [phrase_facts(copy.char_span(a, b)) for a, b in chars] == [
        phrase_facts(doc.char_span(a, b, alignment_mode="expand")) for a, b in chars
    ]


def test_a_crossing_tree_keeps_the_edges_spacy_gives_it() -> None:
    # the last word hangs on the second across the third: spaCy's edges stop short of it (the first word's right
    # edge is the fourth word), and its children are looked for between those edges
    words = ["Said", "quietly", "she", "then", "again"]
    deps = ["ROOT", "advmod", "nsubj", "advmod", "advmod"]
    doc = Doc(load_nlp().vocab, words=words, heads=[0, 2, 0, 0, 1], deps=deps)
    assert doc[0].right_edge.i == 3  # spaCy's own answer: the tree has a descendant further right
    assert [word_facts(w) for w in ParsedDoc(doc)] == [word_facts(t) for t in doc]


def test_a_released_copy_lets_go_of_its_words() -> None:
    copy = ParsedDoc(load_nlp()("Mara Lind said the quay would reopen."))
    copy.release()
    assert len(copy) == 0 and not copy.sents and not copy.ents
