#!/usr/bin/env python3
"""Write src/caravan_tui/data/gazetteers/keyed.txt: the shipped gazetteers already keyed for matching.

Rerun after changing gazetteers.json.gz (scripts/build_gazetteers.py), places.txt.gz
(scripts/build_places.py), or how names are keyed (`lexicons.key`, the regions):
    .venv/bin/python scripts/build_keyed_gazetteer.py
tests/test_keyed_gazetteer.py fails while the shipped file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from caravan_tui.analysis.entities.keyed_gazetteer import KEYED, render, sources_digest
from caravan_tui.analysis.entities.lexicons import folded_tables

OUT = Path(__file__).resolve().parent.parent / "src" / "caravan_tui" / "data" / KEYED


def main() -> int:
    tables = folded_tables()
    OUT.write_text(render(tables, sources_digest()), encoding="utf-8", newline="\n")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {len(tables.places)} place keys, {len(tables.towns)} towns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
