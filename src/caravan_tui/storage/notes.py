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

import os
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
from caravan_tui.storage.salvage import scan_table_rows
from caravan_tui.storage.sqlite_file import BUSY_TIMEOUT_SECONDS, immediate_transaction, move_aside, open_store

DEFAULT_FILE_NAME = "notes.sqlite3"
EXCERPT_CHARS = 80
SALVAGE_ID_LIMIT = 2_000_000
SALVAGE_RANGE = 256  # ids asked of SQLite at once when salvaging

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
    (
        # Read state: an article is read while its text is the one that was read (content hash).
        """
        CREATE TABLE read_articles (
            article_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            read_at REAL NOT NULL
        )
        """,
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
            return Note(int(cursor.lastrowid or 0), *values)

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

    def mark_read(self, article_id: str, content_hash: str) -> None:
        """Remember that this text of the article was read."""
        with self._write() as connection:
            connection.execute("INSERT OR REPLACE INTO read_articles VALUES (?, ?, ?)",
                               (article_id, content_hash, time.time()))

    def mark_unread(self, article_id: str) -> None:
        with self._write() as connection:
            connection.execute("DELETE FROM read_articles WHERE article_id = ?", (article_id,))

    def read_articles(self) -> dict[str, str]:
        """Article id -> the content hash of the text that was read."""
        with self._read() as connection:
            return {str(row[0]): str(row[1]) for row in connection.execute(
                "SELECT article_id, content_hash FROM read_articles")}

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
            with immediate_transaction(self._connection):
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

    def _select(self, clause: str, parameters: tuple[Any, ...]) -> list[Note]:
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
    return open_store(path, MIGRATIONS, lambda version: _NewerSchema(
        f"The notes file was written by a newer caravan-tui (schema {version}, this "
        f"program knows {SCHEMA_VERSION}); it was left untouched."), BUSY_TIMEOUT_SECONDS)


def _salvage(damaged: Path, connection: sqlite3.Connection) -> int:
    """Copy every note still readable from a damaged file into the new one; returns how many."""
    rows = salvage_rows(damaged)
    try:
        with immediate_transaction(connection):
            connection.executemany(
                f"INSERT OR IGNORE INTO notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    except sqlite3.Error:
        return 0
    return len(rows)


def salvage_rows(damaged: Path) -> list[tuple[Any, ...]]:
    """The notes readable from a damaged file, by id: through SQLite where it can, else from the raw pages.

    SQLite is asked for the whole table, then for ranges of ids (a failing range
    is halved down to single ids), so one damaged page loses only its own notes;
    the raw page scanner (storage.salvage) adds every note SQLite could not reach,
    which is all of them when page 1 is damaged or the file is cut short.
    """
    scanned = {rowid: _note_row(rowid, record) for rowid, record in scan_table_rows(damaged, _fits_note).items()}
    rows = _rows_through_sqlite(damaged, max(scanned, default=0))
    for note_id, row in scanned.items():
        rows.setdefault(note_id, row)
    return [rows[note_id] for note_id in sorted(rows)]


def _rows_through_sqlite(damaged: Path, highest_scanned: int) -> dict[int, tuple[Any, ...]]:
    try:
        source = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = _query_rows(source, "", ())
        if rows is None:
            highest = max(_highest_id(source), highest_scanned)
            rows = _rows_in_range(source, 1, min(highest, SALVAGE_ID_LIMIT)) if _schema_readable(source) else []
        return {row[0]: row for row in rows if _fits_note((None, *row[1:]))}
    finally:
        source.close()


def _rows_in_range(source: sqlite3.Connection, first: int, last: int) -> list[tuple[Any, ...]]:
    """Rows with ids first..last, halving a range whose pages SQLite cannot read."""
    rows: list[tuple[Any, ...]] = []
    pending = [(start, min(start + SALVAGE_RANGE - 1, last)) for start in range(first, last + 1, SALVAGE_RANGE)]
    while pending:
        low, high = pending.pop()
        found = _query_rows(source, "WHERE id BETWEEN ? AND ?", (low, high))
        if found is not None:
            rows.extend(found)
        elif low < high:
            middle = (low + high) // 2
            pending.extend([(middle + 1, high), (low, middle)])
    return rows


def _query_rows(source: sqlite3.Connection, clause: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]] | None:
    try:
        return source.execute(f"SELECT {_NOTE_COLUMNS} FROM notes {clause}", parameters).fetchall()
    except sqlite3.Error:
        return None


def _schema_readable(source: sqlite3.Connection) -> bool:
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        return False
    return True


def _highest_id(source: sqlite3.Connection) -> int:
    for query in ("SELECT max(id) FROM notes", "SELECT seq FROM sqlite_sequence WHERE name = 'notes'"):
        try:
            row = source.execute(query).fetchone()
        except sqlite3.Error:
            continue
        if row and isinstance(row[0], int):
            return row[0]
    return 0


def _fits_note(record: tuple[Any, ...]) -> bool:
    """Whether a raw record has the shape of a notes row (the id column is the rowid, stored as NULL)."""
    if len(record) != 8 or record[0] is not None:
        return False
    _, article_id, passage_index, passage_hash_, excerpt, body, created, updated = record
    texts = (article_id, passage_hash_, excerpt, body)
    return (all(isinstance(text, str) for text in texts) and type(passage_index) is int
            and all(type(stamp) in (int, float) for stamp in (created, updated)))


def _note_row(rowid: int, record: tuple[Any, ...]) -> tuple[Any, ...]:
    """A notes row from a raw record (a REAL stored as an integer is read back as a float)."""
    return (rowid, *record[1:6], float(record[6]), float(record[7]))


# --- a note that could not be saved ------------------------------------------------------

RECOVERY_FOLDER = "notes-recovery"


def save_recovery_copy(body: str, *, article_id: str | None = None, passage_index: int | None = None,
                       about: str | None = None, problem: str | None = None) -> Path:
    """Write a note's text that could not be saved to a new file; return its path.

    The file goes to data_dir()/notes-recovery/ (timestamped, never overwriting
    another), or, when that folder cannot be written (a full disk, a read-only
    folder), to the system's temporary folder. OSError when neither works.
    """
    text = _recovery_text(body, article_id, passage_index, about, problem)
    last_error: OSError | None = None
    for folder in _recovery_folders():
        try:
            return _write_new_file(folder, text)
        except OSError as error:
            last_error = error
    raise last_error or OSError("no folder to keep the note in")


def _recovery_folders() -> list[Path]:
    import tempfile

    from caravan_tui.paths import data_dir

    return [data_dir() / RECOVERY_FOLDER, Path(tempfile.gettempdir()) / f"caravan-tui-{RECOVERY_FOLDER}"]


def _recovery_text(body: str, article_id: str | None, passage_index: int | None, about: str | None,
                   problem: str | None) -> str:
    lines = ["# A caravan-tui note that could not be saved; its text follows the blank line."]
    if about:
        lines.append(f"# about: {' '.join(about.split())}")
    if article_id is not None:
        lines.append(f"# article: {article_id}")
    if passage_index is not None:
        lines.append(f"# passage: ¶{passage_index + 1}")
    if problem:
        lines.append(f"# problem: {' '.join(problem.split())}")
    return "\n".join(lines) + "\n\n" + body + ("" if body.endswith("\n") else "\n")


def _write_new_file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for counter in range(1, 1000):
        path = folder / f"note-{stamp}-{counter}.txt"
        try:
            with open(path, "x", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
        except FileExistsError:
            continue
        except OSError:
            path.unlink(missing_ok=True)  # a partial copy must not pass for a whole one
            raise
        return path
    raise OSError(f"too many recovery files in {folder} this second")


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
