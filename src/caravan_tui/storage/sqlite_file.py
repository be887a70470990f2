"""What the SQLite files do alike: opening, transactions, migrations, damage, moving a file aside.

The analysis cache uses Python's implicit transactions and opens its own
connection. The reader's stores (notes, story corrections, feed subscriptions)
open theirs with `open_store` and write in `immediate_transaction`s; each
decides what a damaged or too-new file means for it.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30.0

_COMPANIONS = ("", "-wal", "-shm")  # the database file and SQLite's files beside it in WAL mode
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether an error means the file itself is damaged (not a lock, a full disk or a read-only file).

    Errors raised by SQLite carry their code; a plain DatabaseError raised by
    this program (a failed quick check, a too-new schema) counts as damage.
    """
    name = getattr(error, "sqlite_errorname", None)
    if name:
        return str(name).startswith(_DAMAGE_CODES)
    return type(error) is sqlite3.DatabaseError


def apply_migrations(connection: sqlite3.Connection, migrations: Sequence[Sequence[str]],
                     newer: Callable[[int], Exception]) -> None:
    """Bring the schema up to `len(migrations)`; call inside the caller's transaction.

    `migrations[n]` holds the statements that take the schema from version n to
    n + 1. A file with a higher version than this program knows raises `newer(version)`.
    """
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = connection.execute("SELECT version FROM schema_version").fetchone()
    version = row[0] if row else 0
    if row is None:
        connection.execute("INSERT INTO schema_version (version) VALUES (0)")
    if version > len(migrations):
        raise newer(version)
    for step in range(version, len(migrations)):
        for statement in migrations[step]:
            connection.execute(statement)
    if version < len(migrations):  # an up-to-date file is not written to (so its stamp stays valid)
        connection.execute("UPDATE schema_version SET version = ?", (len(migrations),))


def open_store(path: Path, migrations: Sequence[Sequence[str]], newer: Callable[[int], Exception],
               busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """Open a store's file (creating it), in WAL mode with full syncs, migrated and checked.

    Several processes may open a new file at once: switching it to WAL and creating
    the schema take locks that SQLite's busy handler does not always wait for, so a
    busy or locked error starts the whole open again, for up to `busy_timeout` seconds.
    A failed `quick_check` raises sqlite3.DatabaseError (damage); a too-new schema, `newer(version)`.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            return _open_store_once(path, migrations, newer, busy_timeout)
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 - jitter between retries, not a secret


def _open_store_once(path: Path, migrations: Sequence[Sequence[str]], newer: Callable[[int], Exception],
                     busy_timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        with immediate_transaction(connection):  # also proves the file can be written
            apply_migrations(connection, migrations, newer)
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems[:3]))
    except BaseException:
        connection.close()
        raise
    return connection


def is_busy(error: sqlite3.OperationalError) -> bool:
    """Whether an error is another connection holding a lock (worth trying again)."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error) or "busy" in str(error)


@contextmanager
def immediate_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the write lock is taken up front)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def move_aside(path: Path) -> Path:
    """Rename the file (and its -wal/-shm) to a new, unused `<name>.corrupt-<time>` name; never overwrite."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in _COMPANIONS):
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    for suffix in _COMPANIONS:
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target


def moved_aside_copies(path: Path) -> list[Path]:
    """The `<name>.corrupt-*` copies of a database beside it (without their -wal/-shm), oldest first."""
    prefix = f"{path.name}.corrupt-"
    try:
        copies = [p for p in path.parent.iterdir()
                  if p.name.startswith(prefix) and not p.name.endswith(("-wal", "-shm"))]
    except OSError:
        return []
    return sorted(copies, key=_modified_then_name)


def prune_moved_aside(path: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest moved-aside copies (with their -wal/-shm); returns those deleted.

    Only for files that are safe to delete (the analysis cache): never for the reader's notes.
    """
    copies = moved_aside_copies(path)
    doomed = copies[:max(0, len(copies) - keep)]
    for copy in doomed:
        for suffix in _COMPANIONS:
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return doomed


def _modified_then_name(path: Path) -> tuple[float, str]:
    try:
        return path.stat().st_mtime, path.name
    except OSError:
        return 0.0, path.name
