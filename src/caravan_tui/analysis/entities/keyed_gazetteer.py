"""The gazetteers already keyed for matching, built once and shipped beside their sources.

`lexicons()` needs every shipped name in folded form (`lexicons.key`): some
200,000 names from data/gazetteers/gazetteers.json.gz and places.txt.gz.
Folding them at every start took about 0.12 s of each command. The result
depends only on those files and the code, so scripts/build_keyed_gazetteer.py
writes it to data/gazetteers/keyed.txt and `read_shipped` reads it back in
about half the time (bench/entities_speed.py prints the load).

The file is plain UTF-8 text. Its first line names the format and the SHA-256 of the
two source files it was built from. Then come sections, each opened by a line
that starts with RECORD_SEPARATOR and names it: "places KIND" sections of
"key<TAB>display name" lines, in the table's order, then one key a line for
"given_names", "surnames", "common_words" and "towns" (towns sorted).

A file that is missing, unreadable, of another format or built from other
sources is not used: the caller folds the sources as before. A test checks
that the shipped file is what the sources give with the current code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

FORMAT = "caravan-tui keyed gazetteers 1"
#: The files the keyed file is built from, under caravan_tui/data.
SOURCES = ("gazetteers/gazetteers.json.gz", "gazetteers/places.txt.gz")
KEYED = "gazetteers/keyed.txt"
RECORD_SEPARATOR = "\x1e"
WORD_LISTS = ("given_names", "surnames", "common_words", "towns")


@dataclass(frozen=True)
class KeyedTables:
    """The folded gazetteers: place key -> display name and kind, and the word lists (keys)."""

    places: dict[str, str]
    kinds: dict[str, str]
    given_names: list[str]
    surnames: list[str]
    common_words: list[str]
    towns: list[str]  # sorted


def sources_digest() -> str:
    """SHA-256 of the shipped source files, in SOURCES order ("" when one cannot be read)."""
    digest = hashlib.sha256()
    data = resources.files("caravan_tui.data")
    try:
        for name in SOURCES:
            digest.update(data.joinpath(name).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def render(tables: KeyedTables, digest: str) -> str:
    """The keyed file's text for `tables`, built from sources with `digest`."""
    if tables.towns != sorted(tables.towns):
        raise ValueError("the towns must be sorted: they are searched by bisection")
    lines = [f"{FORMAT} {digest}"]
    kind = None
    for place_key, display in tables.places.items():
        if tables.kinds[place_key] != kind:
            kind = tables.kinds[place_key]
            lines.append(f"{RECORD_SEPARATOR}places {kind}")
        lines.append(f"{place_key}\t{display}")
    for name in WORD_LISTS:
        lines.append(f"{RECORD_SEPARATOR}{name}")
        lines.extend(getattr(tables, name))
    text = "\n".join(lines) + "\n"
    if parse(text.encode("utf-8"), digest) != tables:
        raise ValueError("a name holds a tab, a line break or a record separator: it cannot be written")
    return text


def parse(data: bytes, digest: str) -> KeyedTables | None:
    """The tables of a keyed file, or None when it is not of this format, not from sources `digest` or not UTF-8.

    Each section is decoded apart: a section of ASCII keys then makes one-byte strings, which split faster."""
    header, _, body = data.partition(b"\n")
    separator = RECORD_SEPARATOR.encode()
    if header != f"{FORMAT} {digest}".encode() or not digest or not body.startswith(separator) \
            or not body.endswith(b"\n"):
        return None
    places: dict[str, str] = {}
    kinds: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    rows_read = 0
    try:
        for section in body[1:-1].split(b"\n" + separator):
            title, _, encoded = section.partition(b"\n")
            name, rows = title.decode("utf-8"), encoded.decode("utf-8")
            if name.startswith("places "):
                table = _pairs(rows)
                if table is None:
                    return None
                rows_read += len(table)
                places.update(table)
                kinds.update(dict.fromkeys(table, name[len("places "):]))
            elif name in WORD_LISTS and name not in lists:
                lists[name] = rows.split("\n") if rows else []
            else:
                return None
    except UnicodeDecodeError:
        return None
    if set(lists) != set(WORD_LISTS) or not places or rows_read != len(places):
        return None
    return KeyedTables(places, kinds, **lists)


def _pairs(rows: str) -> dict[str, str] | None:
    """"key<TAB>display" lines as a dict; None unless every line has exactly one tab and no key comes twice."""
    fields = rows.replace("\t", "\n").split("\n")
    table = dict(zip(fields[0::2], fields[1::2]))
    if len(fields) != 2 * (rows.count("\n") + 1) or len(table) * 2 != len(fields):
        return None
    return table


def read_shipped() -> KeyedTables | None:
    """The shipped keyed tables, or None when there are none fit to use (see the module docstring)."""
    try:
        data = resources.files("caravan_tui.data").joinpath(KEYED).read_bytes()
    except OSError:
        return None
    return parse(data, sources_digest())
