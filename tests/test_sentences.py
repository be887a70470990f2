"""Sentence splitting: abbreviations, initials, decimals and quotes."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.sentences import sentence_spans, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("The board met on Monday. It approved the plan.",
     ["The board met on Monday.", "It approved the plan."]),
    ("Mr. Smith and Dr. Jones arrived on Dec. 4, 2021. They left early.",
     ["Mr. Smith and Dr. Jones arrived on Dec. 4, 2021.", "They left early."]),
    ("Prices rose 3.5 percent in the U.S. Federal officials were surprised.",
     ["Prices rose 3.5 percent in the U.S. Federal officials were surprised."]),
    ("Officials flew to the U.S. The talks begin today.",
     ["Officials flew to the U.S.", "The talks begin today."]),
    ("The novel by George R. R. Martin sold well. Critics agreed.",
     ["The novel by George R. R. Martin sold well.", "Critics agreed."]),
    ('"We will not stop," she said. "This is our home." Police left.',
     ['"We will not stop," she said.', '"This is our home."', "Police left."]),
    ("Is it safe? Nobody knows! Wait and see.",
     ["Is it safe?", "Nobody knows!", "Wait and see."]),
    ("\u201cIt is over.\u201d The crowd cheered.",
     ["\u201cIt is over.\u201d", "The crowd cheered."]),
    ("The meeting ended at 10 a.m. on Friday.", ["The meeting ended at 10 a.m. on Friday."]),
])
def test_split(text, expected):
    assert split_sentences(text) == expected


def test_spans_point_into_the_text_and_skip_whitespace():
    text = "  One thing.   Another thing.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["One thing.", "Another thing."]
    assert sentence_spans("") == []
