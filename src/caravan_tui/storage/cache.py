"""A generic SQLite cache for analysis results, keyed by (kind, key).

Any analysis can store JSON-able results here: `kind` names the analysis and
its version (e.g. "entities/rules/1"), `key` is usually a content hash, so a
changed article or a new engine version simply misses. The file lives in the
user cache directory (caravan_tui.paths.cache_dir()); it is safe to delete.

The database has a schema version table and forward migrations and runs in
WAL mode. An unusable cache only costs time, so no cache error ever reaches
the caller:

- the file is verified when opened (`PRAGMA quick_check`; skipped while the
  file is unchanged since it last passed, as a stamp beside it records, since
  the check reads every page). A file larger than VERIFY_AT_OPEN_UP_TO is
  verified in a background thread instead, once per process, while it is used
  (the check of a 4 GB cache, 100,000 articles indexed, takes 4 s, and a
  minute when the file is not in memory: the reader's start waited for it);
  damage it finds moves the file aside at the next operation. A file found
  sound is stamped again when closed, as this program's writes left it, so
  the next start need not check it. And any SQLite error
  later (a damaged page met mid-read or mid-write) is caught around every
  operation: a damaged file is moved aside (at most `KEEP_CORRUPT_COPIES` such
  copies are kept) and a fresh cache is started;
- a cache that cannot be written (file or folder read-only) is used read-only
  and never moved aside; a damaged read-only cache is simply not used;
- a cache folder that cannot be made (the path is a file, no permission) means
  working without a cache; `problem` says why, and it is reported once;
- a stored value that is not valid JSON, or that the reader's `valid` check
  rejects (`get_many(..., valid=...)`), is a miss.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from caravan_tui.storage.sqlite_file import (
    apply_migrations,
    is_damage,
    move_aside,
    prune_moved_aside,
)

DEFAULT_FILE_NAME = "analysis-cache.sqlite3"
VERIFIED_SUFFIX = "-verified"  # beside the cache: the size and time of the file when it last passed its check
#: At most this many moved-aside damaged copies of the cache are kept (the oldest are deleted).
KEEP_CORRUPT_COPIES = 2
_MISSING = object()
_CHUNK = 500
_T = TypeVar("_T")

#: Forward migrations: MIGRATIONS[n] holds the statements that take the schema from version n to n + 1.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """
        CREATE TABLE entries (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            stored_at REAL NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        """,
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

_reported: set[str] = set()  # problems already reported in this process: each is said once

#: Cache files up to this size are verified when opened (about 0.1 s); larger ones in the background.
VERIFY_AT_OPEN_UP_TO = 128 * 1024 * 1024
_background_checks: set[tuple[str, int]] = set()  # (file, inode) checked, or under check, in the background
_found_damaged: dict[str, str] = {}  # file -> what its background check found wrong (taken by the next operation)
_checks_lock = threading.Lock()
_sound: set[tuple[str, int]] = set()  # (file, inode) found sound in this process: stamped again when closed


class CacheCorruptWarning(UserWarning):
    """The cache file could not be read and was moved aside (or, read-only, left unused)."""


class CacheUnavailableWarning(UserWarning):
    """There is no usable cache (folder cannot be made or written): everything is analysed afresh."""


def default_cache_path() -> Path:
    from caravan_tui.paths import cache_dir

    return cache_dir() / DEFAULT_FILE_NAME


def open_cache(on_error: Callable[[Exception], None] | None = None) -> AnalysisCache | None:
    """The user's analysis cache, or None when there is none to use (then nothing is cached).

    An unusable cache only costs time, so no error escapes; `on_error` may report it.
    """
    try:
        cache = AnalysisCache(report=on_error is None)
    except Exception as error:  # noqa: BLE001 - no cache is always a correct answer
        if on_error is not None:
            on_error(error)
        return None
    if not cache.available:
        if on_error is not None and cache.problem is not None and cache.problem not in _reported:
            _reported.add(cache.problem)  # said once per process, whoever says it
            on_error(OSError(cache.problem))
        return None
    return cache


def _report_once(message: str, category: type[Warning]) -> None:
    if message not in _reported:
        _reported.add(message)
        warnings.warn(message, category, stacklevel=4)


class AnalysisCache:
    """get / put / get_many of JSON values by (kind, key), in one SQLite file; never raises for cache trouble."""

    def __init__(self, path: Path | str | None = None, *, report: bool = True) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.problem: str | None = None  # why there is no cache, or only a read-only one
        self.read_only = False
        self._report = report
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = self._connect()

    @property
    def available(self) -> bool:
        """Whether there is a cache file to read (possibly read-only)."""
        return self._connection is not None

    # --- public API -------------------------------------------------------------

    def get(self, kind: str, key: str, default: Any = None, valid: Callable[[Any], bool] | None = None) -> Any:
        value = self.get_many(kind, [key], valid).get(key, _MISSING)
        return default if value is _MISSING else value

    def get_many(self, kind: str, keys: Iterable[str], valid: Callable[[Any], bool] | None = None) -> dict[str, Any]:
        """The cached values of those keys that are present, readable and (if given) `valid`."""
        found: dict[str, Any] = {}
        for key, text in self._select(kind, keys, "key, CAST(value AS BLOB)"):  # bytes: bad UTF-8 is one miss
            value = _decoded(text, valid)
            if value is not _MISSING:
                found[key] = value
        return found

    def present(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Which of those keys are cached (without reading their values)."""
        return {row[0] for row in self._select(kind, keys, "key")}

    def put(self, kind: str, key: str, value: Any) -> None:
        self.put_many(kind, {key: value})

    def put_many(self, kind: str, values: dict[str, Any]) -> None:
        rows = [(kind, _stored_key(k), _encoded(v), time.time()) for k, v in values.items()]

        def write(connection: sqlite3.Connection) -> None:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO entries (kind, key, value, stored_at) VALUES (?, ?, ?, ?)", rows)

        self._guarded(write, None, writes=True)

    def clear(self, kind: str | None = None) -> None:
        def delete(connection: sqlite3.Connection) -> None:
            with connection:
                if kind is None:
                    connection.execute("DELETE FROM entries")
                else:
                    connection.execute("DELETE FROM entries WHERE kind = ?", (kind,))

        self._guarded(delete, None, writes=True)

    def close(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
            _close_quietly(connection)
            if connection is not None and not self.read_only:
                _stamp_if_sound(self.path)

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- guarded operations -------------------------------------------------------

    def _select(self, kind: str, keys: Iterable[str], columns: str) -> list[tuple[Any, ...]]:
        """Rows of `columns` (the first is the key, given back as asked) for those of `keys` that are stored."""
        asked = {_stored_key(key): key for key in keys}
        unique = list(asked)

        def select(connection: sqlite3.Connection) -> list[tuple[Any, ...]]:
            rows: list[tuple[Any, ...]] = []
            for chunk_start in range(0, len(unique), _CHUNK):
                chunk = unique[chunk_start:chunk_start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows.extend(connection.execute(
                    f"SELECT {columns} FROM entries WHERE kind = ? AND key IN ({marks})", [kind, *chunk]))
            return rows

        rows: list[tuple[Any, ...]] = self._guarded(select, [])
        if all(stored is key for stored, key in asked.items()):
            return rows  # the usual case: every key stored as it is
        return [(asked.get(row[0], row[0]), *row[1:]) for row in rows]

    def _guarded(self, operation: Callable[[sqlite3.Connection], _T], default: _T, writes: bool = False) -> _T:
        """Run one operation; any SQLite error makes it a miss (or a skipped write) and is dealt with."""
        with self._lock:
            if self._connection is None or writes and self.read_only:
                return default
            if _found_damaged and (found := _take_damage(self.path)) is not None:
                self._replace_damaged(sqlite3.DatabaseError(found))
                if self._connection is None:
                    return default
            try:
                return operation(self._connection)
            except sqlite3.DatabaseError as error:
                self._after_error(error)
                return default

    def _after_error(self, error: sqlite3.DatabaseError) -> None:
        if is_damage(error):
            self._replace_damaged(error)
        elif getattr(error, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
            self.read_only = True
            self.problem = f"the analysis cache {self.path} cannot be written ({error}); using it read-only"

    def _replace_damaged(self, error: sqlite3.DatabaseError) -> None:
        """Called with the lock held: a damaged file is moved aside and a fresh one started (if writable)."""
        _close_quietly(self._connection)
        self._connection = None
        if self.read_only:
            self._unavailable(f"the analysis cache {self.path} is damaged ({error}) and read-only; not using it",
                              CacheCorruptWarning)
            return
        self._connection = self._move_aside_and_restart(error)

    # --- opening, migrating, recovering -------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._unavailable(f"cannot make the cache folder {folder} ({error}); working without a cache")
            return None
        if self.path.is_dir():
            self._unavailable(f"the cache path {self.path} is a folder; working without a cache")
            return None
        if not _writable(self.path):
            return self._open_read_only()
        try:
            return _open_writable(self.path)
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                self._unavailable(f"cannot open the cache {self.path} ({error}); working without a cache")
                return None
            return self._move_aside_and_restart(error)

    def _open_read_only(self) -> sqlite3.Connection | None:
        self.read_only = True
        if not self.path.is_file():
            self._unavailable(f"the cache folder {self.path.parent} cannot be written; working without a cache")
            return None
        self.problem = f"the analysis cache {self.path} cannot be written; using it read-only"
        try:
            return _open_read_only(self.path)
        except sqlite3.DatabaseError as error:
            self._unavailable(f"the read-only analysis cache {self.path} cannot be used ({error}); "
                              "working without a cache", CacheCorruptWarning)
            return None

    def _move_aside_and_restart(self, error: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        try:
            moved = move_aside(self.path)
            prune_moved_aside(self.path, KEEP_CORRUPT_COPIES)
            connection = _open_writable(self.path)
        except (OSError, sqlite3.Error) as restart_error:
            self._unavailable(f"the analysis cache {self.path} is damaged ({error}) and could not be "
                              f"replaced ({restart_error}); working without a cache", CacheCorruptWarning)
            return None
        self._say(f"analysis cache {self.path} was unreadable ({error}); moved it to {moved} and started a new one",
                  CacheCorruptWarning)
        return connection

    def _unavailable(self, message: str, category: type[Warning] = CacheUnavailableWarning) -> None:
        self.problem = message
        self._say(message, category)

    def _say(self, message: str, category: type[Warning]) -> None:
        """Warn once per message; an unavailable cache is left to `open_cache`'s caller when it reports errors."""
        if self._report or category is not CacheUnavailableWarning:
            _report_once(message, category)


def _writable(path: Path) -> bool:
    """Whether the cache file (or, when it does not exist yet, its folder) may be written."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _open_writable(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        _migrate(connection)
        _verify_once(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def _verify_once(connection: sqlite3.Connection, path: Path) -> None:
    """`_verify`, skipped when the file is unchanged since it last passed (the check reads every page).

    The stamp (size and modification time) sits beside the file; damage that
    comes later without changing them is still caught by every operation.
    """
    status = _status(path)  # one look at the file for its stamp, its size and which file it is
    stamp = _stamp_of(status)
    try:
        if stamp and Path(f"{path}{VERIFIED_SUFFIX}").read_text(encoding="ascii") == stamp:
            connection.execute("SELECT count(*) FROM entries WHERE kind = ''").fetchone()
            _found_sound(_identity(path, status))
            return
    except (OSError, UnicodeDecodeError):
        pass
    if status is not None and status.st_size > VERIFY_AT_OPEN_UP_TO:
        _verify_in_background(path, stamp, _identity(path, status))
        return
    _verify(connection)
    _write_stamp(path, stamp)
    _found_sound(_identity(path, status))


def _identity(path: Path, status: os.stat_result | None) -> tuple[str, int] | None:
    """Which file this is (its path and inode: a file moved aside and started anew is another)."""
    return (str(path), status.st_ino) if status is not None else None


def _found_sound(identity: tuple[str, int] | None) -> None:
    """Remember that the file passed its check (or matched its stamp) in this process."""
    if identity is not None:
        with _checks_lock:
            _sound.add(identity)


def _stamp_if_sound(path: Path) -> None:
    """After closing: the file as this program's writes left it is as sound as it was found (SQLite's writes are
    safe), so the next process need not check it again; a file not found sound keeps its old stamp."""
    status = _status(path)
    with _checks_lock:
        sound = _identity(path, status) in _sound
    if sound:
        _write_stamp(path, _stamp_of(status))


def _verify_in_background(path: Path, stamp: str, identity: tuple[str, int] | None) -> None:
    """Check a large file in a daemon thread of its own, once per process (and file); see the module docstring."""
    if identity is None:
        return
    with _checks_lock:
        if identity in _background_checks:
            return
        _background_checks.add(identity)

    def check() -> None:
        try:
            connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
            try:
                _verify(connection)
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            if is_damage(error):
                with _checks_lock:
                    _found_damaged[str(path)] = str(error)
            return
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the cache as it is
            return
        _write_stamp(path, stamp)
        _found_sound(identity)

    threading.Thread(target=check, name="caravan-tui-cache-check", daemon=True).start()


def _take_damage(path: Path) -> str | None:
    """What a background check found wrong with `path`, once (the operation that takes it moves the file aside)."""
    with _checks_lock:
        return _found_damaged.pop(str(path), None)


def _write_stamp(path: Path, stamp: str) -> None:
    try:
        Path(f"{path}{VERIFIED_SUFFIX}").write_text(stamp, encoding="ascii")
    except OSError:
        pass


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _stamp_of(status: os.stat_result | None) -> str:
    """The stamp of a file: its size and modification time ("" when it could not be looked at)."""
    return f"{status.st_size} {status.st_mtime_ns}" if status is not None else ""


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Read-only; `immutable` when SQLite cannot even make its WAL index beside a read-only file."""
    for options in ("mode=ro", "immutable=1"):
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, check_same_thread=False,
                                     timeout=10)
        try:
            version = connection.execute("SELECT version FROM schema_version").fetchone()
            if version is None or version[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"cache schema {version} is not this program's {SCHEMA_VERSION}")
            _verify(connection)
            return connection
        except sqlite3.OperationalError:
            connection.close()
            if options == "immutable=1":
                raise
        except BaseException:
            connection.close()
            raise
    raise AssertionError("unreachable")


def _verify(connection: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError unless SQLite's quick check finds the file sound."""
    problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(str(problem) for problem in problems[:3]))
    connection.execute("SELECT count(*) FROM entries WHERE kind = ''").fetchone()


def _stored_key(key: str) -> str:
    """The key as written: text that UTF-8 cannot hold (a file name's undecodable bytes, which Python keeps as
    lone surrogates) is stored as the hex of its bytes after a NUL, which no other key starts with."""
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return "\x00" + key.encode("utf-8", "surrogatepass").hex()
    return key


def _encoded(value: Any) -> str:
    """The value as JSON text that UTF-8 can hold (lone surrogates escaped, and read back as they were)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":"))
    return text


def _decoded(text: Any, valid: Callable[[Any], bool] | None) -> Any:
    """The stored value, or _MISSING when it is not JSON or `valid` rejects it (or fails on it)."""
    try:
        value = json.loads(text)
        if valid is not None and not valid(value):
            return _MISSING
    except Exception:  # noqa: BLE001 - a damaged value is a miss, whatever the check raised
        return _MISSING
    return value


def _close_quietly(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        try:
            connection.close()
        except sqlite3.Error:
            pass


def _migrate(connection: sqlite3.Connection) -> None:
    with connection:
        apply_migrations(connection, MIGRATIONS, lambda version: sqlite3.DatabaseError(
            f"cache schema {version} is newer than this program's {SCHEMA_VERSION}"))
