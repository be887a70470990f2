"""What a format parser hands to the loader, and the cache that keeps it between runs.

The parsers (`text_loader`, `markdown_loader`) know one file format each and
nothing about files on disk; `loader` turns a `ParsedArticle` into an `Article`.

`ParseCache` keeps each parse outcome (a `ParsedArticle`, or the reason the
front matter was rejected) in the SQLite analysis cache
(`caravan_tui.storage.cache`), keyed by the file's format and the content
hash of its raw bytes, so a warm start reads and hashes the files but never
imports or runs markdown-it or YAML. Three guards keep a cached entry from
losing or altering an article:

- the key is the content hash: a changed file simply misses;
- the kind holds a fingerprint of the parser sources and of the parsing
  libraries' versions: a changed parser misses too;
- each value carries a checksum of itself and is checked for shape: a
  corrupt entry is a miss, and the file is parsed again.

Two more kinds make a warm start of a large folder cheap (`loader.load_corpus(...,
lazy=True)`):

- a file's **signature** (size, modification time, inode, device) with the
  content hash its bytes had: while the signature is unchanged the file is not
  read or hashed again. As git does, a signature recorded less than
  `RACY_SECONDS` after the file's modification time is not trusted (a write in
  the same clock tick would keep it);
- a parse's **summary** (headline, fields, number of passages and of words):
  what the article list needs, without the text, which is read from the full
  parse only when an article's passages are used.

Any failure of the cache itself (unwritable folder, unreadable file, locked
database) means loading without it: the cache can make a start faster, never
break it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from caravan_tui.corpus.model import PASSAGE_KINDS

#: The version of the cached value's layout; bump it when the layout changes.
LAYOUT_VERSION = 2
#: Modules (next to this file) whose code decides what a parse gives.
PARSER_MODULES = ("cleaning", "front_matter", "markdown_loader", "model", "parsed", "text_loader")
#: Libraries whose version decides what a parse gives (their __init__ holds it).
PARSER_LIBRARIES = ("markdown_it", "mdit_py_plugins", "yaml")
_FLUSH_EVERY = 200
#: The cache kind of file signatures (key: the file's real path).
SIGNATURE_KIND = "files/1"
#: A signature recorded within this many seconds of the file's modification time is not trusted.
RACY_SECONDS = 2.0
RACY_NS = int(RACY_SECONDS * 1e9)


class ParseError(ValueError):
    """A file its parser rejects, with the reason (bad front matter, Markdown nested too deep)."""


@dataclass
class ParsedArticle:
    """A parsed document: its headline, metadata fields and (kind, text) blocks in order."""

    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ParseFailure:
    """A file its parser rejected (a `ParseError`), with the reason."""

    reason: str


ParseOutcome = ParsedArticle | ParseFailure


@dataclass(frozen=True)
class ParsedSummary:
    """What a parse says about an article apart from its text: headline, fields and counts."""

    title: str
    fields: dict[str, str]
    passages: int
    words: int

    @classmethod
    def of(cls, parsed: ParsedArticle) -> ParsedSummary:
        return cls(parsed.title, dict(parsed.fields), len(parsed.blocks),
                   sum(len(text.split()) for _, text in parsed.blocks))


def summary_to_json(summary: ParsedSummary) -> dict[str, Any]:
    return {"title": summary.title, "fields": summary.fields, "passages": summary.passages,
            "words": summary.words, "check": _summary_checksum(summary)}


def summary_from_json(value: object) -> ParsedSummary | None:
    """The summary stored by `summary_to_json`, or None when the value is damaged in any way."""
    if not isinstance(value, dict) or set(value) != {"title", "fields", "passages", "words", "check"}:
        return None
    title, fields, passages, words = value["title"], value["fields"], value["passages"], value["words"]
    if not isinstance(title, str) or not _is_str_dict(fields) or not _is_count(passages) or not _is_count(words):
        return None
    summary = ParsedSummary(title, dict(fields), passages, words)
    return summary if value["check"] == _summary_checksum(summary) else None


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0


def _summary_checksum(summary: ParsedSummary) -> str:
    parts = ["summary", summary.title, *(f"{k}\x1e{v}" for k, v in sorted(summary.fields.items())), "\x1d",
             str(summary.passages), str(summary.words)]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def signature_record(stat: os.stat_result, recorded_ns: int, content_hash: str) -> list[Any]:
    """(size, mtime_ns, inode, device, recorded_ns, content_hash): what `remember` stores for a file, and what
    every snapshot entry (`corpus.snapshot`) starts with."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev, recorded_ns, content_hash]


