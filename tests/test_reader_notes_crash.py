"""The notes file under stress: a writer killed with SIGKILL mid-write, two processes writing at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from caravan_tui.storage.notes import NoteStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

TIMEOUT = 120

#: Adds notes in a loop and prints each id after its transaction has committed.
WRITER = textwrap.dedent("""
    import sys
    from caravan_tui.storage.notes import NoteStore

    path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = NoteStore(path)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit(2)
    for number in range(count):
        note = store.add(prefix, number % 5, f"Passage {number % 5} text.", f"{prefix} {number}\\nsecond line")
        print(note.id, number, flush=True)
    print("done", flush=True)
""")


def start_writer(path, prefix: str, count: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path), prefix, str(count)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=os.environ.copy())
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def go(process: subprocess.Popen) -> None:
    process.stdin.write("go\n")
    process.stdin.flush()


def test_sigkill_in_the_middle_of_writes_loses_no_committed_note(tmp_path):
    path = tmp_path / "notes.sqlite3"
    writer = start_writer(path, "killed", 1_000_000)
    go(writer)
    committed: dict[int, int] = {}
    try:
        while len(committed) < 50:
            line = writer.stdout.readline()
            assert line, writer.stderr.read()
            note_id, number = map(int, line.split())
            committed[note_id] = number
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=TIMEOUT)
    assert writer.returncode == -signal.SIGKILL

    with NoteStore(path) as store:
        assert store.recovery_warning is None
        assert store.integrity_check() == "ok"
        stored = {note.id: note for note in store.all_notes()}
        for note_id, number in committed.items():
            assert stored[note_id].body == f"killed {number}\nsecond line"
        store.add("after", 0, "Passage 0 text.", "the file still takes writes")
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    path = tmp_path / "notes.sqlite3"
    count = 150
    writers = [start_writer(path, prefix, count) for prefix in ("left", "right")]
    for writer in writers:
        go(writer)
    for writer in writers:
        out, err = writer.communicate(timeout=TIMEOUT)
        assert writer.returncode == 0, err
        assert out.rstrip().endswith("done")

    with NoteStore(path) as store:
        notes = store.all_notes()
        assert store.integrity_check() == "ok"
    assert len(notes) == 2 * count
    for prefix in ("left", "right"):
        numbers = sorted(int(n.body.split()[1]) for n in notes if n.article_id == prefix)
        assert numbers == list(range(count))
