"""What the two SQLite files (analysis cache, reader's notes) do alike: schema migrations and moving a damaged
file aside.

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
    connection.execute("UPDATE schema_version SET version = ?", (max(version, len(migrations)),))


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
