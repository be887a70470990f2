"""The reading pane's laid-out lines, kept as one number per passage instead of one object per line.

An article is laid out as its header lines (headline, outlet and date), then,
for each passage, a blank line and the passage's rows. A 20,000-word article
has about 2,600 such lines; building an object for each, and a second pass to
find where each passage starts, was most of a first visit's layout. `PaneLines`
keeps where each passage's rows start and makes a line (`PaneLine`) only when
one is asked for (the pane draws a screenful): line number to passage is a
binary search.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple, overload

from rich.text import Text


class PaneLine(NamedTuple):
    """One laid-out line: a row of a passage, or (passage None) a line of its own text."""

    passage: int | None
    row: int = 0
    text: Text | None = None


BLANK = PaneLine(None, 0, Text())


class PaneLines(Sequence[PaneLine]):
    """`header` lines, then for each passage of `indexes` a blank line and `rows[i]` rows."""

    def __init__(self, header: list[PaneLine], indexes: Sequence[int] = (), rows: Sequence[int] = ()) -> None:
        self._header = header
        self._indexes = list(indexes)
        self._rows = list(rows)
        self._starts: list[int] = []  # the line of each passage's first row
        line = len(header)
        for count in self._rows:
            self._starts.append(line + 1)  # after its blank line
            line += 1 + count
        self._length = line

    def passage_lines(self) -> dict[int, tuple[int, int]]:
        """Passage index -> (first line, last line) of its rows."""
        return {index: (start, start + count - 1)
                for index, start, count in zip(self._indexes, self._starts, self._rows, strict=True)}

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, number: int) -> PaneLine: ...

    @overload
    def __getitem__(self, number: slice) -> Sequence[PaneLine]: ...

    def __getitem__(self, number: int | slice) -> PaneLine | Sequence[PaneLine]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(self._length))]
        if number < 0:
            number += self._length
        if not 0 <= number < self._length:
            raise IndexError(number)
        if number < len(self._header):
            return self._header[number]
        position = bisect_right(self._starts, number) - 1
        if position < 0:
            return BLANK  # the blank line before the first passage
        row = number - self._starts[position]
        return PaneLine(self._indexes[position], row) if row < self._rows[position] else BLANK
