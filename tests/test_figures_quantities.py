"""Issue #14, figures as quantities: what is counted, what happened, projection, rate, range; noise left out."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from caravan_tui.analysis.figures import Figure, compare_figures, ratio, story_figures
from caravan_tui.analysis.findings import all_findings
from caravan_tui.analysis.overview import story_overview
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.corpus.model import Article, Passage


def make(article_id: str, source: str, paragraphs: list[str]) -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(paragraphs))
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=article_id, source=source, passages=passages)


def figures_of(*articles: Article):
    analysis = analyse_corpus(list(articles), {a.id: "story" for a in articles})
    return {(f.article, f.text): f for f in story_figures(analysis, list(articles))}


NORTH = make("north", "North Wire", [
    "Avalanches in the pass killed at least 9 climbers on Saturday, the mountain rescue service said.",
    "Some 400,000 households lost power across the province.",
    "The glacier is retreating 40 metres a year, and could lose 900 metres by the end of the decade.",
    "Between 200 and 350 volunteers joined the search.",
])
SOUTH = make("south", "South Daily", [
    "Eleven climbers died in the avalanches, police said, and 5 were injured.",
    "In the capital, about 400 households were without power.",
    "The glacier has lost 300 metres since records began.",
    "About 300 volunteers searched the slopes on Sunday.",
])


@pytest.fixture(scope="module")
def figures():
    return figures_of(NORTH, SOUTH)


def test_the_same_event_with_other_values_conflicts_with_its_ratio(figures):
    nine, eleven = figures[("north", "at least 9")], figures[("south", "Eleven")]
    assert nine.quantity == eleven.quantity and nine.event == "killed"
    assert nine.status == eleven.status == "conflicting"
    assert ratio(nine, eleven) == pytest.approx(11 / 9, rel=1e-3)


def test_another_event_is_another_quantity(figures):
    injured = figures[("south", "5")]
    assert injured.event == "injured" and injured.story
    assert ("south", 0, "5") not in figures[("north", "at least 9")].conflicts_with


def test_a_thousandfold_difference_is_a_conflict_not_a_shared_figure(figures):
    big, small = figures[("north", "Some 400,000")], figures[("south", "about 400")]
    assert big.status == small.status == "conflicting"
    assert ratio(big, small) == pytest.approx(1000)


def test_projection_rate_and_total_are_different_quantities(figures):
    rate, projection = figures[("north", "40 metres")], figures[("north", "900 metres")]
    total = figures[("south", "300 metres")]
    assert rate.rate == "per year" and projection.aspect == "projection" and total.aspect == "reported"
    assert rate.status == projection.status == total.status == "exclusive"


def test_a_range_is_one_value_and_agrees_with_a_value_inside_it(figures):
    span = figures[("north", "200 and 350")]
    assert (span.low, span.high) == (200, 350)
    assert span.status == "shared" and figures[("south", "About 300")].status == "shared"


def test_ages_years_and_small_counts_are_not_story_figures():
    found = figures_of(make("solo", "Wire", [
        "Lena Park, 41, and the two ministers visited the dam, which was built in 1987.",
        "A 7-year-old boy and his mother, 34, were rescued after ten minutes.",
    ]))
    assert not any(f.story for f in found.values() if f.kind != "weekday")


def test_notes_and_overview_carry_the_quantity_and_the_verdict():
    articles = [NORTH, SOUTH]
    analysis = analyse_corpus(articles, {a.id: "story" for a in articles})
    notes = [n for n in all_findings(analysis, articles) if n.kind == "figure"]
    killed = next(n for n in notes if n.details.figure == "at least 9")
    assert killed.details.quantity.endswith("killed")
    assert killed.details.conflicts[0].value == 11 and killed.details.conflicts[0].ratio > 1
    rows = story_overview(analysis, articles, "story").figures
    row = next(r for r in rows if (r["quantity"] or "").endswith("killed"))
    assert row["verdict"] == "differ" and row["values"] == {"north": [9.0], "south": [11.0]}


class _TwoPassagesAligned:
    """An alignment stub: passage 0 of article "a" and of article "b" are counterparts."""

    def counterparts(self, article_id: str, passage: int):
        other = {"a": "b", "b": "a"}[article_id]
        return [(SimpleNamespace(article=other, passage=0), None)] if passage == 0 else []


ALIGNED = _TwoPassagesAligned()


def _feet(article: str, thing: str, value: float) -> Figure:
    return Figure(article, 0, 0, 7, f"{value:g} feet", "measure", value, unit="feet", counts=thing,
                  keys=frozenset({thing}), low=value, high=value, thing=thing)


def test_equal_values_of_different_things_in_aligned_passages_never_conflict():
    verdicts = compare_figures([_feet("a", "river", 11.0), _feet("b", "stage", 11.0)], ALIGNED, ["a", "b"])
    assert [f.conflicts_with for f in verdicts] == [(), ()]


def test_the_only_measure_of_each_side_still_conflicts_when_its_value_differs():
    verdicts = compare_figures([_feet("a", "river", 11.0), _feet("b", "stage", 13.0)], ALIGNED, ["a", "b"])
    assert [f.status for f in verdicts] == ["conflicting", "conflicting"]
