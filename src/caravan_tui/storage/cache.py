"""A generic SQLite cache for analysis results, keyed by (kind, key).

Any analysis can store JSON-able results here: `kind` names the analysis and
its version (e.g. "entities/rules/1"), `key` is usually a content hash, so a
changed article or a new engine version simply misses. The file lives in the
user cache directory (caravan_tui.paths.cache_dir()); it is safe to delete.

The database has a schema version table and forward migrations, runs in WAL
mode, and survives corruption: a file that SQLite cannot read is moved aside
(with a warning) and a fresh one is started.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from caravan_tui.storage.sqlite_file import apply_migrations, move_aside

DEFAULT_FILE_NAME = "analysis-cache.sqlite3"
_MISSING = object()

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


class CacheCorruptWarning(UserWarning):
    """The cache file could not be read and was moved aside."""


def default_cache_path() -> Path:
    from caravan_tui.paths import cache_dir

    return cache_dir() / DEFAULT_FILE_NAME


def open_cache(on_error: Callable[[Exception], None] | None = None) -> AnalysisCache | None:
    """The user's analysis cache, or None when it cannot be opened (then nothing is cached).

    An unusable cache only costs time, so no error escapes; `on_error` may report it.
    """
    try:
        return AnalysisCache()
    except Exception as error:  # noqa: BLE001
        if on_error is not None:
            on_error(error)
        return None


class AnalysisCache:
    """get / put / get_many of JSON values by (kind, key), in one SQLite file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._connection = self._open_or_recover()

    # --- public API -------------------------------------------------------------

    def get(self, kind: str, key: str, default: Any = None) -> Any:
        value = self.get_many(kind, [key]).get(key, _MISSING)
        return default if value is _MISSING else value

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The cached values of those keys that are present."""
        return {key: json.loads(value) for key, value in self._select(kind, keys, "key, value")}

    def present(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Which of those keys are cached (without reading their values)."""
        return {key for (key,) in self._select(kind, keys, "key")}

    def _select(self, kind: str, keys: Iterable[str], columns: str) -> list[tuple[Any, ...]]:
        keys = list(dict.fromkeys(keys))
        rows: list[tuple[Any, ...]] = []
        with self._lock:
            for chunk_start in range(0, len(keys), 500):
                chunk = keys[chunk_start:chunk_start + 500]
                marks = ",".join("?" * len(chunk))
                rows.extend(self._connection.execute(
                    f"SELECT {columns} FROM entries WHERE kind = ? AND key IN ({marks})", [kind, *chunk]))
        return rows

    def put(self, kind: str, key: str, value: Any) -> None:
        self.put_many(kind, {key: value})

    def put_many(self, kind: str, values: dict[str, Any]) -> None:
        rows = [(kind, k, json.dumps(v, ensure_ascii=False, separators=(",", ":")), time.time())
                for k, v in values.items()]
        with self._lock, self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO entries (kind, key, value, stored_at) VALUES (?, ?, ?, ?)", rows)

    def clear(self, kind: str | None = None) -> None:
        with self._lock, self._connection:
            if kind is None:
                self._connection.execute("DELETE FROM entries")
            else:
                self._connection.execute("DELETE FROM entries WHERE kind = ?", (kind,))

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- opening, migrating, recovering -------------------------------------------

    def _open_or_recover(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError as error:
            moved = move_aside(self.path)
            warnings.warn(f"analysis cache {self.path} was unreadable ({error}); moved it to {moved} "
                          "and started a new one", CacheCorruptWarning, stacklevel=3)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            _migrate(connection)
            connection.execute("SELECT count(*) FROM entries WHERE kind = ''").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection


def _migrate(connection: sqlite3.Connection) -> None:
    with connection:
        apply_migrations(connection, MIGRATIONS, lambda version: sqlite3.DatabaseError(
            f"cache schema {version} is newer than this program's {SCHEMA_VERSION}"))
