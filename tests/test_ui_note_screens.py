"""Pilot tests of the note editor, the confirmation dialog and the notes list, in a tiny host app."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList, TextArea

from caravan_tui.corpus.model import Corpus
from caravan_tui.storage.notes import NoteStore
from caravan_tui.ui.screens.confirm import ConfirmScreen
from caravan_tui.ui.screens.note_editor import NoteEditorScreen
from caravan_tui.ui.screens.notes_list import NotesListScreen
from ui_helpers import make_article, make_corpus

MARKUP_NOTE = "[bold]not bold[/bold] and [red]plain[/]"


class Host(App[None]):
    """Pushes one screen on mount and records what it dismisses with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.screen_under_test = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.screen_under_test, self.results.append)


def screen_text(app: App) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot, text: str) -> None:
    keys = {" ": "space", "\n": "enter", "[": "left_square_bracket", "]": "right_square_bracket"}
    await pilot.press(*(keys.get(character, character) for character in text))


@pytest.fixture
def store(tmp_path):
    with NoteStore(tmp_path / "notes.sqlite3") as opened:
        yield opened


# --- the editor --------------------------------------------------------------------------


async def test_typing_a_multi_line_note_and_ctrl_s_returns_it():
    app = Host(NoteEditorScreen("Note on Daily Alpha ¶2", excerpt="Officials said 6,000 people joined."))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Figure differs\nBeta says 6,500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == ["Figure differs\nBeta says 6,500"]
        assert not isinstance(app.screen, NoteEditorScreen)


async def test_editor_starts_with_the_body_and_shows_title_and_excerpt():
    app = Host(NoteEditorScreen("Note on Beta News ¶1", "old text", excerpt="Officials said 6,500 people"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Note on Beta News ¶1" in shown and "Officials said 6,500 people" in shown
        assert "ctrl+s" in shown and "old text" in shown
        await type_text(pilot, " more")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["old text more"]


async def test_editor_fits_80x24():
    app = Host(NoteEditorScreen("A title", excerpt="word " * 80))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen_region = app.screen.region
        dialog = app.screen.query_one("Vertical")
        editor = app.screen.query_one(TextArea)
        assert screen_region.contains_region(dialog.region)
        assert editor.region.height >= 4 and editor.region.width >= 60
        assert "escape: cancel" in screen_text(app)


async def test_escape_without_changes_cancels_at_once():
    app = Host(NoteEditorScreen("Note", "unchanged"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_escape_with_changes_asks_before_discarding():
    app = Host(NoteEditorScreen("Note", "draft"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_text(pilot, " edited")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard" in screen_text(app)

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen) and app.results == []
        assert app.screen.query_one(TextArea).text == "draft edited"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]


# --- the confirmation dialog ----------------------------------------------------------------


@pytest.mark.parametrize(("key", "answer"), [("y", True), ("enter", True), ("n", False), ("escape", False)])
async def test_confirm_keys(key, answer):
    app = Host(ConfirmScreen("Really?"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
    assert app.results == [answer]


async def test_confirm_shows_the_question_literally():
    app = Host(ConfirmScreen(f"Delete {MARKUP_NOTE}?\x1b[31m"))
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert f"Delete {MARKUP_NOTE}?␛[31m" in shown


# --- the notes list ---------------------------------------------------------------------


def corpus_with_notes(store: NoteStore) -> Corpus:
    corpus = make_corpus()
    alpha, beta = corpus.articles[0], corpus.articles[1]
    store.add("beta", 1, beta.passages[1].text, "Beta's figure\nsecond line")
    store.add("alpha", 1, alpha.passages[1].text, "Alpha's figure")
    store.add("alpha", 3, "A caption that the outlet has since removed from its page.", "About the photo")
    return corpus


def option_texts(app: App) -> list[str]:
    option_list = app.screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_list_shows_notes_and_orphaned_ones(store):
    corpus = corpus_with_notes(store)
    app = Host(NotesListScreen(store, corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = option_texts(app)
        shown = screen_text(app)
    assert rows[0] == "Daily Alpha · ¶2  Alpha's figure"
    assert rows[1].startswith("Daily Alpha · orphaned  About the photo")
    assert "A caption that the outlet has since removed" in rows[1]
    assert rows[2] == "Beta News · ¶2  Beta's figure"
    assert "orphaned" in shown and "Beta's figure" in shown and "second line" not in shown
    assert "3 note(s), 1 orphaned" in shown


async def test_enter_returns_the_passage_where_the_note_is_now(store):
    corpus = corpus_with_notes(store)
    alpha = corpus.articles[0]
    moved = make_article("alpha", "Daily Alpha", alpha.title,
                         ["A correction was added at the top."] + [p.text for p in alpha.passages])
    corpus.articles[0] = moved
    app = Host(NotesListScreen(store, corpus))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert option_texts(app)[0] == "Daily Alpha · ¶3  Alpha's figure"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [("alpha", 2)]


async def test_enter_on_an_orphan_keeps_the_list_open(store):
    app = Host(NotesListScreen(store, corpus_with_notes(store)))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesListScreen) and app.results == []
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_delete_asks_and_deletes(store):
    app = Host(NotesListScreen(store, corpus_with_notes(store)))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the note on Daily Alpha ¶2?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert len(store.all_notes()) == 3 and len(option_texts(app)) == 3

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sorted(n.body for n in store.all_notes()) == ["About the photo", "Beta's figure\nsecond line"]
        rows = option_texts(app)
        assert len(rows) == 2 and not any("Alpha's figure" in row for row in rows)
        assert app.screen.query_one(OptionList).highlighted == 0

        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [n.body for n in store.all_notes()] == ["Beta's figure\nsecond line"]


async def test_edit_from_the_list_saves_the_new_body(store):
    app = Host(NotesListScreen(store, corpus_with_notes(store)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("end", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert "Officials said 6,500 people joined the march." in screen_text(app)
        await type_text(pilot, "\nchecked")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesListScreen)
        assert option_texts(app)[2] == "Beta News · ¶2  Beta's figure"
        assert app.screen.query_one(OptionList).highlighted == 2
    assert store.notes_for_article("beta")[0].body == "Beta's figure\nsecond line\nchecked"


async def test_markup_in_a_note_is_shown_literally(store):
    corpus = make_corpus()
    store.add("alpha", 0, corpus.articles[0].passages[0].text, MARKUP_NOTE)
    app = Host(NotesListScreen(store, corpus))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert MARKUP_NOTE in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert MARKUP_NOTE in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)  # x typed into the editor, not a delete
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert MARKUP_NOTE in screen_text(app)


async def test_empty_list_says_so(store):
    app = Host(NotesListScreen(store, make_corpus()))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "No notes yet" in screen_text(app)
        await pilot.press("x", "e")
        await pilot.pause()
        assert isinstance(app.screen, NotesListScreen)


async def test_editor_title_and_excerpt_are_shown_literally():
    app = Host(NoteEditorScreen(f"T {MARKUP_NOTE}", excerpt=f"E {MARKUP_NOTE}"))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert f"T {MARKUP_NOTE}" in shown and f"E {MARKUP_NOTE}" in shown
