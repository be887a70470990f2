"""Passage alignment on made-up articles: splits, reordering, truncation, names-only overlap."""

from __future__ import annotations

import json

from caravan_tui.analysis.align import Alignment, PassageRef, align_corpus, align_story
from factories import make_article

DAM = ("Engineers opened the spillway of the old dam on Friday after three days of heavy rain "
       "raised the reservoir to its highest level in a decade.")
FARMS = ("Water spread across the farmland below the dam, covering the roads that connect the "
         "villages with the market town.")
HELP = ("Volunteers handed out blankets and bottled water at the school, which was turned into "
        "a shelter for the night.")
COST = ("The regional government said repairs to the damaged roads would cost about 40 million "
        "and take most of the summer.")


def pairs_of(alignment: Alignment) -> set[tuple[int, int]]:
    return {(p.a.passage, p.b.passage) for p in alignment.pairs}


def test_one_to_one_and_out_of_order():
    a = make_article("a", [DAM, FARMS, HELP])
    b = make_article("b", [HELP.replace("handed out", "distributed"), DAM, FARMS.replace("connect", "link")])
    assert pairs_of(align_story([a, b])) == {(0, 1), (1, 2), (2, 0)}


def test_paragraph_split_in_two_is_one_to_many():
    a = make_article("a", [DAM + " " + FARMS, HELP])
    b = make_article("b", [DAM, FARMS, "An unrelated note about the weather in the capital this weekend."])
    alignment = align_story([a, b])
    assert pairs_of(alignment) == {(0, 0), (0, 1)}
    assert alignment.carriers("a", 0) == ["a", "b"]
    # The split part is compared with its own sentence only: no "dropped sentence" difference.
    for _, pair in alignment.counterparts("a", 0):
        assert pair.differences == []


def test_truncated_last_passage_is_contained_in_its_counterpart():
    a = make_article("a", [DAM, COST])
    b = make_article("b", [DAM, "The regional government said repairs to the damaged"])
    assert (1, 1) in pairs_of(align_story([a, b]))


def test_overlap_of_names_and_titles_only_is_rejected():
    a = make_article("a", ["Foreign Minister Helena Varga and Defence Secretary Tomas Brandt met farmers "
                   "near the border to hear complaints about water prices."])
    b = make_article("b", ["Protesters shouted slogans as Foreign Minister Helena Varga and Defence Secretary "
                   "Tomas Brandt left the parliament building late on Thursday."])
    assert align_story([a, b]).pairs == []


def test_unique_passages_and_lookups():
    a = make_article("a", [DAM, HELP, COST])
    b = make_article("b", [DAM.replace("U.S.", "US"), FARMS])
    c = make_article("c", [DAM, HELP.replace("Volunteers", "Activists")])
    alignment = align_story([a, b, c])
    assert [ref for ref, _ in alignment.counterparts("a", 0)] == [PassageRef("b", 0), PassageRef("c", 0)]
    assert alignment.carriers("b", 0) == ["a", "b", "c"]
    assert alignment.is_unique("a", 2) and alignment.is_unique("b", 1)
    assert not alignment.is_unique("a", 1)
    assert not alignment.is_changed("a", 0)
    assert alignment.is_changed("a", 1)  # "Volunteers" -> "Activists" names people differently


def test_alignment_round_trips_through_json():
    alignment = align_story([make_article("a", [DAM, HELP]),
                             make_article("b", [HELP.replace("the night", "two nights"), DAM])])
    restored = Alignment.from_dict(json.loads(json.dumps(alignment.to_dict())))
    assert restored.pairs == alignment.pairs
    assert restored.counterparts("a", 1) == alignment.counterparts("a", 1)


def test_align_corpus_keeps_stories_apart():
    a, b = make_article("a", [DAM, FARMS]), make_article("b", [DAM, FARMS])
    c = make_article("c", [DAM])
    alignment = align_corpus([a, b, c], stories={"a": "s1", "b": "s1", "c": "s2"})
    assert {(p.a.article, p.b.article) for p in alignment.pairs} == {("a", "b")}
    assert alignment.article_order == ["a", "b", "c"]
