"""A start paints the last load of the same paths from its record; the files are checked after, and win."""

from __future__ import annotations

import dataclasses
import json
import os
from concurrent.futures import Future
from pathlib import Path

import pytest

from caravan_tui.corpus import loader
from caravan_tui.corpus.parsed import ParseCache
from caravan_tui.ui import preload
from caravan_tui.ui.app import create_app
from caravan_tui.ui.start_record import digest_key, rebuilt, record_key, record_of
from factories import folder_of_two_and_a_broken, write_markdown_article
from ui_helpers import settle

pytestmark = pytest.mark.usefixtures("fresh_passage_store")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return folder_of_two_and_a_broken(tmp_path)


def listed(result) -> list[tuple]:
    return [(a.id, str(a.path), a.title, a.source, a.content_hash, a.words, len(a.passages),
             [p.text for p in a.passages], result.story_of[a.id]) for a in result.corpus.articles]


def problems(result) -> list[tuple]:
    return [(str(p.path), p.reason, p.fatal) for p in result.corpus.problems]


def refuse_file_access(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the files were looked at")

    monkeypatch.setattr(loader, "_candidate_files", refuse)
    monkeypatch.setattr(loader, "_read_capped", refuse)


def stored_record(paths):
    cache = ParseCache.open()
    try:
        return cache.start_record(record_key(paths))
    finally:
        cache.close()


def test_the_second_start_is_the_first_load_rebuilt_without_looking_at_the_files(folder, monkeypatch):
    first = preload.quick_load([folder])
    assert not first.provisional and first.digest
    refuse_file_access(monkeypatch)
    second = preload.quick_load([folder])
    assert second.provisional and second.digest == first.digest
    assert listed(second) == listed(first) and problems(second) == problems(first)
    assert [p.path.name for p in second.corpus.problems] == ["broken.md"]


def test_the_check_finds_nothing_when_no_file_changed(folder):
    preload.quick_load([folder])
    shown = preload.quick_load([folder])
    assert preload.check_against_files([folder], shown) is None


def test_the_check_gives_the_files_as_they_are_now(folder):
    preload.quick_load([folder])
    shown = preload.quick_load([folder])
    write_markdown_article(folder, "beta", "A rewritten report.", title="Beta rewritten")
    write_markdown_article(folder, "gamma", "A third report of the floods.")
    fresh = preload.check_against_files([folder], shown)
    assert fresh is not None and not fresh.provisional
    assert {a.id: a.title for a in fresh.corpus.articles} == {
        "alpha": "Alpha headline", "beta": "Beta rewritten", "gamma": "Gamma headline"}
    assert preload.quick_load([folder]).digest == fresh.digest  # the next start paints what the check found


def test_relative_paths_stay_relative_and_other_working_folders_have_their_own_record(folder, monkeypatch):
    monkeypatch.chdir(folder.parent)
    preload.quick_load([Path("articles")])
    shown = preload.quick_load([Path("articles")])
    assert shown.provisional and {str(a.path) for a in shown.corpus.articles} == {
        os.path.join("articles", "alpha.md"), os.path.join("articles", "beta.md")}
    monkeypatch.chdir(folder)
    assert not preload.quick_load([Path("articles")]).provisional  # ./articles/articles: another start


def test_the_readers_corrections_are_applied_fresh_to_a_record(folder, monkeypatch):
    from caravan_tui.storage.corrections import Corrections

    preload.quick_load([folder])
    monkeypatch.setattr(preload, "_corrections",
                        lambda: Corrections(moves={"beta": "moved"}, names={"moved": "Floods"},
                                            outlets={"alpha": "Renamed outlet"}))
    shown = preload.quick_load([folder])
    assert shown.provisional and shown.story_of["beta"] == "moved" and shown.story_names == {"moved": "Floods"}
    assert shown.corpus.by_id("alpha").source == "Renamed outlet"
    assert preload.check_against_files([folder], shown) is None  # corrections are not a change of the files


@pytest.mark.parametrize("damage", [
    lambda record: record.update(rows="x"),
    lambda record: record["rows"][0].__setitem__(11, 0),  # no passages
    lambda record: record["rows"][0].__setitem__(1, "../../etc/passwd"),
    lambda record: record["rows"][0].__setitem__(0, 7),  # no such folder
    lambda record: record["rows"][0].pop(),
    lambda record: record["rows"].append(list(record["rows"][0])),  # an id twice
    lambda record: record["problems"].append(["x.md", 3, True]),
    lambda record: record.pop("digest"),
])
def test_a_damaged_record_is_not_used_and_is_written_again(folder, damage):
    preload.quick_load([folder])
    record = stored_record([folder])
    damage(record)
    assert rebuilt(record) is None
    cache = ParseCache.open()
    cache.put_start_record(record_key([folder]), record)  # the digest kept beside it still matches
    cache.close()
    assert not preload.quick_load([folder]).provisional
    assert preload.quick_load([folder]).provisional  # the damaged record was replaced


def test_the_digest_follows_every_field(folder):
    first = preload.load_and_group([folder])
    record = record_of(first.corpus, first.story_of)
    assert record is not None and record["digest"] == first.digest
    changed = json.loads(json.dumps(record))
    changed["rows"][0][3] = "Another title"
    assert rebuilt(changed) is not None and record_of(rebuilt(changed).corpus, first.story_of)["digest"] != first.digest


def test_the_digest_is_kept_beside_the_record(folder):
    first = preload.quick_load([folder])
    cache = ParseCache.open()
    try:
        assert cache.start_record(digest_key(record_key([folder]))) == first.digest
    finally:
        cache.close()


def provisional_app(folder):
    loading: Future = Future()
    loading.set_result(preload.quick_load([folder]))
    assert loading.result().provisional
    return create_app(paths=[folder], loading=loading)


async def test_the_reader_shows_the_record_then_the_changed_files(folder):
    preload.quick_load([folder])
    app = provisional_app(folder)
    write_markdown_article(folder, "gamma", "A third report of the floods.")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(100):
            if len(app.main_screen.state.corpus.articles) == 3:
                break
            await pilot.pause(0.05)
        screen = app.main_screen
        assert {a.id for a in screen.state.corpus.articles} == {"alpha", "beta", "gamma"}
        assert "gamma" in [option.id for option in screen.article_list.options]
        assert "checking" not in str(screen.article_list.border_subtitle)
        assert any("Articles updated" == notice.title for notice in app._notifications)


async def test_the_reader_keeps_the_record_when_the_files_are_unchanged(folder):
    preload.quick_load([folder])
    app = provisional_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        shown = screen.state.corpus
        for _ in range(100):
            if "checking" not in str(screen.article_list.border_subtitle):
                break
            await pilot.pause(0.05)
        assert str(screen.article_list.border_subtitle) == "2 articles by story"
        assert screen.state.corpus is shown
        assert not any("Articles updated" == notice.title for notice in app._notifications)


async def test_the_list_says_the_files_are_being_checked_and_a_failed_check_is_a_warning(folder, monkeypatch):
    import threading

    from caravan_tui.ui.screens import main

    release = threading.Event()

    def failing_check(paths, shown):
        release.wait(10)
        raise OSError("the disk went away")

    monkeypatch.setattr(main, "check_against_files", failing_check)
    preload.quick_load([folder])
    app = provisional_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        listing = app.main_screen.article_list
        assert str(listing.border_subtitle).startswith("checking 2 articles")
        release.set()
        for _ in range(100):
            if "checking" not in str(listing.border_subtitle):
                break
            await pilot.pause(0.05)
        assert str(listing.border_subtitle) == "2 articles by story"
        warnings = [n for n in app._notifications if n.title == "Could not check the files"]
        assert len(warnings) == 1 and "the disk went away" in warnings[0].message
        assert len(app.main_screen.state.corpus.articles) == 2  # the record stays on screen


def test_quitting_during_a_long_load_does_not_wait_for_it(folder, monkeypatch):
    """As `caravan-tui` runs it (`App.run`: asyncio waits for its executor's threads at the end)."""
    import threading

    from caravan_tui.ui.screens import main

    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def endless_load(paths, corpus=None, progress=None):
        started.set()
        release.wait(30)  # a load that must group 100,000 articles again: minutes
        finished.set()
        raise RuntimeError("released")

    async def quit_once_loading(pilot):
        for _ in range(200):
            if started.is_set():
                break
            await pilot.pause(0.05)
        await pilot.press("q")

    monkeypatch.setattr(main, "load_and_group", endless_load)
    try:
        create_app(paths=[folder]).run(headless=True, size=(100, 30), auto_pilot=quit_once_loading)
        assert started.is_set() and not finished.is_set()  # the reader ended without waiting for the load
    finally:
        release.set()


@pytest.mark.skipif(os.sys.getfilesystemencoding() != "utf-8" or os.sys.platform == "darwin",
                    reason="needs byte file names")
def test_a_file_name_that_is_not_utf8_is_recorded_and_rebuilt(folder):
    (folder / os.fsdecode(b"caf\xe9.md")).write_text("---\ntitle: Cafe\n---\n\nA report from the caf\u00e9.\n",
                                                   encoding="utf-8")
    first = preload.quick_load([folder])
    second = preload.quick_load([folder])
    assert second.provisional and listed(second) == listed(first)
    assert "caf\ufffd" in {a.id for a in second.corpus.articles}


def test_a_deleted_working_folder_still_loads_absolute_paths(folder, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    preload.quick_load([folder])
    assert preload.quick_load([folder]).provisional


async def test_a_long_load_says_how_far_it_is(folder, monkeypatch):
    import threading

    from caravan_tui.ui.screens import main

    real_load, steps = preload.load_and_group, [threading.Event(), threading.Event(), threading.Event()]

    def slow_load(paths, corpus=None, progress=None):
        progress.files = 1234
        steps[0].wait(10)
        progress.grouping = True
        steps[1].wait(10)
        return real_load(paths, corpus, progress)

    async def placeholder_becomes(pilot, text):
        for _ in range(100):
            if app.main_screen.reading_pane.placeholder == text:
                return True
            await pilot.pause(0.05)
        return False

    monkeypatch.setattr(main, "load_and_group", slow_load)
    app = create_app(paths=[folder])
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert await placeholder_becomes(pilot, "Loading… 1,234 files")
            steps[0].set()
            assert await placeholder_becomes(pilot, "Grouping 1,234 files into stories…")
            steps[1].set()
            await settle(app, pilot)
            assert app.main_screen.state.current_article is not None
            assert app.main_screen._load_timer is None  # no more progress once shown
    finally:
        for step in steps:
            step.set()


def test_load_progress_wording():
    progress = preload.LoadProgress()
    assert progress.describe() == "Loading…"
    progress.files = 100_000
    assert progress.describe() == "Loading… 100,000 files"
    progress.grouping = True
    assert progress.describe() == "Grouping 100,000 files into stories…"


@pytest.mark.parametrize("path", ["a.md", "articles/a.md", "/a.md", "/srv/news/a.md", "../up/a.md"])
def test_a_recorded_path_is_rebuilt_as_it_was(path):
    from caravan_tui.corpus.model import Corpus
    from factories import make_article

    article = dataclasses.replace(make_article("a", ["One passage."]), path=Path(path))
    record = record_of(Corpus(articles=[article]), {"a": "story"})
    assert rebuilt(record).corpus.articles[0].path == Path(path)


async def test_a_folder_gone_since_the_last_start_shows_the_record_then_the_problem(folder):
    import shutil

    preload.quick_load([folder])
    app = provisional_app(folder)
    shutil.rmtree(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(100):
            if not app.main_screen.state.corpus.articles:
                break
            await pilot.pause(0.05)
        screen = app.main_screen
        assert screen.state.corpus.articles == []
        assert [problem.reason for problem in screen.state.corpus.problems] == ["no such file or folder"]
        assert screen.reading_pane.placeholder == "No articles to show."
        assert screen.reading_pane.article is None and screen.state.current_article is None
