"""The reading pane on its own: cursor, highlights, gutter marks, literal text."""

from __future__ import annotations

from textual.app import App, ComposeResult

from caravan_tui.ui.widgets.reading_pane import CURSOR_BAR, ReadingPane
from ui_helpers import WIRE, make_article, many_passages_corpus


class PaneApp(App[None]):
    """A bare app holding one reading pane and recording PassageChanged."""

    def __init__(self, article) -> None:
        super().__init__()
        self.article = article
        self.changes: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield ReadingPane()

    def on_mount(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.show_article(self.article)
        pane.focus()

    def on_reading_pane_passage_changed(self, message: ReadingPane.PassageChanged) -> None:
        self.changes.append((message.article_id, message.passage_index))


def visible_text(pane: ReadingPane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


def cursor_lines(pane: ReadingPane) -> list[str]:
    return [line for line in pane.lines if line.startswith(CURSOR_BAR)]


ARTICLE = make_article("a1", "Outlet", "Headline", ["First passage.", WIRE, "Third passage.", "Last one."])


async def test_j_k_g_G_move_the_cursor_and_post_passage_changed():
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        assert pane.cursor == 0
        await pilot.press("j", "j")
        assert pane.cursor == 2
        await pilot.press("k")
        assert pane.cursor == 1
        await pilot.press("G")
        assert pane.cursor == 3
        await pilot.press("j")  # already last: stays
        assert pane.cursor == 3
        await pilot.press("g")
        assert pane.cursor == 0
        await pilot.pause()
        assert app.changes == [("a1", 0), ("a1", 1), ("a1", 2), ("a1", 1), ("a1", 3), ("a1", 0)]


async def test_cursor_bar_marks_every_line_of_the_current_passage_only():
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.move_to_passage(1)
        await pilot.pause()
        marked = cursor_lines(pane)
        assert len(marked) > 1  # the wire passage wraps at this width
        assert " ".join(line[3:].strip() for line in marked) == WIRE


async def test_cursor_stays_in_view_when_moving_and_resizing():
    article = many_passages_corpus(40).articles[0]
    app = PaneApp(article)
    async with app.run_test(size=(60, 15)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.press("G")
        await pilot.pause()
        assert any(line.startswith(CURSOR_BAR) for line in visible_text(pane))
        await pilot.resize_terminal(30, 12)
        await pilot.pause()
        await pilot.pause()
        assert any(line.startswith(CURSOR_BAR) for line in visible_text(pane))
        await pilot.press("g")
        await pilot.pause()
        assert pane.scroll_offset.y == 0


async def test_half_page_moves_by_about_half_the_height():
    article = many_passages_corpus(40).articles[0]
    app = PaneApp(article)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.press("ctrl+d")
        first_jump = pane.cursor
        assert first_jump > 1
        await pilot.press("ctrl+d")
        assert pane.cursor > first_jump
        await pilot.press("ctrl+u", "ctrl+u")
        assert pane.cursor == 0


async def test_highlights_style_exactly_the_given_span():
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.set_highlights({2: [(0, 5, "bold underline")]})
        await pilot.pause()
        line = next(y for y in range(20) if "Third passage." in pane.render_line(y).text)
        styled = [(segment.text, segment.style) for segment in pane.render_line(line)]
        underlined = "".join(text for text, style in styled if style and style.underline)
        assert underlined == "Third"


async def test_gutter_marks_show_one_character_on_the_first_line():
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.set_gutter_marks({1: "*", 3: "≠≠"})
        await pilot.pause()
        starts = [line[1] for line in pane.lines]
        assert starts.count("*") == 1 and starts.count("≠") == 1
        wire_first = next(line for line in pane.lines if "The caravan" in line)
        assert wire_first[1] == "*"


async def test_article_text_is_shown_literally():
    nasty = make_article("n1", "Evil\x1b]0;owned\x07 Outlet", "[bold]Not bold[/bold] \x1b[31mred",
                         ["[link=http://x]click[/link] and \x1b[2J clear \u202eevil", "plain"])
    app = PaneApp(nasty)
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        shown = "\n".join(pane.lines)
        assert "[bold]Not bold[/bold] ␛[31mred" in shown
        assert "[link=http://x]click[/link] and ␛[2J clear \ufffdevil" in shown
        assert "Evil␛]0;owned␇ Outlet" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        title_line = pane.render_line(0)
        assert all(segment.style is None or not segment.style.link for segment in title_line)
