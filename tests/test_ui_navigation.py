"""The reader driven from the keyboard: list, reading pane, notes, help, quit."""

from __future__ import annotations

import pytest

from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.help import HelpScreen
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_corpus, settle


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


async def test_loads_in_a_worker_groups_by_story_and_opens_the_first_article():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles = app.screen.query_one(ArticleList)
        ids = [option.id for option in articles.options]
        assert ids == ["story:caravan", "alpha", "beta", "story:weather", "gamma"]
        assert app.screen.query_one(ReadingPane).article.id == "alpha"
        assert isinstance(app.focused, ArticleList)


async def test_enter_opens_the_article_under_the_list_cursor_and_focuses_the_reader():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j")  # skips the "weather" story header
        assert app.screen.query_one(ArticleList).highlighted_article_id == "gamma"
        await pilot.press("enter")
        reader = app.screen.query_one(ReadingPane)
        assert reader.article.id == "gamma"
        assert app.focused is reader


async def test_j_k_g_G_move_the_passage_cursor_and_update_the_notes():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "j", "j")
        reader = app.screen.query_one(ReadingPane)
        assert reader.cursor == 2
        await pilot.pause()
        notes = app.screen.query_one(NotesPanel)
        assert "paragraph 3 of 5" in notes.section_text("passage")
        await pilot.press("G")
        await pilot.pause()
        assert reader.cursor == 4
        assert "paragraph 5 of 5" in notes.section_text("passage")
        await pilot.press("k", "g")
        assert reader.cursor == 0
        await pilot.pause()
        assert "standfirst 1 of 5" in notes.section_text("passage")
        assert "Beta News" in notes.section_text("others")


async def test_brackets_switch_article_and_move_the_list_cursor():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader, articles = app.screen.query_one(ReadingPane), app.screen.query_one(ArticleList)
        await pilot.press("right_square_bracket")
        assert reader.article.id == "beta"
        await pilot.press("right_square_bracket")
        assert reader.article.id == "gamma"
        assert articles.highlighted_article_id == "gamma"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert reader.article.id == "alpha"


async def test_tab_and_shift_tab_move_focus_between_panes():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        seen = []
        for _ in range(3):
            seen.append(type(app.focused))
            await pilot.press("tab")
        assert seen == [ArticleList, ReadingPane, NotesPanel]
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, NotesPanel)


async def test_backslash_toggles_the_notes_panel_when_wide():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        notes = app.screen.query_one(NotesPanel)
        assert notes.display
        await pilot.press("backslash")
        assert not notes.display
        await pilot.press("backslash")
        assert notes.display


async def test_narrow_layout_hides_notes_until_toggled_then_replaces_the_list():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notes, articles = app.screen.query_one(NotesPanel), app.screen.query_one(ArticleList)
        assert not notes.display and articles.display
        await pilot.press("backslash")
        assert notes.display and not articles.display
        assert isinstance(app.focused, ReadingPane)  # focus left the hidden list
        await pilot.press("backslash")
        assert articles.display and not notes.display


async def test_question_mark_lists_every_binding_and_escape_closes():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app.screen)
        for binding_id in ("reader.next_passage", "screen.next_article", "screen.toggle_notes",
                           "list.open", "app.quit", "app.help", "reader.half_page_down"):
            assert binding_id in rows
        assert rows["reader.next_passage"] == "j, ↓"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def help_rows(screen: HelpScreen) -> dict[str, str]:
    """Binding id -> keys shown, read from the help table."""
    columns = screen.bindings_table().columns
    return {ident.plain: keys.plain for keys, ident in zip(columns[0].cells, columns[3].cells)}


async def test_q_quits():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_opening_an_article_fills_the_notes_in_the_same_step():
    """The notes follow the open article at once (one frame per key), and the PassageChanged after it is a no-op."""
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        notes = app.screen.query_one(NotesPanel)
        app.main_screen.open_article("beta", passage_index=1)
        assert "paragraph 2 of 3" in notes.section_text("passage")  # before any message is handled
        assert "Beta News" in notes.section_text("article")
        await pilot.pause()
        assert "paragraph 2 of 3" in notes.section_text("passage")
        app.screen.query_one(ReadingPane).move_to_passage(0)
        await pilot.pause()
        assert "1 of 3" in notes.section_text("passage")
