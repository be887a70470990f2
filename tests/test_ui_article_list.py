"""The article list: one line per article in columns, story headers, the open mark, sorting, and the filter bug."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widgets import Static

from caravan_tui.corpus.model import Corpus
from caravan_tui.ui import list_rows
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.article_list import ArticleList
from ui_helpers import make_article, make_corpus, settle


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


OUTLETS = ["Daily Alpha", "Beta News", "Gamma Post", "Delta Wire", "Epsilon Times", "Zeta Herald"]


def crowded_corpus() -> Corpus:
    """Twelve articles in two stories, headlines long enough to wrap in a narrow list."""
    articles = [make_article(f"a{n}", outlet, f"'Exodus from poverty': marchers reach the border town of Ocotlan {n}",
                             [f"Villagran {n} said the march would go on." if n == 3 else "The march went on."],
                             story="march" if n % 2 else "border")
                for n, outlet in enumerate(OUTLETS * 2)]
    return Corpus(articles=articles)


def drawn(widget) -> list[str]:
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


def content_lines(articles: ArticleList) -> list[str]:
    """The list's rows as drawn, without border or scrollbar."""
    return [articles.render_line(y).text for y in range(articles.scrollable_content_region.height)]


def list_of(app) -> ArticleList:
    return app.screen.query_one(ArticleList)


