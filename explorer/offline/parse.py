"""Parse helpers that the actor, attribution and stance rules share: cached text, spans, subjects and speakers."""

from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """Return doc.text, built once per doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("explorer_text")
    if text is None:
        text = doc.user_data["explorer_text"] = doc.text
    return text
