"""The bundled sample article, a fictional wire story used for demos and tests."""

from __future__ import annotations

from pathlib import Path

SAMPLE_FILE = Path(__file__).parent / "data" / "sample_article.md"


def load_sample() -> tuple[str, str]:
    """Return (title, text) of the sample article; text excludes the '# Title' line."""
    first, _, rest = SAMPLE_FILE.read_text(encoding="utf-8").partition("\n")
    return first.removeprefix("#").strip(), rest.strip() + "\n"
