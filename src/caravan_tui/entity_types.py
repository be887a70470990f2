"""The one registry of entity types: name, label, key and styles.

Used by the reading pane, the legend, the notes panel and the CLI alike.
Every style is distinguishable without colour (underline, bold, italic,
reverse) and uses only the 16 ANSI colours, so it survives TERM=xterm and
NO_COLOR. Each type has a style for dark terminal themes (`style`, bright
colours) and one for light themes (`light_style`, the normal colours, which
stay readable on white); figures are drawn black on bright yellow in both
(reverse of "bright_yellow on black"), never "reverse" of the terminal's own
colours, which would give white on yellow on a light theme.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    name: str        # machine name used in JSON output
    label: str       # human label for the legend and help
    style: str       # Rich style on a dark theme, 16-colour safe
    mono_style: str  # the colour-free part of the style (what NO_COLOR keeps)
    symbol: str      # one-character marker for places where styles are lost
    light_style: str = ""  # Rich style on a light theme ("" = the same as `style`)

    def style_on(self, dark: bool) -> str:
        """The type's style on a dark (True) or light (False) theme."""
        return self.style if dark or not self.light_style else self.light_style


ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        EntityType("person", "Person", "bold underline bright_cyan", "bold underline", "P",
                   light_style="bold underline blue"),
        EntityType("place", "Place", "italic underline bright_green", "italic underline", "L",
                   light_style="italic underline green"),
        EntityType("organization", "Organisation", "bold bright_magenta", "bold", "O",
                   light_style="bold magenta"),
        EntityType("figure", "Figure", "reverse bright_yellow on black", "reverse", "#"),
        EntityType("date", "Date", "italic bright_blue", "italic", "D", light_style="italic blue"),
    )
}


#: Other spellings of type names accepted wherever a person types one (the command line).
TYPE_ALIASES = {"organisation": "organization", "org": "organization", "people": "person", "persons": "person",
                "places": "place", "location": "place", "figures": "figure", "number": "figure", "dates": "date"}


def entity_type(name: str) -> EntityType:
    """Look up a type by name; raises KeyError with the known names."""
    try:
        return ENTITY_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown entity type {name!r}; known: {', '.join(ENTITY_TYPES)}") from None
