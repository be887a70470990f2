"""A fast greedy word wrap with exact character offsets, for the reading pane.

`wrap_offsets(plain, width)` returns where lines start, as character offsets
into the plain text, like the offsets `rich.text.Text.divide` takes:

- a newline always ends a line (the next line starts just after it);
- a line breaks before the first word that does not fit; the spaces after a
  word stay on its line (they may overflow the width, and are trimmed from
  the shown line by `divide`);
- a word longer than the width is folded into width-sized pieces (the spaces
  after it stay on the line of its last piece: unlike Rich, no line starts
  with them);
- no-break spaces (U+00A0, U+2007, U+202F) join words: no break there.

For ordinary prose this gives the same lines as Rich's `Text.wrap(...,
overflow="fold")`, much faster: ASCII lines are broken by jumping a line's
width at a time and looking back for a space (`str.rfind`), and cell widths
(`rich.cells.cell_len`) are measured only for non-ASCII text.

`divide(text, offsets, width)` cuts a styled `Text` at those offsets, without
the newlines and without trailing spaces beyond the width; `wrap_text` does
both steps.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.text import Text

NO_BREAK_SPACES = "\u00a0\u2007\u202f"

_BREAK_SPACE = rf"[^\S{NO_BREAK_SPACES}]"
_NOT_BREAK_SPACE = rf"(?:\S|[{NO_BREAK_SPACES}])"
#: A word: leading spaces (only at the start of a line of the text), its characters, its trailing spaces.
_WORD = re.compile(rf"({_BREAK_SPACE}*{_NOT_BREAK_SPACE}+)({_BREAK_SPACE}*)")
#: Whitespace the ASCII fast path does not handle (anything but a space or a newline).
_OTHER_SPACE = re.compile(r"[^\S \n]")
_TRAILING_BREAK_SPACES = re.compile(rf"{_BREAK_SPACE}+$")


def wrap_offsets(plain: str, width: int) -> list[int]:
    """The offsets at which lines of `plain` start (0 excluded), wrapping to `width` cells."""
    width = max(1, width)
    fast = plain.isascii() and _OTHER_SPACE.search(plain) is None
    break_line = _break_ascii_line if fast else _break_line
    breaks: list[int] = []
    start = 0
    while True:
        end = plain.find("\n", start)
        break_line(plain, start, len(plain) if end < 0 else end, width, breaks)
        if end < 0:
            return breaks
        start = end + 1
        breaks.append(start)


def _break_ascii_line(plain: str, start: int, end: int, width: int, breaks: list[int]) -> None:
    """Greedy breaks of plain[start:end] (ASCII, spaces only), a line's width at a time."""
    position = start
    while end - position > width:
        limit = position + width  # the first character that does not fit
        if plain[limit] == " ":  # every word before it fits: break after the spaces
            position = _skip_spaces(plain, limit, end)
            if position == end:
                return  # only spaces are left: they stay on this line
        else:  # break before the word that does not fit, or fold it if it fills the line
            first_word = _skip_spaces(plain, start, end) if position == start else position
            space = plain.rfind(" ", first_word, limit)
            position = space + 1 if space >= 0 else limit
        breaks.append(position)


def _skip_spaces(plain: str, position: int, end: int) -> int:
    while position < end and plain[position] == " ":
        position += 1
    return position


def _break_line(plain: str, start: int, end: int, width: int, breaks: list[int]) -> None:
    """Greedy breaks of plain[start:end] word by word, measuring cells (any text)."""
    column = 0
    for word in _WORD.finditer(plain, start, end):
        word_start = word.start()
        cells = _cells(word.group(1))
        if column + cells <= width:
            column += cells + _cells(word.group(2))
        elif cells <= width:
            breaks.append(word_start)
            column = cells + _cells(word.group(2))
        else:
            column = _fold(word.group(1), word_start, width, breaks, column > 0) + _cells(word.group(2))


def _fold(word: str, offset: int, width: int, breaks: list[int], break_before: bool) -> int:
    """Break a word longer than the width into pieces; return the cells of its last piece.

    The spaces after the word stay on the line of its last piece (Rich folds them
    too, and may start the next line with them).
    """
    pieces = chop_cells(word, width)
    if break_before:
        breaks.append(offset)
    for piece in pieces[:-1]:
        offset += len(piece)
        breaks.append(offset)
    return _cells(pieces[-1])


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def divide(text: Text, offsets: list[int], width: int) -> list[Text]:
    """Cut `text` into lines at `offsets`: newlines dropped, spaces beyond `width` trimmed."""
    lines = list(text.divide(offsets))
    for line in lines:
        plain = line.plain
        if plain.endswith("\n"):
            line.right_crop(1)
            plain = plain[:-1]
        if len(plain) > width or (not plain.isascii() and cell_len(plain) > width):
            _trim_end(line, plain, width)
    return lines


def _trim_end(line: Text, plain: str, width: int) -> None:
    """Drop trailing spaces while the line is wider than `width`."""
    spaces = _TRAILING_BREAK_SPACES.search(plain)
    count = 0
    while spaces is not None and count < len(spaces.group()) and _cells(plain[:len(plain) - count]) > width:
        count += 1
    if count:
        line.right_crop(count)


def wrap_text(text: Text, width: int) -> list[Text]:
    """Word-wrap a styled `Text` to `width` cells (at least one line)."""
    return divide(text, wrap_offsets(text.plain, width), width)
