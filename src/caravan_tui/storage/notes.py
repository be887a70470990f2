"""The reader's own notes on passages, kept in SQLite so that they are never lost.

A note is anchored to a passage by the hash of the passage's text (whitespace
folded, so a re-saved file with different line breaks keeps the anchor) and by
the passage's index when it was written. The anchoring rule (`resolve`):

1. a passage of the note's article whose text hash equals the note's wins,
   wherever it is now (passages inserted or removed before it move it); if the
   same text occurs more than once, the occurrence nearest the stored index wins;
2. otherwise the note is ORPHANED: it is kept, listed, shown with the excerpt
   of the passage it was written on, and never deleted by the program.

The file (data_dir()/notes.sqlite3) has a schema version table and forward
migrations, runs in WAL mode with a busy timeout so that two processes can
write at once, and does every write in one `BEGIN IMMEDIATE` transaction with
synchronous=FULL. A file SQLite cannot read is moved aside (never deleted),
the notes it still yields are copied into a fresh file, and `recovery_warning`
says what happened. A data folder that cannot be written raises
`NotesUnavailable`, whose message the app can show.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caravan_tui.corpus.model import Article, hash_text
from caravan_tui.storage.sqlite_file import apply_migrations, move_aside

DEFAULT_FILE_NAME = "notes.sqlite3"
BUSY_TIMEOUT_SECONDS = 30.0
EXCERPT_CHARS = 80
SALVAGE_ID_LIMIT = 2_000_000

#: Forward migrations: MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            passage_index INTEGER NOT NULL,
            passage_hash TEXT NOT NULL,
            excerpt TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )
        """,
        "CREATE INDEX notes_by_article ON notes (article_id, passage_index)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

_NOTE_COLUMNS = "id, article_id, passage_index, passage_hash, excerpt, body, created_at, updated_at"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

ArticleLookup = Callable[[str], "Article | None"]


class NotesUnavailable(Exception):
    """The notes file cannot be opened or written; the message says why, for the user."""


class NoteNotFound(KeyError):
    """No note has that id (it may have been deleted by another process)."""


class _NewerSchema(Exception):
    """The file was written by a newer caravan-tui: keep it as it is."""


