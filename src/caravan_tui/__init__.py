"""caravan-tui: a terminal reader for comparing how outlets report the same story."""

__version__ = "0.1.0"
