"""The help screen: every binding with its current keys, then what the marks and classes mean.

Generated from the bindings and from the registries (`entity_types`,
`diff_classes`), so it can never disagree with them.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from caravan_tui.diff_classes import DIFF_CLASSES
from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.ui.analysis_view import GUTTER_LEGEND
from caravan_tui.ui.catalogue import SCOPE_TITLES, all_bindings, current_keys


class HelpScreen(ModalScreen[None]):
    """Lists every binding; escape (or ?) closes it."""

    BINDINGS = [
        Binding("escape,question_mark", "app.pop_screen", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (escape closes)"
            yield Static(self.bindings_table(), id="help-table")
            yield Static(self.marks_text(), id="help-marks")

    def bindings_table(self) -> Table:
        keymap = getattr(self.app, "keymap", {})
        table = Table(box=None, show_header=True, header_style="bold", expand=True, pad_edge=False)
        table.add_column("Keys", no_wrap=True)
        table.add_column("Action")
        table.add_column("Where", style="italic")
        table.add_column("Id", overflow="fold")
        for entry in all_bindings():
            keys = ", ".join(self.app.get_key_display(entry.binding.with_key(key))
                             for key in current_keys(entry, keymap))
            table.add_row(Text(keys, style="bold"), Text(entry.binding.description),
                          Text(SCOPE_TITLES[entry.scope]), Text(entry.id))
        return table

    def marks_text(self) -> Text:
        """The highlights, the gutter marks and the difference classes, each in its own style."""
        dark = getattr(self.app, "is_dark", True)
        text = Text()
        text.append("\nHighlights", style="bold underline")
        for kind in ENTITY_TYPES.values():
            text.append("\n  ")
            text.append(kind.label, style=kind.style_on(dark))
        text.append("\n\nGutter marks", style="bold underline")
        text.append("\n  ▌ the passage cursor")
        for mark, meaning in GUTTER_LEGEND:
            text.append(f"\n  {mark} {meaning}")
        text.append("\n\nDifferences between outlets (d compares; docs/differences.md has examples)",
                    style="bold underline")
        for klass in DIFF_CLASSES.values():
            text.append("\n  ")
            text.append(klass.label, style=klass.style)
            text.append(f": {klass.description}")
        return text
