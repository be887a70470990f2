"""The reader's own notes, as the main screen uses them: add, edit, delete, list, show.

The store (`caravan_tui.storage.notes`) is opened on first use, so start-up
never waits on it; if it cannot be opened the reader says why once and goes
on without notes. Writes run in a thread worker: SQLite may wait for another
reader's write lock, and the screen must not freeze meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from caravan_tui.corpus.model import Article
from caravan_tui.safe_text import safe

if TYPE_CHECKING:  # the store (and sqlite3) is imported on first use, not at start-up
    from caravan_tui.storage.notes import Note, NoteStore, PassageNote
    from caravan_tui.ui.screens.main import MainScreen


class ReaderNotes:
    """The main screen's handle on the notes store, with the note actions on one passage."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._store: NoteStore | None = None
        self.problem: str | None = None

    @property
    def store(self) -> NoteStore | None:
        """The store, opened on first use; None (and a notice, once) when it cannot be used."""
        from caravan_tui.storage.notes import NoteStore, NotesUnavailable

        if self._store is None and self.problem is None:
            try:
                self._store = NoteStore()
            except NotesUnavailable as error:
                self.problem = str(error)
                self.screen.notify(safe(self.problem), title="Notes unavailable", severity="error",
                                markup=False, timeout=15)
                return None
            if self._store.recovery_warning:
                self.screen.notify(safe(self._store.recovery_warning), title="Notes file repaired",
                                severity="warning", markup=False, timeout=15)
        return self._store

    def on_passage(self, article: Article, passage_index: int,
                   counterparts: list[tuple[str, int]]) -> list[PassageNote]:
        """Notes on this passage, then notes on its counterparts in other outlets."""
        from caravan_tui.storage.notes import NotesUnavailable

        store = self.store
        if store is None:
            return []
        try:
            return store.notes_for_passage(article, passage_index, counterparts, self.screen.state.corpus.by_id)
        except NotesUnavailable as error:
            self.screen.notify(safe(str(error)), title="Notes", severity="error", markup=False)
            return []

    def noted_passages(self, article: Article) -> frozenset[int]:
        """The passages of `article` that carry a note (after following each note to its passage)."""
        from caravan_tui.storage.notes import NotesUnavailable

        store = self.store
        if store is None:
            return frozenset()
        try:
            notes = store.notes_for_article(article.id)
        except NotesUnavailable:
            return frozenset()
        found = (store.resolve(note, article) for note in notes)
        return frozenset(index for index in found if index is not None)

    def read_articles(self) -> dict[str, str]:
        """Article id -> content hash of the text read; empty when the store cannot be used."""
        from caravan_tui.storage.notes import NotesUnavailable

        store = self.store
        if store is None:
            return {}
        try:
            return store.read_articles()
        except NotesUnavailable:
            return {}

    def set_read(self, article: Article, read: bool) -> None:
        """Store an article as read (this text of it) or unread, in a worker."""
        if read:
            self.write(lambda store: store.mark_read(article.id, article.content_hash), lambda: None)
        else:
            self.write(lambda store: store.mark_unread(article.id), lambda: None)

    def own_note(self, article: Article, passage_index: int) -> Note | None:
        """The latest note written on this very passage, if any."""
        mine = [found.note for found in self.on_passage(article, passage_index, []) if found.on_this_passage]
        return max(mine, key=lambda note: (note.updated_at, note.id)) if mine else None

    def saver(self, action: Callable[[NoteStore, str], object]) -> Callable[[str], None]:
        """A `save` for NoteEditorScreen: stores the body with `action`, raising when it cannot.

        It runs in the editor's worker thread; the store must have been opened
        (`store`) on the event loop first. A failure keeps the editor open.
        """
        from caravan_tui.storage.notes import NotesUnavailable

        def save(body: str) -> None:
            store = self._store
            if store is None:
                raise NotesUnavailable(self.problem or "the notes file is not open")
            action(store, body)

        return save

    def write(self, action: Callable[[NoteStore], object], done: Callable[[], None]) -> None:
        """Run one store write in a thread worker, then `done` on the event loop."""
        store = self.store
        if store is None:
            return

        from caravan_tui.storage.notes import NotesUnavailable

        def run() -> None:
            try:
                action(store)
            except (NotesUnavailable, KeyError) as error:
                self.screen.app.call_from_thread(self.screen.notify, safe(str(error)), title="Note not saved",
                                          severity="error", markup=False, timeout=15)
            self.screen.app.call_from_thread(done)

        self.screen.run_worker(run, thread=True, group="notes", name="write note")


def notes_text(found: list[PassageNote], outlet_of: Callable[[str], str]) -> Text:
    """The notes panel's view of the reader's notes on a passage and its counterparts."""
    text = Text()
    for number, passage_note in enumerate(found):
        if number:
            text.append("\n")
        if not passage_note.on_this_passage:
            text.append(f"on {safe(outlet_of(passage_note.article_id))} ¶{passage_note.passage_index + 1}:\n",
                        style="italic")
        text.append(safe(passage_note.note.body, keep_newlines=True))
    return text or Text("none yet: n adds one", style="italic")
