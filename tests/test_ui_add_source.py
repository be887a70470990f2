"""Adding an article from inside the reader: `a`, a path, and it appears without a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

from caravan_tui.corpus.loader import bundled_corpus_path
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.article_list import ArticleList
from fixture_paths import FIXTURES
from ui_helpers import settle

SAVED_PAGE = FIXTURES / "web" / "floods.html"


def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    shutil.copytree(bundled_corpus_path(), folder)
    return folder


async def add_through_the_dialog(app, pilot, source: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*source, "enter")
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_saved_page_added_from_the_reader_opens_without_a_restart(tmp_path):
    folder = corpus_folder(tmp_path)
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert len(app.main_screen.state.corpus.articles) == 2
        await add_through_the_dialog(app, pilot, str(SAVED_PAGE))
        written = sorted(path for path in folder.glob("*.md") if path.name not in {"000_749070dece7ac021.md",
                                                                                   "004_bdaef11c943deee3.md"})
        assert len(written) == 1
        assert len(app.main_screen.state.corpus.articles) == 3
        assert app.main_screen.state.current_article.id == written[0].stem
        assert written[0].stem in app.main_screen.state.article_order
        assert app.main_screen.query_one(ArticleList).highlighted_article_id == written[0].stem


async def test_a_source_that_fails_is_reported_and_nothing_changes(tmp_path):
    folder = corpus_folder(tmp_path)
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await add_through_the_dialog(app, pilot, str(FIXTURES / "web" / "no_article.html"))
        assert len(app.main_screen.state.corpus.articles) == 2
        assert any(n.severity == "error" for n in app._notifications)
        assert sorted(p.name for p in folder.iterdir()) == ["000_749070dece7ac021.md", "004_bdaef11c943deee3.md"]
