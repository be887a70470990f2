"""The reader's feed subscriptions and what each refresh learnt about them, in one SQLite file.

The file (data_dir()/subscriptions.sqlite3) is kept like the notes: a schema
version table with forward migrations, WAL mode with synchronous=FULL and a
busy timeout (a refresh and a `feeds add` may run at once), every write one
`BEGIN IMMEDIATE` transaction, so a process killed at any moment leaves every
committed subscription in place. A file SQLite cannot read is moved aside
(never deleted) and the subscriptions it still yields are copied into a fresh
file; `recovery_warning` says so.

Per feed it keeps the validators of the last answer (ETag, Last-Modified) for
conditional requests, when it was last checked and last succeeded, and, for a
feed that fails, the last error, how many times in a row it failed and when it
may be tried again (`retry_at`: the wait doubles per failure, from
BACKOFF_FIRST up to BACKOFF_MOST). Per article page it keeps the validators too,
so pages are asked for conditionally as well.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from caravan_tui.storage.sqlite_file import (
    BUSY_TIMEOUT_SECONDS,
    immediate_transaction,
    is_damage,
    move_aside,
    open_store,
)

DEFAULT_FILE_NAME = "subscriptions.sqlite3"
BACKOFF_FIRST = 15 * 60.0
BACKOFF_MOST = 24 * 3600.0
MAX_ERROR_CHARS = 300

MIGRATIONS: list[tuple[str, ...]] = [
    (
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            folder TEXT NOT NULL DEFAULT '',
            added_at REAL NOT NULL,
            etag TEXT,
            last_modified TEXT,
            checked_at REAL,
            succeeded_at REAL,
            error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at REAL NOT NULL DEFAULT 0,
            target TEXT
        )
        """,
        """
        CREATE TABLE pages (
            feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            first_seen REAL NOT NULL,
            PRIMARY KEY (feed_id, url)
        )
        """,
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
_FEED_COLUMNS = ("id, url, name, folder, added_at, etag, last_modified, checked_at, succeeded_at, error, failures,"
                 " retry_at, target")


class SubscriptionsUnavailable(Exception):
    """The subscriptions file cannot be opened or written; the message says why."""


class AlreadySubscribed(ValueError):
    """That address is already a subscription."""


@dataclass(frozen=True)
class Subscription:
    """One feed followed: its address, name, outline folder ("News/World") and refresh state."""

    id: int
    url: str
    name: str
    folder: str
    added_at: float
    etag: str | None = None
    last_modified: str | None = None
    checked_at: float | None = None
    succeeded_at: float | None = None
    error: str | None = None
    failures: int = 0
    retry_at: float = 0.0
    target: str | None = None  # the articles folder the validators were earned for

    def validators_for(self, target: str) -> Validators:
        """The validators to send when refreshing into `target`: none when the last refresh wrote elsewhere."""
        return Validators(self.etag, self.last_modified) if self.target == target else Validators()

    @property
    def label(self) -> str:
        """The name, else the address."""
        return self.name or self.url

    def backing_off(self, now: float | None = None) -> bool:
        """Whether the feed failed and its next try is not due yet."""
        return self.failures > 0 and self.retry_at > (time.time() if now is None else now)