@dataclass(frozen=True)
class Note:
    """One reader's note, as stored."""

    id: int
    article_id: str
    passage_index: int
    passage_hash: str
    excerpt: str
    body: str
    created_at: float
    updated_at: float

    @property
    def first_line(self) -> str:
        """The first non-blank line of the body (for lists)."""
        return next((line.strip() for line in self.body.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class PassageNote:
    """A note shown on a passage: where it is anchored, and whether that is this passage."""

    note: Note
    article_id: str
    passage_index: int
    on_this_passage: bool


# --- anchoring -----------------------------------------------------------------------


def anchor_text(text: str) -> str:
    """The form of a passage text that its anchor hashes: NFKC, straight quotes, folded whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def passage_hash(text: str) -> str:
    """The anchor hash of a passage text."""
    return hash_text(anchor_text(text))


def make_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a passage, cut at a word boundary, for showing orphaned notes."""
    folded = anchor_text(text)
    if len(folded) <= limit:
        return folded
    cut = folded[:limit].rsplit(" ", 1)[0] or folded[:limit]
    return cut.rstrip(" ,;:") + "…"


@lru_cache(maxsize=512)
def _hash_positions(article: Article) -> dict[str, tuple[int, ...]]:
    positions: dict[str, list[int]] = {}
    for passage in article.passages:
        positions.setdefault(passage_hash(passage.text), []).append(passage.index)
    return {key: tuple(indices) for key, indices in positions.items()}


def resolve(note: Note, article: Article | None) -> int | None:
    """The index of the passage the note is on now, or None when it is orphaned."""
    if article is None or article.id != note.article_id:
        return None
    indices = _hash_positions(article).get(note.passage_hash, ())
    if not indices:
        return None
    return min(indices, key=lambda index: (abs(index - note.passage_index), index))


# --- the store -----------------------------------------------------------------------


def default_notes_path() -> Path:
    from caravan_tui.paths import data_dir

    return data_dir() / DEFAULT_FILE_NAME


class NoteStore:
    """add / update / delete / list the reader's notes, in one SQLite file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_notes_path()
        self.recovery_warning: str | None = None
        self._lock = threading.RLock()
        self._connection = self._open_or_recover()

    # --- writing ---------------------------------------------------------------------

    def add(self, article_id: str, passage_index: int, passage_text: str, body: str) -> Note:
        """Store a new note on a passage and return it."""
        now = time.time()
        values = (article_id, passage_index, passage_hash(passage_text), make_excerpt(passage_text),
                  body, now, now)
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO notes (article_id, passage_index, passage_hash, excerpt, body, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", values)
            if cursor.lastrowid is None:  # never after an INSERT; narrows the type
                raise NotesUnavailable(f"Could not number the new note in {self.path}")
            return Note(cursor.lastrowid, *values)

    def update(self, note_id: int, body: str) -> Note:
        """Replace a note's body; raises NoteNotFound if it is gone."""
        with self._write() as connection:
            changed = connection.execute("UPDATE notes SET body = ?, updated_at = ? WHERE id = ?",
                                         (body, time.time(), note_id)).rowcount
            if not changed:
                raise NoteNotFound(note_id)
            return _fetch_one(connection, note_id)

    def delete(self, note_id: int) -> bool:
        """Delete a note; False if there was no such note."""
        with self._write() as connection:
            return connection.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount > 0

    # --- reading ---------------------------------------------------------------------

    def get(self, note_id: int) -> Note | None:
        with self._read() as connection:
            rows = connection.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,))
            row = rows.fetchone()
        return Note(*row) if row else None

    def notes_for_article(self, article_id: str) -> list[Note]:
        """The notes written on passages of one article, oldest first."""
        return self._select("WHERE article_id = ? ORDER BY created_at, id", (article_id,))

    def all_notes(self) -> list[Note]:
        """Every note, grouped by article, in passage order within each."""
        return self._select("ORDER BY article_id, passage_index, created_at, id", ())

    def resolve(self, note: Note, article: Article | None) -> int | None:
        """See the module-level `resolve`."""
        return resolve(note, article)

    def notes_for_passage(self, article: Article, passage_index: int,
                          counterparts: Sequence[tuple[str, int]],
                          find_article: ArticleLookup) -> list[PassageNote]:
        """The notes on a passage and on its counterparts in other outlets.

        Notes on the passage itself come first, then those on each counterpart
        in the order given. A counterpart whose article `find_article` cannot
        find is skipped: its notes cannot be anchored without its text.
        """
        targets: list[tuple[Article | None, int]] = [(article, passage_index)]
        for article_id, index in counterparts:
            if (article_id, index) != (article.id, passage_index):
                targets.append((find_article(article_id), index))
        found: list[PassageNote] = []
        for target, index in targets:
            if target is not None:
                found.extend(
                    PassageNote(note, target.id, index, target.id == article.id and index == passage_index)
                    for note in self.notes_for_article(target.id) if resolve(note, target) == index)
        return found

    def integrity_check(self) -> str:
        """SQLite's full integrity check: "ok" when the file is sound."""
        with self._read() as connection:
            return "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))

    # --- lifetime --------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ----------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: committed whole or not at all."""
        with self._lock, self._unavailable_on_error("save the note"):
            with _transaction(self._connection):
                yield self._connection

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._unavailable_on_error("read the notes"):
            yield self._connection

    @contextmanager
    def _unavailable_on_error(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise NotesUnavailable(f"Could not {doing} in {self.path}: {error}") from error

    def _select(self, clause: str, parameters: tuple[object, ...]) -> list[Note]:
        with self._read() as connection:
            return [Note(*row) for row in connection.execute(f"SELECT {_NOTE_COLUMNS} FROM notes {clause}",
                                                             parameters)]

    # --- opening, migrating, recovering ------------------------------------------------

    def _open_or_recover(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise NotesUnavailable(f"Cannot create the notes folder {self.path.parent}: {error}") from error
        try:
            return _open(self.path)
        except _NewerSchema as error:
            raise NotesUnavailable(str(error)) from error
        except sqlite3.OperationalError as error:
            raise NotesUnavailable(f"Cannot open the notes file {self.path}: {error}") from error
        except sqlite3.DatabaseError as error:
            return self._recover(error)

    def _recover(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        try:
            moved = move_aside(self.path)
        except OSError as move_error:
            raise NotesUnavailable(f"The notes file {self.path} is damaged ({error}) and could not be "
                                   f"moved aside: {move_error}") from move_error
        try:
            connection = _open(self.path)
        except sqlite3.Error as open_error:
            raise NotesUnavailable(f"Cannot start a new notes file {self.path}: {open_error}") from open_error
        saved = _salvage(moved, connection)
        self.recovery_warning = (f"The notes file was damaged ({error}). It was kept as {moved}; "
                                 f"{saved} note(s) could be read from it into a new notes file.")
        return connection


def _fetch_one(connection: sqlite3.Connection, note_id: int) -> Note:
    row = connection.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        raise NoteNotFound(note_id)
    return Note(*row)


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                 check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        _migrate(connection)
        _check_sound(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date; also proves the file can be written."""
    with _transaction(connection):
        apply_migrations(connection, MIGRATIONS, lambda version: _NewerSchema(
            f"The notes file was written by a newer caravan-tui (schema {version}, this "
            f"program knows {SCHEMA_VERSION}); it was left untouched."))


def _check_sound(connection: sqlite3.Connection) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(problems[:3]))


def _salvage(damaged: Path, connection: sqlite3.Connection) -> int:
    """Copy every note still readable from a damaged file into the new one."""
    try:
        source = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        rows = _readable_rows(source)
    finally:
        source.close()
    try:
        with _transaction(connection):
            connection.executemany(
                f"INSERT OR IGNORE INTO notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    except sqlite3.Error:
        return 0
    return len(rows)


def _readable_rows(source: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """All rows if a scan works; else note by note, skipping those on damaged pages."""
    try:
        return source.execute(f"SELECT {_NOTE_COLUMNS} FROM notes").fetchall()
    except sqlite3.Error:
        pass
    rows = []
    for note_id in range(1, _highest_id(source) + 1):
        try:
            row = source.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
        except sqlite3.Error:
            continue
        if row is not None:
            rows.append(row)
    return rows


def _highest_id(source: sqlite3.Connection) -> int:
    for query in ("SELECT max(id) FROM notes", "SELECT seq FROM sqlite_sequence WHERE name = 'notes'"):
        try:
            row = source.execute(query).fetchone()
        except sqlite3.Error:
            continue
        if row and row[0]:
            return min(int(row[0]), SALVAGE_ID_LIMIT)
    return 0


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the lock is taken up front)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


# --- for the command line ------------------------------------------------------------


def reader_note_rows(articles: Sequence[Article], store: NoteStore | None = None) -> list[dict[str, Any]]:
    """The reader's notes on these articles as JSON-ready rows (kind "reader").

    Each row names the passage the note is anchored on now (`passage`, None
    when orphaned) and keeps the excerpt of the passage it was written on.
    """
    store = store if store is not None else NoteStore()
    by_id = {article.id: article for article in articles}
    rows = []
    for note in store.all_notes():
        if note.article_id not in by_id:
            continue
        passage = resolve(note, by_id[note.article_id])
        rows.append({
            "kind": "reader", "id": note.id, "article": note.article_id, "passage": passage,
            "refs": [{"article": note.article_id, "passage": passage}], "orphaned": passage is None,
            "text": note.body, "excerpt": note.excerpt, "created": note.created_at, "updated": note.updated_at,
        })
    return rows
