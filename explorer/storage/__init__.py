"""The SQLite store under EXPLORER_HOME: result cache, call log, saved analyses and summary versions."""

from .analyses import AnalysisEntry, SavedAnalysis
from .cache import CacheStats
from .calls import LoggedCall
from .database import StoreError
from .store import Store
from .summaries import SummaryVersion

__all__ = [
    "AnalysisEntry",
    "CacheStats",
    "LoggedCall",
    "SavedAnalysis",
    "Store",
    "StoreError",
    "SummaryVersion",
]
