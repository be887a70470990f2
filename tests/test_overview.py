"""The story overview: coverage and positions, terms for the story's people, voices, figures side by side."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.overview import people_terms, position_of, story_ids, story_overview
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from factories import make_article
from fixture_paths import SEEDS

FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"
SHARED = [
    "{who} gathered outside the regional court on Monday morning to demand the release of the detained "
    "organisers, waving flags and chanting slogans.",
    "Riot police blocked the entrance to the court building and asked {who2} to leave the square before noon.",
    "The court is expected to rule on the case of the three organisers before the end of the month.",
]


A = make_article("alpha", [SHARED[0].format(who="Hundreds of protesters"), SHARED[1].format(who2="the protesters"),
                   SHARED[2], "Some violent protesters threw bottles.", "Violent protesters were arrested later."])
B = make_article("beta", ["A short note from the editors opened the report.",
                  SHARED[0].format(who="Hundreds of peaceful demonstrators"),
                  SHARED[1].format(who2="the demonstrators"), SHARED[2]])


@pytest.fixture(scope="module")
def rally():
    articles = [A, B]
    return analyse_corpus(articles, {"alpha": "rally", "beta": "rally"}), articles


@pytest.mark.parametrize("index, total, where", [(0, 10, "lede"), (1, 10, "lede"), (2, 10, "body"),
                                                 (7, 10, "body"), (8, 10, "end"), (9, 10, "end"), (0, 1, "lede"),
                                                 (2, 3, "end"), (1, 3, "body"), (3, 17, "lede"), (13, 17, "end")])
def test_position_of(index, total, where):
    assert position_of(index, total) == where


def test_coverage_counts_shared_and_exclusive_passages_by_position(rally):
    analysis, articles = rally
    overview = story_overview(analysis, articles, "rally").to_dict()
    alpha, beta = overview["coverage"]
    assert (alpha["shared"], alpha["exclusive"]) == (3, 2)
    assert alpha["exclusive_by_position"] == {"lede": 0, "body": 1, "end": 1}
    assert beta["exclusive_by_position"] == {"lede": 1, "body": 0, "end": 0}
    assert beta["coverage"][1]["carriers"] == ["alpha", "beta"]


def test_terms_come_from_swapped_people_words_and_are_counted_everywhere(rally):
    analysis, articles = rally
    terms = {t.term: t.counts for t in people_terms(analysis.alignment, articles)}
    assert terms["protesters"] == {"alpha": 2, "beta": 0}
    assert terms["violent protesters"] == {"alpha": 2, "beta": 0}
    assert terms["peaceful demonstrators"] == {"alpha": 0, "beta": 1}
    assert terms["demonstrators"] == {"alpha": 0, "beta": 1}


def test_no_swap_no_terms():
    a = make_article("one", SHARED[:1] * 1 + [s.format(who2="them") for s in SHARED[1:]])
    b = make_article("two", [SHARED[0], SHARED[1].format(who2="them"), SHARED[2]])
    analysis = analyse_corpus([a, b], {"one": "s", "two": "s"})
    assert people_terms(analysis.alignment, [a, b]) == []


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    [story] = story_ids(analysis, corpus.articles)
    return story_overview(analysis, corpus.articles, story).to_dict()


def test_acceptance_terms(seeds):
    terms = {t["term"]: t["counts"] for t in seeds["terms"]}
    assert terms["illegal immigrants"] == {FIRST: 2, SECOND: 0}
    assert terms["refugees and asylum seekers"] == {FIRST: 0, SECOND: 3}


def test_acceptance_voices(seeds):
    speakers = {article: {v["speaker"] for v in voices} for article, voices in seeds["voices"].items()}
    assert {"Rosa", "Norbey Diaz Rios", "Luis Garcia Villagran", "Matthew Miller"} <= speakers[SECOND]
    assert "Matthew Miller" in speakers[FIRST]


def test_acceptance_figures_side_by_side(seeds):
    rows = {row["value"]: row for row in seeds["figures"] if row["value"]}
    assert rows[680_000]["articles"][FIRST] and rows[680_000]["articles"][SECOND]
    assert rows[680_000]["verdict"] == "agree"
    assert rows[2_000_000]["articles"][FIRST] and not rows[2_000_000]["articles"][SECOND]
    assert rows[2_000_000]["verdict"] == "only one"
    assert 46 not in rows   # an age is not a story figure
