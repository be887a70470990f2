"""Front matter: the quick reader of simple `name: value` lines always agrees with PyYAML."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caravan_tui.corpus.front_matter import (
    FRONT_MATTER_FIELDS,
    FrontMatterError,
    _parse_with_yaml,
    parse_front_matter,
    simple_front_matter,
)

SIMPLE = """title: "Migrants walk north: day two"
source: Daily Alpha
url: https://example.org/news/a-b?x=1&y=2
published: 2023-12-26
language: en
author: 'O''Brien, Ana'
extra: ignored
"""


def test_simple_lines_are_read_without_yaml():
    assert simple_front_matter(SIMPLE) == {
        "title": "Migrants walk north: day two", "source": "Daily Alpha", "url": "https://example.org/news/a-b?x=1&y=2",
        "published": "2023-12-26", "language": "en", "author": "O'Brien, Ana",
    }
    assert simple_front_matter(SIMPLE) == _parse_with_yaml(SIMPLE)


@pytest.mark.parametrize("text", [
    "title: yes",  # a YAML boolean
    "title: 2023",  # a number
    "title: -dash",  # an indicator
    "title: a # comment",
    "title: a: b",
    'title: "escaped \\" quote"',
    "title: |\n  block",
    "tags:\n  - a\n  - b",
    "title:\tTab",
    "# a comment line\ntitle: a",
    "published: 2023-02-30",  # not a date: YAML decides (and fails)
])
def test_anything_else_is_left_to_yaml(text):
    assert simple_front_matter(text) is None


def test_a_simple_reader_miss_still_reads_or_reports_through_yaml():
    assert parse_front_matter("title: yes\nsource: 'A'") == {"title": "True", "source": "A"}
    with pytest.raises(FrontMatterError):
        parse_front_matter("title: [unclosed")


def test_simple_front_matter_does_not_import_yaml(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)  # any import of yaml now fails
    assert parse_front_matter(SIMPLE)["source"] == "Daily Alpha"


KEYS = st.sampled_from([*FRONT_MATTER_FIELDS, "other", "on", "Title", "title_2", "x"])
WORDS = st.sampled_from(["yes", "No", "null", "~", "=", "<<", "true", "OFF", "2023-12-26", "2023-13-01", "12",
                         "1:30", ".inf", "-x", "a: b", "a #c", "a#b", "end:", "http://x.y/z", "Ñandú", "  padded  ",
                         "\u00a0nbsp\u00a0", "tab\there", "line\u2028sep", "\x85", "[a]", "{a}", "'", '"', "''", ""])
VALUES = st.one_of(
    WORDS,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.builds(lambda inner: f'"{inner}"', st.text(max_size=10)),
    st.builds(lambda inner: f"'{inner}'", st.text(max_size=10)),
    st.builds(lambda a, b: f"{a} {b}", WORDS, WORDS),
)
LINES = st.builds(lambda key, sep, value: f"{key}{sep}{value}", KEYS, st.sampled_from([": ", ":", ":  ", " : "]),
                  VALUES)


@given(st.lists(st.one_of(LINES, st.just(""), st.just("  ")), max_size=6))
def test_the_simple_reader_agrees_with_yaml_whenever_it_answers(lines):
    text = "\n".join(lines)
    simple = simple_front_matter(text)
    if simple is not None:
        assert simple == _parse_with_yaml(text)
