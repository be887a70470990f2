"""The one registry of difference classes (framing, figure, information, wording, style): label, styles, marker.

Used by the compare view, the notes panel and the CLI alike, like
`entity_types`. The classes are defined for readers in docs/differences.md.
Each class is told apart by its text attributes alone (framing reversed and
bold, figure bold and underlined, information reversed, wording underlined,
style italic and dim), so the marks survive NO_COLOR; the colours are the 16
ANSI ones only, so they survive TERM=xterm. No Textual import here.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAMING, FIGURE, INFORMATION, WORDING, STYLE = "framing", "figure", "information", "wording", "style"


@dataclass(frozen=True)
class DiffClass:
    name: str         # machine name, as in `analysis.differences` and the CLI's JSON
    label: str        # human label for legends and lists
    style: str        # Rich style, 16-colour safe
    mono_style: str   # the colour-free part of the style (what NO_COLOR keeps)
    symbol: str       # one-character marker for places where styles are lost
    description: str  # one line for help and legends


#: In order of weight: framing first, style last.
DIFF_CLASSES: dict[str, DiffClass] = {
    c.name: c
    for c in (
        DiffClass(FRAMING, "framing", "bold reverse bright_red", "bold reverse", "!",
                  "a change of stance, responsibility, legality or emotion: words for people, loaded words"),
        DiffClass(FIGURE, "figure", "bold underline bright_magenta", "bold underline", "#",
                  "a number changed value: 14 / 16, 300 / 3,000"),
        DiffClass(INFORMATION, "information", "reverse bright_cyan", "reverse", "+",
                  "a clause or sentence added or dropped"),
        DiffClass(WORDING, "wording", "underline bright_yellow", "underline", "~",
                  "another word with the same meaning and stance, connectives, tense"),
        DiffClass(STYLE, "style", "italic dim bright_blue", "italic dim", "·",
                  "spelling, punctuation, abbreviations, contractions, numerals/words, datelines and credits"),
    )
}

#: The insertion-point marker: the other side has words here that this side lacks.
INSERTION_MARK = "^"  # plain ASCII: "‸" is missing from common terminal fonts


def diff_class(name: str) -> DiffClass:
    """Look up a class by name; raises KeyError with the known names."""
    try:
        return DIFF_CLASSES[name]
    except KeyError:
        raise KeyError(f"unknown difference class {name!r}; known: {', '.join(DIFF_CLASSES)}") from None
