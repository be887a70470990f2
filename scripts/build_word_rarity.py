"""Build the background word-rarity table the story grouping uses (src/caravan_tui/data/word_rarity/).

Run at build time only, in a virtual environment where the `wordfreq` package is
installed (it is not a dependency of caravan-tui):

    .venv/bin/pip install wordfreq && .venv/bin/python scripts/build_word_rarity.py

Writes `en.tsv.gz`: the most frequent English words (wordfreq's `top_n_list`),
one `word<TAB>zipf` a line, the Zipf frequency rounded to one decimal. Words
not in the table are rarer than its last entry. The data is derived from
wordfreq (Robyn Speer), CC BY-SA 4.0; see ATTRIBUTION.md beside the table.
"""

from __future__ import annotations

import gzip
from pathlib import Path

WORDS = 60_000
TARGET = Path(__file__).resolve().parent.parent / "src" / "caravan_tui" / "data" / "word_rarity" / "en.tsv.gz"


def main() -> None:
    import wordfreq

    lines = []
    for word in wordfreq.top_n_list("en", WORDS):
        if "\t" in word or "\n" in word:
            continue
        lines.append(f"{word}\t{wordfreq.zipf_frequency(word, 'en'):.1f}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(TARGET, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} words -> {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
