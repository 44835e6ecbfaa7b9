"""What the engine handles poorly: very large articles for an LLM run, non-English text offline."""

from __future__ import annotations

import re

LARGE_ARTICLE_TOKENS = 50_000  # about 35,000 words: dozens of calls, minutes and real money
OFFLINE_LANGUAGE_NOTE = (
    "The offline analyser is built for English; results for this text may be poor — use an LLM backend."
)
_SAMPLE_CHARS = 20_000
_MIN_LETTERS = 40  # below this a language guess is noise
_WORD = re.compile(r"[^\W\d_]+")
_STOP_WORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had it its "
    "this that these those he she they we i you his her their our not no said says will would "
    "can could there which who what when than then also after before about into over".split()
)


def large_article_warning(tokens: int, section_tokens: int = 1200) -> str | None:
    """Return a warning to show before an LLM run on a very large article, or None."""
    if tokens < LARGE_ARTICLE_TOKENS:
        return None
    calls = -(-tokens // max(1, section_tokens))
    return (
        f"This article is very large (about {tokens:,} tokens): an LLM run makes about {calls:,} calls, "
        "may take several minutes and costs money — check the cost estimate first, or use the offline analyser."
    )


def looks_english(text: str) -> bool:
    """Return False when text is clearly not English (few ASCII letters or few English stop words)."""
    sample = text[:_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return True
    if sum(c.isascii() for c in letters) / len(letters) < 0.8:
        return False
    words = _WORD.findall(sample.lower())
    return sum(w in _STOP_WORDS for w in words) / len(words) >= 0.15


def offline_language_note(text: str) -> str | None:
    """Return the note the offline analyser adds for text that is not English, or None."""
    return None if looks_english(text) else OFFLINE_LANGUAGE_NOTE


MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # every way in: a file, standard input, a batch line, an upload, pasted text


def size_problem(size: int, name: str) -> str | None:
    """Return why an input of size bytes is refused (it passes the limit), or None when it fits."""
    if size <= MAX_ARTICLE_BYTES:  # read at call time, so a test can lower the limit
        return None
    return f"{name} is larger than the {MAX_ARTICLE_BYTES // 1024 // 1024} MB limit; split it or trim it first."
