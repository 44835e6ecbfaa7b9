"""The offline backend: deterministic spaCy rules behind the same interface as the LLM backend."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from explorer.findings import SectionFindings
from explorer.offline.nlp import load_nlp, model_label

if TYPE_CHECKING:
    from spacy.tokens import Doc

RULES_VERSION = "35"  # bump whenever the rules change: it is part of the cache key


def rules_identity() -> dict[str, Any]:
    """Return everything that changes the rules' answer, known without loading spaCy (so cache hits stay fast)."""
    return {"backend": "offline", "analyser": "spacy-rules", "version": RULES_VERSION, "model": model_label()}


def findings_from_doc(doc: Doc) -> SectionFindings:
    """Return the actors, claims and stances found in one parsed section."""
    from explorer.offline.actors_local import build_index  # the rules import spaCy: only a parse needs them
    from explorer.offline.attribution import extract_claims
    from explorer.offline.parsed import ParsedDoc
    from explorer.offline.stance import extract_stances

    parse = ParsedDoc(doc)  # one plain copy of the parse for every rule: spaCy's Token objects are made per access
    try:
        index = build_index(parse)
        claims = extract_claims(parse, index)
        stances = extract_stances(parse, claims, index)
    finally:
        parse.release()
    return SectionFindings(actors=list(index.actors.values()), claims=claims, stances=stances)


class OfflineExtractor:
    """Extracts findings with spaCy parses and hand-written rules; no network, fully deterministic."""

    def __init__(self) -> None:
        """Load the shared spaCy pipeline and describe this backend."""
        self.nlp = load_nlp()
        self.identity = rules_identity()

    def extract(self, section_text: str) -> SectionFindings:
        """Return the findings of one section; spans are relative to section_text."""
        return findings_from_doc(self.nlp(section_text))

    def extract_each(self, texts: list[str]) -> list[SectionFindings | Exception]:
        """Return each section's findings from one batched parse; a section that fails gives its exception."""
        try:
            docs = list(self.nlp.pipe(texts, batch_size=len(texts)))
        except Exception:  # a text the parser cannot take: parse one by one, so only that section fails
            return [_findings_or_error(partial(self.extract, text)) for text in texts]
        return [_findings_or_error(partial(findings_from_doc, doc)) for doc in docs]

    def extract_many(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> list[SectionFindings]:
        """Return the findings of many sections, parsed in batches (n_process > 1 forks parser workers)."""
        docs = self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        return [findings_from_doc(doc) for doc in docs]


def _findings_or_error(findings: Callable[[], SectionFindings]) -> SectionFindings | Exception:
    try:
        return findings()
    except Exception as exc:  # the caller fails this one section with it
        return exc
