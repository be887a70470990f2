"""The note editor: a multi-line text box over the passage the note is about.

ctrl+s saves (dismisses with the body, trailing blank space removed), escape
cancels (dismisses with None), asking first if the text was changed. Neither
key needs alt or ctrl+enter, which do not survive SSH and tmux. The dialog
fits an 80x24 terminal. Title and excerpt are untrusted text: shown literally.

Given a `save` function, the editor stores the note itself (in a thread
worker) and closes only when that worked: on a failed save (disk full, file
locked or damaged) it stays open with the text, keeps a copy of the text in a
recovery file (storage.notes.save_recovery_copy) and says where; ctrl+s tries
again.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from caravan_tui.safe_text import safe
from caravan_tui.ui.screens.confirm import ConfirmScreen

DISCARD_QUESTION = "Discard the changes to this note?"

#: Stores a note's body; runs in a worker thread and raises when the note could not be stored.
SaveNote = Callable[[str], object]


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
    NoteEditorScreen #note-problem { width: 100%; max-height: 4; color: $error; }
    """

    def __init__(self, title: str, body: str = "", excerpt: str = "", save: SaveNote | None = None) -> None:
        super().__init__()
        self.note_title = title
        self.initial_body = body
        self.excerpt = excerpt
        self.save_note = save
        self.saving = False
        self.recovery_path: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as dialog:
            dialog.border_title = Text(safe(self.note_title))
            if self.excerpt:
                yield Static(Text(safe(self.excerpt)), id="note-excerpt")
            yield TextArea(self.initial_body, id="note-body")
            problem = Static("", id="note-problem")
            problem.display = False
            yield problem
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
        body = self.text.rstrip()
        if self.save_note is None:
            self.dismiss(body)
        elif not self.saving:
            self.saving = True
            self.run_worker(lambda: self._save_in_thread(body), thread=True, group="note-editor", name="save note")

    def _save_in_thread(self, body: str) -> None:
        if self.save_note is None:
            return
        try:
            self.save_note(body)
        except Exception as error:  # noqa: BLE001 - any failure keeps the editor and the text
            message = _failure_message(body, self.note_title, error)
            self.app.call_from_thread(self.show_save_failure, message)
            return
        self.app.call_from_thread(self.dismiss, body)

    def show_save_failure(self, message: str) -> None:
        """Say why the note was not saved and where its text was kept; the editor stays open."""
        self.saving = False
        problem = self.query_one("#note-problem", Static)
        problem.update(Text(safe(message)))
        problem.display = True
        self.query_one("#note-body", TextArea).focus()

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        self.app.push_screen(ConfirmScreen(DISCARD_QUESTION), self._discard_if_confirmed)

    def _discard_if_confirmed(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)


def _failure_message(body: str, title: str, error: Exception) -> str:
    """Written in the worker thread: keeps a recovery copy of the text and says where."""
    from caravan_tui.storage.notes import save_recovery_copy

    reason = str(error) or type(error).__name__
    try:
        kept = f"a copy of the text is in {save_recovery_copy(body, about=title, problem=reason)}"
    except OSError as copy_error:
        kept = f"no copy could be written either ({copy_error}): the text is only here"
    return f"Not saved: {reason}. The text stays here and {kept}. ctrl+s tries again."
