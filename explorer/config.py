"""The one configuration entry point: explicit arguments, then environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from platformdirs import user_data_dir

DEFAULT_MODEL = "gpt-4o-mini"
_SECRET_PARAMETER = re.compile(r"key|token|secret|password|passwd|pwd|sig|auth", re.IGNORECASE)
_USERINFO = re.compile(r"(?<=//)[^/?#@]*@")


@dataclass(frozen=True)
class Settings:
    """Everything that changes how an article is analysed; the key is never shown."""

    backend: str = "offline"  # a backend kind's name (explorer.backends.KINDS); make_backend refuses others
    model: str = DEFAULT_MODEL
    base_url: str | None = field(default=None, repr=False)  # it may carry user:password
    api_key: str | None = field(default=None, repr=False)
    temperature: float = 0.0
    timeout: float = 60.0  # per HTTP read
    deadline: float = 110.0  # for one whole model call: the SDK's retries and the re-ask included
    max_retries: int = 2
    concurrency: int = 8
    section_tokens: int = 1200
    home: Path = field(default_factory=lambda: Path(user_data_dir("article-explorer", appauthor=False)))
    corpus: Path | None = None  # the corpus folder the corpus page opens at once

    @property
    def llm_configured(self) -> bool:
        """True when an endpoint or a key is set, so the LLM backend can be tried."""
        return bool(self.base_url or self.api_key)

    @property
    def database(self) -> Path:
        """Path of the SQLite store (cache, call log, analyses, summaries)."""
        return self.home / "explorer.sqlite3"

    @property
    def corpora(self) -> Path:
        """Folder under home where the app writes the corpora it runs."""
        return self.home / "corpora"

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(env: Mapping[str, str] | None = None, **explicit: object) -> Settings:
    """Build Settings from explicit arguments first, then the environment."""
    env = os.environ if env is None else env
    from_env: dict[str, Any] = {
        "api_key": env.get("OPENAI_API_KEY") or None,
        "base_url": env.get("OPENAI_BASE_URL") or None,
        "model": env.get("EXPLORER_MODEL") or None,
        "home": Path(env["EXPLORER_HOME"]).expanduser() if env.get("EXPLORER_HOME") else None,
        "corpus": Path(env["EXPLORER_CORPUS"]).expanduser() if env.get("EXPLORER_CORPUS") else None,
    }
    settings = Settings().with_(**from_env).with_(**explicit)
    if "backend" not in explicit or explicit["backend"] is None:
        settings = replace(settings, backend="openai" if settings.llm_configured else "offline")
    return settings


def display_url(url: str) -> str:
    """Return url as it may be shown, logged or stored: no user:password, secret-looking query values hidden."""
    try:
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:  # not even parsable: still drop anything that looks like user:password@
        return _USERINFO.sub("", url)
    if "@" not in parts.netloc and not any(_SECRET_PARAMETER.search(k) for k, _ in pairs):
        return url  # unchanged, so cache keys built from it stay the same
    query = urlencode([(k, "[redacted]" if _SECRET_PARAMETER.search(k) else v) for k, v in pairs], safe="[]")
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, query, parts.fragment))


def url_without_userinfo(url: str) -> str:
    """Return url without its user:password@ part (which then travels as Basic auth instead)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _USERINFO.sub("", url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])) if "@" in parts.netloc else url
