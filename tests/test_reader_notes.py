"""The reader's notes store: saving, anchoring to moved passages, orphans, recovery, errors."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from caravan_tui.storage.notes import (
    SCHEMA_VERSION,
    NoteNotFound,
    NoteStore,
    NotesUnavailable,
    default_notes_path,
    make_excerpt,
    passage_hash,
)
from ui_helpers import make_article

TEXTS = [
    "The caravan set off before dawn from the southern city.",
    "Officials said 6,000 people joined the march on Tuesday.",
    "Aid groups handed out water at the edge of the town.",
]


@pytest.fixture
def store(tmp_path):
    with NoteStore(tmp_path / "notes.sqlite3") as opened:
        yield opened


def test_add_get_update_delete(store):
    note = store.add("alpha", 1, TEXTS[1], "First line\nsecond line")
    assert note.id > 0 and note.body == "First line\nsecond line" and note.first_line == "First line"
    assert store.get(note.id) == note
    updated = store.update(note.id, "changed")
    assert updated.body == "changed" and updated.created_at == note.created_at
    assert updated.updated_at >= note.updated_at
    assert store.delete(note.id) is True
    assert store.delete(note.id) is False
    assert store.get(note.id) is None
    with pytest.raises(NoteNotFound):
        store.update(note.id, "gone")


def test_notes_survive_a_restart(tmp_path):
    path = tmp_path / "notes.sqlite3"
    with NoteStore(path) as first:
        kept = first.add("alpha", 0, TEXTS[0], "kept\nacross restarts")
        first.add("beta", 2, TEXTS[2], "another")
    with NoteStore(path) as second:
        assert second.get(kept.id) == kept
        assert [n.article_id for n in second.all_notes()] == ["alpha", "beta"]
        assert second.notes_for_article("alpha") == [kept]


def test_default_path_is_in_the_data_dir(monkeypatch, tmp_path):
    target = tmp_path / "deeper" / "data"
    monkeypatch.setenv("CARAVAN_TUI_DATA_DIR", str(target))
    with NoteStore() as opened:
        opened.add("alpha", 0, TEXTS[0], "x")
    assert default_notes_path() == target / "notes.sqlite3"
    assert default_notes_path().is_file()


def test_schema_version_wal_and_busy_timeout(tmp_path):
    path = tmp_path / "notes.sqlite3"
    NoteStore(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()
    with NoteStore(path) as reopened:
        assert reopened._connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_note_follows_its_passage_when_passages_are_inserted_before(store):
    original = make_article("alpha", "Daily Alpha", "Caravan", TEXTS)
    note = store.add("alpha", 1, TEXTS[1], "about the figure")
    edited = make_article("alpha", "Daily Alpha", "Caravan",
                          ["A new first paragraph.", "Another inserted one.", *TEXTS])
    assert store.resolve(note, original) == 1
    assert store.resolve(note, edited) == 3


def test_whitespace_changes_keep_the_anchor(store):
    note = store.add("alpha", 1, TEXTS[1], "x")
    reflowed = TEXTS[1].replace(" said ", "  said\n").replace("march", "march\u00a0") + "  "
    assert passage_hash(reflowed) == note.passage_hash
    assert store.resolve(note, make_article("alpha", "A", "T", [TEXTS[0], reflowed])) == 1


def test_a_changed_passage_orphans_the_note_but_keeps_it(store):
    note = store.add("alpha", 1, TEXTS[1], "about the figure")
    rewritten = make_article("alpha", "A", "T", [TEXTS[0], TEXTS[1].replace("6,000", "7,000"), TEXTS[2]])
    assert store.resolve(note, rewritten) is None
    assert store.all_notes() == [note]
    assert note.excerpt == TEXTS[1]


def test_a_removed_passage_orphans_the_note_and_it_is_still_listed(store):
    note = store.add("alpha", 2, TEXTS[2], "water")
    shorter = make_article("alpha", "A", "T", TEXTS[:2])
    assert store.resolve(note, shorter) is None
    assert store.resolve(note, None) is None
    assert store.notes_for_article("alpha") == [note]


def test_repeated_passage_text_resolves_to_the_nearest_copy(store):
    repeated = [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[1]]
    note = store.add("alpha", 3, TEXTS[1], "the second copy")
    assert store.resolve(note, make_article("alpha", "A", "T", repeated)) == 3
    assert store.resolve(note, make_article("alpha", "A", "T", repeated[:3] + ["new", TEXTS[1]])) == 4
    first_copy = store.add("alpha", 1, TEXTS[1], "the first copy")
    assert store.resolve(first_copy, make_article("alpha", "A", "T", repeated)) == 1


def test_resolve_is_per_article(store):
    note = store.add("alpha", 0, TEXTS[0], "x")
    assert store.resolve(note, make_article("beta", "B", "T", TEXTS)) is None


def test_notes_for_passage_includes_counterparts_in_other_outlets(store):
    alpha = make_article("alpha", "Daily Alpha", "T", TEXTS)
    beta = make_article("beta", "Beta News", "T", ["Intro.", "Officials said 6,500 people marched."])
    articles = {a.id: a for a in (alpha, beta)}
    own = store.add("alpha", 1, TEXTS[1], "on alpha")
    other = store.add("beta", 1, beta.passages[1].text, "on beta")
    store.add("beta", 0, "Intro.", "elsewhere in beta")
    store.add("alpha", 2, TEXTS[2], "elsewhere in alpha")

    found = store.notes_for_passage(alpha, 1, [("beta", 1), ("missing", 0)], articles.get)
    assert [(f.note.id, f.article_id, f.passage_index, f.on_this_passage) for f in found] == [
        (own.id, "alpha", 1, True), (other.id, "beta", 1, False)]

    from_beta = store.notes_for_passage(beta, 1, [("alpha", 1)], articles.get)
    assert [(f.note.body, f.on_this_passage) for f in from_beta] == [("on beta", True), ("on alpha", False)]


def test_notes_for_passage_skips_orphans(store):
    alpha = make_article("alpha", "Daily Alpha", "T", TEXTS)
    store.add("alpha", 1, "A passage that is no longer there.", "orphan")
    assert store.notes_for_passage(alpha, 1, [], {"alpha": alpha}.get) == []


def test_excerpt_is_short_and_cut_at_a_word():
    long_text = "word " * 60
    excerpt = make_excerpt(long_text)
    assert len(excerpt) <= 81 and excerpt.endswith("…") and excerpt[:-1].endswith("word")
    assert make_excerpt("  short \n text ") == "short text"


def test_corrupt_file_is_moved_aside_not_deleted_and_reported(tmp_path):
    path = tmp_path / "notes.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with NoteStore(path) as store:
        warning = store.recovery_warning
        store.add("alpha", 0, TEXTS[0], "fresh start")
        assert len(store.all_notes()) == 1
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert warning and "damaged" in warning and kept[0].name in warning
    with NoteStore(path) as reopened:
        assert reopened.recovery_warning is None


def test_damaged_file_yields_the_notes_it_can(tmp_path):
    path = tmp_path / "notes.sqlite3"
    with NoteStore(path) as store:
        for number in range(300):
            store.add("alpha", number % 3, TEXTS[number % 3], f"note {number} " + "x" * 200)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    data[page_size * 8:page_size * 8 + 200] = b"\xff" * 200  # damage page 9, a leaf of the notes table
    path.write_bytes(bytes(data))

    with NoteStore(path) as recovered:
        assert recovered.recovery_warning is not None
        saved = recovered.all_notes()
        assert recovered.integrity_check() == "ok"
    assert 300 - 30 <= len(saved) < 300  # one damaged page holds at most a couple of dozen notes
    assert all(note.body.startswith(f"note {note.id - 1} ") for note in saved)
    assert [p for p in tmp_path.iterdir() if p.name.startswith("notes.sqlite3.corrupt-")]


def test_two_damaged_files_in_the_same_second_are_both_kept(tmp_path):
    path = tmp_path / "notes.sqlite3"
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        path.unlink(missing_ok=True)
        for extra in tmp_path.glob("notes.sqlite3-*"):
            extra.unlink()
        path.write_bytes(content)
        NoteStore(path).close()
    kept = sorted(p.read_bytes()[:6] for p in tmp_path.iterdir() if ".corrupt-" in p.name
                  and not p.name.endswith(("-wal", "-shm")))
    assert kept == [b"first ", b"second"]


def test_newer_schema_is_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    connection.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 3,))
    connection.commit()
    connection.close()
    with pytest.raises(NotesUnavailable, match="newer"):
        NoteStore(path)
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_data_folder_that_cannot_be_created_is_reported(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(NotesUnavailable, match="notes folder"):
        NoteStore(blocker / "data" / "notes.sqlite3")


def test_notes_path_that_cannot_be_opened_is_reported(tmp_path):
    folder_in_the_way = tmp_path / "notes.sqlite3"
    folder_in_the_way.mkdir()
    with pytest.raises(NotesUnavailable, match="Cannot open"):
        NoteStore(folder_in_the_way)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_data_folder_is_reported(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(NotesUnavailable):
            NoteStore(folder / "notes.sqlite3")
    finally:
        folder.chmod(0o755)


def test_write_failure_after_opening_is_notes_unavailable(tmp_path):
    store = NoteStore(tmp_path / "notes.sqlite3")
    store._connection.execute("PRAGMA query_only = ON")
    with pytest.raises(NotesUnavailable, match="save"):
        store.add("alpha", 0, TEXTS[0], "x")
    store._connection.execute("PRAGMA query_only = OFF")
    store.add("alpha", 0, TEXTS[0], "after the failure")
    assert [n.body for n in store.all_notes()] == ["after the failure"]
    store.close()


def test_threads_sharing_one_store(store):
    def write(prefix: str) -> None:
        for number in range(40):
            store.add("alpha", 0, TEXTS[0], f"{prefix}{number}")

    threads = [threading.Thread(target=write, args=(p,)) for p in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(store.all_notes()) == 120
