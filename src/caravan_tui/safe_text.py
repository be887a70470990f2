"""Make untrusted text (article text, outlets, paths, problems) safe to show.

Used by the reader (`caravan_tui.ui`) and by every command's output alike, so
no layer needs Textual to print text safely.

`safe()` replaces every character that could drive the terminal or reorder
what is shown with a visible placeholder, one character for one, so that
character offsets computed on the original text (entity spans) still line up:

- C0 controls U+0000-U+001F -> the matching control picture U+2400-U+241F
  (ESC becomes "␛"); a tab becomes a space; a newline is kept only when
  `keep_newlines` is true;
- DEL -> "␡" (U+2421);
- C1 controls U+0080-U+009F, bidi embeddings/overrides/isolates and marks,
  zero-width spaces, non-joiners and joiners that hide text, invisible
  operators, line/paragraph separators and lone surrogates -> "�" (U+FFFD).

`json_dumps()` is the JSON counterpart: the same characters are escaped
(``\\u001b``, ``\\u202e``) instead of written raw, so `--json` output piped to a
terminal cannot drive it either, and the text is still recovered exactly by a
JSON reader.

Markup is never interpreted here: callers put the result in rich.text.Text.
"""

from __future__ import annotations

import json
import re
from typing import Any

REPLACEMENT = "\ufffd"

_BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_INVISIBLE = [0x200B, 0x200C, 0x200D, *range(0x2060, 0x2065), 0xFEFF, 0x2028, 0x2029]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[ord("\t")] = " "
    table[0x7F] = "\u2421"
    for code in (*range(0x80, 0xA0), *_BIDI_CONTROLS, *_INVISIBLE, *range(0xD800, 0xE000)):
        table[code] = REPLACEMENT
    return table


_TABLE = _build_table()
_TABLE_KEEPING_NEWLINES = {**_TABLE, ord("\n"): "\n"}


def _character_class(codes: list[int]) -> str:
    """A regular-expression class of these code points (surrogates as one range: `re` takes no lone one)."""
    listed = "".join(f"\\u{code:04x}" for code in sorted(codes) if not 0xD800 <= code <= 0xDFFF)
    return f"[{listed}\\ud800-\\udfff]"


def _changed_by(table: dict[int, str]) -> re.Pattern[str]:
    """A pattern finding any character `table` changes."""
    return re.compile(_character_class([code for code, shown in table.items() if shown != chr(code)]))


_UNSAFE = _changed_by(_TABLE)
_UNSAFE_KEEPING_NEWLINES = _changed_by(_TABLE_KEEPING_NEWLINES)


def safe(text: str, keep_newlines: bool = False) -> str:
    """Return `text` with every unsafe character replaced, same length.

    Most text has nothing to replace: printable ASCII is returned at once, and
    other text is searched for an unsafe character before it is translated
    (a search is two to three times faster than a translation).
    """
    if text.isascii() and text.isprintable():  # no C0 control, no DEL, no newline or tab
        return text
    if (_UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE).search(text) is None:
        return text
    return text.translate(_TABLE_KEEPING_NEWLINES if keep_newlines else _TABLE)


def _escape_class() -> str:
    return _character_class([code for code, shown in _TABLE.items() if shown == REPLACEMENT or code == 0x7F])


_JSON_UNSAFE = re.compile(_escape_class())
#: `json.dumps` makes an encoder per call when given any option: one kept for the usual call (thousands of
#: JSON Lines rows per command).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_dumps(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)` with every unsafe character escaped as \\uXXXX."""
    text = json.dumps(value, ensure_ascii=False, **options) if options else _ENCODER.encode(value)
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
