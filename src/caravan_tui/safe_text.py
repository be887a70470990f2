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


def safe(text: str, keep_newlines: bool = False) -> str:
    """Return `text` with every unsafe character replaced, same length."""
    return text.translate(_TABLE_KEEPING_NEWLINES if keep_newlines else _TABLE)


def _escape_class() -> str:
    codes = sorted(code for code, shown in _TABLE.items() if shown == REPLACEMENT or code == 0x7F)
    return "[" + "".join(f"\\u{code:04x}" for code in codes if code < 0xD800 or code > 0xDFFF) + "\\ud800-\\udfff]"


_JSON_UNSAFE = re.compile(_escape_class())


def json_dumps(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)` with every unsafe character escaped as \\uXXXX."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
