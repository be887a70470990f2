"""The story overview screen: coverage, terms, voices and figures of a story, in a minimal host app.

The overview comes from the real pipeline on the two sample articles
(tests/fixtures/seeds); a few tests use a made-up overview with many outlets
or a conflicting figure, to check what the samples do not have.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from textual.app import App
from textual.geometry import Region

from caravan_tui.analysis.overview import StoryOverview, Term, story_ids, story_overview
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.ui.screens.overview import OverviewScreen
from caravan_tui.ui.widgets.overview_coverage import EXCLUSIVE_MARK, SHARED_MARK, passage_map
from caravan_tui.ui.widgets.overview_figures import value_cell
from caravan_tui.ui.widgets.overview_terms import distinctiveness, ordered_terms
from fixture_paths import SEEDS

EPOCH, TRT = "000_749070dece7ac021", "004_bdaef11c943deee3"


@cache
def seeds_analysis():
    articles = load_corpus([SEEDS]).articles
    return articles, analyse_corpus(articles, story_of_each(articles))


def seeds_overview(**outlets: str) -> StoryOverview:
    """The overview of the sample story; `outlets` renames outlets by article id."""
    articles, analysis = seeds_analysis()
    articles = [dataclasses.replace(a, source=outlets.get(a.id, a.source)) for a in articles]
    return story_overview(analysis, articles, story_ids(analysis, articles)[0])


class OverviewHost(App[None]):
    """A bare app that pushes one OverviewScreen at start."""

    def __init__(self, overview: StoryOverview, current: str | None = EPOCH) -> None:
        super().__init__()
        self.overview = overview
        self.current = current

    def on_mount(self) -> None:
        self.push_screen(OverviewScreen(self.overview, self.current))


def section_lines(app: App, name: str) -> list[str]:
    """Every line a section draws, scrolled into view or not, spaces collapsed."""
    widget = app.screen.query_one(f"#overview-{name}")
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [" ".join(strip.text.split()) for strip in strips]


def screen_text(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def row(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


# The sections on the sample story -------------------------------------------------------------------


async def test_coverage_shows_each_outlets_counts_and_passage_map():
    overview = seeds_overview()
    async with OverviewHost(overview).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = section_lines(pilot.app, "coverage")
        for data in overview.coverage:
            by_position = "/".join(str(data["exclusive_by_position"][w]) for w in ("lede", "body", "end"))
            line = row(lines, ("▸ " if data["article"] == EPOCH else "") + data["outlet"])
            numbers = f"{data['passages']} {data['shared']} {data['exclusive']} {by_position}"
            assert numbers in line
            marks = line.split(by_position, 1)[1].replace(" ", "")
            assert len(marks) == data["passages"]
            assert marks.count(EXCLUSIVE_MARK) == data["exclusive"]
        assert "17 10 7 0/5/2" in row(lines, "▸ " + EPOCH)
        assert "21 10 11 2/6/3" in row(lines, TRT)


async def test_terms_table_counts_illegal_immigrants_per_outlet_most_distinctive_first():
    async with OverviewHost(seeds_overview()).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = section_lines(pilot.app, "terms")
        header = row(lines, "Term")
        assert header.index(EPOCH) < header.index(TRT)
        assert "illegal immigrants 2 0" in lines
        assert "migrants 6 3" in lines
        assert lines.index("illegal immigrants 2 0") < lines.index("migrants 6 3")


async def test_voices_list_who_each_outlet_quotes_with_kinds():
    async with OverviewHost(seeds_overview()).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = section_lines(pilot.app, "voices")
        assert row(lines, "Outlet").split() == ["Outlet", "Speaker", "Quotes", "Direct", "Reported", "Shared"]
        assert "▸ " + EPOCH + " Matthew Miller 1 1 0 1" in lines
        assert TRT + " Luis Garcia Villagran 5 4 1 0" in lines
        assert "Norbey Diaz Rios 5 3 2 0" in lines
        assert "United Nations 1 0 1 0" in lines
        trt_block = lines[lines.index(TRT + " Luis Garcia Villagran 5 4 1 0"):]
        assert "Matthew Miller 1 1 0 1" in trt_block


async def test_figures_show_680000_shared_and_missing_figures_as_a_dash():
    async with OverviewHost(seeds_overview()).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = section_lines(pilot.app, "figures")
        assert "= people detected 680,000 680,000" in lines  # one row per quantity, named by what it counts
        assert "only arrest crossing 2 million —" in lines
        assert not any("age of Norbey Diaz Rios" in line for line in lines)   # ages are not story figures


async def test_the_current_outlet_is_marked_and_the_heading_names_the_story():
    async with OverviewHost(seeds_overview(), current=TRT).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert row(section_lines(pilot.app, "coverage"), "▸ ").startswith("▸ " + TRT)
        first_line = screen_text(pilot.app).splitlines()[0]
        assert "Story overview · 2 outlets · 'Exodus from poverty'" in first_line


# Keys -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_the_overview(key):
    async with OverviewHost(seeds_overview()).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, OverviewScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(pilot.app.screen, OverviewScreen)


async def test_at_80x24_the_screen_scrolls_to_every_section():
    async with OverviewHost(seeds_overview()).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = pilot.app.screen.query_one("#overview-body")
        assert body.max_scroll_y > 0
        assert "Coverage" in screen_text(pilot.app)
        assert "680,000" not in screen_text(pilot.app)
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 2
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        assert "680,000" in screen_text(pilot.app)
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_bindings_follow_the_users_keymap():
    app = OverviewHost(seeds_overview())
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"overview.scroll_down": "n", "overview.close": "x"})
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#overview-body").scroll_y == 1
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, OverviewScreen)


# Untrusted text, narrow screens, no colour --------------------------------------------------------


async def test_an_outlet_named_like_markup_shows_literally_everywhere():
    overview = seeds_overview(**{EPOCH: "[red]X[/red]", TRT: "Evil\x1b[2J"})
    async with OverviewHost(overview).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for name in ("coverage", "terms", "voices", "figures"):
            text = "\n".join(section_lines(pilot.app, name))
            assert "[red]X[/red]" in text, name
            assert "Evil␛[2J" in text and "\x1b" not in text, name


def many_outlets_overview(count: int = 7) -> StoryOverview:
    ids = [f"a{n}" for n in range(count)]
    names = [f"Outlet {n}" for n in range(count)]
    positions = ("lede", "body", "end")
    return StoryOverview(
        story="s",
        articles=[{"article": a, "outlet": n, "title": "A story", "url": None} for a, n in zip(ids, names)],
        coverage=[{"article": a, "outlet": n, "passages": 3, "shared": 2, "exclusive": 1,
                   "exclusive_by_position": {"lede": 0, "body": 0, "end": 1},
                   "coverage": [{"passage": i, "exclusive": i == 2, "position": p} for i, p in enumerate(positions)]}
                  for a, n in zip(ids, names)],
        terms=[Term("everyone", "everyone", dict.fromkeys(ids, 3)),
               Term("asylum seekers", "asylum seekers", {a: n for n, a in enumerate(ids)})],
        voices={a: [] for a in ids},
        figures=[{"counts": "marchers", "kind": "count", "value": 1.0, "unit": None, "status": "shared",
                  "articles": {a: ["6,000"] for a in ids}},
                 {"counts": "marchers", "kind": "count", "value": 1.0, "unit": None, "status": "conflicting",
                  "articles": {a: [f"{n},500"] for n, a in enumerate(ids)}}],
    )


async def test_many_outlets_fold_into_several_tables_that_fit_80_columns():
    async with OverviewHost(many_outlets_overview(), current="a3").run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in ("terms", "figures"):
            lines = section_lines(pilot.app, name)
            headers = " ".join(lines)
            for n in range(7):
                assert f"Outlet {n}" in headers, (name, n)
            assert sum(line.split(" ")[0] in ("Term", "Quantity") for line in lines) >= 2
            widget = pilot.app.screen.query_one(f"#overview-{name}")
            assert widget.outer_size.width <= 80
        assert "asylum seekers 0 1 2 3" in section_lines(pilot.app, "terms")
        assert "▸ Outlet 3" in " ".join(section_lines(pilot.app, "terms"))
        assert "nobody quoted" in " ".join(section_lines(pilot.app, "voices"))


async def test_no_color_keeps_every_mark_readable(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    async with OverviewHost(many_outlets_overview(2)).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.no_color
        figures = section_lines(pilot.app, "figures")
        assert figures.index("≠ marchers 0,500 1,500") < figures.index("= marchers 6,000 6,000")
        assert f"{SHARED_MARK} {SHARED_MARK} {EXCLUSIVE_MARK}" in " ".join(section_lines(pilot.app, "coverage"))


async def test_a_story_with_one_outlet_says_what_there_is_not():
    overview = many_outlets_overview(1)
    overview = dataclasses.replace(overview, terms=[], figures=[])
    async with OverviewHost(overview, current=None).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "1 outlet · A story" in screen_text(pilot.app).splitlines()[0]
        assert section_lines(pilot.app, "terms")[1] == "No words for the story's people differ between the outlets."
        assert section_lines(pilot.app, "figures")[1] == "No figures in this story."
        assert "Outlet 0 nobody quoted" in section_lines(pilot.app, "voices")
        assert "▸" not in screen_text(pilot.app)


# Pure helpers -------------------------------------------------------------------------------------


def test_passage_map_marks_each_passage_and_separates_lede_body_end():
    passages = [{"exclusive": e, "position": p} for e, p in
                [(True, "lede"), (False, "lede"), (False, "body"), (True, "body"), (True, "end")]]
    assert passage_map(passages).plain == f"+{SHARED_MARK} {SHARED_MARK}+ +"


def test_terms_used_by_one_outlet_only_come_first():
    terms = [Term("migrants", "m", {"a": 6, "b": 3}), Term("illegal immigrants", "i", {"a": 2, "b": 0}),
             Term("people", "p", {"a": 2, "b": 2})]
    assert [t.term for t in ordered_terms(terms)] == ["illegal immigrants", "migrants", "people"]
    assert distinctiveness({"a": 0, "b": 0}) == 0.0


def test_value_cell_counts_repeats_and_shows_a_dash_for_nothing():
    assert value_cell(["Thousands", "Thousands"]).plain == "Thousands ×2"
    assert value_cell([]).plain == "—"
    assert value_cell(["[b]9[/b]"]).plain == "[b]9[/b]"


def test_snapshot_100x30(snap_compare):
    overview = seeds_overview(**{EPOCH: "The Epoch Times", TRT: "TRT World"})
    assert snap_compare(OverviewHost(overview), terminal_size=(100, 30))


def test_a_differing_quantity_shows_its_ratio_and_agreement_shows_equals():
    from caravan_tui.ui.widgets.overview_figures import verdict_cell

    assert verdict_cell({"verdict": "differ", "ratio": 1.4167, "status": "conflicting"}).plain == "≠ ×1.42"
    assert verdict_cell({"verdict": "agree", "ratio": None, "status": "shared"}).plain == "="
    assert verdict_cell({"verdict": "only one", "ratio": None, "status": "exclusive"}).plain == "only"
    assert verdict_cell({"status": "conflicting"}).plain == "≠"  # rows without a verdict keep their status
