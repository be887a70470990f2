"""PaneLines: the same lines, in the same order, as the reading pane's list of one object per line."""

from __future__ import annotations

import random

import pytest
from rich.text import Text

from caravan_tui.ui.widgets.pane_lines import BLANK, PaneLine, PaneLines


def one_object_per_line(header: list[PaneLine], indexes: list[int], rows: list[int]) -> list[PaneLine]:
    lines = list(header)
    for index, count in zip(indexes, rows):
        lines.append(BLANK)
        lines += [PaneLine(index, row) for row in range(count)]
    return lines


@pytest.mark.parametrize("seed", range(20))
def test_every_line_and_every_passage_span_match_the_list(seed):
    chance = random.Random(seed)
    header = [PaneLine(None, 0, Text(f"header {n}")) for n in range(chance.randint(0, 3))]
    indexes = sorted(chance.sample(range(100), chance.randint(0, 30)))
    rows = [chance.randint(1, 6) for _ in indexes]
    expected = one_object_per_line(header, indexes, rows)
    lines = PaneLines(header, indexes, rows)
    assert len(lines) == len(expected)
    assert list(lines) == expected
    if expected:
        assert lines[-1] == expected[-1]
    assert lines[1:5] == expected[1:5]
    spans = lines.passage_lines()
    for index in indexes:
        numbers = [n for n, line in enumerate(expected) if line.passage == index]
        assert spans[index] == (numbers[0], numbers[-1])
    with pytest.raises(IndexError):
        lines[len(expected)]
