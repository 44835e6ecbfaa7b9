"""Turns SOURCE arguments (folders, JSONL, CSV, URL lists, files, URLs, feeds) into a stream of articles.

Nothing here raises for bad input: every problem becomes a SourceFailure with a reason, and the run goes on.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..ingest import (
    HTML_SUFFIXES,
    Article,
    InputError,
    article_from_text,
    decode_text,
    headline,
    json_lines,
    read_article,
)
from .fetch import FetchError, Page, fetch
from .tables import SourceArticle, SourceFailure

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", *HTML_SUFFIXES}
METADATA = ("title", "date", "url", "outlet")
Skip = Callable[[str], bool]


def content_id(text: str) -> str:
    """Return the stable id of an article without one: a hash of its text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def read_sources(sources: list[str], skip: Skip = lambda _: False) -> Iterator[SourceArticle | SourceFailure]:
    """Yield every article (or failure) of every source in order; skip(id) avoids re-reading known URLs."""
    for source in sources:
        yield from _read_source(source, skip)


def _read_source(source: str, skip: Skip) -> Iterator[SourceArticle | SourceFailure]:
    if source.startswith(("http://", "https://")):
        yield from read_url(source, skip)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path)
    elif not path.is_file():
        yield SourceFailure(_source_id(source), source, f"no such file or folder: {source}")
    elif path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path)
    elif path.suffix.lower() == ".csv":
        yield from read_csv(path)
    else:
        yield from read_file(path, skip)


def read_folder(folder: Path) -> Iterator[SourceArticle | SourceFailure]:
    """Yield every .txt, .md and .html file under folder (recursively, in name order) as one article."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
        yield _article_file(path)


def _article_file(path: Path) -> SourceArticle | SourceFailure:
    try:
        article = read_article(path)
    except (InputError, OSError) as exc:
        return SourceFailure(_source_id(str(path)), str(path), _reason(exc))
    return _file_article(article, path)


def _file_article(article: Article, path: Path) -> SourceArticle:
    """Return a file's article, titled by its headline line when it has no title of its own (a press release)."""
    title = article.title or headline(article.text) or None
    return SourceArticle(content_id(article.text), article.text, str(path), title=title)


def read_jsonl(path: Path) -> Iterator[SourceArticle | SourceFailure]:
    """Yield one article per line of {"id", "text"} (optionally title, date, url, outlet)."""
    try:
        lines = json_lines(path)
        for number, value in lines:
            where = f"{path}:{number}"
            if isinstance(value, str):
                yield SourceFailure(_source_id(where), where, value)
            elif not isinstance(value, dict):
                yield SourceFailure(_source_id(where), where, 'not a JSON object with "id" and "text"')
            else:
                yield _record_article(value, where)
    except (InputError, OSError) as exc:
        yield SourceFailure(_source_id(str(path)), str(path), _reason(exc))


def read_csv(path: Path) -> Iterator[SourceArticle | SourceFailure]:
    """Yield one article per CSV row with a `text` column (optionally id, title, date, url, outlet)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts are longer than the 128 kB default
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            yield from _csv_rows(csv.DictReader(handle), path)
    except OSError as exc:
        yield SourceFailure(_source_id(str(path)), str(path), _reason(exc))


def _csv_rows(reader: csv.DictReader, path: Path) -> Iterator[SourceArticle | SourceFailure]:
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield SourceFailure(_source_id(str(path)), str(path), f"not a readable CSV file ({exc})")
        return
    if "text" not in header:
        yield SourceFailure(_source_id(str(path)), str(path), 'the CSV file has no column named "text"')
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = f"{path}:{reader.line_num}"
            yield SourceFailure(_source_id(where), where, f"broken CSV row ({exc})")
            continue
        where = f"{path}:{reader.line_num}"
        if None in row or None in row.values():
            reason = f"broken CSV row: its number of fields differs from the header's {len(header)}"
            yield SourceFailure(str(row.get("id") or _source_id(where)), where, reason)
            continue
        yield _record_article(row, where)


def _record_article(record: dict[str, Any], where: str) -> SourceArticle | SourceFailure:
    """Return the article a JSON or CSV record holds, or why it holds none."""
    given = record.get("id")
    key = str(given).strip() if given is not None and str(given).strip() else None
    text = record.get("text")
    if not isinstance(text, str):
        return SourceFailure(key or _source_id(where), where, 'needs a string "text"')
    if not text.strip():
        return SourceFailure(key or _source_id(where), where, "the text is empty")
    try:
        article = article_from_text(text)
    except InputError as exc:
        return SourceFailure(key or _source_id(where), where, _reason(exc))
    meta = {name: _text_or_none(record.get(name)) for name in METADATA}
    meta["title"] = meta["title"] or article.title
    return SourceArticle(key or content_id(article.text), article.text, where, **meta)


def read_file(path: Path, skip: Skip) -> Iterator[SourceArticle | SourceFailure]:
    """Yield the URLs a file lists (every non-empty line an http(s) URL), else the file as one article."""
    try:
        data = path.read_bytes()
        text, _ = decode_text(data, path.name)
    except (InputError, OSError) as exc:
        yield SourceFailure(_source_id(str(path)), str(path), _reason(exc))
        return
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(line.startswith(("http://", "https://")) and " " not in line for line in lines):
        for url in lines:
            yield from read_url(url, skip)
        return
    if path.suffix.lower() in ARTICLE_SUFFIXES:
        yield _article_file(path)
        return
    try:
        article = article_from_text(text)
    except InputError as exc:
        yield SourceFailure(_source_id(str(path)), str(path), _reason(exc))
        return
    yield _file_article(article, path)


def read_url(url: str, skip: Skip) -> Iterator[SourceArticle | SourceFailure]:
    """Yield the entries of an RSS/Atom feed, else the page as one article; the URL is the page's id."""
    if skip(url):
        return
    try:
        page = fetch(url)
    except FetchError as exc:
        yield SourceFailure(url, url, str(exc))
        return
    feed = _parsed_feed(page)
    if feed is not None:
        yield from _feed_entries(url, feed, skip)
        return
    if page.looks_like_feed:
        yield SourceFailure(url, url, f"not a valid RSS or Atom feed ({page.content_type or 'no content type'})")
        return
    yield _page_article(page, url, url)


