"""The article list's rows made on demand: keys, mouse, lookups by id and the filter, on 10,000 articles."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Static
from textual.widgets.option_list import OptionDoesNotExist

from caravan_tui.ui import list_rows
from caravan_tui.ui.widgets.article_list import ArticleList
from ui_helpers import make_article


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


class ListHost(App[None]):
    """The list beside a stand-in reading pane; records the articles it asks to open."""

    CSS = "#articles { width: 40; height: 1fr; border: round white; } Static { width: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def compose(self):
        with Horizontal():
            yield ArticleList(id="articles")
            yield Static("reader")

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.opened.append(message.article_id)


@pytest.fixture(scope="module")
def corpus():
    """10,000 articles in stories of 1 to 7 (so a story's first and last article differ), dated, by 9 outlets."""
    articles, story_of, number, story = [], {}, 0, 0
    while number < 10_000:
        for _ in range(story % 7 + 1):
            article = make_article(f"a{number:05d}", f"Outlet {number % 9}", f"Headline {number} of story {story}",
                                   ["One short passage."], story=f"s{story}")
            articles.append(article)
            story_of[article.id] = f"s{story}"
            number += 1
        story += 1
    story_of.pop("a00005")  # an article without a story is its own
    return articles, story_of


@asynccontextmanager
async def listed(corpus, size=(100, 30)):
    articles, story_of = corpus
    app = ListHost()
    async with app.run_test(size=size) as pilot:
        listing = app.query_one(ArticleList)
        listing.focus()
        listing.show_stories(articles, story_of)
        await pilot.pause()
        yield app, listing, pilot


def expected_rows(listing: ArticleList) -> list[str]:
    """Row ids as OptionList was given them before: a header before each story's articles."""
    rows = []
    for story, members in list_rows.arranged(listing._groups, listing.order):
        if story is not None:
            rows.append("story:" + story)
        rows.extend(article.id for article in members)
    return rows


async def test_only_the_rows_on_screen_are_made_and_every_row_is_there_when_read(corpus):
    async with listed(corpus) as (app, listing, pilot):
        assert len(listing._options.made) < 60  # a screenful (and the cursor's row), not 11,000
        ids = [option.id for option in listing.options]
        assert ids == expected_rows(listing) and len(ids) == listing.option_count
        assert ids[:4] == ["story:s0", "a00000", "story:s1", "a00001"]
        assert [option.disabled for option in listing.options[:4]] == [True, False, True, False]
        assert listing.options[-1].id == ids[-1] and listing.options[3:5][1].id == ids[4]


async def test_the_cursor_skips_story_headers_both_ways(corpus):
    async with listed(corpus) as (app, listing, pilot):
        assert listing.highlighted_article_id == "a00000"
        await pilot.press("j")
        assert listing.highlighted_article_id == "a00001" and listing.highlighted == 3  # past the header of s1
        await pilot.press("j", "j")
        assert listing.highlighted_article_id == "a00003"  # s1 is two articles: a00001, a00002
        assert listing.options[listing.highlighted - 1].disabled
        await pilot.press("k")
        assert listing.highlighted_article_id == "a00002"


async def test_page_keys_home_and_end_land_on_articles_and_keep_the_cursor_in_view(corpus):
    async with listed(corpus) as (app, listing, pilot):
        height = listing.scrollable_content_region.height
        await pilot.press("pagedown")
        first_page = listing.highlighted
        assert listing.highlighted_article_id is not None and height - 1 <= first_page <= height + 1
        await pilot.press("pagedown", "pagedown", "pageup")
        assert listing.highlighted_article_id is not None
        assert first_page < listing.highlighted <= first_page + height + 1
        assert listing.scroll_y <= listing.highlighted < listing.scroll_y + height
        await pilot.press("end")
        assert listing.highlighted == listing.option_count - 1 and listing.scroll_y == listing.max_scroll_y
        await pilot.press("home")
        assert listing.highlighted_article_id == "a00000" and listing.scroll_y == 0  # its header in view too
        assert len(listing._options.made) < 200  # the keys looked at a few rows, not at every row to an end


async def test_clicking_an_article_opens_it_and_clicking_a_header_does_nothing(corpus):
    async with listed(corpus) as (app, listing, pilot):
        region = listing.content_region
        await pilot.click(listing, offset=(region.x - listing.region.x + 4, 3 + region.y - listing.region.y))
        await pilot.pause()
        assert app.opened == ["a00001"] and listing.highlighted == 3
        await pilot.click(listing, offset=(region.x - listing.region.x + 4, 2 + region.y - listing.region.y))
        await pilot.pause()
        assert app.opened == ["a00001"] and listing.highlighted == 3


async def test_articles_and_headers_are_found_by_id_in_every_order_and_not_when_filtered_out(corpus):
    articles, _ = corpus
    async with listed(corpus) as (app, listing, pilot):
        for order in list_rows.ORDERS:
            listing.order = order
            listing.apply_filter("")
            ids = expected_rows(listing)
            for row_id in ["a00005", "a09999", articles[5000].id, *(["story:s3", "story:a00005"] * (order == "story"))]:
                index = listing.get_option_index(row_id)
                assert ids[index] == row_id and listing.get_option(row_id) is listing.options[index]
            if order == "story":  # found from where their story starts, without indexing every row
                assert listing._options._index_of is None
            with pytest.raises(OptionDoesNotExist):
                listing.get_option_index("nowhere")
            listing.highlight_article("a07000")
            assert listing.highlighted_article_id == "a07000" and listing.open_article_id == "a07000"
        await filtered(app, pilot, listing, "Headline 700")  # a00700 to a00709 and a07000 to a07009
        assert listing.get_option_index("a07003") >= 0
        with pytest.raises(OptionDoesNotExist):
            listing.get_option_index("a00001")


async def test_a_row_from_before_a_new_fill_is_not_taken_for_a_row_shown_now(corpus):
    async with listed(corpus) as (app, listing, pilot):
        old = listing.options[3]
        await filtered(app, pilot, listing, "Headline 1 ")
        assert listing.options[1].id == "a00001"
        with pytest.raises(KeyError):
            listing._option_to_index[old]
        assert listing._option_to_index[listing.options[1]] == 1


async def test_the_filter_at_scale_lists_matches_under_their_headers_and_escape_restores_every_row(corpus):
    async with listed(corpus) as (app, listing, pilot):
        await pilot.press("slash", *"headline 999", "enter")  # a00999 and a09990 to a09999
        ids = [option.id for option in listing.options]
        assert [row_id for row_id in ids if not row_id.startswith("story:")] == \
            ["a00999", *(f"a0999{n}" for n in range(10))]
        assert all(ids[ids.index(row_id) - 1].startswith("story:") for row_id in ("a00999",))
        assert listing.article_ids_in_order() == [row_id for row_id in ids if not row_id.startswith("story:")]
        assert listing.highlighted_article_id == "a00999"
        assert listing.virtual_size.height == len(ids)
        await pilot.press("escape")
        await pilot.pause()
        assert listing.option_count == len(expected_rows(listing))
        assert listing.virtual_size.height == listing.option_count
        assert listing.highlighted_article_id == "a00999"


async def test_the_order_the_screen_reads_is_every_article_as_listed(corpus):
    articles, _ = corpus
    async with listed(corpus) as (app, listing, pilot):
        for _ in list_rows.ORDERS:
            listed_ids = [option.id for option in listing.options if not option.disabled]
            assert listing.article_ids_in_order() == listed_ids == listing.listed_article_ids
            assert sorted(listed_ids) == sorted(article.id for article in articles)
            await pilot.press("t")


async def test_with_option_lists_own_bookkeeping_the_list_shows_and_moves_the_same(corpus, monkeypatch):
    """When OptionList's internals differ, every row goes through set_options: the same rows and keys."""
    from caravan_tui.ui.widgets import article_list

    async with listed(corpus) as (app, listing, pilot):
        await pilot.press("j", "j", "j", "pagedown")
        lazy = ([option.id for option in listing.options], listing.highlighted, listing.scroll_y)
    monkeypatch.setattr(article_list, "_fillable", lambda listing: False)
    async with listed(corpus) as (app, listing, pilot):
        assert type(listing._options) is list and len(listing._line_cache.lines) == listing.option_count
        await pilot.press("j", "j", "j", "pagedown")
        assert ([option.id for option in listing.options], listing.highlighted, listing.scroll_y) == lazy
        await filtered(app, pilot, listing, "Headline 999")
        assert listing.article_ids_in_order() == ["a00999", *(f"a0999{n}" for n in range(10))]


async def filtered(app, pilot, listing: ArticleList, query: str) -> None:
    """Filter the list and wait for the matches (found in a thread on a list this large)."""
    listing.apply_filter(query)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert not listing.is_filtering


async def test_a_large_list_matches_in_the_background_and_shows_only_the_newest_query(corpus):
    async with listed(corpus) as (app, listing, pilot):
        listing.border_subtitle = f"{len(corpus[0])} articles"  # as the main screen says
        everything, subtitle = listing.option_count, str(listing.border_subtitle)
        listing.apply_filter("Headline 700")
        assert listing.is_filtering and listing.option_count == everything  # the keystroke returns at once
        assert str(listing.border_subtitle).startswith("matching…")
        listing.apply_filter("")  # cleared before the matches came: they are stale
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not listing.is_filtering and listing.option_count == everything
        assert str(listing.border_subtitle) == subtitle  # the count again, not "matching…"
        await filtered(app, pilot, listing, "Headline 999")
        assert listing.article_ids_in_order() == ["a00999", *(f"a0999{n}" for n in range(10))]
        assert str(listing.border_subtitle).startswith(f"11 of {len(corpus[0])} match")


async def test_enter_before_the_matches_come_goes_to_the_first_match(corpus):
    async with listed(corpus) as (app, listing, pilot):
        listing.highlight_article("a09995")  # a match, but not the first one
        listing.apply_filter("Headline 999")
        listing.go_to_first_match()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listing.highlighted_article_id == "a00999"
