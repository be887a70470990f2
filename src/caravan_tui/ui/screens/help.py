"""The help screen: every binding with its current keys, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

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
