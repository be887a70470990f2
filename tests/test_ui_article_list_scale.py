"""The article list at scale (10,000 articles) and its `/` filter, driven with Pilot."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Static

from caravan_tui.ui.app import create_app
from caravan_tui.ui.catalogue import all_bindings
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.list_filter import ListFilter
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_article, make_corpus, settle


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


class ListHost(App[None]):
    """The list beside a stand-in reading pane, as on the main screen."""

    CSS = "#articles { width: 30; height: 1fr; border: round white; } Static { width: 1fr; }"

    def compose(self):
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield Static("reader")


@pytest.fixture(scope="module")
def big_corpus():
    """10,000 articles by 25 outlets in 2,000 stories of five (made here: tests never import bench/)."""
    articles = [make_article(f"a{number:05d}", f"Outlet {number % 25}", f"Headline {number} about story {number // 5}",
                             ["One short passage."], story=f"s{number // 5}")
                for number in range(10_000)]
    return articles, {article.id: article.story for article in articles}


async def test_ten_thousand_articles_show_with_story_headers_and_scroll(big_corpus):
    articles, truth = big_corpus
    app = ListHost()
    async with app.run_test(size=(100, 30)) as pilot:
        articles_list = app.query_one(ArticleList)
        articles_list.focus()
        articles_list.show_stories(articles, truth)
        await pilot.pause()
        headers = [option for option in articles_list.options if option.disabled]
        assert len(articles_list.options) == len(articles) + len(set(truth.values())) == len(articles) + len(headers)
        assert articles_list.virtual_size.height == len(articles) + len(headers)  # one line a row
        await pilot.press("end")
        assert articles_list.highlighted == len(articles_list.options) - 1
        assert articles_list.scroll_y == articles_list.max_scroll_y > 0
        await pilot.press("home", "j", "j")
        assert articles_list.scroll_y < 10
        assert articles_list.highlighted_article_id is not None and articles_list.highlighted >= 3


async def test_moving_the_cursor_and_opening_articles_never_rebuild_the_rows(big_corpus, monkeypatch):
    articles, truth = big_corpus
    app = ListHost()
    async with app.run_test(size=(100, 30)) as pilot:
        articles_list = app.query_one(ArticleList)
        articles_list.focus()
        articles_list.show_stories(articles, truth)
        await pilot.pause()
        rebuilt = []
        monkeypatch.setattr(articles_list, "set_options", lambda *a: rebuilt.append(a))
        monkeypatch.setattr(articles_list, "add_options", lambda *a: rebuilt.append(a))
        opened = []
        app.on_article_list_opened = lambda message: opened.append(message.article_id)  # type: ignore[attr-defined]
        for article in articles[5000:5010]:
            articles_list.highlight_article(article.id)
        await pilot.press("j", "k", "enter", "end")
        await pilot.pause()
        assert rebuilt == []
        assert articles_list.highlighted_article_id == articles_list.options[-1].id


async def test_slash_opens_the_filter_over_the_list_and_typing_filters_by_headline_outlet_and_text():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        await pilot.press("slash")
        box = app.screen.query_one(ListFilter)
        assert app.focused is box and box.display
        assert box.region.y == articles_list.region.y + 1  # on the list's first line, inside its border
        assert box.region.x > articles_list.region.x and box.region.right < articles_list.region.right
        await pilot.press(*"storm")  # a headline word
        assert [o.id for o in articles_list.options] == ["story:weather", "gamma"]
        await app.workers.wait_for_complete()
        await pilot.pause()
        box.value = ""
        await pilot.press(*"BETA N")  # an outlet, case folded
        assert [o.id for o in articles_list.options] == ["story:caravan", "beta"]
        box.value = ""
        await pilot.press(*"handed out water")  # only in the text of alpha
        assert [o.id for o in articles_list.options] == ["story:caravan", "alpha"]
        assert "1 of 3" in str(articles_list.border_subtitle)


async def test_enter_goes_to_the_first_match_and_escape_clears_the_filter():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        subtitle = str(articles_list.border_subtitle)
        await pilot.press("slash", *"gamma post", "enter")
        assert app.focused is articles_list
        assert articles_list.highlighted_article_id == "gamma"
        assert not app.screen.query_one(ListFilter).display
        await pilot.press("enter")
        assert app.screen.query_one(ReadingPane).article.id == "gamma"
        app.screen.query_one(ArticleList).focus()
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert [o.id for o in articles_list.options] == ["story:caravan", "alpha", "beta", "story:weather", "gamma"]
        assert articles_list.highlighted_article_id == "gamma"
        assert app.focused is articles_list
        assert str(articles_list.border_subtitle) == subtitle


async def test_a_filter_matching_nothing_leaves_an_empty_list_and_escape_restores_it():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"zzzz")
        assert articles_list.option_count == 0
        await pilot.press("enter")
        assert articles_list.highlighted_article_id is None
        await pilot.press("slash", "escape")
        assert articles_list.option_count == 5


def test_the_filter_and_sort_bindings_have_ids_and_sort_takes_no_key_of_the_main_screen():
    entries = all_bindings()
    assert any(entry.id == "list.filter" and entry.binding.key == "slash" for entry in entries)
    sort = next(entry for entry in entries if entry.id == "list.sort")
    taken = {key.strip() for entry in entries if entry.scope in {"app", "screen", "list", "reader"}
             and entry.id != "list.sort" for key in entry.binding.key.split(",")}
    assert sort.binding.key not in taken


async def test_a_closed_filter_shows_its_query_in_the_title_and_escape_on_the_list_clears_it():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"[red]zz", "enter")
        assert app.focused is articles_list and articles_list.option_count == 0
        assert articles_list._border_title.plain == "Articles /[red]zz (escape clears)"
        await pilot.press("escape")
        await pilot.pause()
        assert articles_list.option_count == 5
        assert articles_list._border_title.plain == "Articles"


@asynccontextmanager
async def five_hundred_listed(big_corpus):
    """The list holding the first 500 articles (100 stories), drawn once at 80x24; yields (listing, pilot)."""
    articles, story_of = big_corpus
    app = ListHost()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.query_one(ArticleList)
        listing.show_stories(articles[:500], story_of)
        yield listing, pilot


def drawn_rows(listing):
    """The ids of the rows whose drawing the list keeps."""
    return {key[0].id for key in listing._option_render_cache.keys()}


async def test_the_one_line_bookkeeping_matches_option_lists_own(big_corpus):
    """ArticleList keeps no line entries per row; what its line cache answers must be what OptionList computes."""
    from textual.widgets import OptionList
    from textual.widgets._option_list import _LineCache

    async with five_hundred_listed(big_corpus) as (listing, pilot):
        await pilot.pause()
        cache, size = listing._line_cache, listing.virtual_size
        fast = (list(cache.lines), dict(cache.heights), dict(cache.index_to_line), size)
        listing._line_cache = _LineCache()
        OptionList._update_lines(listing)  # measures every row, as OptionList does
        own = listing._line_cache
        assert fast == (list(own.lines), dict(own.heights), dict(own.index_to_line), listing.virtual_size)
        assert len(fast[0]) == len(listing.options) == 500 + 100  # the articles and their story headers
        assert cache.lines[-1] == own.lines[-1] and cache.lines[3] == own.lines[3]


async def test_opening_another_article_redraws_only_its_row_and_the_previous_one(big_corpus):
    async with five_hundred_listed(big_corpus) as (listing, pilot):
        listing.highlight_article("a00001")
        await pilot.pause()
        assert {"a00000", "a00001", "a00002"} <= drawn_rows(listing)
        listing.highlight_article("a00002")
        kept = drawn_rows(listing)
        assert "a00000" in kept and not {"a00001", "a00002"} & kept
        await pilot.pause()
        listing.mark_read("a00003", read=False)
        kept = drawn_rows(listing)
        assert "a00000" in kept and "a00003" not in kept and "story:s0" not in kept  # its story counts it


async def test_on_a_large_corpus_the_filter_matches_headlines_and_outlets_not_the_text(monkeypatch):
    from caravan_tui.ui.widgets import article_list

    monkeypatch.setattr(article_list, "FULL_TEXT_FILTER_UP_TO", 2)
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"handed out water")  # only in the text of alpha
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert articles_list.option_count == 0 and articles_list._search_text is None
        box = app.screen.query_one(ListFilter)
        assert "F: search the text" in str(box.placeholder)
        box.value = ""
        await pilot.press(*"storm")  # a headline word
        assert [o.id for o in articles_list.options] == ["story:weather", "gamma"]


@pytest.mark.parametrize(("closing_key", "query_left"), [("enter", "a"), ("escape", "")])
async def test_keys_typed_in_one_burst_after_closing_the_filter_move_the_list(closing_key, query_left):
    """Over SSH or from a paste, the keys after enter or escape arrive before the app has handled it."""
    from textual import events

    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles_list = app.screen.query_one(ArticleList)
        await pilot.press("slash", "a")  # alpha, beta and gamma match
        before = articles_list.highlighted_article_id
        for key, character in ((closing_key, None), ("j", "j")):  # queued together: none handled before the last
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(ListFilter).value == query_left
        assert app.focused is articles_list
        if closing_key == "enter":
            assert articles_list.highlighted_article_id == "beta"  # the first match, then one down
        else:
            assert articles_list.highlighted_article_id not in (before, None)
