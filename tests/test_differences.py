"""Word-level differences and their classes, on made-up sentences."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.differences import differences


def changes(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(d.a, d.b, d.cls) for d in differences(a, b)]


@pytest.mark.parametrize("a, b, expected", [
    ("The U.K. team arrived.", "The UK team arrived.", ("U.K.", "UK", "style")),
    ("They met in São Paulo.", "They met in Sao Paulo.", ("São", "Sao", "style")),
    ("The mayor’s office said no.", "The mayor's office said no.", ("mayor’s", "mayor's", "style")),
    ("Apples, pears, and plums were sold.", "Apples, pears and plums were sold.", (",", "", "style")),
    ("Later Mr. Okafor left the room.", "Later Okafor left the room.", ("Mr.", "", "style")),
    ("The council criticised the plan.", "The council criticized the plan.", ("criticised", "criticized", "style")),
    ("The workers crossed the bridge.", "The protesters crossed the bridge.", ("workers", "protesters", "framing")),
    ("They crossed the river.", "They crossed the treacherous river.", ("", "treacherous", "framing")),
    ("The board left, saying the vote was fixed.", "The board left, claiming the vote was fixed.",
     ("saying", "claiming", "framing")),
    ("The chairman spoke first.", "The chairwoman spoke first.", ("chairman", "chairwoman", "wording")),
    ("Prices rose again.", "However, prices rose again.", ("", "However,", "wording")),
])
def test_single_change_and_class(a, b, expected):
    assert expected in changes(a, b)


def test_inserted_descriptive_phrase_about_people_is_framing_and_split_from_the_swap():
    found = changes("On Monday, workers marched to the square.",
                    "On Monday, strikers, some waving flags, marched to the square.")
    assert ("workers", "strikers,", "framing") in found
    assert ("", "some waving flags,", "framing") in found


def test_nearby_changes_merge_into_one_rewrite():
    found = changes("The bill that had been rejected by the senate returns today.",
                    "The bill the senate had rejected returns today.")
    assert found == [("that had been rejected by the senate", "the senate had rejected", "wording")]


def test_offsets_point_at_the_surface_text():
    a, b = "Crowds gathered near the old port on Sunday.", "Crowds gathered near the port."
    for d in differences(a, b):
        assert a[d.a_start:d.a_end] == d.a and b[d.b_start:d.b_end] == d.b
    # "old" and "on Sunday" are one equal word apart, so they merge into one change.
    assert changes(a, b) == [("old port on Sunday", "port", "wording")]


def test_identical_passages_have_no_differences():
    assert differences("Nothing changed here.", "Nothing changed here.") == []
