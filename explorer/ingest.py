"""Read an article from pasted text or a .txt/.md/.html file, with a clear message for bad input."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from charset_normalizer import from_bytes

from . import limits
from .errors import ExplorerError
from .limits import MAX_ARTICLE_BYTES

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
MAX_BYTES = MAX_ARTICLE_BYTES  # kept for callers that import it from here; limits.MAX_ARTICLE_BYTES rules
# longest first: the UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_FRONT_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


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
    _refuse_large(path.stat().st_size, path.name)
    with path.open("rb") as file:  # read at most the limit: the file may have grown since stat
        return article_from_bytes(read_limited(file, path.name), path.name)


def read_stdin_article(stream: BinaryIO) -> Article:
    """Return the article piped in on stream (standard input's bytes), decoded like a file."""
    return article_from_bytes(read_limited(stream, "standard input"), "stdin")


def read_text_file(path: str | Path) -> str:
    """Return a small text file's contents (a summary, say), decoded like an article file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    with path.open("rb") as file:
        text, _ = decode_text(read_limited(file, path.name), path.name)
    return text


def read_limited(stream: BinaryIO, name: str) -> bytes:
    """Return every byte of stream, or raise InputError as soon as it passes the size limit."""
    data = stream.read(limits.MAX_ARTICLE_BYTES + 1)
    _refuse_large(len(data), name)
    return data


def article_from_bytes(data: bytes, name: str = "upload.txt") -> Article:
    """Return the article in an uploaded file's bytes, decoding and extracting as needed."""
    suffix = Path(name).suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise InputError(f"{name}: only .txt, .md and .html files can be analysed.")
    _refuse_large(len(data), name)
    text, notes = decode_text(data, name)
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        article = article_from_html(text)
        article.notes = notes + article.notes
        return article
    title, body = split_markdown_title(text) if suffix in MARKDOWN_SUFFIXES else (None, text)
    return _checked(Article(text=body, title=title, source="file", notes=notes))


def article_from_text(text: str, title: str | None = None) -> Article:
    """Return pasted text as an article (HTML pasted by mistake is extracted)."""
    _refuse_large(len(text.encode("utf-8", errors="replace")), "The text")
    if _looks_like_html(text):
        article = article_from_html(text)
        article.title = title or article.title
        return article
    return _checked(Article(text=text, title=(title or "").strip() or None))


def headline(text: str) -> str:
    """Return the article's first line when it reads like a headline (short, no closing punctuation), else ""."""
    first, newline, rest = text.strip().partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not first or len(first) > 150 or len(first.split()) > 20:
        return ""  # one paragraph is the article itself, not its title
    return "" if first[-1] in ".,;:\"'”’)" else first  # a sentence, or a quote, is not a headline


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
    marked = _decode_marked(data, name)
    if marked is not None:
        return marked, []
    wide = _decode_wide_unmarked(data)
    if wide is not None:
        return wide[0], [f"{name} has no byte-order mark; it was decoded as {wide[1]}."]
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
    """Return (title, body): YAML front matter is dropped (its title: kept), then a leading '# ' heading."""
    text = text.lstrip("\ufeff")
    front_title, text = _split_front_matter(text)
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        return front_title or first[2:].strip() or None, rest.lstrip("\n")
    return front_title, text


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (its title or None, the rest) when text opens with a '---' YAML block, else (None, text)."""
    block = _FRONT_MATTER.match(text)
    if block is None:
        return None, text
    title = _FRONT_TITLE.search(block.group(1))
    value = title.group(1).strip() if title else ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip() or None, text[block.end() :].lstrip("\r\n")


def _decode_marked(data: bytes, name: str) -> str | None:
    """Return data decoded by its byte-order mark (UTF-8, -16 or -32), or None when it has none."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(
            f"{name} starts with a {encoding.upper()} byte-order mark but is not valid {encoding}."
        ) from None


def _decode_wide_unmarked(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) for UTF-16 without a mark (every other byte zero, as Latin text is), else None."""
    head = data[:8192]
    if len(data) % 2 or len(head) < 16:
        return None
    for encoding, text_bytes, zero_bytes in (
        ("utf-16-le", head[0::2], head[1::2]),
        ("utf-16-be", head[1::2], head[0::2]),
    ):
        if zero_bytes.count(0) >= 0.8 * len(zero_bytes) and text_bytes.count(0) == 0:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if not _is_binary(text[:4096].encode("utf-8")) else None
    return None


def _refuse_large(size: int, name: str) -> None:
    problem = limits.size_problem(size, name)
    if problem:
        raise InputError(problem)


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


class BadLine(str):
    """Why a JSONL line could not be read; a JSON string on a line is a plain str, never one of these."""


def json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed value) or (line number, BadLine reason); raise InputError for no file.

    The file may carry a UTF-8, -16 or -32 byte-order mark; a line past the article size limit is skipped unread.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No such file: {path}")
    with path.open("rb") as raw:
        head = raw.read(4)
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), "utf-8-sig")
    with path.open(encoding=encoding, errors="replace") as lines:
        for number, line in enumerate(_bounded_lines(lines), 1):
            if line is None:
                yield number, BadLine(f"longer than the {limits.MAX_ARTICLE_BYTES // 1024 // 1024} MB limit")
            elif line.strip():
                yield number, _parsed(line)


def _parsed(line: str) -> Any:
    """Return the line's value under strict JSON (no NaN, Infinity or numbers too large for a float)."""
    try:
        value = json.loads(line, parse_constant=_not_json, parse_float=_finite)
        if "\\u" in line:  # an escaped lone surrogate ("\ud800") parses, but is no text any file can hold
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        return value
    except UnicodeEncodeError:
        return BadLine("not valid text (an unpaired surrogate escape such as \\ud800)")
    except json.JSONDecodeError as exc:
        return BadLine(f"not valid JSON ({exc.msg})")
    except _NotStrictJSON as exc:
        return BadLine(f"not valid JSON ({exc})")
    except RecursionError:
        return BadLine("not valid JSON (nested too deeply)")


class _NotStrictJSON(ValueError):
    """A value Python's json reads but strict JSON has not: NaN, Infinity, 1e400."""


def _not_json(name: str) -> Any:
    raise _NotStrictJSON(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotStrictJSON("a number too large")
    return value


def _bounded_lines(lines: TextIO) -> Iterator[str | None]:
    """Yield each line of lines, or None for a line longer than the limit (read past in pieces, never held)."""
    while True:
        line = lines.readline(limits.MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        if len(line) <= limits.MAX_ARTICLE_BYTES:
            yield line
            continue
        while line and not line.endswith("\n"):
            line = lines.readline(1024 * 1024)
        yield None
