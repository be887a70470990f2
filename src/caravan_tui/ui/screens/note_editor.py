"""The note editor: a multi-line text box over the passage the note is about.

ctrl+s saves (dismisses with the body, trailing blank space removed), escape
cancels (dismisses with None), asking first if the text was changed. Neither
key needs alt or ctrl+enter, which do not survive SSH and tmux. The dialog
fits an 80x24 terminal. Title and excerpt are untrusted text: shown literally.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from caravan_tui.ui.safe_text import safe
from caravan_tui.ui.screens.confirm import ConfirmScreen

DISCARD_QUESTION = "Discard the changes to this note?"


class NoteEditorScreen(ModalScreen["str | None"]):
    """Edits a note's body; dismisses with the new body, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note_editor.save"),
        Binding("escape", "cancel", "Cancel", id="note_editor.cancel"),
    ]

    DEFAULT_CSS = """
    NoteEditorScreen { align: center middle; }
    NoteEditorScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    NoteEditorScreen #note-excerpt { width: 100%; max-height: 3; color: $text-muted; text-style: italic; }
    NoteEditorScreen #note-body { height: 12; min-height: 4; margin: 1 0 0 0; }
    NoteEditorScreen #note-keys { width: 100%; color: $text-muted; }
    """

    def __init__(self, title: str, body: str = "", excerpt: str = "") -> None:
        super().__init__()
        self.note_title = title
        self.initial_body = body
        self.excerpt = excerpt

    def compose(self) -> ComposeResult:
        with Vertical() as dialog:
            dialog.border_title = Text(safe(self.note_title))
            if self.excerpt:
                yield Static(Text(safe(self.excerpt)), id="note-excerpt")
            yield TextArea(self.initial_body, id="note-body")
            yield Static(Text("ctrl+s: save    escape: cancel"), id="note-keys")

    def on_mount(self) -> None:
        editor = self.query_one("#note-body", TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()

    @property
    def text(self) -> str:
        return self.query_one("#note-body", TextArea).text

    @property
    def changed(self) -> bool:
        return self.text != self.initial_body

    def action_save(self) -> None:
        self.dismiss(self.text.rstrip())

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmScreen(DISCARD_QUESTION), self._discard_if_confirmed)

    def _discard_if_confirmed(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)
