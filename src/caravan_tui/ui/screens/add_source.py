"""The "add an article" dialog: one Input for an address, a saved page or a feed; no network here.

Dismisses with the stripped text (enter) or None (escape, or enter on an
empty field). The app runs `caravan_tui.corpus.ingest.add_sources` on the
result in a worker.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AddSourceScreen(ModalScreen[str | None]):
    """Asks for an http(s) address, a saved HTML file or an RSS/Atom feed to add."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add_source.cancel"),
        # The Input submits on enter itself; this binding serves a remapped key, or focus elsewhere.
        Binding("enter", "submit", "Add", id="add_source.submit"),
    ]

    DEFAULT_CSS = """
    AddSourceScreen { align: center middle; }
    AddSourceScreen > Vertical {
        width: 80; max-width: 100%; height: auto;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    AddSourceScreen Label { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add an article (enter adds, escape cancels)"
            yield Input(value=self.initial, placeholder="https://… , saved-page.html or feed.xml",
                        id="add-source-input")
            yield Label("A web address, a saved HTML page, or an RSS/Atom feed (file or address).")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        text = self.query_one(Input).value.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