def is_unchanged(record: list[Any], stat: os.stat_result) -> bool:
    """Whether a signature record (at least 6 items, as `signature_record` makes) still describes the file, and
    was taken long enough after its last write to be trusted. The cheap comparisons come first: one call per file."""
    return (record[0] == stat.st_size and record[1] == stat.st_mtime_ns and record[2] == stat.st_ino
            and record[3] == stat.st_dev and type(record[4]) is int and record[4] - stat.st_mtime_ns >= RACY_NS
            and type(record[5]) is str)


def outcome_to_json(outcome: ParseOutcome) -> dict[str, Any]:
    """The JSON form of a parse outcome, with a checksum of its content."""
    if isinstance(outcome, ParseFailure):
        payload: dict[str, Any] = {"error": outcome.reason}
    else:
        payload = {"title": outcome.title, "fields": outcome.fields,
                   "blocks": [list(block) for block in outcome.blocks]}
    return {"parsed": payload, "check": _checksum(outcome)}


def outcome_from_json(value: object) -> ParseOutcome | None:
    """The outcome stored by `outcome_to_json`, or None when the value is damaged in any way."""
    if not isinstance(value, dict) or set(value) != {"parsed", "check"}:
        return None
    payload = value["parsed"]
    if not isinstance(payload, dict):
        return None
    outcome: ParseOutcome | None
    if set(payload) == {"error"}:
        outcome = ParseFailure(payload["error"]) if isinstance(payload["error"], str) else None
    else:
        outcome = _parsed_from_payload(payload)
    return outcome if outcome is not None and value["check"] == _checksum(outcome) else None


def _parsed_from_payload(payload: dict[str, Any]) -> ParsedArticle | None:
    if set(payload) != {"title", "fields", "blocks"}:
        return None
    title, fields, blocks = payload["title"], payload["fields"], payload["blocks"]
    if not isinstance(title, str) or not _is_str_dict(fields) or not isinstance(blocks, list):
        return None
    if not all(_is_block(block) for block in blocks):
        return None
    return ParsedArticle(title=title, fields=dict(fields), blocks=[(kind, text) for kind, text in blocks])


