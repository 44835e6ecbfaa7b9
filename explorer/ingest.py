"""Read an article from pasted text or a .txt/.md/.html file, with a clear message for bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .errors import ExplorerError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
MAX_BYTES = 20 * 1024 * 1024


class InputError(ExplorerError):
    """The input cannot be analysed; the message tells the user why."""


@dataclass
class Article:
    """The text to analyse (for HTML: the extracted main text), its title and any notes."""

    text: str
    title: str | None = None
    source: str = "text"
    notes: list[str] = field(default_factory=list)


def read_article(path: str | Path) -> Article:
    """Return the article stored in a .txt, .md or .html file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{path.name} is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB.")
    return article_from_bytes(path.read_bytes(), path.name)


def article_from_bytes(data: bytes, name: str = "upload.txt") -> Article:
    """Return the article in an uploaded file's bytes, decoding and extracting as needed."""
    suffix = Path(name).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise InputError(f"{name}: only .txt, .md and .html files can be analysed.")
    text, notes = decode_text(data, name)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        article = article_from_html(text)
        article.notes = notes + article.notes
        return article
    title, body = split_markdown_title(text) if suffix in {".md", ".markdown"} else (None, text)
    return _checked(Article(text=body, title=title, source="file", notes=notes))


def article_from_text(text: str, title: str | None = None) -> Article:
    """Return pasted text as an article (HTML pasted by mistake is extracted)."""
    if _looks_like_html(text):
        article = article_from_html(text)
        article.title = title or article.title
        return article
    return _checked(Article(text=text, title=(title or "").strip() or None))


def article_from_html(html: str) -> Article:
    """Return the main text of an HTML page, without scripts, menus and boilerplate."""
    import trafilatura  # imported late: it is only needed for HTML

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    if not text.strip():
        raise InputError("No article text was found in this HTML page.")
    return _checked(Article(text=text, title=title, source="html", notes=["Main text extracted from HTML."]))


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Return data decoded as text, or raise InputError when it is not a text file."""
    if _is_binary(data):
        raise InputError(f"{name} is not a text file (it looks like binary data such as an image or PDF).")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    guess = _likeliest_decoding(data)
    if guess is not None:
        text, encoding = guess
        return text, [f"{name} is not UTF-8; it was decoded as {encoding}."]
    return data.decode("utf-8", errors="replace"), [f"{name} is not valid UTF-8; unreadable bytes were replaced."]


def split_markdown_title(text: str) -> tuple[str | None, str]:
    """Return (title, body) when text starts with a '# ' heading, else (None, text)."""
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    if first.startswith("# "):
        return first[2:].strip() or None, rest.lstrip("\n")
    return None, text


def _likeliest_decoding(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) of the likeliest decoding, or None when nothing fits."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    # on short text the language scores are noise, and DOS or Central European code pages win them,
    # turning "Jørgen" into "J°rgen": like browsers, take Windows-1252 whenever it decodes as cleanly as any
    least_chaos = min(m.chaos for m in matches)
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset and m.chaos <= least_chaos), None)
    return (str(western), "cp1252") if western is not None else (str(best), best.encoding)


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")):
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return bool(head) and controls / len(head) > 0.05


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _checked(article: Article) -> Article:
    if not article.text.strip():
        raise InputError("The article is empty: paste or upload some text first.")
    return article


def json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed value) or (line number, why it is not JSON); raise InputError for no file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc.msg})"
