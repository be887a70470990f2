"""Figures: reading one figure (value, qualifier, rate, what it counts) and comparing across outlets."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.entities import entities_in_text
from caravan_tui.analysis.figures import parse_number, read_amount, read_figure, story_figures
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from factories import make_article
from fixture_paths import SEEDS

FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"


def figures_of(text: str):
    mentions = entities_in_text(text)
    people = [m for m in mentions if m.type == "person"]
    return [read_figure("text", 0, text, m, people) for m in mentions if m.type == "figure"]


@pytest.mark.parametrize("text, value", [
    ("half a million", 500_000), ("2 million", 2_000_000), ("10,000", 10_000), ("2.5bn", 2.5e9),
    ("a quarter of a million", 250_000), ("forty-six", 46), ("one hundred and twenty", 120), ("a dozen", 12),
    ("3 thousand", 3000),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, kind, value, unit", [
    ("$3.5 billion", "money", 3.5e9, "$"), ("€40m", "money", 40e6, "€"), ("1,200 euros", "money", 1200, "€"),
    ("250 pesos", "money", 250, "peso"), ("12 percent", "percent", 12, "%"), ("7.5%", "percent", 7.5, "%"),
    ("3 percentage points", "percent", 3, "percentage points"), ("40 km", "measure", 40, "km"),
    ("61-year-old", "age", 61, "years"),
])
def test_money_percent_and_measures_are_normalised(text, kind, value, unit):
    amount = read_amount(text)
    assert (amount.kind, amount.unit) == (kind, unit)
    assert amount.value == pytest.approx(value)


def test_vague_amounts_have_no_value():
    assert read_amount("tens of thousands").kind == "vague"
    assert read_amount("Thousands").value is None


def test_qualifier_rate_and_counted_noun():
    [figure] = figures_of("As many as 3,000 stranded travellers were flown home daily from the island.")
    assert figure.value == 3000 and figure.qualifier == "as many as"
    assert figure.rate == "per day" and figure.counts == "stranded travellers"


def test_counted_noun_is_the_subject_when_the_figure_follows_a_verb():
    [figure] = figures_of("Applications for work permits topped 4 million in the past two years.")
    assert figure.value == 4_000_000 and figure.counts == "applications"


def test_counted_noun_before_of():
    [figure] = figures_of("Organisers said a crowd of 9,500 filled the square.")
    assert figure.counts == "crowd" and "crowd" in figure.keys


def test_age_after_a_name_set_off_by_commas():
    [figure] = figures_of("Ellen Hartley, 52, said she had worked at the clinic for twenty years.")
    assert figure.kind == "age" and figure.value == 52 and figure.counts == "age of Ellen Hartley"


STRIKE_A = make_article("alpha", [
    "Thousands of protesters marched through the capital on Tuesday to demand higher wages for hospital "
    "staff, blocking the main avenue for hours.",
    "Police said a crowd of 6,000 gathered outside the parliament building before the speeches began in the "
    "early afternoon.",
    "Organisers expect as many as 2,000 protesters to return daily until the vote.",
    "The strike has cost clinics 14 million pounds, the union estimated.",
])
STRIKE_B = make_article("beta", [
    "Thousands of demonstrators marched through the capital on Wednesday to demand higher wages for hospital "
    "staff, blocking the main avenue for hours.",
    "Police said a crowd of 8,000 gathered outside the parliament building before the speeches began in the "
    "early afternoon.",
    "According to the union, the strike has already cost clinics 14 million pounds in lost fees.",
])


@pytest.fixture(scope="module")
def strike():
    articles = [STRIKE_A, STRIKE_B]
    analysis = analyse_corpus(articles, {"alpha": "strike", "beta": "strike"})
    return {(f.article, f.passage, f.text): f for f in story_figures(analysis, articles)}


def test_conflicting_crowd_figures_in_aligned_passages(strike):
    six, eight = strike[("alpha", 1, "6,000")], strike[("beta", 1, "8,000")]
    assert six.status == eight.status == "conflicting"
    assert ("beta", 1, "8,000") in six.conflicts_with


def test_weekday_conflict_in_aligned_passages(strike):
    tuesday = strike[("alpha", 0, "Tuesday")]
    assert tuesday.status == "conflicting" and tuesday.conflicts_with[0][2] == "Wednesday"


def test_shared_figure_outside_aligned_passages_and_exclusive_figure(strike):
    money = strike[("alpha", 3, "14 million pounds")]
    assert money.kind == "money" and money.unit == "£" and money.status == "shared"
    assert money.shared_with == (("beta", 2),)
    assert strike[("alpha", 2, "as many as 2,000")].status == "exclusive"


def test_different_things_with_the_same_value_are_not_shared():
    a = make_article("one", ["Rescuers freed 12 miners from the collapsed shaft after a night of digging.",
                     "The company said it had checked every tunnel in the district after the collapse."])
    b = make_article("two", ["Officials said 12 trucks of supplies had reached the valley by the evening.",
                     "The company said it had checked every tunnel in the district after the collapse."])
    analysis = analyse_corpus([a, b], {"one": "s", "two": "s"})
    statuses = {f.article: f.status for f in story_figures(analysis, [a, b]) if f.value == 12}
    assert statuses == {"one": "exclusive", "two": "exclusive"}


@pytest.fixture(scope="module")
def seed_figures():
    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    return story_figures(analysis, corpus.articles)


def _find(figures, article, value):
    return [f for f in figures if f.article == article and f.value == value]


def test_acceptance_shared_figures(seed_figures):
    for value in (680_000, 500_000):
        for article in (FIRST, SECOND):
            [figure] = _find(seed_figures, article, value)
            assert figure.status == "shared"


def test_acceptance_figures_of_one_outlet_only(seed_figures):
    [daily] = _find(seed_figures, FIRST, 10_000)
    assert daily.status == "exclusive" and daily.rate == "per day" and daily.qualifier == "as many as"
    [arrests] = _find(seed_figures, FIRST, 2_000_000)
    assert arrests.status == "exclusive" and arrests.counts == "arrests"
    [age] = [f for f in seed_figures if f.kind == "age"]
    assert (age.article, age.value, age.status) == (SECOND, 46, "exclusive")
    assert not _find(seed_figures, SECOND, 10_000) and not _find(seed_figures, SECOND, 2_000_000)
