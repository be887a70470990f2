"""The hot-path shortcuts of the differences (memoised token keys, ASCII folding) give what the plain code gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from caravan_tui.analysis.differences import tokenize
from caravan_tui.analysis.text import fold, normalise_punctuation, strip_accents

TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,'-\u2019\u201cé\u0301ÅﬁU.S.")), max_size=60)


@given(TEXT)
def test_token_keys_are_each_token_folded_on_its_own(text):
    for token in tokenize(text):
        assert token.key == (fold(token.text).replace(".", "") or token.text)
        assert text[token.start:token.end] == token.text


@given(TEXT)
def test_a_repeated_passage_gets_fresh_tokens_equal_to_the_first(text):
    first, second = tokenize(text), tokenize(text)
    assert first == second and first is not second
    second.clear()
    assert tokenize(text) == first  # the kept tokens cannot be changed through a returned list


@given(st.text(max_size=40))
def test_ascii_shortcuts_agree_with_unicode_normalisation(text):
    decomposed = unicodedata.normalize("NFKD", text)
    slow = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    assert strip_accents(text) == slow
    # With a non-ASCII first letter the same text goes through the full normalisation.
    assert "\u00e9" + normalise_punctuation(text) == normalise_punctuation("\u00e9" + text) or not text.isascii()


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_folds_as_it_did_through_the_normal_forms(text):
    assert strip_accents(text) == unicodedata.normalize("NFKD", text) == text
    assert "\u00e9" + normalise_punctuation(text) == normalise_punctuation("\u00e9" + text)