class ListHost(App[None]):
    """The list alone at a given width, beside a stand-in reading pane."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.list_width = width

    def compose(self):
        with Horizontal():
            articles = ArticleList(id="articles")
            articles.styles.width = self.list_width
            yield articles
            yield Static("reader")


# The filter bug (issue #16): lines dropped or hidden after filtering and clearing ------------------


async def test_a_filtered_list_draws_the_same_rows_as_after_measuring_them_again():
    app = create_app(corpus=crowded_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"villagran", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        articles = list_of(app)
        assert [o.id for o in articles.options if not o.disabled] == ["a3"]
        filtered = drawn(articles)
        await pilot.resize_terminal(140, 30)  # a resize makes the list measure and draw every row again
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert drawn(articles) == filtered


async def test_after_filtering_and_clearing_the_list_draws_what_a_fresh_list_draws():
    fresh = create_app(corpus=crowded_corpus())
    async with fresh.run_test(size=(100, 30)) as pilot:
        await settle(fresh, pilot)
        expected = drawn(list_of(fresh))
    app = create_app(corpus=crowded_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"villagran", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape", "g")
        await pilot.pause()
        assert drawn(list_of(app)) == expected


async def test_no_row_is_drawn_under_the_scrollbar():
    app = create_app(corpus=crowded_corpus())
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"villagran", "enter", "escape")
        await pilot.pause()
        articles = list_of(app)
        assert articles.max_scroll_y > 0  # the scrollbar shows
        width = articles.scrollable_content_region.width
        assert width == articles.size.width - 1
        for line in content_lines(articles):
            assert len(line) == width
            assert line.startswith("▾") or line.rstrip().endswith(("…", *"0123456789")), line


# One line per article ------------------------------------------------------------------------


async def test_each_article_takes_one_line_with_outlet_date_and_headline_in_columns():
    corpus = make_corpus()
    app = ListHost(70)
    async with app.run_test(size=(120, 20)) as pilot:
        articles = app.query_one(ArticleList)
        articles.show_stories(corpus.articles, {a.id: a.story for a in corpus.articles})
        await pilot.pause()
        assert articles.virtual_size.height == len(articles.options) == 5
        lines = [line.rstrip() for line in content_lines(articles)]
        assert lines[1] == "  Daily Alpha 2023-12-26 Caravan sets off north"
        assert lines[2] == "  Beta News   2023-12-26 Thousands walk through southern Mexico"
        assert lines[3] == "▾ weather · 1 article · Gamma Post"
        outlet_column = {line.index("2023") for line in lines if "2023" in line}
        assert len(outlet_column) == 1


async def test_a_long_headline_is_cut_at_a_word_with_an_ellipsis_and_a_long_id_stays_on_its_line():
    article = make_article("000_749070dece7ac021_a_very_long_identifier_without_spaces", "", "",
                           ["text"], story="s")
    other = make_article("b", "Beta News", "Thousands walk through southern Mexico towards the border", ["t"],
                         story="s")
    app = ListHost(34)
    async with app.run_test(size=(80, 10)) as pilot:
        articles = app.query_one(ArticleList)
        articles.show_stories([article, other], {"b": "s", article.id: "s"})
        await pilot.pause()
        assert articles.virtual_size.height == 3
        lines = content_lines(articles)
        assert lines[2].rstrip().endswith("Thousands walk…"), lines
        assert lines[1].rstrip().endswith("…") and len(lines[1]) == articles.scrollable_content_region.width


def test_fit_cuts_at_a_word_boundary_and_counts_wide_characters():
    assert list_rows.fit("Thousands walk through", 30) == "Thousands walk through"
    assert list_rows.fit("Thousands walk through", 17) == "Thousands walk…"
    # cut at a space
    assert list_rows.fit("Migrant Caravan Advances North as US", 32) == "Migrant Caravan Advances North…"
    assert list_rows.fit("Migrants, refugees and others", 13) == "Migrants…"  # no "Migrants, r…"
    assert list_rows.fit("The Epoch Times", 8) == "The Epo…"  # a narrow column: "The…" would say nothing
    assert list_rows.fit("averyveryverylongtoken", 8) == "averyve…"
    assert list_rows.fit("東京都の移民キャラバン", 9) == "東京都の…"
    assert list_rows.fit("anything", 0) == ""


def test_story_header_names_count_and_outlets_and_fits_the_width():
    outlets = ["Reuters", "AP", "BBC", "Al Jazeera"]
    label = "Migrant caravan advances north through Chiapas"
    assert (list_rows.header_line(label, 4, outlets, 200)
            == "▾ Migrant caravan advances north through Chiapas · 4 articles · Reuters, AP, BBC, Al Jazeera")
    assert list_rows.header_line(label, 4, outlets, 60) == "▾ Migrant caravan… · 4 articles · Reuters, AP, BBC +1"
    assert list_rows.header_line(label, 4, outlets, 34) == "▾ Migrant caravan… · 4 articles"
    assert list_rows.header_line(label, 4, outlets, 22) == "▾ Migrant caravan… (4)"
    for width in range(1, 80):
        assert len(list_rows.header_line(label, 4, outlets, width)) <= width


async def test_story_headers_fit_the_list_at_each_size():
    for size in ((80, 24), (100, 30), (160, 45)):
        app = create_app(corpus=make_corpus())
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            articles = list_of(app)
            header = drawn(articles)[1]
            # The count, with the story's unread articles when there is room ("2 articles, 1 unread", "(2, 1 new)").
            assert header.startswith(("┃▾ caravan · 2 articles", "┃▾ caravan (2, 1 new)")), (size, header)
            assert header.endswith("┃"), (size, header)


# The open article ----------------------------------------------------------------------------


async def test_the_open_article_is_marked_whether_the_list_has_focus_or_not():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles = list_of(app)
        await pilot.press("j", "j", "enter")  # open gamma; focus goes to the reading pane
        await pilot.pause()
        assert app.focused is not articles
        lines = drawn(articles)
        # alpha was opened first (read), beta never (• unread), gamma is open (▶)
        assert [line[1:3] for line in lines[1:6]] == ["▾ ", "  ", "• ", "▾ ", "▶ "]
        row = articles.render_line(4)
        assert any(segment.style and segment.style.bold for segment in row if "Storm" in segment.text)
        await pilot.press("left_square_bracket")  # the previous article: beta
        await pilot.pause()
        assert articles.open_article_id == "beta"
        assert [line[1:3] for line in drawn(articles)[1:6]] == ["▾ ", "  ", "▶ ", "▾ ", "  "]


# Sorting -------------------------------------------------------------------------------------


def dated_corpus() -> Corpus:
    articles = [make_article("old", "Zeta Herald", "Oldest story", ["a"], story="one"),
                make_article("new", "Alpha Daily", "Newest story", ["b"], story="two"),
                make_article("mid", "Mu Times", "Middle story", ["c"], story="one"),
                make_article("none", "Beta Post", "Undated story", ["d"], story="two")]
    for article, published in zip(articles, ["2023-12-20", "2023-12-28", "2023-12-24", None]):
        object.__setattr__(article, "published", published)
    return Corpus(articles=articles)


async def test_t_cycles_story_date_and_outlet_order_and_the_subtitle_says_which():
    app = create_app(corpus=dated_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles = list_of(app)
        orders, post = [], articles.post_message
        articles.post_message = lambda message: (  # type: ignore[method-assign]
            orders.append(message.article_ids) if isinstance(message, ArticleList.OrderChanged) else None,
            post(message))[1]
        assert [o.id for o in articles.options] == ["story:one", "old", "mid", "story:two", "new", "none"]
        assert str(articles.border_subtitle) == "4 articles by story"
        await pilot.press("t")
        assert [o.id for o in articles.options] == ["new", "mid", "old", "none"]
        assert str(articles.border_subtitle) == "4 articles by date"
        await pilot.press("t")
        assert [o.id for o in articles.options] == ["new", "none", "mid", "old"]
        assert str(articles.border_subtitle) == "4 articles by outlet"
        await pilot.press("t")
        assert articles.options[0].id == "story:one"
        assert str(articles.border_subtitle) == "4 articles by story"
        await pilot.pause()
        assert orders == [["new", "mid", "old", "none"], ["new", "none", "mid", "old"], ["old", "mid", "new", "none"]]


async def test_sorting_keeps_the_cursor_and_the_filter():
    app = create_app(corpus=dated_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        articles = list_of(app)
        await pilot.press("slash", *"story", "enter", "j")
        assert articles.highlighted_article_id == "mid"
        await pilot.press("t")
        assert articles.highlighted_article_id == "mid"
        assert str(articles.border_subtitle) == "4 of 4 match by date"
        await pilot.press("slash", *" x", "enter")  # "story x" matches nothing
        await pilot.press("escape")
        await pilot.pause()
        assert [o.id for o in articles.options] == ["new", "mid", "old", "none"]
        assert str(articles.border_subtitle) == "4 articles by date"


async def test_a_narrow_list_says_its_order_in_a_shorter_subtitle():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        articles = list_of(app)
        assert str(articles.border_subtitle) == "3 · by story"
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert str(articles.border_subtitle) == "3 articles by story · 2 unread"  # room for the unread count too


def test_the_date_column_shows_only_when_there_is_room_and_some_article_is_dated():
    assert list_rows.columns_for(70, 11) == list_rows.Columns(outlet=11, date=10, headline=70 - 2 - 12 - 11)
    assert list_rows.columns_for(40, 11).date == 6
    assert list_rows.columns_for(30, 11).date == 0
    assert list_rows.columns_for(70, 11, dates=False) == list_rows.Columns(outlet=11, date=0, headline=70 - 2 - 12)
    assert list_rows.date_label("2023-12-26T08:00:00Z", 6) == "26 Dec"
    assert list_rows.date_label("sometime in 2023", 10) == ""


async def test_moving_the_list_cursor_repaints_the_two_rows_it_moves_between():
    app = ListHost(40)
    async with app.run_test(size=(80, 24)) as pilot:
        articles = list_of(app)
        articles.show_stories(crowded_corpus().articles, {f"a{n}": "march" if n % 2 else "border" for n in range(12)})
        articles.focus()
        await pilot.pause()
        articles.highlighted = 1
        await pilot.pause()
        repainted: list[tuple[Region, ...]] = []
        real_refresh = articles.refresh
        articles.refresh = lambda *regions, **options: repainted.append(regions) or real_refresh(*regions, **options)
        await pilot.press("j")
        assert articles.highlighted == 2
        lines = sorted(region.y for regions in repainted for region in regions)
        assert () not in repainted and lines == [1, 2]  # the rows left and reached, not the whole list
        assert drawn(articles) == drawn_afresh(articles)


def drawn_afresh(articles: ArticleList) -> list[str]:
    articles._option_render_cache.clear()
    return drawn(articles)
