"""Fetches one http(s) URL with a time limit and a size limit; failures carry a reason a user can act on."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_S = 20.0
USER_AGENT = "article-explorer (+https://github.com/; corpus run)"
_FEED_TYPES = ("rss", "atom", "/xml", "+xml")


class FetchError(Exception):
    """The URL could not be fetched; the message says why."""


@dataclass(frozen=True)
class Page:
    """A fetched answer: the final URL, its content type and its bytes."""

    url: str
    content_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        """True when the server says HTML, or the body starts like an HTML page."""
        head = self.body[:512].lstrip().lower()
        return "html" in self.content_type or head.startswith((b"<!doctype html", b"<html"))

    @property
    def looks_like_feed(self) -> bool:
        """True when the answer claims to be XML or a feed."""
        return any(t in self.content_type for t in _FEED_TYPES) or self.body[:100].lstrip().startswith(b"<?xml")

    @property
    def is_text(self) -> bool:
        """True for any textual answer (HTML, plain text, XML, JSON) or one without a content type."""
        kind = self.content_type
        return not kind or kind.startswith("text/") or any(t in kind for t in ("html", "xml", "json"))


def fetch(url: str, timeout: float = TIMEOUT_S) -> Page:
    """Return the page at url, or raise FetchError with the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read(MAX_BYTES + 1)
            kind = (answer.headers.get_content_type() or "").lower()
            final = answer.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the server answered HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot reach it ({exc.reason})") from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch it ({exc or type(exc).__name__})") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"the page is larger than {MAX_BYTES // 1024 // 1024} MB")
    return Page(final, kind, body)
