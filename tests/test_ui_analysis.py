"""The reader with the analysis: highlights, entity cursor, source switch, gutter marks."""

from __future__ import annotations

from caravan_tui.ui.analysis_view import CHANGED_MARK, UNIQUE_MARK
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.legend import Legend
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from fixture_paths import SEEDS
from ui_helpers import offered_scopes, settle

FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"


def passage_starting(app, article_id: str, opening: str) -> int:
    article = app.main_screen.state.corpus.by_id(article_id)
    return next(p.index for p in article.passages if p.text.startswith(opening))


async def open_at(app, pilot, article_id: str, opening: str) -> ReadingPane:
    app.main_screen.open_article(article_id, passage_index=passage_starting(app, article_id, opening))
    await pilot.pause()
    return app.main_screen.query_one(ReadingPane)


async def test_s_switches_to_the_counterpart_and_S_comes_back():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "In May, Mexico agreed")
        start = reader.cursor
        await pilot.press("s")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == SECOND
        assert reader.article.passages[reader.cursor].text.startswith("In May, Mexico agreed to take in refugees")
        assert "2 of 2 outlets carry this" in reader.border_subtitle
        await pilot.press("S")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == FIRST
        assert reader.cursor == start


async def test_s_on_a_passage_no_one_else_carries_stays_and_says_so():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, SECOND, "Rosa, from El Salvador")
        before = reader.cursor
        await pilot.press("s")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == SECOND and reader.cursor == before
        assert any("No other outlet carries this passage" in str(n.message) for n in app._notifications)
        assert "only this outlet of 2" in reader.border_subtitle


async def test_gutter_marks_unique_and_changed_passages():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "This month, as many as")
        unique = passage_starting(app, FIRST, "This month, as many as")
        changed = passage_starting(app, FIRST, "Thousands of migrants moved")
        same = passage_starting(app, FIRST, "On Wednesday, Secretary")
        assert reader._marks[unique] == UNIQUE_MARK
        assert reader._marks[changed] == CHANGED_MARK
        assert same not in reader._marks


async def test_entities_are_highlighted_and_toggled_by_type():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "On Wednesday, Secretary")
        index = reader.cursor
        text = reader.article.passages[index].text
        highlighted = {text[start:end] for start, end, _ in reader._highlights[index]}
        assert "Antony Blinken" in highlighted and "Mexico" in highlighted
        await pilot.press("1")  # people off
        await pilot.pause()
        highlighted = {text[start:end] for start, end, _ in reader._highlights.get(index, [])}
        assert "Antony Blinken" not in highlighted and "Mexico" in highlighted
        legend = app.main_screen.query_one(Legend)
        assert "person" not in legend.enabled
        assert "Person off" in legend.render().plain
        await pilot.press("1")
        await pilot.pause()
        assert "person" in legend.enabled


async def test_entity_cursor_fills_the_notes_and_enter_follows_the_entity():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "On Wednesday, Secretary")
        reader.focus()
        await pilot.press("full_stop")
        await pilot.pause()
        passage, start, end = reader.focused_span
        name = reader.article.passages[passage].text[start:end]
        notes = app.main_screen.query_one(NotesPanel)
        entity_notes = notes.section_text("entity")
        assert name in entity_notes
        assert app.main_screen.state.corpus.by_id(SECOND).outlet in entity_notes  # mentioned in the other outlet too
        before = (app.main_screen.state.current_article.id, reader.focused_span)
        await pilot.press("enter")
        await pilot.pause()
        after_passage, after_start, after_end = reader.focused_span
        after_name = reader.article.passages[after_passage].text[after_start:after_end]
        assert (app.main_screen.state.current_article.id, reader.focused_span) != before
        state = app.main_screen.state
        mention = state.mention_at(state.current_article.id, after_passage, (after_start, after_end))
        assert mention is not None and after_name == mention.text


async def test_j_leaves_the_entity_cursor_behind():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "On Wednesday, Secretary")
        reader.focus()
        await pilot.press("full_stop")
        assert reader.focused_span is not None
        await pilot.press("j")
        await pilot.pause()
        assert reader.focused_span is None
        assert app.main_screen.query_one(NotesPanel).section_text("entity") == ""


async def test_d_opens_the_compare_view_on_the_passage_under_the_cursor():
    from caravan_tui.ui.screens.compare import CompareScreen

    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = await open_at(app, pilot, FIRST, "The number crossing the Darien Gap")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert offered_scopes(app) == frozenset({"app", "compare"})
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert app.main_screen.query_one(ReadingPane) is reader and "compare" not in offered_scopes(app)


async def test_outlet_names_are_shown_literally_in_the_reading_pane_title():
    from caravan_tui.corpus.model import Corpus
    from ui_helpers import make_article

    article = make_article("x", "[red]Outlet[/red]", "Headline", ["Some text here for the pane."])
    app = create_app(corpus=Corpus(articles=[article]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.main_screen.query_one(ReadingPane)
        assert reader._border_title.plain == "[red]Outlet[/red]"  # the drawn title, markup not read


async def test_notes_panel_shows_figures_voices_and_terms_of_the_passage():
    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_at(app, pilot, FIRST, "This month, as many as 10,000")
        cross = app.main_screen.query_one(NotesPanel).section_text("cross")
        assert "figure: as many as 10,000" in cross and "only" in cross
        assert "term:" in cross and "illegal immigrants" in cross
        await open_at(app, pilot, SECOND, "Rosa, from El Salvador")
        assert "quote: Rosa" in app.main_screen.query_one(NotesPanel).section_text("cross")


async def test_o_opens_the_story_overview_and_escape_closes_it():
    from caravan_tui.ui.screens.overview import OverviewScreen

    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        for _ in range(20):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, OverviewScreen):
                break
        assert isinstance(app.screen, OverviewScreen)
        assert offered_scopes(app) == frozenset({"app", "overview"})
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OverviewScreen)


async def test_analysis_progress_is_shown_under_the_reading_pane_until_it_is_done():
    import asyncio

    app = create_app(paths=[SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.main_screen.query_one(ReadingPane)
        import threading

        report = app.main_screen._analysis_progress(app.main_screen.state.generation, threading.Event())
        analysis, app.main_screen.state.analysis = app.main_screen.state.analysis, None
        await asyncio.to_thread(report, "entities", 3, 3)
        await pilot.pause()
        assert str(reader.border_subtitle) == "analysing: finding entities 3/3"
        app.main_screen.show_analysis(analysis)
        await pilot.pause()
        assert "outlets carry this" in str(reader.border_subtitle)
