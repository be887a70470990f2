"""safe() and json_dumps(): no character that can drive a terminal or hide text gets through, and JSON round-trips."""

from __future__ import annotations

import json

import pytest

from caravan_tui.safe_text import REPLACEMENT, json_dumps, safe

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\u2061", "\u2064", "\ufeff", "\u2028", "\u2029"]
BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", HIDDEN + BIDI + ["\x85", "\x9b", "\x9d"])
def test_invisible_bidi_and_c1_characters_are_replaced_one_for_one(char):
    shown = safe(f"a{char}b")
    assert shown == f"a{REPLACEMENT}b"


def test_the_zero_width_joiner_no_longer_passes():
    assert "\u200d" not in safe("family\u200dname")


def test_escape_sequences_become_control_pictures():
    assert safe("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert safe("line\nnext", keep_newlines=True) == "line\nnext"
    assert safe("line\nnext") == "line␊next"


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x7f", "\x9b", "\u202e", "\u200d", "\u2028"])
def test_json_escapes_every_unsafe_character_and_round_trips(char):
    value = {"text": f"before{char}after", "nested": [f"x{char}"]}
    dumped = json_dumps(value)
    assert char not in dumped
    assert json.loads(dumped) == value


def test_json_keeps_ordinary_unicode_readable():
    assert json_dumps({"t": "López — “quoted”"}) == '{"t": "López — “quoted”"}'


@pytest.mark.parametrize("keep_newlines", [False, True])
def test_every_character_is_shown_as_the_table_says_in_ascii_and_other_text(keep_newlines):
    """The quick paths (printable ASCII, a search before translating) change exactly what the table changes."""
    from caravan_tui.safe_text import _TABLE, _TABLE_KEEPING_NEWLINES

    table = _TABLE_KEEPING_NEWLINES if keep_newlines else _TABLE
    for code in range(0x110000):
        char = chr(code)
        expected = table.get(code, char)
        assert safe(f"ab{char}", keep_newlines) == f"ab{expected}", hex(code)
        assert safe(f"é{char}", keep_newlines) == f"é{expected}", hex(code)


def test_text_with_nothing_to_replace_is_returned_as_it_is():
    for text in ("plain words, 12%", "López — “quoted”", "two\nlines"):
        assert safe(text, keep_newlines=True) == text
