"""The shipped keyed gazetteer: what the sources give with this code, and refused whole when it is not sound."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caravan_tui.analysis.entities import keyed_gazetteer, lexicons
from caravan_tui.analysis.entities.keyed_gazetteer import FORMAT, KeyedTables, parse, read_shipped, render

STALE = "the shipped keyed gazetteer is out of date: run scripts/build_keyed_gazetteer.py"


@pytest.fixture(scope="module")
def folded() -> KeyedTables:
    return lexicons.folded_tables()


def test_the_shipped_file_is_what_the_sources_give(folded):
    shipped = read_shipped()
    assert shipped is not None, STALE
    assert shipped == folded, STALE
    assert list(shipped.places) == list(folded.places)  # the same order: the first spelling of a key wins
    assert shipped.towns == sorted(shipped.towns)


def test_lexicons_are_the_same_either_way(monkeypatch):
    lexicons.lexicons.cache_clear()
    try:
        keyed = lexicons.lexicons()
        monkeypatch.setattr(lexicons, "read_shipped", lambda: None)
        lexicons.lexicons.cache_clear()
        folded = lexicons.lexicons()
    finally:
        lexicons.lexicons.cache_clear()
    assert keyed is not folded
    assert keyed.places == folded.places and keyed.place_kinds == folded.place_kinds
    assert (keyed.given_names, keyed.surnames, keyed.common_words) == \
        (folded.given_names, folded.surnames, folded.common_words)
    assert keyed.max_place_words == folded.max_place_words
    assert list(keyed.towns) == list(folded.towns) and len(keyed.towns) > 10_000


SMALL = KeyedTables(places={"france": "France", "paris": "Paris", "sao paulo": "São Paulo"},
                    kinds={"france": "country", "paris": "city", "sao paulo": "city"},
                    given_names=["ana"], surnames=[], common_words=["the", "cat"], towns=["aix", "embu"])


def test_a_small_table_comes_back_whole():
    assert parse(render(SMALL, "abc").encode("utf-8"), "abc") == SMALL


@pytest.mark.parametrize("damage", [
    lambda text: text.replace(FORMAT, "caravan-tui keyed gazetteers 0"),  # another format
    lambda text: text.replace(" abc\n", " abd\n", 1),  # built from other sources
    lambda text: text[:-1],  # cut short
    lambda text: text[:text.index("\x1etowns")],  # a list missing
    lambda text: text.replace("paris\tParis", "paris Paris"),  # a row without its tab
    lambda text: text.replace("paris\tParis", "paris\tPar\tis"),  # a row with two
    lambda text: text.replace("paris\tParis", "france\tParis"),  # a key twice
    lambda text: text.replace("\x1esurnames", "\x1egiven_names"),  # a list twice
    lambda text: text.replace("\x1esurnames", "\x1enicknames"),  # a section of no known kind
    lambda text: text.replace("\x1eplaces country\n", ""),  # rows before any section
])
def test_a_damaged_file_is_not_used(damage):
    assert parse(damage(render(SMALL, "abc")).encode("utf-8"), "abc") is None


def test_bad_utf8_and_an_unknown_digest_are_not_used():
    data = render(SMALL, "abc").encode("utf-8")
    assert parse(data.replace("São".encode(), b"S\xff"), "abc") is None
    assert parse(data, "") is None


def test_names_that_cannot_be_written_are_refused():
    with pytest.raises(ValueError, match="tab"):
        render(replace(SMALL, places={"paris": "Par\tis"}, kinds={"paris": "city"}), "abc")
    with pytest.raises(ValueError, match="sorted"):
        render(replace(SMALL, towns=["embu", "aix"]), "abc")


def test_a_missing_file_falls_back_on_the_sources(monkeypatch):
    monkeypatch.setattr(keyed_gazetteer, "KEYED", "gazetteers/no-such-file.txt")
    assert read_shipped() is None
    lexicons.lexicons.cache_clear()
    try:
        assert "paris" in lexicons.lexicons().places
    finally:
        lexicons.lexicons.cache_clear()
