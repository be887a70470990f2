"""A yes/no question in a small dialog: y or enter says yes, n or escape says no.

The question is shown literally: it is made safe (`safe_text.safe`) and put in
a rich Text, so note bodies or outlet names in it never act as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caravan_tui.safe_text import safe


class ConfirmScreen(ModalScreen[bool]):
    """Asks `question`; dismisses with True (yes) or False (no)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    ConfirmScreen #confirm-question { width: 100%; margin-bottom: 1; }
    ConfirmScreen #confirm-keys { width: 100%; color: $text-muted; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical() as dialog:
            dialog.border_title = "Confirm"
            yield Static(Text(safe(self.question, keep_newlines=True)), id="confirm-question")
            yield Static(Text("y / enter: yes    n / escape: no"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
