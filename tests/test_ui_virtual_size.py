"""set_virtual_size: a fixed-size scroll view grows and shrinks without a screen layout, and scrolls to its end."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView

from caravan_tui.ui.widgets.reading_pane import ReadingPane
from caravan_tui.ui.widgets.virtual_size import set_virtual_size
from test_ui_reading_pane import PaneApp
from ui_helpers import many_passages_corpus


def count_layouts(monkeypatch) -> list[Screen]:
    laid_out: list[Screen] = []
    original = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        laid_out.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return laid_out


async def test_a_longer_article_is_scrollable_to_its_end_without_a_screen_layout(monkeypatch):
    short = many_passages_corpus(2).articles[0]
    long = many_passages_corpus(80).articles[0]
    app = PaneApp(short)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        assert pane.max_scroll_y == 0
        laid_out = count_layouts(monkeypatch)
        pane.show_article(long)
        await pilot.pause()
        assert laid_out == []
        assert pane.virtual_size.height == len(pane.lines) > pane.size.height
        assert pane.vertical_scrollbar.window_virtual_size == len(pane.lines)
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_offset.y == pane.max_scroll_y == len(pane.lines) - pane.scrollable_content_region.height
        assert "Passage number 79." in "".join(pane.render_line(y).text for y in range(pane.size.height))
        pane.show_article(short)  # shorter again: the scroll offset comes back within it
        await pilot.pause()
        assert pane.scroll_offset.y == 0 and pane.max_scroll_y == 0 and laid_out == []


class AutoHeight(ScrollView):
    DEFAULT_CSS = "AutoHeight { height: auto; }"


class AutoApp(App[None]):
    def compose(self) -> ComposeResult:
        yield AutoHeight()


async def test_a_view_sized_by_its_content_is_laid_out_again():
    app = AutoApp()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(AutoHeight)
        set_virtual_size(view, Size(10, 7))
        await pilot.pause()
        assert view.size.height == 7  # its height follows its content: the screen was laid out
