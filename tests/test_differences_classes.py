"""Issue #14, difference classes: style, figure, framing, information and wording, with minimal spans."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.differences import differences
from caravan_tui.diff_classes import DIFF_CLASSES


def changes(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(d.a, d.b, d.cls) for d in differences(a, b)]


@pytest.mark.parametrize("a, b, expected", [
    ("She said she'd call the U.S. embassy.", "She said she would call the United States embassy.",
     [("she'd", "she would", "style"), ("U.S.", "United States", "style")]),
    ("The pilots won't fly today.", "The pilots will not fly today.", [("won't", "will not", "style")]),
    ("Gov. Ruth Abara signed it.", "Governor Ruth Abara signed it.", [("Gov.", "Governor", "style")]),
    ("Twelve ferries were cancelled.", "12 ferries were cancelled.", [("Twelve", "12", "style")]),
    ("The National Transport Safety Board will report.", "The NTSB will report.",
     [("National Transport Safety Board", "NTSB", "style")]),
    ("Harbour chief Ana Lutz spoke. Lutz left.", "Harbour chief Ana Lutz spoke. Chief Lutz left.",
     [("", "Chief", "style")]),
    ("Ana Q. Lutz spoke first.", "Ana Lutz spoke first.", [("Q.", "", "style")]),
    ("KESTREL BAY, Maine (Reuters) - Fog closed the port.", "Fog closed the port.",
     [("KESTREL BAY, Maine (Reuters) -", "", "style")]),
    ("Lutz told Harbour Radio that the port was shut.", "Lutz said the port was shut.",
     [("told Harbour Radio that", "said", "style")]),
])
def test_style(a, b, expected):
    assert changes(a, b) == expected


def test_a_changed_number_is_a_figure():
    assert changes("At least 21 boats sank.", "At least 27 boats sank.") == [("21", "27", "figure")]


@pytest.mark.parametrize("a, b, expected", [
    ("Experts warned of the climate crisis.", "Experts warned of the climate change.", ("crisis", "change", "framing")),
    ("They tried to cross the river.", "They tried to cross the river illegally.", ("", "illegally", "framing")),
    ("The mayor asked for help.", "The mayor begged for help.", ("asked", "begged", "framing")),
    ("Crowds filled the square.", "Angry crowds filled the square.", ("", "Angry", "framing")),
    ("Settlers moved in.", "Colonists moved in.", ("Settlers", "Colonists", "framing")),
])
def test_framing(a, b, expected):
    assert expected in changes(a, b)


def test_an_added_clause_is_information_and_a_dropped_phrase_is_wording():
    assert changes("The ferry sank near the pier.",
                   "The ferry sank near the pier, where divers found a second wreck last spring.") == [
        ("", ", where divers found a second wreck last spring", "information")]
    assert changes("Prices rose on Monday.", "Prices rose.") == [("on Monday", "", "wording")]


def test_synonym_is_wording():
    assert changes("The tower fell at noon.", "The tower collapsed at noon.") == [("fell", "collapsed", "wording")]


def test_function_word_at_the_edge_of_a_swap_is_split_off():
    found = changes("Thousands of settlers moved west.", "Thousands of colonists and pioneers have moved west.")
    assert ("settlers", "colonists and pioneers", "framing") in found
    assert ("", "have", "wording") in found


def test_every_class_produced_is_registered():
    produced = {d[2] for pair in [
        ("a 1 b", "a 2 b"), ("The cat sat.", "The angry cat sat."), ("X ran.", "X ran, and the dogs barked loudly."),
        ("The U.S. team.", "The US team."), ("It fell.", "It dropped.")] for d in changes(*pair)}
    assert produced == {"figure", "framing", "information", "style", "wording"} <= set(DIFF_CLASSES)
