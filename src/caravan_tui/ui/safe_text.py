"""The reader's name for `caravan_tui.safe_text.safe` (kept so widgets import from the ui layer)."""

from caravan_tui.safe_text import REPLACEMENT, safe

__all__ = ["REPLACEMENT", "safe"]
