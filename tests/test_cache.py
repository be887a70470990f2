"""The SQLite analysis cache: values, schema version, WAL, recovery from a corrupt file."""

from __future__ import annotations

import sqlite3

import pytest

from caravan_tui.storage.cache import SCHEMA_VERSION, AnalysisCache, CacheCorruptWarning, default_cache_path


def test_put_get_and_get_many(tmp_path):
    with AnalysisCache(tmp_path / "c.sqlite3") as cache:
        cache.put("kind/1", "k1", {"spans": [[0, 3, "place", 1.0]]})
        cache.put("kind/1", "k2", [1, 2, 3])
        cache.put("other/1", "k1", "elsewhere")
        assert cache.get("kind/1", "k1") == {"spans": [[0, 3, "place", 1.0]]}
        assert cache.get("kind/1", "missing") is None
        assert cache.get("kind/1", "missing", default=[]) == []
        assert cache.get_many("kind/1", ["k1", "k2", "k3"]) == {"k1": {"spans": [[0, 3, "place", 1.0]]},
                                                               "k2": [1, 2, 3]}
        assert cache.get("other/1", "k1") == "elsewhere"


def test_values_survive_reopening_and_replace(tmp_path):
    path = tmp_path / "c.sqlite3"
    with AnalysisCache(path) as cache:
        cache.put("k", "a", 1)
        cache.put("k", "a", 2)
    with AnalysisCache(path) as cache:
        assert cache.get("k", "a") == 2


def test_many_keys_at_once(tmp_path):
    with AnalysisCache(tmp_path / "c.sqlite3") as cache:
        cache.put_many("k", {str(i): i for i in range(1200)})
        assert len(cache.get_many("k", [str(i) for i in range(1500)])) == 1200


def test_schema_version_and_wal(tmp_path):
    path = tmp_path / "c.sqlite3"
    AnalysisCache(path).close()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_corrupt_file_is_moved_aside_with_a_warning(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(CacheCorruptWarning):
        cache = AnalysisCache(path)
    cache.put("k", "a", 1)
    assert cache.get("k", "a") == 1
    cache.close()
    assert [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_newer_schema_is_treated_as_unreadable(tmp_path):
    path = tmp_path / "c.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    connection.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 5,))
    connection.commit()
    connection.close()
    with pytest.warns(CacheCorruptWarning):
        AnalysisCache(path).close()


def test_default_path_is_in_the_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(tmp_path))
    assert default_cache_path().parent == tmp_path
    AnalysisCache().close()
    assert default_cache_path().exists()


def test_present_names_the_cached_keys_of_one_kind(tmp_path):
    cache = AnalysisCache(tmp_path / "c.sqlite3")
    cache.put_many("k/1", {f"key{n}": {"n": n} for n in range(0, 1200, 2)})
    cache.put("other/1", "key1", 1)
    asked = [f"key{n}" for n in range(1200)]
    assert cache.present("k/1", asked) == {f"key{n}" for n in range(0, 1200, 2)}
    assert cache.present("other/1", asked) == {"key1"}


def test_keys_and_values_that_utf8_cannot_hold_are_stored_and_read_back(tmp_path):
    """A file name's undecodable bytes (lone surrogates in Python) in a key or a value: no write is lost."""
    from caravan_tui.storage.cache import AnalysisCache

    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    odd = "/articles/caf\udce9.md"
    cache.put_many("kind", {odd: {"path": odd}, "plain": [1, 2]})
    assert cache.get_many("kind", [odd, "plain", "absent"]) == {odd: {"path": odd}, "plain": [1, 2]}
    assert cache.present("kind", [odd, "absent"]) == {odd}
    assert cache.get("kind", "\x00" + "x") is None
