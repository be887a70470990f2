"""Issue #12 item 7: a damaged, read-only or missing analysis cache never stops a command.

Each test first builds the situation the issue describes (damage past the
header, damage after opening, a read-only cache, a cache folder that is a
file, values of the wrong shape) and checks the command's real output.
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

import pytest

from caravan_tui.cli import main
from caravan_tui.paths import cache_dir
from caravan_tui.storage import cache as cache_module
from caravan_tui.storage.cache import AnalysisCache, CacheCorruptWarning, open_cache
from fixture_paths import SEEDS

PAGE = 4096


def fill(path: Path, entries: int = 400) -> None:
    """A cache of many pages (values of ~2 KB), checkpointed into the main file."""
    with AnalysisCache(path) as cache:
        cache.put_many("filler/1", {f"key-{n}": "x" * 2000 + str(n) for n in range(entries)})


def damage_page(path: Path, page: int, count: int = 1) -> None:
    """Overwrite one page (numbered from 1) with garbage, as a failing disk would (after a checkpoint)."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    assert path.stat().st_size >= page * PAGE
    with open(path, "r+b") as file:
        file.seek((page - 1) * PAGE)
        file.write(bytes(range(256)) * (PAGE // 256) * count)


def corrupt_copies(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]


def notes_output(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["notes", str(SEEDS), "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_damage_past_the_header_is_found_when_opened_and_the_cache_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite3"
    fill(path)
    damage_page(path, 40)
    with sqlite3.connect(path) as raw:  # the defect: SQLite opens it, the header is fine
        assert raw.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    with pytest.warns(CacheCorruptWarning):
        cache = AnalysisCache(path)
    with cache:
        assert cache.available and not cache.read_only
        assert cache.get_many("filler/1", ["key-1"]) == {}
        cache.put("k/1", "a", [1, 2])
        assert cache.get("k/1", "a") == [1, 2]
    assert len(corrupt_copies(tmp_path)) == 1


def test_notes_command_works_on_a_cache_damaged_past_the_header(capsys):
    clean = notes_output(capsys)
    path = cache_dir() / cache_module.DEFAULT_FILE_NAME
    with AnalysisCache(path) as cache:
        cache.put_many("filler/1", {f"key-{n}": "y" * 3000 for n in range(300)})
    damage_page(path, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert notes_output(capsys) == clean
        assert notes_output(capsys) == clean  # and the rebuilt cache answers the next run
    assert len(corrupt_copies(path.parent)) == 1


def test_damage_met_mid_read_after_opening_moves_the_file_aside_and_goes_on(tmp_path):
    path = tmp_path / "c.sqlite3"
    fill(path)
    cache = AnalysisCache(path)  # sound when opened
    with AnalysisCache(path) as other:  # another process writes: the first one's page cache is stale
        other.put("k/1", "other", 1)
    damage_page(path, 60, count=4)  # a b-tree page among them, not only a value's overflow page
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = cache.get_many("filler/1", [f"key-{n}" for n in range(400)])
    assert len(values) < 400  # what could not be read is a miss, not an exception
    assert any(issubclass(w.category, CacheCorruptWarning) for w in caught)
    cache.put("k/1", "a", "fresh")
    assert cache.get("k/1", "a") == "fresh"
    cache.close()
    assert len(corrupt_copies(tmp_path)) == 1


def test_a_value_damaged_on_disk_is_one_miss_not_a_failed_query(tmp_path):
    path = tmp_path / "c.sqlite3"
    with AnalysisCache(path) as cache:
        cache.put_many("k/1", {"good": "fine", "bad": "é" * 10})
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE entries SET value = CAST(x'22ff22' AS TEXT) WHERE key = 'bad'")  # not UTF-8
    raw.close()
    with AnalysisCache(path) as cache:
        assert cache.get_many("k/1", ["good", "bad"]) == {"good": "fine"}


def test_a_read_only_cache_is_read_and_never_moved_aside(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    with AnalysisCache(path) as cache:
        cache.put("k/1", "a", {"v": 1})
    monkeypatch.setattr(cache_module, "_writable", lambda _path: False)
    with AnalysisCache(path) as cache:
        assert cache.read_only and cache.get("k/1", "a") == {"v": 1}
        cache.put("k/1", "b", 2)  # skipped, not an error
        assert cache.get("k/1", "b") is None
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []
    assert path.exists()


def test_a_damaged_read_only_cache_is_left_alone_and_unused(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    fill(path)
    damage_page(path, 40)
    before = path.read_bytes()
    monkeypatch.setattr(cache_module, "_writable", lambda _path: False)
    with pytest.warns(CacheCorruptWarning):
        cache = AnalysisCache(path)
    assert not cache.available and cache.get("filler/1", "key-1") is None
    cache.put("k", "a", 1)
    assert path.read_bytes() == before and not corrupt_copies(tmp_path)


def test_a_write_refused_as_read_only_turns_the_cache_read_only(tmp_path):
    path = tmp_path / "c.sqlite3"
    with AnalysisCache(path) as cache:
        cache.put("k/1", "a", 1)
    cache = AnalysisCache(path)
    cache._connection.execute("PRAGMA query_only = ON")  # SQLite now answers writes with SQLITE_READONLY
    cache.put("k/1", "b", 2)
    assert cache.read_only and cache.get("k/1", "a") == 1 and path.exists()
    cache.close()
    assert not corrupt_copies(tmp_path)


def test_moved_aside_copies_are_capped(tmp_path):
    path = tmp_path / "c.sqlite3"
    for _ in range(5):
        fill(path, entries=60)
        damage_page(path, 10)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            AnalysisCache(path).close()
    assert len(corrupt_copies(tmp_path)) == cache_module.KEEP_CORRUPT_COPIES


@pytest.mark.parametrize("make", ["file", "unwritable"])
def test_index_and_notes_work_without_a_cache_and_say_so_once(make, tmp_path, monkeypatch, capsys):
    if make == "file":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("I am a file")
        monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(blocker / "cache"))
    else:
        monkeypatch.setattr(cache_module, "_writable", lambda _path: False)
    for command in (["index", str(SEEDS)], ["index", str(SEEDS)], ["notes", str(SEEDS), "--json"]):
        cache_module._reported.clear()  # as in a new process
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert main(command) == 0
        captured = capsys.readouterr()
        said = [str(w.message) for w in caught if issubclass(w.category, cache_module.CacheUnavailableWarning)]
        said += [line for line in captured.err.splitlines() if "without a cache" in line]
        assert len(said) == 1, (command, said)
        if command[0] == "index":
            assert "recognised 2 of 2 articles" in captured.out  # nothing could be cached


def test_open_cache_reports_an_unusable_folder_to_its_caller(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(blocker))
    errors: list[Exception] = []
    assert open_cache(errors.append) is None
    assert len(errors) == 1 and "working without a cache" in str(errors[0])


def test_cached_results_of_the_wrong_shape_are_misses(capsys):
    clean = notes_output(capsys)
    path = cache_dir() / cache_module.DEFAULT_FILE_NAME
    with sqlite3.connect(path) as raw:
        kinds = [kind for (kind,) in raw.execute("SELECT DISTINCT kind FROM entries")]
        assert any(kind.startswith("entities/") for kind in kinds) and any(kind.startswith("align") for kind in kinds)
        for number, wrong in enumerate(['{"pairs": [{"a": 1}]}', '[[["x"]]]', '{"a": [1, 2]}', '"text"',
                                        '{"pairs": [{"a": {"article": "z", "passage": 99}, "b": {"article": "z", '
                                        '"passage": 0}, "score": 1, "differences": []}], "articles": []}',
                                        '[[[0, 999999, "person", 1.0]]]', '{"x": 5}']):
            raw.execute("UPDATE entries SET value = ? WHERE kind NOT LIKE 'parsed/%'", (wrong,))
            raw.commit()
            assert notes_output(capsys) == clean, f"wrong shape {number}"


def test_the_full_check_is_skipped_only_while_the_file_is_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    fill(path, entries=60)
    checks: list[int] = []
    real_verify = cache_module._verify
    monkeypatch.setattr(cache_module, "_verify", lambda connection: checks.append(1) or real_verify(connection))
    AnalysisCache(path).close()
    AnalysisCache(path).close()
    assert checks == []  # fill's own writes were stamped when it closed: both opens trust the stamp
    damage_page(path, 10)
    with pytest.warns(CacheCorruptWarning):
        AnalysisCache(path).close()
    assert len(checks) >= 2 and len(corrupt_copies(tmp_path)) == 1


def wait_for_background_checks() -> None:
    import threading

    for thread in threading.enumerate():
        if thread.name == "caravan-tui-cache-check":
            thread.join(30)


def test_a_large_cache_is_checked_in_the_background_and_its_damage_found_there(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    fill(path)
    damage_page(path, 40)
    monkeypatch.setattr(cache_module, "VERIFY_AT_OPEN_UP_TO", 0)  # from now on every file counts as large
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = AnalysisCache(path)  # opened at once: the check runs beside it
        assert cache.available and not caught
        wait_for_background_checks()
        cache.put("k/1", "a", "fresh")  # the next operation takes the damage found and starts a new file
    assert any(issubclass(w.category, CacheCorruptWarning) for w in caught)
    assert cache.get("k/1", "a") == "fresh" and cache.get_many("filler/1", ["key-1"]) == {}
    cache.close()
    assert len(corrupt_copies(tmp_path)) == 1


def test_a_sound_large_cache_is_checked_once_in_the_background_and_stamped(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    fill(path)
    monkeypatch.setattr(cache_module, "VERIFY_AT_OPEN_UP_TO", 0)
    stamp = Path(f"{path}{cache_module.VERIFIED_SUFFIX}")
    stamp.unlink(missing_ok=True)
    checks = []
    real = cache_module._verify
    monkeypatch.setattr(cache_module, "_verify", lambda connection: checks.append(1) or real(connection))
    with AnalysisCache(path) as cache, AnalysisCache(path) as other:
        wait_for_background_checks()
        assert cache.get("filler/1", "key-1") == "x" * 2000 + "1" and other.available
    assert checks == [1]  # one check for the two opens
    assert stamp.read_text(encoding="ascii") == cache_module._stamp_of(path.stat())


def test_a_cache_found_sound_is_stamped_again_when_closed_after_writes(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    fill(path)
    checks = []
    real = cache_module._verify
    monkeypatch.setattr(cache_module, "_verify", lambda connection: checks.append(1) or real(connection))
    with AnalysisCache(path) as cache:
        cache.put_many("more/1", {f"key-{n}": "z" * 3000 for n in range(300)})  # the file grows
    with AnalysisCache(path) as cache:
        assert cache.get("more/1", "key-1") == "z" * 3000
    assert checks == []  # the writes of a sound file do not make the next open check it
    damage_page(path, 40)  # damage from outside (a failing disk) changes the file behind the stamp
    with pytest.warns(CacheCorruptWarning):
        AnalysisCache(path).close()
    assert checks and len(corrupt_copies(tmp_path)) == 1
