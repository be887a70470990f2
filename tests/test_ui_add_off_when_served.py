"""A reader started by `caravan-tui serve` without --allow-add (CARAVAN_TUI_ALLOW_ADD=0) adds nothing.

The refusal lives in `add_sources`, so it holds whatever the reader's screens
do: `a` may still open the dialog, but the source is refused with a notice
naming --allow-add, and no file is written or fetched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from caravan_tui.corpus.ingest import ALLOW_ADD_ENV
from caravan_tui.corpus.loader import bundled_corpus_path
from caravan_tui.ui.app import create_app
from ui_helpers import settle

SAVED_PAGE = Path(__file__).parent / "fixtures" / "web" / "floods.html"


async def test_a_served_reader_without_allow_add_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(ALLOW_ADD_ENV, "0")
    folder = tmp_path / "stories"
    shutil.copytree(bundled_corpus_path(), folder)
    before = sorted(path.name for path in folder.iterdir())
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        if app.screen.__class__.__name__ == "AddSourceScreen":
            await pilot.press(*str(SAVED_PAGE), "enter")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert sorted(path.name for path in folder.iterdir()) == before
        assert len(app.main_screen.state.corpus.articles) == 2
        assert any("--allow-add" in str(notice.message) for notice in app._notifications)
