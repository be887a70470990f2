"""Files that fail to load: a notice with the count and first files; the good articles open."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.corpus.model import LoadProblem
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_corpus, settle


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


def problems(count: int) -> list[LoadProblem]:
    return [LoadProblem(Path(f"/corpus/bad{n}\x1b[2J.md"), f"reason {n}: no text") for n in range(count)]


async def test_bad_files_are_reported_and_good_articles_open():
    app = create_app(corpus=make_corpus(problems=problems(5)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        notices = [n for n in app._notifications if "problems" in n.title]
        assert len(notices) == 1
        notice = notices[0]
        assert notice.title == "5 files with problems"
        assert "bad0␛[2J.md: reason 0: no text" in notice.message
        assert "bad2" in notice.message and "bad3" not in notice.message
        assert "2 more" in notice.message
        assert "\x1b" not in notice.message
        full_list = app.screen.query_one(NotesPanel).section_text("problems")
        assert all(f"reason {n}" in full_list for n in range(5))
        assert app.screen.query_one(ReadingPane).article.id == "alpha"


async def test_no_notice_without_problems():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert not [n for n in app._notifications if "problems" in n.title]
        assert app.screen.query_one(NotesPanel).section_text("problems") == ""


async def test_loading_the_paths_given_reads_files_in_a_worker(tmp_path):
    (tmp_path / "one.md").write_text("---\ntitle: A [b]title[/b]\nsource: Wire\n---\n\nFirst paragraph.\n\n"
                                     "Second paragraph.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe\x00garbage!")  # odd length: not UTF-16 despite its BOM
    app = create_app(paths=[tmp_path])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(ReadingPane)
        assert reader.article is not None and "A [b]title[/b]" in reader.lines[0]
