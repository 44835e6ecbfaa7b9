"""The table-driven attribute ruler and lemmatizer set exactly what spaCy's stock pipes set."""

from __future__ import annotations

import importlib

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from explorer.offline.lookup_pipes import TabledAttributeRuler, TabledLemmatizer
from explorer.offline.nlp import MODEL_MODULES, load_nlp
from tests.articles import PARAGRAPHS, long_article
from tests.summary_articles import SURVEY_SHIPS, TRANSPORT_LAW

# Team-written lines that reach the ruler's several-token and regex exceptions and the lemmatizer's odd cases.
ODD_LINES = [
    "There is a ferry at noon, and there were two more on Monday; it's gon na rain, y'all.",
    '"I ain\'t got nothin\' to say," the skipper said. "Let\'s go, we got ta leave."',
    "C'mon, the harbour gets busier every spring, and the union got its way in 2019.",
    "Ms. Lind's   councillors\n\nwere re-elected; the Port Authority's levies rose 3.5% — Berg's did not.",
]
TEXTS = [*PARAGRAPHS, long_article(6), TRANSPORT_LAW, SURVEY_SHIPS, *ODD_LINES]


def token_attributes(doc: Doc) -> list[tuple[object, ...]]:
    """Return what the rules read of every token."""
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc
    ]


@pytest.fixture(scope="module")
def stock() -> Language:
    """The installed model with the stock attribute ruler and lemmatizer (and our paragraph breaks)."""
    load_nlp()  # registers the paragraph_breaks component
    for name in MODEL_MODULES:
        try:
            nlp = importlib.import_module(name).load()
        except ImportError:
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    pytest.skip("no English spaCy model installed")


def test_the_analyser_runs_the_table_driven_pipes() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), TabledAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), TabledLemmatizer)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_tables_give_the_stock_token_attributes(stock: Language, text: str) -> None:
    assert token_attributes(load_nlp()(text)) == token_attributes(stock(text))


def blank_doc(nlp: Language) -> Doc:
    words = ["The", "harbour", "is", "gon", "na", "close", ",", "nothin'", "changes", "there"]
    tags = ["DT", "NN", "VBZ", "VBG", "TO", "VB", ",", "NN", "VBZ", "EX"]
    deps = ["det", "nsubj", "aux", "ROOT", "aux", "xcomp", "punct", "nsubj", "conj", "expl"]
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=[1, 3, 3, 3, 5, 3, 3, 8, 3, 8])


def test_later_rules_win_and_exceptions_apply_as_in_the_stock_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"})
    ruler.add([[{"LOWER": "harbour", "TAG": "NN"}]], {"POS": "PROPN"})
    ruler.add([[{"TAG": {"IN": ["VBZ", "VBP"]}}]], {"POS": "VERB", "LEMMA": "be"})
    ruler.add([[{"TAG": {"NOT_IN": ["NN", "DT"]}, "DEP": "expl"}]], {"POS": "PRON"})
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], {"LEMMA": "nothing", "TAG": "NN"})
    ruler.add([[{"TAG": "VBZ", "LOWER": "changes"}]], {"LEMMA": "change"})
    assert TabledAttributeRuler.fits(ruler)
    expected, got = ruler(blank_doc(nlp)), TabledAttributeRuler(ruler)(blank_doc(nlp))
    assert token_attributes(got) == token_attributes(expected)
    assert [t.pos_ for t in got][:3] == ["", "PROPN", "VERB"]  # the later, narrower rule wins for "harbour"


def test_a_ruler_with_quantifiers_keeps_the_stock_pipe() -> None:
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"POS": "ADJ"})
    assert not TabledAttributeRuler.fits(ruler)
