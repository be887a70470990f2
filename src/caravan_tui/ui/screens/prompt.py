"""A one-line question: the text of a search, a ¶ number to go to.

Dismisses with the stripped text (enter) or None (escape, or enter on an
empty field).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line of text."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding("enter", "submit", "Done", id="prompt.submit"),
    ]

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    PromptScreen Label { color: $text-muted; }
    """

    def __init__(self, title: str, placeholder: str = "", hint: str = "", initial: str = "",
                 restrict: str | None = None, title_keys: str = "enter, escape cancels") -> None:
        super().__init__()
        self.title_keys = title_keys
        self.title_text = title
        self.placeholder = placeholder
        self.hint = hint
        self.initial = initial
        self.restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"{self.title_text} ({self.title_keys})"
            yield Input(value=self.initial, placeholder=self.placeholder, restrict=self.restrict, id="prompt-input")
            if self.hint:
                yield Label(self.hint)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        self.dismiss(self.query_one(Input).value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
