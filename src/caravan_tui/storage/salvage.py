"""Reading rows out of a damaged SQLite file, without SQLite: a raw scanner of table b-tree leaf pages.

When SQLite itself cannot read a notes file (page 1 overwritten, the file cut
short), the rows are usually still there, page by page. This module does what
`sqlite3 .recover` does for one known table, in pure Python:

- guess the page size (from the header when it is intact, else by which size
  makes the most pages look like b-tree pages);
- visit every page of the file and of its `-wal` (later WAL frames win), keep
  the table b-tree leaf pages (flag 0x0D), and parse each cell: payload length,
  rowid, the record (header of serial types, then values), following overflow
  pages when they are readable;
- hand back each record whose values fit the caller's `fits` test (the schema
  of the table wanted), keyed by rowid.

Everything read is untrusted: every length and offset is bounds-checked, a bad
cell is skipped, and the scanner never raises for bad bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path

Value = int | float | str | bytes | None
Record = tuple[Value, ...]

HEADER_MAGIC = b"SQLite format 3\x00"
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
_TABLE_LEAF = 0x0D
_BTREE_FLAGS = (0x02, 0x05, 0x0A, 0x0D)
_WAL_HEADER = 32
_WAL_FRAME_HEADER = 24
_MAX_OVERFLOW_PAGES = 100_000


def scan_table_rows(path: Path, fits: Callable[[Record], bool]) -> dict[int, Record]:
    """Every record on a readable table leaf page of the file (and its -wal) that `fits`, by rowid."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    page_size = _page_size(data)
    pages = _Pages(data, page_size)
    rows: dict[int, Record] = {}
    for number in range(1, len(data) // page_size + 1):
        rows.update(_leaf_rows(pages, number, pages.page(number), fits))
    wal = Path(f"{path}-wal")
    if wal.is_file():
        rows.update(_wal_rows(wal, pages, fits))
    return rows


class _Pages:
    """The pages of a database file, numbered from 1 (page 1 holds the 100-byte header first)."""

    def __init__(self, data: bytes, page_size: int) -> None:
        self.data = data
        self.size = page_size
        self.usable = page_size - _reserved_bytes(data)
        self.overrides: dict[int, bytes] = {}  # newer copies of pages, from the WAL

    def page(self, number: int) -> bytes:
        if number in self.overrides:
            return self.overrides[number]
        start = (number - 1) * self.size
        return self.data[start:start + self.size] if number >= 1 else b""


def _page_size(data: bytes) -> int:
    """The header's page size when the header is intact, else the likeliest size."""
    if data.startswith(HEADER_MAGIC) and len(data) >= 100:
        (raw,) = struct.unpack(">H", data[16:18])
        size = 65536 if raw == 1 else raw
        if size in PAGE_SIZES:
            return size
    shares = {size: _btree_page_share(data, size) for size in sorted(PAGE_SIZES)}
    best = max(shares.values())
    # a multiple of the true size also starts on b-tree pages: take the smallest size that does as well
    return next(size for size, share in shares.items() if share >= 0.9 * best) if best > 0 else PAGE_SIZES[0]


def _btree_page_share(data: bytes, size: int) -> float:
    """The share of the pages at this size (page 1 aside) that look like b-tree pages."""
    count = len(data) // size
    if count < 2:
        return 0.0
    looks = sum(1 for n in range(1, count) if _looks_like_btree(data[n * size:(n + 1) * size]))
    return looks / (count - 1)


def _looks_like_btree(page: bytes) -> bool:
    """A b-tree page header whose cell pointers all point into the cell content area of the page."""
    if len(page) < 8 or page[0] not in _BTREE_FLAGS:
        return False
    cells, content_start = struct.unpack(">HH", page[3:7])
    header = 8 if page[0] in (0x0A, 0x0D) else 12
    content_start = content_start or 65536
    if not 0 < cells or not header + 2 * cells <= content_start <= len(page):
        return False
    pointers = struct.unpack(f">{cells}H", page[header:header + 2 * cells])
    return all(content_start <= pointer < len(page) for pointer in pointers)


def _reserved_bytes(data: bytes) -> int:
    if data.startswith(HEADER_MAGIC) and len(data) > 20 and data[20] < 64:
        return data[20]
    return 0


def _wal_rows(wal: Path, pages: _Pages, fits: Callable[[Record], bool]) -> dict[int, Record]:
    """Rows on the leaf pages written to the WAL, frame by frame (a later frame replaces an earlier one)."""
    try:
        data = wal.read_bytes()
    except OSError:
        return {}
    if len(data) < _WAL_HEADER:
        return {}
    (page_size,) = struct.unpack(">I", data[8:12])
    if page_size != pages.size:
        return {}
    rows: dict[int, Record] = {}
    frame = _WAL_HEADER
    while frame + _WAL_FRAME_HEADER + page_size <= len(data):
        (number,) = struct.unpack(">I", data[frame:frame + 4])
        page = data[frame + _WAL_FRAME_HEADER:frame + _WAL_FRAME_HEADER + page_size]
        pages.overrides[number] = page
        rows.update(_leaf_rows(pages, number, page, fits))
        frame += _WAL_FRAME_HEADER + page_size
    return rows


def _leaf_rows(pages: _Pages, number: int, page: bytes, fits: Callable[[Record], bool]) -> Iterator[tuple[int, Record]]:
    """(rowid, record) of each readable cell of a table leaf page that `fits`."""
    base = 100 if number == 1 else 0
    if len(page) < base + 8 or page[base] != _TABLE_LEAF:
        return
    (cells,) = struct.unpack(">H", page[base + 3:base + 5])
    for index in range(cells):
        pointer_at = base + 8 + 2 * index
        if pointer_at + 2 > len(page):
            return
        (offset,) = struct.unpack(">H", page[pointer_at:pointer_at + 2])
        found = _cell(pages, page, offset)
        if found is not None and fits(found[1]):
            yield found


def _cell(pages: _Pages, page: bytes, offset: int) -> tuple[int, Record] | None:
    """A table leaf cell: payload size, rowid, payload (with overflow), parsed as a record; None if unreadable."""
    try:
        payload_size, at = _varint(page, offset)
        rowid, at = _varint(page, at)
        payload = _payload(pages, page, at, payload_size)
        if payload is None:
            return None
        return _signed64(rowid), _record(payload)
    except (IndexError, ValueError, struct.error):
        return None


def _payload(pages: _Pages, page: bytes, at: int, size: int) -> bytes | None:
    usable = pages.usable
    most_local = usable - 35
    if size <= most_local:
        return page[at:at + size] if at + size <= len(page) else None
    least_local = (usable - 12) * 32 // 255 - 23
    local = least_local + (size - least_local) % (usable - 4)
    if local > most_local:
        local = least_local
    if at + local + 4 > len(page):
        return None
    parts = [page[at:at + local]]
    (next_page,) = struct.unpack(">I", page[at + local:at + local + 4])
    remaining, hops = size - local, 0
    while remaining > 0:
        overflow = pages.page(next_page)
        hops += 1
        if len(overflow) < pages.size or hops > _MAX_OVERFLOW_PAGES:
            return None
        chunk = overflow[4:4 + min(remaining, usable - 4)]
        parts.append(chunk)
        remaining -= len(chunk)
        (next_page,) = struct.unpack(">I", overflow[:4])
    return b"".join(parts)


def _record(payload: bytes) -> Record:
    """The values of a record (SQLite's record format); text is decoded as UTF-8 with replacement."""
    header_size, at = _varint(payload, 0)
    if header_size > len(payload):
        raise ValueError("record header past the payload")
    types: list[int] = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    values: list[Value] = []
    body = header_size
    for serial in types:
        value, body = _value(payload, body, serial)
        values.append(value)
    if body > len(payload):
        raise ValueError("record body past the payload")
    return tuple(values)


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _value(payload: bytes, at: int, serial: int) -> tuple[Value, int]:
    if serial == 0:
        return None, at
    if serial in _INT_SIZES:
        size = _INT_SIZES[serial]
        if at + size > len(payload):
            raise ValueError("integer past the payload")
        return int.from_bytes(payload[at:at + size], "big", signed=True), at + size
    if serial == 7:
        (number,) = struct.unpack(">d", payload[at:at + 8])
        return number, at + 8
    if serial in (8, 9):
        return serial - 8, at
    if serial >= 12:
        size = (serial - 12) // 2
        if at + size > len(payload):
            raise ValueError("text or blob past the payload")
        raw = payload[at:at + size]
        return (raw.decode("utf-8", "replace") if serial % 2 else raw), at + size
    raise ValueError(f"reserved serial type {serial}")


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian varint (1-9 bytes) at `at`: (value, offset after it)."""
    value = 0
    for index in range(8):
        byte = data[at + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + index + 1
    return (value << 8) | data[at + 8], at + 9


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value
