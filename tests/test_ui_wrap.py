"""The reading pane's word wrap: same lines as Rich on prose, exact offsets, nothing lost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from caravan_tui.corpus.loader import bundled_corpus_path, load_corpus
from caravan_tui.ui.wrap import divide, wrap_offsets, wrap_text
from ui_helpers import WIRE

CONSOLE = Console(width=200)

ASCII_WORDS = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789,.;:'\"()-?!", min_size=1, max_size=14)
OTHER_WORDS = st.sampled_from(["café", "naïve", "Ñandú", "Zürich", "日本語", "テキスト", "東京", "🐪", "🐪🐪",
                               "señor", "Ελλάδα", "Москва", "«quote»", "—", "x" * 31, "ü" * 29, "語" * 13])
WORDS = st.one_of(ASCII_WORDS, ASCII_WORDS, OTHER_WORDS)
WIDTHS = st.integers(min_value=10, max_value=120)


MANY_SPACES = [" ", " ", " ", "  ", "   ", "\n", ". ", ", "]
ONE_SPACE = [" ", " ", "\n"]


@st.composite
def prose(draw, words=WORDS, gaps=ONE_SPACE) -> str:
    """Sentences of words with the given gaps between them (the odd newline)."""
    parts = draw(st.lists(words, min_size=1, max_size=80))
    text = parts[0]
    for word in parts[1:]:
        text += draw(st.sampled_from(gaps)) + word
    return text


def rich_lines(text: str, width: int) -> list[str]:
    return [line.plain for line in Text(text).wrap(CONSOLE, width, overflow="fold")]


def our_lines(text: str, width: int) -> list[str]:
    return [line.plain for line in wrap_text(Text(text), width)]


def bundled_passages() -> list[str]:
    corpus = load_corpus([bundled_corpus_path()])
    return [passage.text for article in corpus.articles for passage in article.passages]


@given(text=prose(ASCII_WORDS, MANY_SPACES), width=WIDTHS)
def test_same_lines_as_rich_on_ascii_prose(text, width):
    assert our_lines(text, width) == rich_lines(text, width)


@given(text=prose(), width=WIDTHS)
def test_same_lines_as_rich_on_mixed_scripts_wide_characters_and_long_words(text, width):
    """(Word lengths chosen so that Rich never starts a line with spaces after a folded word.)"""
    assert our_lines(text, width) == rich_lines(text, width)


@pytest.mark.parametrize("width", [10, 23, 40, 57, 80, 117])
def test_same_lines_as_rich_on_the_bundled_articles(width):
    for text in bundled_passages():
        assert our_lines(text, width) == rich_lines(text, width)


@given(text=st.text(st.sampled_from("ab語🐪 \n\u00a0é"), max_size=200), width=WIDTHS)
def test_offsets_cut_the_text_exactly_and_lines_fit(text, width):
    offsets = wrap_offsets(text, width)
    assert offsets == sorted(set(offsets)) and all(0 < offset <= len(text) for offset in offsets)
    pieces = Text(text).divide(offsets)
    assert "".join(piece.plain for piece in pieces) == text  # nothing lost, nothing doubled
    for piece, line in zip(pieces, wrap_text(Text(text), width), strict=True):
        assert piece.plain.startswith(line.plain)  # only a newline or trailing spaces dropped
        assert piece.plain[len(line.plain):].strip(" ") in ("", "\n")
        assert cell_len(line.plain) <= width


def test_every_newline_starts_a_line():
    assert our_lines("one\ntwo\n\nthree\n", 40) == ["one", "two", "", "three", ""]
    assert wrap_offsets("one\ntwo", 40) == [4]


def test_a_word_longer_than_the_width_is_folded():
    assert our_lines("ab " + "x" * 25 + " cd", 10) == ["ab ", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx cd"]


def test_the_spaces_after_a_folded_word_do_not_start_a_line():
    text = "x" * 20 + "  next"
    assert rich_lines(text, 10) == ["xxxxxxxxxx", "xxxxxxxxxx", "  next"]  # Rich's fold
    assert our_lines(text, 10) == ["xxxxxxxxxx", "xxxxxxxxxx", "next"]
    assert our_lines("語" * 10 + "  next", 10) == ["語語語語語", "語語語語語", "next"]


def test_no_break_at_a_no_break_space():
    assert our_lines("total of 6\u00a0500 people", 11) == ["total of ", "6\u00a0500 ", "people"]


def test_styles_follow_their_characters_across_lines():
    text = Text(WIRE, style="italic")
    text.stylize("bold", WIRE.index("several"), WIRE.index("people") + len("people"))
    lines = wrap_text(text, 20)
    bold = "".join(line.plain[span.start:span.end] for line in lines for span in line.spans if span.style == "bold")
    assert bold.replace(" ", "") == "severalthousandpeople"  # the spaces at line ends may be trimmed
    assert all(line.style == "italic" for line in lines)


def test_divide_reuses_offsets_for_differently_styled_text():
    offsets = wrap_offsets(WIRE, 30)
    plain_lines = [line.plain for line in divide(Text(WIRE), offsets, 30)]
    styled = Text(WIRE)
    styled.stylize("underline", 0, 11)
    assert [line.plain for line in divide(styled, offsets, 30)] == plain_lines == rich_lines(WIRE, 30)
