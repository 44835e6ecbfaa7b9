"""Article Explorer: who the actors in a news article are, what they claim, and who opposes whom."""

from .analysis import Analysis
from .config import Settings, load_settings
from .findings import Actor, Claim, Stance
from .ingest import Article, InputError, article_from_bytes, article_from_text, read_article
from .pipeline import Progress, analyse_article

__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "Claim",
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