def _is_str_dict(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _is_block(block: object) -> bool:
    return (isinstance(block, list) and len(block) == 2 and block[0] in PASSAGE_KINDS
            and isinstance(block[1], str))


def _checksum(outcome: ParseOutcome) -> str:
    """A hash of every string of a (well-formed) outcome, with separators that text cannot fake."""
    if isinstance(outcome, ParseFailure):
        parts = ["error", outcome.reason]
    else:
        parts = ["parsed", outcome.title, *(f"{k}\x1e{v}" for k, v in sorted(outcome.fields.items())), "\x1d",
                 *(f"{kind}\x1e{text}" for kind, text in outcome.blocks)]
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def parser_fingerprint() -> str | None:
    """A hash of the parser sources and library versions; None when they cannot be read (once per process)."""
    from importlib.util import find_spec

    digest = hashlib.blake2b(digest_size=8)
    try:
        files = [Path(__file__).with_name(f"{name}.py") for name in PARSER_MODULES]
        for library in PARSER_LIBRARIES:
            spec = find_spec(library)
            if spec is None or spec.origin is None:
                return None
            files.append(Path(spec.origin))
        for path in files:
            digest.update(path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.hexdigest()


class ParseCache:
    """Parse outcomes by (format, content hash), stored in the analysis cache."""

    def __init__(self, store: Any, kind: str) -> None:
        self._store = store
        self._kind = kind
        self._summary_kind = kind.replace("parsed/", "summary/", 1)
        self._snapshot_kind = kind.replace("parsed/", "snapshot/", 1)
        self._start_kind = kind.replace("parsed/", "start/", 1)
        self._pending: dict[str, dict[str, Any]] = {}
        self._pending_kinds: dict[str, dict[str, Any]] = {}
        self._prefetched: dict[str, Any] = {}

    @classmethod
    def open(cls) -> ParseCache | None:
        """The cache in the user cache folder, or None when it cannot be used."""
        fingerprint = parser_fingerprint()
        if fingerprint is None or not _writable_cache_dir():
            return None
        try:
            from caravan_tui.storage.cache import AnalysisCache

            store = AnalysisCache()
        except Exception:  # noqa: BLE001 - no cache is always a correct answer
            return None
        return cls(store, f"parsed/{LAYOUT_VERSION}/{fingerprint}")

    def prefetch(self, formats_and_hashes: Iterable[tuple[str, str]]) -> None:
        """Read many entries in one query, so that the `get` calls after it need no database trip."""
        if self._store is None:
            return
        try:
            self._prefetched = self._store.get_many(self._kind, [_key(f, h) for f, h in formats_and_hashes])
        except Exception:  # noqa: BLE001 - a broken cache is a miss
            self._disable()

    def get(self, file_format: str, content_hash: str) -> ParseOutcome | None:
        """The cached outcome, or None (absent, damaged, or the cache failed)."""
        if self._store is None:
            return None
        key = _key(file_format, content_hash)
        if key in self._prefetched:
            return outcome_from_json(self._prefetched.pop(key))
        try:
            value = self._store.get(self._kind, key)
        except Exception:  # noqa: BLE001 - a broken cache is a miss
            self._disable()
            return None
        return outcome_from_json(value)

    def put(self, file_format: str, content_hash: str, outcome: ParseOutcome) -> None:
        if self._store is None:
            return
        self._pending[_key(file_format, content_hash)] = outcome_to_json(outcome)
        if isinstance(outcome, ParsedArticle):
            self.put_summary(file_format, content_hash, ParsedSummary.of(outcome))
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def put_summary(self, file_format: str, content_hash: str, summary: ParsedSummary) -> None:
        self._queue(self._summary_kind, _key(file_format, content_hash), summary_to_json(summary))

    def summaries(self, formats_and_hashes: Iterable[tuple[str, str]]) -> dict[str, ParsedSummary]:
        """The cached summaries of those parses (by `key(format, hash)`); absent or damaged ones are left out."""
        found = self._get_many(self._summary_kind, [_key(f, h) for f, h in formats_and_hashes])
        summaries = {key: summary_from_json(value) for key, value in found.items()}
        return {key: summary for key, summary in summaries.items() if summary is not None}

    def known_hashes(self, files: Iterable[tuple[str, os.stat_result]]) -> dict[str, str]:
        """Real path -> content hash of the files whose signature is unchanged since it was recorded."""
        files = list(files)
        found = self._get_many(SIGNATURE_KIND, [real for real, _ in files])
        known = {}
        for real, stat in files:
            value = found.get(real)
            if type(value) is list and len(value) == 6 and is_unchanged(value, stat):
                known[real] = value[5]
        return known

    def remember(self, real: str, stat: os.stat_result, content_hash: str) -> None:
        """Record that the file at `real`, with that signature (taken before it was read), had that hash."""
        self._queue(SIGNATURE_KIND, real, signature_record(stat, time.time_ns(), content_hash))

    def snapshot(self, key: str) -> dict[str, Any]:
        """The entries of a folder snapshot (see `corpus.snapshot`), by real path; {} when absent or damaged."""
        found = self._get_many(self._snapshot_kind, [key]).get(key)
        return found if isinstance(found, dict) else {}

    def put_snapshot(self, key: str, entries: dict[str, Any]) -> None:
        self._queue(self._snapshot_kind, key, entries)

    def start_record(self, key: str) -> Any:
        """The reader's record of its last load of some paths (see `ui.start_record`), or None."""
        return self._get_many(self._start_kind, [key]).get(key)

    def put_start_record(self, key: str, record: Any) -> None:
        self._queue(self._start_kind, key, record)

    def _queue(self, kind: str, key: str, value: Any) -> None:
        if self._store is None:
            return
        pending = self._pending_kinds.setdefault(kind, {})
        pending[key] = value
        if len(pending) >= _FLUSH_EVERY:
            self.flush()

    def _get_many(self, kind: str, keys: list[str]) -> dict[str, Any]:
        if self._store is None or not keys:
            return {}
        try:
            found: dict[str, Any] = self._store.get_many(kind, keys)
        except Exception:  # noqa: BLE001 - a broken cache is a miss
            self._disable()
            return {}
        return found

    def flush(self) -> None:
        """Write the outcomes, summaries and signatures put since the last flush."""
        if self._store is None:
            return
        batches = [(self._kind, self._pending), *self._pending_kinds.items()]
        self._pending, self._pending_kinds = {}, {}
        try:
            for kind, values in batches:
                if values:
                    self._store.put_many(kind, values)
        except Exception:  # noqa: BLE001 - read-only or locked database: stop caching
            self._disable()

    def close(self) -> None:
        self.flush()
        self._disable()

    def _disable(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001, S110 - a store that fails to close is dropped all the same
                pass


def key(file_format: str, content_hash: str) -> str:
    """The cache key of a parse: its file format and the content hash of the file's bytes."""
    return _key(file_format, content_hash)


def _key(file_format: str, content_hash: str) -> str:
    return f"{file_format}:{content_hash}"


def _writable_cache_dir() -> bool:
    """Whether the cache folder exists (or can be made) and can be written."""
    from caravan_tui.paths import cache_dir

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)
