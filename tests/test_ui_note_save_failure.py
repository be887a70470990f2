"""Issue #12 item 8 (reader side): a failed save keeps the editor open with the text and a recovery copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

from textual.app import App
from textual.widgets import Static

from caravan_tui.paths import data_dir
from caravan_tui.storage.notes import NoteStore, NotesUnavailable
from caravan_tui.ui.reader_notes import ReaderNotes
from caravan_tui.ui.screens.note_editor import NoteEditorScreen
from test_ui_note_screens import Host, type_text


class FlakyStore:
    """Fails the first `failures` saves the way a full disk does, then stores."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.saved: list[str] = []

    def __call__(self, body: str) -> None:
        if self.failures:
            self.failures -= 1
            raise NotesUnavailable("Could not save the note in notes.sqlite3: database or disk is full")
        self.saved.append(body)


def problem_text(app: App) -> str:
    problem = app.screen.query_one("#note-problem", Static)
    return str(problem.render()) if problem.display else ""


async def save(app: App, pilot) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_failed_save_keeps_the_editor_the_text_and_a_recovery_copy():
    store = FlakyStore(failures=1)
    app = Host(NoteEditorScreen("Note on Beta News ¶2", excerpt="A passage", save=store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "precious words")
        await save(app, pilot)
        assert isinstance(app.screen, NoteEditorScreen) and app.screen.text == "precious words"
        shown = problem_text(app)
        assert "disk is full" in shown and app.results == [] and store.saved == []
        copies = list((data_dir() / "notes-recovery").iterdir())
        assert len(copies) == 1 and "precious words" in copies[0].read_text(encoding="utf-8")
        assert copies[0].name in shown.replace("\n", "")
        await save(app, pilot)  # ctrl+s again, the disk has room now
        assert store.saved == ["precious words"] and app.results == ["precious words"]
        assert not isinstance(app.screen, NoteEditorScreen)


async def test_without_a_save_function_the_editor_returns_the_body_as_before():
    app = Host(NoteEditorScreen("Note"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_text(pilot, "text")
        await save(app, pilot)
        assert app.results == ["text"]


def test_reader_notes_saver_stores_and_raises_when_the_store_fails(tmp_path):
    reader_notes = ReaderNotes(SimpleNamespace(notify=lambda *args, **kwargs: None))
    reader_notes._store = NoteStore(tmp_path / "notes.sqlite3")
    save = reader_notes.saver(lambda store, body: store.add("a", 0, "passage", body))
    save("kept")
    assert [note.body for note in reader_notes._store.all_notes()] == ["kept"]
    reader_notes._store._connection.execute("PRAGMA query_only = ON")  # every write now fails
    try:
        save("lost?")
    except NotesUnavailable as error:
        assert "readonly" in str(error) or "read-only" in str(error) or "query_only" in str(error)
    else:
        raise AssertionError("a failed write must raise, so the editor stays open")
    reader_notes._store.close()


def test_reader_notes_saver_without_a_store_raises():
    reader_notes = ReaderNotes(SimpleNamespace(notify=lambda *args, **kwargs: None))
    reader_notes.problem = "Cannot create the notes folder"
    try:
        reader_notes.saver(lambda store, body: None)("text")
    except NotesUnavailable as error:
        assert "Cannot create" in str(error)
    else:
        raise AssertionError("expected NotesUnavailable")


def test_sqlite_full_error_becomes_notes_unavailable(tmp_path):
    """The store turns SQLite's 'disk is full' into NotesUnavailable (what the editor catches)."""
    store = NoteStore(tmp_path / "notes.sqlite3")
    store._connection.execute("PRAGMA max_page_count = 1")  # the file cannot grow: SQLITE_FULL
    try:
        store.add("a", 0, "passage", "x" * 100_000)
    except NotesUnavailable as error:
        assert "full" in str(error)
    else:
        raise AssertionError("expected NotesUnavailable")
    finally:
        store.close()
    assert Path(tmp_path / "notes.sqlite3").exists() and sqlite3.sqlite_version


async def test_n_on_a_full_disk_keeps_the_editor_open_with_the_text(monkeypatch):
    """The whole path from the reader's `n`: the store fails, the editor and the text stay."""
    from caravan_tui.storage.notes import NoteStore, NotesUnavailable
    from caravan_tui.ui.app import create_app
    from caravan_tui.ui.screens.note_editor import NoteEditorScreen
    from caravan_tui.ui.widgets.reading_pane import ReadingPane
    from ui_helpers import make_corpus, settle

    def disk_full(*args, **kwargs):
        raise NotesUnavailable("database or disk is full")

    monkeypatch.setattr(NoteStore, "add", disk_full)
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.main_screen.query_one(ReadingPane).focus()
        await pilot.press("n", *"keep me", "ctrl+s")
        for _ in range(20):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.text == "keep me"
        assert "Not saved" in str(app.screen.query_one("#note-problem").render())
