"""The notes panel on the line API: sections in order, literal text, and repaints limited to changed lines."""

from __future__ import annotations

from textual.app import App

from caravan_tui.ui.widgets.notes_panel import NotesPanel


class PanelHost(App[None]):
    CSS = "NotesPanel { width: 30; height: 20; }"

    def compose(self):
        yield NotesPanel()


async def two_sections(app: PanelHost, pilot) -> NotesPanel:
    """The panel with a passage section (lines 0-1) and an article section (lines 3-5), drawn."""
    panel = app.query_one(NotesPanel)
    panel.set_section("passage", "Passage", "paragraph 1 of 5")
    panel.set_section("article", "Article", "Outlet: Daily Alpha\nWords: 62")
    await pilot.pause()
    return panel


def record_repaints(panel: NotesPanel, monkeypatch) -> list[tuple[int, int]]:
    """(first line, count) of each repaint the panel asks for from now on."""
    refreshed: list[tuple[int, int]] = []
    monkeypatch.setattr(panel, "refresh_lines", lambda first, count=1: refreshed.append((first, count)))
    return refreshed


async def test_sections_keep_their_order_and_show_text_literally():
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = app.query_one(NotesPanel)
        panel.set_section("article", "Article", "Outlet: [red]X[/red]")
        panel.set_section("passage", "Passage", "paragraph 2 of 5")
        panel.set_section("carried", "Other outlets", "Beta: not carried\x1b[2J")
        await pilot.pause()
        assert panel.lines[:8] == ["Passage", "paragraph 2 of 5", "", "Other outlets", "Beta: not carried␛[2J", "",
                                   "Article", "Outlet: [red]X[/red]"]
        panel.remove_section("carried")
        await pilot.pause()
        assert "Other outlets" not in panel.lines and panel.section_text("carried") == ""


async def test_a_changed_section_invalidates_only_the_lines_that_changed(monkeypatch):
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = await two_sections(app, pilot)
        refreshed = record_repaints(panel, monkeypatch)
        panel.set_section("passage", "Passage", "paragraph 2 of 5")
        assert refreshed == [(1, 1)]
        refreshed.clear()
        panel.set_section("passage", "Passage", "paragraph 2 of 5")  # unchanged: nothing to repaint
        assert refreshed == []
        panel.set_section("passage", "Passage", "paragraph 3 of 5")
        panel.set_section("article", "Article", "Outlet: Daily Alpha\nWords: 63")
        assert refreshed == [(1, 1), (5, 1)]  # each change repaints its own line


async def test_the_changed_lines_of_a_batch_are_repainted_as_one_region(monkeypatch):
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = await two_sections(app, pilot)
        refreshed = record_repaints(panel, monkeypatch)
        with panel.batch():
            panel.set_section("passage", "Passage", "paragraph 2 of 5")
            panel.set_section("article", "Article", "Outlet: Daily Alpha\nWords: 63")
        assert refreshed == [(1, 5)]  # lines 1 to 5: the unchanged ones between keep their drawn strips
        assert panel.lines[1] == "paragraph 2 of 5" and panel.lines[5] == "Words: 63"


async def test_the_scrollable_height_grows_at_once_and_shrinks_only_by_more_than_a_page():
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = app.query_one(NotesPanel)
        panel.set_section("passage", "Passage", "\n".join(f"line {n}" for n in range(40)))
        await pilot.pause()
        tall = panel.virtual_size.height
        assert tall >= 41
        panel.set_section("passage", "Passage", "\n".join(f"line {n}" for n in range(36)))
        await pilot.pause()
        assert panel.virtual_size.height == tall  # a few lines shorter: no full repaint
        panel.set_section("passage", "Passage", "short")
        await pilot.pause()
        assert panel.virtual_size.height < tall


async def test_a_batch_of_section_changes_lays_the_panel_out_once(monkeypatch):
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = app.query_one(NotesPanel)
        panel.set_section("passage", "Passage", "paragraph 1 of 5")
        await pilot.pause()
        layouts: list[int] = []
        real_layout = panel._layout
        monkeypatch.setattr(panel, "_layout", lambda width: layouts.append(width) or real_layout(width))
        with panel.batch():
            panel.set_section("passage", "Passage", "paragraph 2 of 5")
            panel.set_section("article", "Article", "Outlet: Daily Alpha")
            panel.set_section("carried", "Other outlets", "Beta News ¶2")
            panel.remove_section("carried")
            assert layouts == []
        assert len(layouts) == 1
        assert panel.lines[:5] == ["Passage", "paragraph 2 of 5", "", "Article", "Outlet: Daily Alpha"]


async def test_lines_that_only_moved_keep_their_drawn_strips():
    app = PanelHost()
    async with app.run_test(size=(40, 24)) as pilot:
        panel = await two_sections(app, pilot)
        drawn = [panel.render_line(y) for y in range(8)]
        built: list[str] = []
        real_build = panel._build_strip
        panel._build_strip = lambda line, width: built.append(line.plain) or real_build(line, width)
        panel.set_section("passage", "Passage", "paragraph 1 of 5\nwith a second line")  # the article moves down
        panel.set_section("article", "Article", "Outlet: Daily Alpha\nWords: 62")  # the same text, a new object
        await pilot.pause()
        moved = [panel.render_line(y) for y in range(9)]
        assert sorted(built) == ["Passage", "paragraph 1 of 5", "with a second line"]  # the changed section alone
        assert [strip.text.strip() for strip in moved] == [strip.text.strip() for strip in drawn[:2]] + \
            ["with a second line"] + [strip.text.strip() for strip in drawn[2:8]]