def _parsed_feed(page: Page) -> Any | None:
    """Return the feedparser result when the page parses as an RSS or Atom feed, else None."""
    if page.is_html:
        return None
    import feedparser

    parsed = feedparser.parse(page.body)
    return parsed if parsed.get("version") and not _is_broken(parsed) else None


def _is_broken(parsed: Any) -> bool:
    """True for malformed XML whose recovered entries carry neither a link nor any text."""
    usable = any(e.get("link") or e.get("summary") or e.get("content") for e in parsed.get("entries", []))
    return bool(parsed.get("bozo")) and not usable


def _feed_entries(url: str, feed: Any, skip: Skip) -> Iterator[SourceArticle | SourceFailure]:
    outlet = _text_or_none(feed.feed.get("title"))
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        key = str(entry.get("id") or link or f"{url}#{number}")
        if skip(key):
            continue
        meta = {"title": _text_or_none(entry.get("title")), "date": _entry_date(entry), "url": link, "outlet": outlet}
        if not link:
            yield _entry_text(entry, key, f"{url}#{number}", meta)
            continue
        try:
            page = fetch(link)
        except FetchError as exc:
            yield SourceFailure(key, link, str(exc))
            continue
        found = _page_article(page, key, link)
        if isinstance(found, SourceArticle):
            found = SourceArticle(
                found.article_id, found.text, found.source, meta["title"] or found.title, meta["date"], link, outlet
            )
        yield found


def _entry_text(entry: Any, key: str, where: str, meta: dict[str, Any]) -> SourceArticle | SourceFailure:
    """Return a feed entry without a link as an article made of its own content."""
    content = entry.get("content") or [{"value": entry.get("summary") or ""}]
    try:
        article = article_from_text(content[0].get("value", ""))
    except InputError as exc:
        return SourceFailure(key, where, _reason(exc))
    return SourceArticle(key, article.text, where, **meta)


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*parsed[:6])
    return _text_or_none(entry.get("published") or entry.get("updated"))


def _page_article(page: Page, key: str | None, where: str) -> SourceArticle | SourceFailure:
    """Return a fetched page as an article: HTML has its main text extracted, other text is taken as is."""
    if not page.is_text:
        return SourceFailure(key or _source_id(where), where, f"not a text page ({page.content_type})")
    try:
        text, _ = decode_text(page.body, "page")
        article = article_from_text(text)
    except InputError as exc:
        return SourceFailure(key or _source_id(where), where, _reason(exc))
    return SourceArticle(key or content_id(article.text), article.text, where, title=article.title, url=page.url)


def _text_or_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _source_id(where: str) -> str:
    """Return the id of a failure that has no article id: a hash of where it came from."""
    return "source:" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:20]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, InputError):
        return f"cannot read it ({exc.strerror or exc})"
    return str(exc).rstrip(".")


def estimated_total(sources: list[str]) -> int | None:
    """Return about how many articles the sources hold, for the progress bar; None when a URL is among them."""
    total = 0
    for source in sources:
        path = Path(source)
        if source.startswith(("http://", "https://")):
            return None
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
        elif path.is_file() and path.suffix.lower() in (".jsonl", ".csv"):
            total += _line_count(path) - (path.suffix.lower() == ".csv")
        else:
            total += 1
    return max(total, 0)


def _line_count(path: Path) -> int:
    """Return the non-empty lines of a file (a CSV row with line breaks counts more than once)."""
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