@dataclass(frozen=True)
class Validators:
    """What a conditional request sends back: the last ETag and Last-Modified of an address."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def default_subscriptions_path() -> Path:
    from caravan_tui.paths import data_dir

    return data_dir() / DEFAULT_FILE_NAME


def backoff_seconds(failures: int) -> float:
    """How long a feed that failed `failures` times in a row waits before it is tried again."""
    return float(min(BACKOFF_FIRST * 2 ** max(min(failures, 30) - 1, 0), BACKOFF_MOST))


class SubscriptionStore:
    """add / remove / list subscriptions and record refresh outcomes; safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_subscriptions_path()
        self.recovery_warning: str | None = None
        self._lock = threading.RLock()
        self._connection = self._open_or_recover()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> SubscriptionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- subscriptions -----------------------------------------------------------------

    def add(self, url: str, name: str = "", folder: str = "") -> Subscription:
        """Subscribe to `url`; raises AlreadySubscribed when it is one already."""
        with self._write() as connection:
            if connection.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                raise AlreadySubscribed(f"already subscribed: {url}")
            cursor = connection.execute("INSERT INTO feeds (url, name, folder, added_at) VALUES (?, ?, ?, ?)",
                                        (url, name, _clean_folder(folder), time.time()))
            return self._get(connection, int(cursor.lastrowid or 0))

    def remove(self, key: str) -> Subscription | None:
        """Unsubscribe the feed whose address, name or id is `key`; the removed subscription, or None."""
        with self._write() as connection:
            found = self._find(connection, key)
            if found is not None:
                connection.execute("DELETE FROM pages WHERE feed_id = ?", (found.id,))
                connection.execute("DELETE FROM feeds WHERE id = ?", (found.id,))
            return found

    def find(self, key: str) -> Subscription | None:
        """The subscription whose address, name or id is `key`."""
        with self._lock:
            return self._find(self._connection, key)

    def all(self) -> list[Subscription]:
        """Every subscription, by folder, then name, then address."""
        with self._lock:
            rows = self._connection.execute(
                f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY folder, lower(name), url").fetchall()
        return [Subscription(*row) for row in rows]

    # --- refresh outcomes --------------------------------------------------------------

    def record_success(self, feed_id: int, validators: Validators, when: float | None = None,
                       pages: Sequence[tuple[str, Validators]] = (), target: str | None = None) -> None:
        """The feed answered (200 or 304): keep its validators and its pages' (one transaction), clear its errors.

        `target` names the articles folder written to: the validators hold for that folder only.
        """
        now = time.time() if when is None else when
        with self._write() as connection:
            for url, page in pages:
                _upsert_page(connection, feed_id, url, page)
            connection.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, checked_at = ?, succeeded_at = ?, error = NULL,"
                " failures = 0, retry_at = 0, target = ? WHERE id = ?",
                (validators.etag, validators.last_modified, now, now, target, feed_id))

    def record_failure(self, feed_id: int, error: str, when: float | None = None) -> Subscription | None:
        """The feed failed: remember why, count it, and put its next try off; the updated subscription."""
        now = time.time() if when is None else when
        with self._write() as connection:
            row = connection.execute("SELECT failures FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            if row is None:
                return None
            failures = int(row[0]) + 1
            connection.execute(
                "UPDATE feeds SET checked_at = ?, error = ?, failures = ?, retry_at = ? WHERE id = ?",
                (now, " ".join(error.split())[:MAX_ERROR_CHARS], failures, now + backoff_seconds(failures), feed_id))
            return self._get(connection, feed_id)

    def page_validators(self, feed_id: int, url: str) -> Validators | None:
        """The validators last seen for an article page of this feed; None for a page never fetched."""
        with self._lock:
            row = self._connection.execute("SELECT etag, last_modified FROM pages WHERE feed_id = ? AND url = ?",
                                           (feed_id, url)).fetchone()
        return Validators(row[0], row[1]) if row else None

    def record_page(self, feed_id: int, url: str, validators: Validators) -> None:
        """An article page was fetched and stored: keep its validators for the next refresh."""
        with self._write() as connection:
            _upsert_page(connection, feed_id, url, validators)

    # --- the file ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                with immediate_transaction(self._connection):
                    yield self._connection
            except sqlite3.Error as error:
                raise SubscriptionsUnavailable(f"Could not write {self.path}: {error}") from error

    def _get(self, connection: sqlite3.Connection, feed_id: int) -> Subscription:
        row = connection.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return Subscription(*row)

    def _find(self, connection: sqlite3.Connection, key: str) -> Subscription | None:
        row = connection.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (key,)).fetchone()
        if row is None and key.strip().isdigit():
            row = connection.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (int(key),)).fetchone()
        if row is None:
            rows = connection.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE name = ? ORDER BY id",
                                      (key,)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Subscription(*row) if row else None

    def _open_or_recover(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _open(self.path)
        except OSError as error:
            raise SubscriptionsUnavailable(f"Cannot create the data folder {self.path.parent}: {error}") from error
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise SubscriptionsUnavailable(f"Cannot open the subscriptions file {self.path}: {error}") from error
            return self._recover(error)

    def _recover(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        try:
            moved = move_aside(self.path)
            connection = _open(self.path)
        except (OSError, sqlite3.Error) as failure:
            raise SubscriptionsUnavailable(f"The subscriptions file {self.path} is damaged ({error}) and could not "
                                           f"be replaced: {failure}") from failure
        saved = _salvage(moved, connection)
        self.recovery_warning = (f"The subscriptions file was damaged ({error}). It was kept as {moved}; "
                                 f"{saved} subscription(s) could be read from it into a new file.")
        return connection


class _NewerSchema(sqlite3.DatabaseError):
    """Written by a newer caravan-tui: not damage, left alone."""

    sqlite_errorname = "CARAVAN_NEWER_SCHEMA"


def _open(path: Path) -> sqlite3.Connection:
    return open_store(path, MIGRATIONS, lambda version: _NewerSchema(
        f"the subscriptions file was written by a newer caravan-tui (schema {version}); left untouched"),
        BUSY_TIMEOUT_SECONDS)


def _salvage(moved: Path, connection: sqlite3.Connection) -> int:
    """Copy whatever subscriptions the damaged file still yields into the new one; how many."""
    saved = 0
    try:
        old = sqlite3.connect(f"file:{moved}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        rows = old.execute("SELECT url, name, folder, added_at FROM feeds").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        old.close()
    with immediate_transaction(connection):
        for url, name, folder, added_at in rows:
            if isinstance(url, str) and url:
                connection.execute("INSERT OR IGNORE INTO feeds (url, name, folder, added_at) VALUES (?, ?, ?, ?)",
                                   (url, str(name or ""), str(folder or ""), float(added_at or time.time())))
                saved += 1
    return saved


def _upsert_page(connection: sqlite3.Connection, feed_id: int, url: str, validators: Validators) -> None:
    connection.execute(
        "INSERT INTO pages (feed_id, url, etag, last_modified, first_seen) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (feed_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified",
        (feed_id, url, validators.etag, validators.last_modified, time.time()))


def _clean_folder(folder: str) -> str:
    """An outline folder path: parts separated by "/", each one line, no empty parts."""
    parts = (" ".join(part.split()) for part in folder.split("/"))
    return "/".join(part for part in parts if part)
