"""The compare view: marked_text, the class registry, and CompareScreen in a minimal host app.

The corpus is made up: three outlets whose first passages differ by a framing
noun (migrants / refugees / asylum seekers), a US/U.S. style change and a
dropped word; their second passages by an inserted adjective ("perilous");
one passage only the first outlet carries. It runs through the real
align_corpus, so these tests also hold the screen to what the aligner gives.
"""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.geometry import Region

from caravan_tui.analysis import differences as analysis_differences
from caravan_tui.analysis.align import align_corpus
from caravan_tui.corpus.model import Corpus
from caravan_tui.diff_classes import DIFF_CLASSES, FRAMING, INSERTION_MARK, STYLE, WORDING, diff_class
from caravan_tui.ui.screens.compare import CompareScreen, DifferenceList
from caravan_tui.ui.widgets.passage_column import PassageColumn, marked_text
from ui_helpers import make_article

FIRST = ("Thousands of {who} walked slowly north across the southern state on Tuesday, "
         "hoping to reach the {country} border before {the}talks.")
SECOND = "The group set off before dawn and walked along the {adjective}road towards the next town in the heat."
ONLY_ALPHA = "Local officials said the mayor would meet the organisers of the march on Friday."


def make_compare_corpus(extra_alpha_text: str | None = None) -> Corpus:
    alpha = make_article("alpha", "Daily Alpha", "Caravan moves north", [
        FIRST.format(who="migrants", country="U.S.", the="the "),
        SECOND.format(adjective=""),
        ONLY_ALPHA,
        *([extra_alpha_text] if extra_alpha_text else []),
    ])
    beta = make_article("beta", "Beta News", "Thousands walk north", [
        FIRST.format(who="refugees", country="US", the="the "),
        SECOND.format(adjective="perilous "),
    ])
    gamma = make_article("gamma", "Gamma Post", "March heads north", [
        FIRST.format(who="asylum seekers", country="U.S.", the=""),
    ])
    return Corpus(articles=[alpha, beta, gamma])


