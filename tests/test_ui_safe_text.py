"""safe(): unsafe characters become visible placeholders, one for one."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from caravan_tui.safe_text import REPLACEMENT, safe


def test_escape_sequence_becomes_visible_and_inert():
    assert safe("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"


def test_c0_controls_become_control_pictures():
    assert safe("a\x00b\x07c\rd") == "a␀b␇c␍d"


def test_newline_kept_only_when_asked():
    assert safe("one\ntwo") == "one␊two"
    assert safe("one\ntwo", keep_newlines=True) == "one\ntwo"


def test_tab_becomes_space_and_del_becomes_picture():
    assert safe("a\tb\x7f") == "a b␡"


def test_c1_and_bidi_controls_are_replaced():
    text = "x\x9by\u202ez\u2066w\u200f"
    assert safe(text) == f"x{REPLACEMENT}y{REPLACEMENT}z{REPLACEMENT}w{REPLACEMENT}"


def test_markup_and_ordinary_unicode_are_unchanged():
    text = "[bold]Peña[/bold] said “no” — 6,000 people, 移民"
    assert safe(text) == text


@given(st.text())
def test_length_is_kept_and_no_control_survives(text):
    shown = safe(text)
    assert len(shown) == len(text)
    assert not any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in shown)
    assert not any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in shown)
