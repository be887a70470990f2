"""What the two SQLite files (analysis cache, reader's notes) do alike: migrations, damage, moving a file aside.

Each store opens its own connection and transaction (the notes use explicit
IMMEDIATE transactions, the cache Python's implicit ones) and decides what a
damaged or too-new file means for it; these helpers do the shared part.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

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
