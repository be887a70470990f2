"""Reading habits: paging, search in the article and across the corpus, ¶ jumps and numbers, note marks,
the entity cursor's mentions where they can be seen, and the citation copy."""

from __future__ import annotations

from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.main import citation_text
from caravan_tui.ui.screens.prompt import PromptScreen
from caravan_tui.ui.screens.search_results import SearchResultsScreen
from caravan_tui.ui.search import find_in_text, fold_same_length, next_match
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_corpus, many_passages_corpus, settle


def test_search_ignores_case_and_accents_and_keeps_offsets():
    assert fold_same_length("López ÉCOLE") == "lopez ecole"
    text = "Andrés López met LOPEZ; lopez left."
    spans = find_in_text(text, "lopez")
    assert [text[start:end] for start, end in spans] == ["López", "LOPEZ", "lopez"]
    assert find_in_text(text, "   ") == []


def test_the_next_match_wraps_around_the_article():
    from caravan_tui.ui.search import Match

    matches = [Match(2, 0, 3), Match(5, 1, 4)]
    assert next_match(matches, 2, 1).passage == 5
    assert next_match(matches, 5, 1).passage == 2
    assert next_match(matches, 2, -1).passage == 5
    assert next_match([], 0, 1) is None


async def _reader(app, pilot) -> ReadingPane:
    await settle(app, pilot)
    reader = app.main_screen.query_one(ReadingPane)
    reader.focus()
    await pilot.pause()
    return reader


async def test_space_and_b_page_down_and_up():
    app = create_app(corpus=many_passages_corpus(60))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot)
        assert reader.cursor == 0
        await pilot.press("space")
        after_one_page = reader.cursor
        assert after_one_page > 2
        await pilot.press("space")
        assert reader.cursor > after_one_page
        await pilot.press("b", "b")
        assert reader.cursor == 0


async def test_slash_searches_the_article_and_angle_brackets_step_through_matches():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _reader(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"the", "enter")
        await pilot.pause()
        first = reader.cursor
        assert "the" in app.main_screen.state.corpus.by_id("alpha").passages[first].text.lower()
        assert any("passage 1 of" in n.message for n in app._notifications)
        assert reader._search, "the matches are not marked"
        await pilot.press("greater_than_sign")
        assert reader.cursor != first
        await pilot.press("less_than_sign")
        assert reader.cursor == first


async def test_a_search_with_no_match_says_so_and_moves_nothing():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _reader(app, pilot)
        await pilot.press("slash", *"zebra", "enter")
        await pilot.pause()
        assert reader.cursor == 0
        assert any("not in this article" in n.message for n in app._notifications)


async def test_F_searches_all_articles_and_enter_opens_the_passage():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await _reader(app, pilot)
        await pilot.press("F", *"forecasters", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchResultsScreen)
        assert [found.article_id for found in app.screen.matches] == ["gamma"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == "gamma"


async def test_colon_jumps_to_a_passage_by_its_number():
    app = create_app(corpus=many_passages_corpus(30))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot)
        await pilot.press("colon", "1", "2", "enter")
        await pilot.pause()
        assert reader.cursor == 11
        await pilot.press("colon", "9", "9", "enter")
        await pilot.pause()
        assert reader.cursor == 11
        assert any("¶1 to ¶30" in n.message for n in app._notifications)


async def test_number_sign_shows_passage_numbers_in_the_gutter():
    app = create_app(corpus=many_passages_corpus(12))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _reader(app, pilot)
        assert not any(line[3:6].strip().isdigit() for line in reader.lines)
        await pilot.press("number_sign")
        await pilot.pause()
        numbered = [line for line in reader.lines if line[4:6].strip().isdigit()]
        assert [int(line[4:6]) for line in numbered] == list(range(1, 13))
        await pilot.press("number_sign")
        await pilot.pause()
        assert not any(line[4:6].strip().isdigit() for line in reader.lines)


async def test_a_passage_with_a_note_is_marked_in_the_gutter():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _reader(app, pilot)
        await pilot.press("j", "n")
        await pilot.pause()
        await pilot.press(*"check this", "ctrl+s")
        for _ in range(20):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if reader._noted:
                break
        assert reader._noted == frozenset({1})
        first_lines = {line[2] for line in reader.lines if line.startswith("▌")}
        assert "*" in first_lines


async def test_the_entity_cursor_shows_mentions_at_the_top_of_the_notes_panel():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _reader(app, pilot)
        await pilot.press("full_stop")
        await pilot.pause()
        assert reader.focused_span is not None
        panel = app.main_screen.query_one(NotesPanel)
        assert panel._order[0] == "entity" and panel.section_text("entity")


async def test_the_entity_cursor_moves_on_to_later_passages():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _reader(app, pilot)
        passages = set()
        for _ in range(12):
            await pilot.press("full_stop")
            if reader.focused_span is not None:
                passages.add(reader.focused_span[0])
        assert len(passages) > 1


async def test_with_the_notes_panel_hidden_the_entity_shows_in_a_popup():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _reader(app, pilot)
        await pilot.press("full_stop")
        await pilot.pause()
        assert any(n.title == "Entity" for n in app._notifications)


async def test_y_copies_the_passage_as_a_citation():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await _reader(app, pilot)
        await pilot.press("j", "y")
        await pilot.pause()
        assert app.clipboard.startswith("“Officials said 6,000 people")
        assert "Daily Alpha" in app.clipboard and "¶2" in app.clipboard and "https://example.org/alpha" in app.clipboard


def test_a_citation_shows_control_characters_literally_nowhere_but_in_the_text_given():
    corpus = make_corpus()
    article = corpus.by_id("alpha")
    citation = citation_text(article, 0)
    assert citation.startswith("“The caravan") and citation.endswith("https://example.org/alpha")
