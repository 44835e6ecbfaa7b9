"""Article Explorer: who the actors in a news article are, what they claim, and who opposes whom."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Analysis
    from .config import Settings, load_settings
    from .errors import ExplorerError
    from .findings import Actor, Claim, Stance
    from .ingest import Article, InputError, article_from_bytes, article_from_text, read_article
    from .pipeline import Progress, analyse_article

_HOMES = {  # public name -> module; imported on first use so `explorer --help` loads nothing it does not show
    "Actor": "findings",
    "Analysis": "analysis",
    "Article": "ingest",
    "Claim": "findings",
    "ExplorerError": "errors",
    "InputError": "ingest",
    "Progress": "pipeline",
    "Settings": "config",
    "Stance": "findings",
    "analyse_article": "pipeline",
    "article_from_bytes": "ingest",
    "article_from_text": "ingest",
    "load_settings": "config",
    "read_article": "ingest",
}
__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "Claim",
    "ExplorerError",
    "InputError",
    "Progress",
    "Settings",
    "Stance",
    "analyse_article",
    "article_from_bytes",
    "article_from_text",
    "load_settings",
    "read_article",
]


def __getattr__(name: str) -> Any:
    """Return a public name, importing its module the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'explorer' has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
