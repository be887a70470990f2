#!/usr/bin/env python3
"""Entity recognition time against the length of ONE paragraph: it must grow linearly.

    .venv/bin/python bench/entities_paragraph_length.py [--sizes 10000,100000,400000,1000000,5000000]

Each paragraph is a single passage (no paragraph breaks) of the given number of
characters, made in three ways:

- prose:   the test samples' passages joined into one line, repeated (realistic density of names and figures);
- numbers: a run of figures and dates ("12 and 3,000 dollars on May 4 ...") plus a long ",000,000..." number;
- names:   a run of capitalised words with titles and "of" ("Minister of Interior Jane Doe Smith ...").

It prints, for each, the size, the seconds of the rules engine's `recognise`
plus cross-article linking, and seconds per MB; linear growth shows as a
roughly constant last column. (Before the fix a 400 KB paragraph took 74 s.)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
DEFAULT_SIZES = "10000,100000,400000,1000000,5000000"


def prose_unit() -> str:
    from caravan_tui.corpus.loader import load_corpus

    return " ".join(p.text for a in load_corpus([SEEDS]).articles for p in a.passages) + " "


def units() -> dict[str, str]:
    return {
        "prose": prose_unit(),
        "numbers": "12 and 3,000 dollars on May 4, some 40 percent, 1" + ",000" * 2000 + " ",
        "names": "Minister of Interior Jane Doe Smith Lake Road Updated House Mexico's U.S. ",
    }


def paragraph(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def measure(text: str) -> tuple[float, int]:
    from caravan_tui.analysis.entities import entities_in_text

    started = time.perf_counter()
    mentions = entities_in_text(text)
    return time.perf_counter() - started, len(mentions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated paragraph sizes in characters")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    measure("warm up the gazetteers: Jane Doe in Mexico City, 12 people.")
    print(f"{'text':8} {'size':>10} {'mentions':>9} {'seconds':>9} {'s per MB':>9}")
    for name, unit in units().items():
        for size in sizes:
            seconds, mentions = measure(paragraph(unit, size))
            print(f"{name:8} {size:>10,} {mentions:>9,} {seconds:>9.2f} {seconds / size * 1e6:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
