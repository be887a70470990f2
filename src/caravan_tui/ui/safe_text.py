"""Make untrusted text (article text, outlets, paths, problems) safe to show.

`safe()` replaces every character that could drive the terminal or reorder
what is shown with a visible placeholder, one character for one, so that
character offsets computed on the original text (entity spans) still line up:

- C0 controls U+0000-U+001F -> the matching control picture U+2400-U+241F
  (ESC becomes "␛"); a tab becomes a space; a newline is kept only when
  `keep_newlines` is true;
- DEL -> "␡" (U+2421);
- C1 controls U+0080-U+009F, bidi embeddings/overrides/isolates and marks,
  zero-width spaces and joiners that hide text, line/paragraph separators and
  lone surrogates -> "�" (U+FFFD).

Markup is never interpreted here: callers put the result in rich.text.Text.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"

_BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_INVISIBLE = [0x200B, 0x2060, 0xFEFF, 0x2028, 0x2029]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[ord("\t")] = " "
    table[0x7F] = "\u2421"
    for code in (*range(0x80, 0xA0), *_BIDI_CONTROLS, *_INVISIBLE, *range(0xD800, 0xE000)):
        table[code] = REPLACEMENT
    return table


_TABLE = _build_table()
_TABLE_KEEPING_NEWLINES = {**_TABLE, ord("\n"): "\n"}


def safe(text: str, keep_newlines: bool = False) -> str:
    """Return `text` with every unsafe character replaced, same length."""
    return text.translate(_TABLE_KEEPING_NEWLINES if keep_newlines else _TABLE)
