"""The reading pane on its own: cursor, highlights, gutter marks, literal text, per-passage layout caches."""

from __future__ import annotations

from textual.app import App, ComposeResult

from caravan_tui.ui.widgets import reading_pane
from caravan_tui.ui.widgets.reading_pane import CURSOR_BAR, ReadingPane
from caravan_tui.ui.wrap import divide, wrap_offsets
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


class WrapSpy:
    """Counts the pane's wrapping (`wrap_offsets`) and styling (`divide`) work, by passage text."""

    def __init__(self, monkeypatch) -> None:
        self.wrapped: list[str] = []
        self.styled: list[str] = []
        monkeypatch.setattr(reading_pane, "wrap_offsets", self._wrap_offsets)
        monkeypatch.setattr(reading_pane, "divide", self._divide)

    def _wrap_offsets(self, plain, width):
        self.wrapped.append(plain)
        return wrap_offsets(plain, width)

    def _divide(self, text, offsets, width):
        self.styled.append(text.plain)
        return divide(text, offsets, width)

    def reset(self) -> None:
        self.wrapped.clear()
        self.styled.clear()


LONG = many_passages_corpus(12).articles[0]


def passage_text(article, index: int) -> str:
    return next(passage.text for passage in article.passages if passage.index == index)


async def test_a_highlight_change_in_one_passage_restyles_only_that_passage(monkeypatch):
    app = PaneApp(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.set_highlights({1: [(0, 4, "underline")], 5: [(0, 4, "underline")]})
        await pilot.pause()
        before = pane.lines  # every passage styled once
        spy = WrapSpy(monkeypatch)
        pane.set_highlights({1: [(0, 4, "underline")], 5: [(0, 6, "bold")]})
        await pilot.pause()
        assert pane.lines == before  # same words on the same lines
        assert spy.wrapped == []  # styles never move line breaks
        assert spy.styled == [passage_text(LONG, 5)]


async def test_moving_the_entity_cursor_restyles_only_the_two_passages(monkeypatch):
    app = PaneApp(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.set_highlights({index: [(0, 4, "underline")] for index in range(12)})
        pane.focus_span(2, 0, 4)
        await pilot.pause()
        _ = pane.lines  # lays the pane out
        spy = WrapSpy(monkeypatch)
        await pilot.press("full_stop")
        assert pane.focused_span == (3, 0, 4)
        _ = pane.lines  # lays the pane out
        assert spy.wrapped == []
        assert sorted(spy.styled) == sorted([passage_text(LONG, 2), passage_text(LONG, 3)])
        spy.reset()
        await pilot.press("j")  # the passage cursor leaves the focused span: only its passage changes
        assert pane.focused_span is None
        _ = pane.lines  # lays the pane out
        assert spy.styled == [passage_text(LONG, 3)]


async def test_a_width_change_rewraps_every_passage_once(monkeypatch):
    app = PaneApp(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        wide = pane.lines
        spy = WrapSpy(monkeypatch)
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        narrow = pane.lines
        assert sorted(spy.wrapped) == sorted(passage.text for passage in LONG.passages)
        assert len(narrow) > len(wide)
        spy.reset()
        pane.move_to_passage(6)
        pane.set_gutter_marks({6: "*"})
        _ = pane.lines  # lays the pane out
        assert spy.wrapped == [] and spy.styled == []  # cursor and marks: no re-wrap, no re-style


async def test_show_article_with_highlights_and_marks_lays_out_once(monkeypatch):
    second = make_article("a2", "Other", "Second headline", ["One passage here.", WIRE, "And a last one."])
    highlights, marks = {1: [(4, 11, "underline")]}, {0: "*", 2: "≠"}
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)):
        pane = app.query_one(ReadingPane)
        pane.show_article(second, 1)
        pane.set_highlights(highlights)
        pane.set_gutter_marks(marks)
        in_three_calls = [pane.render_line(y) for y in range(20)]
        fresh = make_article("a2", "Other", "Second headline", ["One passage here.", WIRE, "And a last one."])
        spy = WrapSpy(monkeypatch)
        pane.show_article(fresh, 1, highlights, marks)
        assert pane.cursor == 1
        assert [pane.render_line(y) for y in range(20)] == in_three_calls
        assert sorted(spy.wrapped) == sorted(passage.text for passage in fresh.passages)  # each passage once
        pane.show_article(fresh, 1)  # the old call still works: no highlights, no marks
        assert not any("underline" in str(strip) for strip in map(pane.render_line, range(20)))
        assert [line[1] for line in pane.lines] == [" "] * len(pane.lines)


async def test_a_new_article_with_the_same_passage_indexes_is_wrapped_afresh():
    other = make_article("a2", "Outlet", "Headline", ["Short.", "Also short.", "Third passage.", WIRE])
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        pane.show_article(other)
        text = " ".join(" ".join(pane.lines).split())
        assert "Short. Also short. Third passage. The caravan" in text.replace(CURSOR_BAR, "")
        assert "First passage" not in text


async def test_switching_back_to_a_recent_article_rewraps_nothing(monkeypatch):
    other = make_article("a2", "Outlet", "Headline", ["Short.", "Also short.", "Third passage.", WIRE])
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        first_lines = pane.lines
        pane.show_article(other)
        spy = WrapSpy(monkeypatch)
        pane.show_article(ARTICLE)
        assert pane.lines == first_lines
        assert spy.wrapped == [] and spy.styled == []
        reloaded = make_article("a1", "Outlet", "Headline", ["Changed text.", WIRE, "Third passage.", "Last one."])
        pane.show_article(reloaded)  # the same id, a new article object: wrapped afresh
        assert sorted(spy.wrapped) == sorted(passage.text for passage in reloaded.passages)
        assert "Changed text." in " ".join(pane.lines)


async def test_article_shown_before_the_first_layout_is_wrapped_once_at_the_real_width(monkeypatch):
    """show_article runs in on_mount, before the pane has a size: nothing is wrapped to a guess."""
    widths: list[int] = []
    real_wrap = reading_pane.wrap_offsets
    monkeypatch.setattr(reading_pane, "wrap_offsets",
                        lambda text, width: widths.append(width) or real_wrap(text, width))
    app = PaneApp(make_article("a", "Outlet", "Title", [WIRE, WIRE]))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        assert set(widths) == {pane.scrollable_content_region.width - reading_pane.GUTTER_WIDTH}
        assert app.changes == [("a", 0)]  # the cursor was placed and announced all the same
        assert cursor_lines(pane) and visible_text(pane)[3].startswith(CURSOR_BAR)


async def test_switching_back_reuses_the_layout_and_the_drawn_lines(monkeypatch):
    other = make_article("a2", "Outlet", "Headline", ["Short.", "Also short.", "Third passage.", WIRE])
    app = PaneApp(ARTICLE)
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        await pilot.pause()
        shown = visible_text(pane)
        pane.show_article(other)
        await pilot.pause()
        assert visible_text(pane) != shown
        layouts, strips = [], []
        monkeypatch.setattr(pane, "_layout", lambda width: layouts.append(width) or [])
        real_build = pane._build_strip
        monkeypatch.setattr(pane, "_build_strip",
                            lambda *args, **kwargs: strips.append(args) or real_build(*args, **kwargs))
        pane.show_article(ARTICLE)
        assert visible_text(pane) == shown  # drawn from the kept strips: no layout, no strip built
        assert layouts == [] and strips == []
        pane.move_to_passage(1)  # the cursor moved: those lines are drawn afresh
        visible_text(pane)
        assert strips
