"""Offline analyser: spaCy dependency rules for actors, claims and stances."""

from explorer.offline.extractor import OfflineExtractor

__all__ = ["OfflineExtractor"]
