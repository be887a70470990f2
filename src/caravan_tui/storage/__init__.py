"""Local storage: the SQLite analysis cache (and, later, the reader's notes)."""

from caravan_tui.storage.cache import AnalysisCache, CacheCorruptWarning

__all__ = ["AnalysisCache", "CacheCorruptWarning"]
