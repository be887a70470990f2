"""The one registry of entity types: name, label, key and styles.

Used by the reading pane, the legend, the notes panel and the CLI alike.
Every style is distinguishable without colour (underline, bold, italic,
reverse) and uses only the 16 ANSI colours, so it survives TERM=xterm and
NO_COLOR.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    name: str        # machine name used in JSON output
    label: str       # human label for the legend and help
    style: str       # Rich style, 16-colour safe
    mono_style: str  # the colour-free part of the style (what NO_COLOR keeps)
    symbol: str      # one-character marker for places where styles are lost


ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        EntityType("person", "Person", "bold underline bright_cyan", "bold underline", "P"),
        EntityType("place", "Place", "italic underline bright_green", "italic underline", "L"),
        EntityType("organization", "Organisation", "bold bright_magenta", "bold", "O"),
        EntityType("figure", "Figure", "reverse bright_yellow", "reverse", "#"),
        EntityType("date", "Date", "italic bright_blue", "italic", "D"),
    )
}


def entity_type(name: str) -> EntityType:
    """Look up a type by name; raises KeyError with the known names."""
    try:
        return ENTITY_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown entity type {name!r}; known: {', '.join(ENTITY_TYPES)}") from None
