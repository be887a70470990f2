"""The reader's notes in the app: n adds, e edits, x deletes, N lists; notes follow the passage."""

from __future__ import annotations

from caravan_tui.storage.notes import NoteStore
from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.notes_list import NotesListScreen
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from fixture_paths import SEEDS
from test_ui_analysis import FIRST, SECOND, open_at
from ui_helpers import settle

OPENING = "In May, Mexico agreed"


async def write_note(app, pilot, text: str) -> None:
    await pilot.press("n")
    await pilot.pause()
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            await pilot.press("enter")
        await pilot.press(*line)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_note_is_saved_shown_on_the_counterpart_and_kept_after_a_restart():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_at(app, pilot, FIRST, OPENING)
        await write_note(app, pilot, "check [bold] date\nsecond line")
        panel = app.main_screen.query_one(NotesPanel)
        assert "check [bold] date\nsecond line" in panel.section_text("reader")
        await pilot.press("s")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == SECOND
        assert "check [bold] date" in panel.section_text("reader")
        assert "on " in panel.section_text("reader")  # says which outlet's passage it is on
    again = create_app(paths=[SEEDS])
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        await open_at(again, pilot, FIRST, OPENING)
        assert "check [bold] date" in again.main_screen.query_one(NotesPanel).section_text("reader")


async def test_e_edits_and_x_deletes_after_confirmation():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_at(app, pilot, FIRST, OPENING)
        await write_note(app, pilot, "first")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" and more", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.main_screen.query_one(NotesPanel)
        assert "first and more" in panel.section_text("reader")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # no: keep it
        await pilot.pause()
        assert "first and more" in panel.section_text("reader")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "first and more" not in panel.section_text("reader")
        assert NoteStore().all_notes() == []


async def test_notes_list_jumps_to_the_passage():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, SECOND, "Rosa, from El Salvador")
        target = reader.cursor
        await write_note(app, pilot, "a voice only one outlet carries")
        await open_at(app, pilot, FIRST, OPENING)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NotesListScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == SECOND and reader.cursor == target
