"""Issue #12 item 4: entity recognition does work linear in paragraph length (no timing: work is counted).

The quadratic parts were: each token checked against every figure span,
overlaps resolved pairwise, a name's end searched again from every token,
edges trimmed by re-slicing, a run of ",000" groups re-scanned from each
group, and every ending of a name thousands of words long indexed. Each
replacement is checked against the plain definition it replaces, and the
Python-level work of the whole recogniser is counted at two lengths.
"""

from __future__ import annotations

import random
import re
import sys

import pytest

from caravan_tui.analysis.entities import entities_in_text, get_engine
from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.lexicons import TITLES, key
from caravan_tui.analysis.entities.linking import RawMention, link
from caravan_tui.analysis.entities.patterns import DIGITS, resolve_overlaps
from caravan_tui.analysis.entities.rules import _name_ends, _NumericSpans, _Token


def reference_resolve(spans: list[Span]) -> list[Span]:
    """The pairwise definition: keep the longest of overlapping spans, dates first on ties."""
    priority = {"date": 0, "figure": 1}
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), priority.get(s.type, 2), s.start))
    kept: list[Span] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def reference_name_end(tokens: list[_Token], i: int) -> int:
    j = i + 1
    while j < len(tokens) and tokens[j].key not in TITLES and tokens[j].text not in ("of", "the"):
        j += 1
    while j > i + 1 and tokens[j - 1].is_connector:
        j -= 1
    return j


@pytest.mark.parametrize("seed", range(30))
def test_overlap_sweep_keeps_what_the_pairwise_rule_keeps(seed):
    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(0, 60)):
        start = rng.randint(0, 200)
        end = start + rng.randint(1, 25)
        spans.append(Span(start, end, rng.choice(["date", "figure", "person", "place"]), "x" * (end - start)))
    assert resolve_overlaps(spans) == reference_resolve(spans)


@pytest.mark.parametrize("seed", range(30))
def test_bisected_numeric_lookup_matches_checking_every_span(seed):
    rng = random.Random(seed)
    spans, position = [], 0
    for _ in range(rng.randint(0, 40)):
        position += rng.randint(0, 6)
        end = position + rng.randint(1, 8)
        spans.append(Span(position, end, "figure", ""))
        position = end
    numeric = _NumericSpans(spans, [s.end for s in spans])
    for _ in range(200):
        start = rng.randint(0, position + 5)
        end = start + rng.randint(1, 10)
        assert numeric.overlaps(start, end) == any(s.start < end and start < s.end for s in spans)


@pytest.mark.parametrize("seed", range(30))
def test_one_pass_name_ends_match_the_search_from_each_token(seed):
    rng = random.Random(seed)
    words = ["Jane", "Doe", "of", "the", "de", "la", "President", "Minister", "River", "Smith", "al"]
    tokens, at = [], 0
    for _ in range(rng.randint(1, 40)):
        word = rng.choice(words)
        tokens.append(_Token(at, at + len(word), word, key(word)))
        at += len(word) + 1
    assert _name_ends(tokens) == [reference_name_end(tokens, i) for i in range(len(tokens))]


def python_calls(function, *args) -> int:
    """How many Python calls (generator steps included) `function(*args)` makes."""
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profiler)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


PARAGRAPHS = {
    "figures and names": "Jane Doe said 12 people and 3,000 dollars on May 4 in Springfield. ",
    "a run of capitalised words": "Updated House Green Minister Mary Lake Road ",
    "one long name": "Jane Doe Smith ",
    "possessives and initials": "Mexico's U.S. ",
}


@pytest.mark.parametrize("unit", PARAGRAPHS.values(), ids=PARAGRAPHS.keys())
def test_work_grows_linearly_with_paragraph_length(unit):
    engine = get_engine("rules")
    engine.recognise("warm up")
    short, long = ((unit * (size // len(unit) + 1))[:size] for size in (4_000, 16_000))

    def recognise_and_link(text: str) -> None:
        link(RawMention("a", 0, span) for span in engine.recognise(text))

    ratio = python_calls(recognise_and_link, long) / python_calls(recognise_and_link, short)
    assert ratio < 5.5  # 4x the text: linear work is about 4x, the old quadratic parts made it 10-16x


def test_a_long_run_of_thousands_groups_is_matched_a_bounded_stretch_from_each_start():
    text = "1" + ",000" * 5_000
    longest = max(len(m.group(0)) for m in (re.compile(DIGITS).match(text, start) for start in range(200))
                  if m is not None)
    assert longest <= 3 + 8 * 4 + 1


def test_huge_paragraphs_still_give_the_mentions_of_a_small_one():
    unit = "Officials said 6,000 migrants reached Springfield on Tuesday. "
    small = entities_in_text(unit)
    big = entities_in_text(unit * 2_000)
    assert len(big) == 2_000 * len(small)
    assert {(m.type, m.text) for m in big} == {(m.type, m.text) for m in small}
