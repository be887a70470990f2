"""Every reader's note in one list: jump to its passage, edit it, or delete it.

Each row shows the outlet, the passage (¶ number, where the note is anchored
now) and the first line of the note; a note whose passage is gone is marked
"orphaned" and shows the excerpt of the passage it was written on. enter
dismisses with (article_id, passage_index) so the app can jump there (an
orphaned note has nowhere to go: the list stays open and says so); `e` edits,
`x` or delete deletes after a confirmation, escape closes (None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.safe_text import safe
from caravan_tui.storage.notes import Note, NoteNotFound, NoteStore, NotesUnavailable, resolve
from caravan_tui.ui.screens.confirm import ConfirmScreen
from caravan_tui.ui.screens.note_editor import NoteEditorScreen

ORPHANED = "orphaned"
OPTION_PREFIX = "note-"


@dataclass(frozen=True)
class ListedNote:
    """A note with the article it belongs to and the passage it is anchored on now."""

    note: Note
    article: Article | None
    passage_index: int | None

    @property
    def outlet(self) -> str:
        return self.article.outlet if self.article else self.note.article_id

    @property
    def place(self) -> str:
        return ORPHANED if self.passage_index is None else f"¶{self.passage_index + 1}"

    @property
    def passage_text(self) -> str:
        passages = self.article.passages if self.article else ()
        return next((p.text for p in passages if p.index == self.passage_index), self.note.excerpt)


def listed_notes(notes: list[Note], corpus: Corpus) -> list[ListedNote]:
    """Notes resolved against the corpus, in corpus order, orphans after each article's notes."""
    articles = {article.id: article for article in corpus.articles}
    order = {article.id: position for position, article in enumerate(corpus.articles)}
    listed = [ListedNote(note, articles.get(note.article_id), resolve(note, articles.get(note.article_id)))
              for note in notes]
    return sorted(listed, key=lambda item: (
        order.get(item.note.article_id, math.inf), item.note.article_id,
        math.inf if item.passage_index is None else item.passage_index, item.note.created_at, item.note.id))


def note_prompt(item: ListedNote) -> Text:
    """One row of the list: outlet · place, first line; the excerpt under an orphan."""
    prompt = Text()
    prompt.append(safe(item.outlet), style="bold")
    prompt.append(" · ")
    prompt.append(item.place, style="reverse" if item.passage_index is None else "")
    prompt.append("  ")
    prompt.append(safe(item.note.first_line) or "(empty note)")
    if item.passage_index is None:
        prompt.append("\n    on: ", style="dim")
        prompt.append(safe(item.note.excerpt), style="italic")
    return prompt


class NotesListScreen(ModalScreen["tuple[str, int] | None"]):
    """Lists all notes; dismisses with the chosen note's (article_id, passage_index) or None."""

    BINDINGS = [
        Binding("e", "edit", "Edit note", id="notes_list.edit"),
        Binding("x,delete", "delete", "Delete note", id="notes_list.delete"),
        Binding("escape", "close", "Close", id="notes_list.close"),
    ]

    DEFAULT_CSS = """
    NotesListScreen { align: center middle; }
    NotesListScreen > Vertical {
        width: 100%; max-width: 100; height: 100%; max-height: 40;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    NotesListScreen #notes-list { height: 1fr; }
    NotesListScreen #notes-status { width: 100%; color: $text-muted; }
    """

    def __init__(self, store: NoteStore, corpus: Corpus) -> None:
        super().__init__()
        self.store = store
        self.corpus = corpus
        self.entries: list[ListedNote] = []

    def compose(self) -> ComposeResult:
        with Vertical() as dialog:
            dialog.border_title = "Notes"
            yield OptionList(id="notes-list", markup=False)
            yield Static("", id="notes-status", markup=False)

    def on_mount(self) -> None:
        self.refresh_notes()
        self.query_one("#notes-list", OptionList).focus()

    # --- the list ------------------------------------------------------------------

    def refresh_notes(self, keep_note_id: int | None = None) -> None:
        """Reload the notes from the store, keeping the highlight on `keep_note_id` if given."""
        option_list = self.query_one("#notes-list", OptionList)
        try:
            self.entries = listed_notes(self.store.all_notes(), self.corpus)
        except NotesUnavailable as error:
            self.entries = []
            self._set_status(str(error))
        else:
            self._set_status(self._summary())
        option_list.clear_options()
        option_list.add_options(Option(note_prompt(item), id=f"{OPTION_PREFIX}{item.note.id}")
                                for item in self.entries)
        self._highlight(option_list, keep_note_id)

    def _highlight(self, option_list: OptionList, note_id: int | None) -> None:
        if not self.entries:
            return
        ids = [item.note.id for item in self.entries]
        option_list.highlighted = ids.index(note_id) if note_id in ids else 0

    def _summary(self) -> str:
        orphans = sum(1 for item in self.entries if item.passage_index is None)
        if not self.entries:
            return "No notes yet.    escape: close"
        counts = f"{len(self.entries)} note(s)" + (f", {orphans} orphaned" if orphans else "")
        return f"{counts}    enter: go to passage    e: edit    x: delete    escape: close"

    def _set_status(self, message: str) -> None:
        self.query_one("#notes-status", Static).update(Text(safe(message)))

    @property
    def highlighted_entry(self) -> ListedNote | None:
        index = self.query_one("#notes-list", OptionList).highlighted
        return self.entries[index] if index is not None and 0 <= index < len(self.entries) else None

    # --- actions -------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.entries[event.option_index]
        if item.passage_index is None:
            self.notify("This note's passage is no longer in the article; it is kept as an orphan.",
                        title="Orphaned note", markup=False)
            return
        self.dismiss((item.note.article_id, item.passage_index))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        item = self.highlighted_entry
        if item is None:
            return
        note = item.note

        def save(body: str) -> None:  # in the editor's worker: a failure keeps the editor open with the text
            if body != note.body:
                self.store.update(note.id, body)

        editor = NoteEditorScreen(f"Note on {item.outlet} {item.place}", note.body, item.passage_text, save=save)
        self.app.push_screen(editor, lambda body: self._edited(note, body))

    def _edited(self, note: Note, body: str | None) -> None:
        if body is not None and body != note.body:
            self.refresh_notes(keep_note_id=note.id)

    def action_delete(self) -> None:
        item = self.highlighted_entry
        if item is None:
            return
        question = f"Delete the note on {item.outlet} {item.place}?\n{item.note.first_line}"
        self.app.push_screen(ConfirmScreen(question), lambda yes: self._delete_if_confirmed(item, yes))

    def _delete_if_confirmed(self, item: ListedNote, yes: bool | None) -> None:
        if not yes:
            return
        position = self.entries.index(item)
        self._change_store(lambda: self.store.delete(item.note.id))
        following = self.entries[position + 1] if position + 1 < len(self.entries) else None
        previous = self.entries[position - 1] if position > 0 else None
        neighbour = following or previous
        self.refresh_notes(keep_note_id=neighbour.note.id if neighbour else None)

    def _change_store(self, change) -> None:
        try:
            change()
        except NoteNotFound:
            self.notify("That note is gone (deleted elsewhere?).", title="Notes", severity="warning",
                        markup=False)
        except NotesUnavailable as error:
            self.notify(str(error), title="Notes", severity="error", markup=False)
