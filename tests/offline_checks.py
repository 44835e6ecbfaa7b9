"""What the offline analyser's tests read from its findings."""

from __future__ import annotations

from explorer.offline import OfflineExtractor


def claims_by_text(extractor: OfflineExtractor, text: str) -> dict[str, str | None]:
    """Return the speaker of every claim found in the text, keyed by the claim's text."""
    return {c.text: c.speaker for c in extractor.extract(text).claims}
