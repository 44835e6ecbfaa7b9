"""Short articles the team wrote for tests (fictional people and places)."""

from __future__ import annotations

PARAGRAPHS = [
    "“The harbour plan will cost the town its fishing fleet,” said Mara Lind. Lind chairs the dockworkers' union.",
    "“We have listened to every objection and the plan is sound,” said Tomas Berg. Berg is the port authority chief.",
    "Mara Lind criticised Tomas Berg at a packed meeting on Tuesday evening in the old customs hall.",
    "“Nobody asked the families who live on the quay,” said Ilse Varga, a councillor for the harbour ward.",
]


def long_article(paragraphs: int = 32) -> str:
    """Return an article of many short paragraphs (each a section at a small token budget)."""
    return "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] + f" Update {i}." for i in range(paragraphs))
