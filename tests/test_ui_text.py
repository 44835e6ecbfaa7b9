"""Text shown through Streamlit's Markdown appears as typed: no links, images, LaTeX or emphasis."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from ui.text import plain


@pytest.mark.parametrize(
    "text",
    [
        "Costs rose from $5 to $7 a tonne",
        "![tracker](https://example.invalid/pixel.png)",
        "[click](https://example.invalid)",
        "**bold** and _under_ and `code`",
        "# not a heading",
        "<b>tag</b> | pipe",
        "1. not a list",
    ],
)
def test_markdown_renders_the_text_exactly(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(plain(text))
    assert "<img" not in rendered and "<a " not in rendered and "<strong>" not in rendered
    assert "<code>" not in rendered and "<h1>" not in rendered and "<ol>" not in rendered
    assert plain(text).replace("\\", "") == text.replace("\\", "")
