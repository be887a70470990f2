"""The reader's corrections to the story grouping, kept in SQLite beside the notes so that they are never lost.

A correction is one row of an append-only log; the latest row of each kind and
subject wins, and nothing is ever deleted, so every correction made can be read
back. Kinds:

- ``move``: an article (subject) belongs to a story (value). Splitting a story
  and merging two are stored as the moves they amount to, at the time they are
  made (see commands/story.py), so they survive any regrouping;
- ``name``: a story (subject) is shown under a name (value);
- ``outlet``: an article (subject) is from an outlet (value), for a .txt
  article that names none.

The state (`Corrections`) is what the analysis applies: moves are stronger than
the automatic grouping (`analysis.stories.story_of_each(..., corrections=...)`);
an article's front-matter ``story:`` is stronger still. Corrections are keyed by
article id and story id, not by content, so they are kept through re-indexing and
edits of the files.

The file (data_dir()/corrections.sqlite3) follows the notes' conventions: schema
version and migrations, WAL, ``BEGIN IMMEDIATE`` writes with synchronous=FULL.
A file SQLite cannot read is moved aside (never deleted), every row still
readable is copied into a fresh file, and `recovery_warning` says so.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from caravan_tui.storage.sqlite_file import BUSY_TIMEOUT_SECONDS, immediate_transaction, move_aside, open_store

DEFAULT_FILE_NAME = "corrections.sqlite3"
KINDS = ("move", "name", "outlet")
MAX_VALUE_CHARS = 500

MIGRATIONS: list[tuple[str, ...]] = [
    (
        """
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at REAL NOT NULL
        )
        """,
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
_COLUMNS = "id, kind, subject, value, created_at"


class CorrectionsUnavailable(Exception):
    """The corrections file cannot be opened or written; the message says why, for the user."""


class _NewerSchema(Exception):
    """The file was written by a newer caravan-tui: keep it as it is."""


@dataclass(frozen=True)
class Correction:
    """One stored correction."""

    id: int
    kind: str
    subject: str
    value: str
    created_at: float


@dataclass(frozen=True)
class Corrections:
    """The corrections in force: article -> story moves, story names, article outlets."""

    moves: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    outlets: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_log(cls, log: list[Correction]) -> Corrections:
        state: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for correction in sorted(log, key=lambda c: c.id):
            if correction.kind in state:
                state[correction.kind][correction.subject] = correction.value
        return cls(state["move"], state["name"], state["outlet"])


def load_corrections(report: Callable[[str], None] | None = None, path: Path | str | None = None) -> Corrections:
    """The corrections in force; none (and `report` says why) when the store cannot be read.

    No file yet means no corrections: it is not made just to be read (this runs at every start).
    """
    if not Path(path or default_corrections_path()).exists():
        return Corrections()
    try:
        with CorrectionsStore(path) as store:
            state = store.state()
            if store.recovery_warning and report is not None:
                report(store.recovery_warning)
            return state
    except CorrectionsUnavailable as error:
        if report is not None:
            report(f"your story corrections are unavailable: {error}")
        return Corrections()


def default_corrections_path() -> Path:
    from caravan_tui.paths import data_dir

    return data_dir() / DEFAULT_FILE_NAME


class CorrectionsStore:
    """Record and read back the reader's corrections (one SQLite file)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_corrections_path()
        self.recovery_warning: str | None = None
        self._lock = threading.RLock()
        self._connection = self._open_or_recover()

    # --- the API the reader and the commands call ----------------------------------

    def move(self, article_id: str, story: str) -> None:
        """Put an article in a story (an existing one or a new one)."""
        self._add("move", article_id, story)

    def move_all(self, moves: dict[str, str]) -> None:
        """Several moves in one transaction (a split or a merge)."""
        self._add_many([("move", article, story) for article, story in moves.items()])

    def name(self, story: str, name: str) -> None:
        """Show a story under a name of the reader's choice."""
        self._add("name", story, name)

    def outlet(self, article_id: str, outlet: str) -> None:
        """Give an article an outlet name (for a .txt article that names none)."""
        self._add("outlet", article_id, outlet)

    def log(self) -> list[Correction]:
        """Every correction ever made, oldest first."""
        with self._lock:
            rows = self._connection.execute(f"SELECT {_COLUMNS} FROM corrections ORDER BY id").fetchall()
        return [Correction(*row) for row in rows]

    def state(self) -> Corrections:
        """The corrections in force (the latest of each kind and subject)."""
        return Corrections.from_log(self.log())

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> CorrectionsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def _add(self, kind: str, subject: str, value: str) -> None:
        self._add_many([(kind, subject, value)])

    def _add_many(self, rows: list[tuple[str, str, str]]) -> None:
        for kind, subject, value in rows:
            if kind not in KINDS or not subject or not value.strip() or len(value) > MAX_VALUE_CHARS:
                raise ValueError(f"not a valid {kind} correction: {subject!r} -> {value!r}")
        now = time.time()
        try:
            with self._lock, immediate_transaction(self._connection):
                self._connection.executemany(
                    "INSERT INTO corrections (kind, subject, value, created_at) VALUES (?, ?, ?, ?)",
                    [(kind, subject, value.strip(), now) for kind, subject, value in rows])
        except sqlite3.Error as error:
            raise CorrectionsUnavailable(f"Cannot write the corrections file {self.path}: {error}") from error

    # --- opening and recovering ----------------------------------------------------------

    def _open_or_recover(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CorrectionsUnavailable(f"Cannot create the folder {self.path.parent}: {error}") from error
        try:
            return _open(self.path)
        except _NewerSchema as error:
            raise CorrectionsUnavailable(str(error)) from error
        except sqlite3.OperationalError as error:
            raise CorrectionsUnavailable(f"Cannot open the corrections file {self.path}: {error}") from error
        except sqlite3.DatabaseError as error:
            return self._recover(error)

    def _recover(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        try:
            moved = move_aside(self.path)
            connection = _open(self.path)
        except (OSError, sqlite3.Error) as failure:
            raise CorrectionsUnavailable(f"The corrections file {self.path} is damaged ({error}) and could "
                                         f"not be replaced: {failure}") from failure
        saved = _salvage(moved, connection)
        self.recovery_warning = (f"The story corrections file was damaged ({error}). It was kept as {moved}; "
                                 f"{saved} correction(s) could be read from it into a new file.")
        return connection


def _open(path: Path) -> sqlite3.Connection:
    return open_store(path, MIGRATIONS, lambda version: _NewerSchema(
        f"The corrections file was written by a newer caravan-tui (schema {version}, this program "
        f"knows {SCHEMA_VERSION}); it was left untouched."), BUSY_TIMEOUT_SECONDS)


def _salvage(damaged: Path, connection: sqlite3.Connection) -> int:
    """Copy every correction still readable from a damaged file into the new one."""
    try:
        source = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        rows = _readable_rows(source)
    finally:
        source.close()
    try:
        with immediate_transaction(connection):
            connection.executemany(f"INSERT OR IGNORE INTO corrections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)", rows)
    except sqlite3.Error:
        return 0
    return len(rows)


def _readable_rows(source: sqlite3.Connection) -> list[tuple[object, ...]]:
    """All rows if a scan works; else row by row, skipping those on damaged pages."""
    try:
        return source.execute(f"SELECT {_COLUMNS} FROM corrections").fetchall()
    except sqlite3.Error:
        pass
    rows: list[tuple[object, ...]] = []
    for row_id in range(1, _highest_id(source) + 1):
        try:
            row = source.execute(f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.Error:
            continue
        if row is not None:
            rows.append(row)
    return rows


def _highest_id(source: sqlite3.Connection) -> int:
    for query in ("SELECT max(id) FROM corrections", "SELECT seq FROM sqlite_sequence WHERE name = 'corrections'"):
        try:
            row = source.execute(query).fetchone()
        except sqlite3.Error:
            continue
        if row and row[0]:
            return min(int(row[0]), 2_000_000)
    return 0