class CompareHost(App[None]):
    """A bare app that pushes one CompareScreen at start."""

    def __init__(self, corpus: Corpus, article_id: str, passage_index: int,
                 keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.user_keymap = keymap or {}
        self.alignment = align_corpus(corpus.articles, {a.id: "story" for a in corpus.articles})
        self.target = (article_id, passage_index)

    def on_mount(self) -> None:
        self.set_keymap(self.user_keymap)
        self.push_screen(CompareScreen(self.corpus, self.alignment, *self.target))


def host(article_id: str = "alpha", passage_index: int = 0, corpus: Corpus | None = None) -> CompareHost:
    return CompareHost(corpus or make_compare_corpus(), article_id, passage_index)


def column(app: App, column_id: str) -> PassageColumn:
    return app.screen.query_one(f"#{column_id}", PassageColumn)


def rendered(widget) -> list[tuple[str, Style]]:
    """The segments a widget and its children draw (border, title, text), as (text, style)."""
    segments = []
    for node in (widget, *widget.query("*")):
        strips = node.render_lines(Region(0, 0, *node.outer_size))
        segments += [(segment.text, segment.style or Style()) for strip in strips for segment in strip]
    return segments


def rendered_text(widget) -> str:
    return "".join(text for text, _ in rendered(widget))


def style_of(widget, word: str, exact: bool = False) -> Style:
    """The style of the first drawn segment holding `word` (or being exactly `word`)."""
    return next(style for text, style in rendered(widget) if (text == word if exact else word in text))


def static_text(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


# marked_text ------------------------------------------------------------------


def test_marked_text_styles_each_span_by_its_class():
    text = marked_text("Thousands of migrants walk north", [(13, 21, FRAMING), (22, 26, WORDING)])
    assert text.plain == "Thousands of migrants walk north"
    assert [(s.start, s.end, s.style) for s in text.spans] == [
        (13, 21, Style.parse(diff_class(FRAMING).style)),
        (22, 26, Style.parse(diff_class(WORDING).style)),
    ]


def test_marked_text_hides_style_spans_unless_asked():
    spans = [(20, 24, STYLE)]
    assert marked_text("hoping to reach the U.S. border", spans).spans == []
    shown = marked_text("hoping to reach the U.S. border", spans, show_style=True)
    assert [(s.start, s.end) for s in shown.spans] == [(20, 24)]
    assert shown.spans[0].style.italic


def test_marked_text_shows_an_empty_span_as_an_insertion_mark():
    text = marked_text("along the road", [(10, 10, FRAMING)])
    assert text.plain == f"along the {INSERTION_MARK}road"
    assert [(s.start, s.end) for s in text.spans] == [(10, 11)]
    at_end = marked_text("the talks", [(9, 9, WORDING)])
    assert at_end.plain == f"the talks{INSERTION_MARK}"


def test_marked_text_keeps_offsets_after_an_insertion_mark():
    text = marked_text("a b migrants", [(2, 2, WORDING), (4, 12, FRAMING)])
    assert text.plain == f"a {INSERTION_MARK}b migrants"
    assert [(s.start, s.end, bool(s.style.reverse)) for s in text.spans] == [(2, 3, False), (5, 13, True)]
    assert text.plain[5:13] == "migrants"


def test_marked_text_combines_overlapping_spans_and_clips_to_the_text():
    text = marked_text("abcdef", [(0, 4, FRAMING), (2, 99, WORDING)])
    assert text.plain == "abcdef"
    styles = {(s.start, s.end): s.style for s in text.spans}
    assert styles[(2, 4)].bold and styles[(2, 4)].reverse and styles[(2, 4)].underline
    assert styles[(4, 6)].underline and not styles[(4, 6)].reverse


def test_marked_text_shows_markup_and_controls_literally():
    text = marked_text("[bold]not bold[/bold] \x1b[31mred", [(0, 6, WORDING)])
    assert isinstance(text, Text)
    assert text.plain == "[bold]not bold[/bold] ␛[31mred"
    assert [(s.start, s.end) for s in text.spans] == [(0, 6)]


# The registry -----------------------------------------------------------------


def test_registry_covers_the_classes_the_analysis_produces():
    assert set(DIFF_CLASSES) == {analysis_differences.FRAMING, analysis_differences.WORDING,
                                 analysis_differences.STYLE, analysis_differences.FIGURE,
                                 analysis_differences.INFORMATION}


def test_classes_differ_without_colour_and_use_only_16_colours():
    monos = [Style.parse(c.mono_style) for c in DIFF_CLASSES.values()]
    assert len(set(monos)) == len(monos)
    for klass in DIFF_CLASSES.values():
        style = Style.parse(klass.style)
        assert style.color is None or style.color.number is not None and style.color.number < 16
        assert Style.parse(klass.style).without_color == Style.parse(klass.mono_style)
    with pytest.raises(KeyError, match="known: framing"):
        diff_class("tone")


# The screen -------------------------------------------------------------------


async def test_shows_the_passage_and_each_counterpart_in_its_own_column():
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        columns = list(app.screen.query(PassageColumn))
        assert [c.id for c in columns] == ["column-current", "column-0", "column-1"]
        assert "Daily Alpha · passage 1" in rendered_text(columns[0])
        assert "Beta News · passage 1" in rendered_text(columns[1])
        assert "Gamma Post · passage 1" in rendered_text(columns[2])
        assert columns[0].region.x < columns[1].region.x < columns[2].region.x
        assert "migrants" in rendered_text(column(app, "column-current"))
        assert "refugees" in rendered_text(column(app, "column-0"))
        assert "asylum seekers" in rendered_text(column(app, "column-1"))


async def test_framing_difference_is_marked_on_both_sides_and_listed():
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for column_id, word in (("column-current", "migrants"), ("column-0", "refugees")):
            style = style_of(column(app, column_id), word)
            assert style.bold and style.reverse, column_id
        assert not style_of(column(app, "column-current"), "Thousands").reverse
        assert "framing: migrants → refugees" in static_text(app, "#compare-differences-body")
        # classes with no difference here are left out, style stays (t toggles it)
        assert "framing 1 · style 1 (hidden, t to show)" in static_text(app, "#compare-legend")


async def test_inserted_adjective_is_marked_and_its_place_shown_on_the_other_side():
    app = host(passage_index=1)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        style = style_of(column(app, "column-0"), "perilous")
        assert style.bold and style.reverse
        assert f"the {INSERTION_MARK}road" in rendered_text(column(app, "column-current"))
        assert "framing: (none) → perilous" in static_text(app, "#compare-differences-body")


async def test_style_differences_are_hidden_until_t():
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        beta = column(app, "column-0")
        assert not style_of(beta, "US").italic  # unmarked: inside a plain run of text
        assert "style: 1 hidden" in static_text(app, "#compare-differences-body")
        await pilot.press("t")
        assert style_of(beta, "US", exact=True).italic
        assert style_of(column(app, "column-current"), "U.S.", exact=True).italic
        assert "style: U.S. → US" in static_text(app, "#compare-differences-body")
        assert "(shown, t to hide)" in static_text(app, "#compare-legend")
        await pilot.press("t")
        assert not style_of(beta, "US").italic


async def test_tab_selects_the_counterpart_the_current_column_is_marked_against():
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        current = column(app, "column-current")
        assert app.screen.focused is current
        assert "differences against Beta News" in rendered_text(current)
        assert "similarity" in rendered_text(column(app, "column-0"))
        await pilot.press("tab", "tab")
        assert app.screen.focused is column(app, "column-1")
        assert "differences against Gamma Post" in rendered_text(current)
        assert style_of(current, "the", exact=True).underline  # "the" dropped by Gamma Post: wording
        assert "Differences: Daily Alpha → Gamma Post" in rendered_text(app.screen.query_one(DifferenceList))
        await pilot.press("shift+tab")
        assert app.screen.focused is column(app, "column-0")
        assert "differences against Beta News" in rendered_text(current)


async def test_a_passage_no_other_outlet_carries():
    app = host(passage_index=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert static_text(app, "#compare-legend") == "Only Daily Alpha carries this passage."
        assert len(app.screen.query(PassageColumn)) == 1
        assert not app.screen.query(DifferenceList)
        assert "Local officials" in rendered_text(column(app, "column-current"))


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
async def test_columns_sit_side_by_side_in_the_screen_and_above_the_differences_box(size):
    app = host()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = [c for c in app.screen.query(PassageColumn) if c.display]
        assert len(shown) >= 2
        assert len({c.region.y for c in shown}) == 1
        assert [c.region.x for c in shown] == sorted(c.region.x for c in shown)
        differences = app.screen.query_one(DifferenceList)
        for shown_column in shown:
            assert app.screen.region.contains_region(shown_column.region)
            assert shown_column.region.bottom <= differences.region.y
            assert shown_column.outer_size.width >= min(30, size[0] // 2)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_the_screen(key):
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert app.is_running


async def test_j_and_k_scroll_a_long_column():
    long_text = " ".join(["Officials counted the walkers again at the border post."] * 40)
    corpus = make_compare_corpus(extra_alpha_text=long_text)
    app = host(passage_index=3, corpus=corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        current = column(app, "column-current")
        assert current.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert current.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert current.scroll_y == 2


async def test_article_text_and_outlet_are_shown_literally():
    hostile = "[bold]Breaking[/bold] news \x1b[31m in red [link=http://x]click[/link]"
    alpha = make_article("alpha", "[red]Alpha[/red]", "t", [hostile])
    app = host(corpus=Corpus(articles=[alpha]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = rendered_text(column(app, "column-current"))
        assert "[bold]Breaking[/bold] news ␛[31m in red [link=http://x]click[/link]" in text
        assert "[red]Alpha[/red] · passage 1" in text
        assert not style_of(column(app, "column-current"), "Breaking").bold
        assert static_text(app, "#compare-legend") == "Only [red]Alpha[/red] carries this passage."


def test_snapshot_100x30(snap_compare):
    assert snap_compare(host(), terminal_size=(100, 30))


def six_outlets() -> Corpus:
    template = FIRST.format(who="{}", country="U.S.", the="the ")
    words = ["migrants", "refugees", "asylum seekers", "people", "walkers", "families"]
    return Corpus(articles=[make_article(f"o{n}", f"Outlet {n}", "t", [template.format(word)])
                            for n, word in enumerate(words)])


def shown_ids(app) -> list[str]:
    return [c.id for c in app.screen.query(PassageColumn) if c.display]


async def test_brackets_page_through_outlets_that_do_not_fit_and_say_which_show():
    app = host("o0", 0, six_outlets())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-0", "column-1"]
        assert min(c.outer_size.width for c in app.screen.query(PassageColumn) if c.display) >= 30
        assert static_text(app, "#compare-pages") == "Other outlets 1–2 of 5 (] next, [ previous)"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-2", "column-3"]
        assert "Other outlets 3–4 of 5" in static_text(app, "#compare-pages")
        assert "against Outlet 3" in rendered_text(column(app, "column-current"))
        assert "framing: migrants → people" in static_text(app, "#compare-differences-body")
        await pilot.press("right")
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-4"]
        assert "Other outlet 5 of 5" in static_text(app, "#compare-pages")
        await pilot.press("tab")
        assert app.screen.focused is column(app, "column-4")
        await pilot.press("right_square_bracket")  # wraps round to the first page; focus follows
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-0", "column-1"]
        assert app.screen.focused is column(app, "column-0")
        await pilot.press("left")
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-4"]
        assert "framing: migrants → families" in static_text(app, "#compare-differences-body")


async def test_a_wider_screen_shows_more_outlets_and_no_page_line_when_all_fit():
    app = host("o0", 0, six_outlets())
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        assert len(shown_ids(app)) == 6
        assert not app.screen.query_one("#compare-pages").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert shown_ids(app) == ["column-current", "column-0"]
        assert app.screen.query_one("#compare-pages").display


async def test_the_legend_explains_the_insertion_mark_in_one_line_at_80_columns():
    app = host(passage_index=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        legend = app.screen.query_one("#compare-legend")
        assert f"{INSERTION_MARK} the other adds words" in static_text(app, "#compare-legend")
        assert legend.outer_size.height == 1
        assert INSERTION_MARK.isascii()


async def test_legend_names_the_key_from_the_users_keymap():
    app = CompareHost(make_compare_corpus(), "alpha", 0, keymap={"compare.toggle_style": "s"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "(hidden, s to show)" in static_text(app, "#compare-legend")
        await pilot.press("s")
        assert "(shown, s to hide)" in static_text(app, "#compare-legend")


async def test_a_passage_missing_from_the_corpus_is_said_so():
    app = host("alpha", 42)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert static_text(app, "#compare-legend") == "This passage is not in the corpus."
        assert not app.screen.query(PassageColumn)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


def test_snapshot_80x24_second_page_of_outlets(snap_compare):
    async def next_page(pilot) -> None:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(host("o0", 0, six_outlets()), terminal_size=(80, 24), run_before=next_page)
