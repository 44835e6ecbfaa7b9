"""Text from the article, the model or an endpoint, made safe for Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def plain(text: object) -> str:
    """Return text with every Markdown (and LaTeX `$`) character escaped, so it shows as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))
