"""The legend: one line naming each entity type in its own style, and the gutter marks.

A type whose highlighting is switched off is shown struck through with "off",
so the legend also tells which of the toggle keys are active.
"""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.widgets import Static

from caravan_tui.entity_types import ENTITY_TYPES


class Legend(Static):
    """Entity types with their styles and toggle keys, then the gutter marks."""

    DEFAULT_CSS = """
    Legend { height: 1; padding: 0 1; color: $foreground; background: $background; }
    """

    def __init__(self, toggle_keys: dict[str, str], gutter: tuple[tuple[str, str], ...], **kwargs) -> None:
        # Drawn from the start (not updated on mount, which would cost a second layout).
        super().__init__(legend_text(ENTITY_TYPES, toggle_keys, gutter), **kwargs)
        self.toggle_keys = toggle_keys
        self.gutter_marks = gutter
        self.enabled: set[str] = set(ENTITY_TYPES)
        self.dark = True

    def show(self, enabled: Collection[str], dark: bool | None = None) -> None:
        self.enabled = set(enabled)
        self.dark = self.dark if dark is None else dark
        self.update(legend_text(self.enabled, self.toggle_keys, self.gutter_marks, self.dark), layout=False)


def legend_text(enabled: Collection[str], toggle_keys: dict[str, str],
                gutter: tuple[tuple[str, str], ...], dark: bool = True) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for name, kind in ENTITY_TYPES.items():
        key = toggle_keys.get(name, "")
        if key:
            text.append(f"{key}:", style="dim")
        if name in enabled:
            text.append(kind.label, style=kind.style_on(dark))
        else:
            text.append(kind.label, style="strike dim")
            text.append(" off", style="dim")
        text.append(" ")
    text.append("│ ", style="dim")
    for mark, meaning in gutter:
        text.append(mark, style="bold")
        text.append(f"{meaning} ")
    return text
