"""Read and unread: kept with the reader's notes, counted under the list, U goes to the next unread, m toggles,
a changed article is unread again, and r reloads the folder."""

from __future__ import annotations

from pathlib import Path

from caravan_tui.storage.notes import NoteStore
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.article_list import ArticleList
from ui_helpers import settle


def _write(folder: Path, name: str, title: str, outlet: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\ntitle: {title}\nsource: {outlet}\n---\n\n{body}\n", encoding="utf-8")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    _write(folder, "a", "River floods the valley", "Daily Alpha", "The river rose overnight and flooded the valley.")
    _write(folder, "b", "Storm season ends", "Beta News", "Forecasters said the storm season ended early.")
    _write(folder, "c", "Harvest festival opens", "Gamma Post", "The harvest festival opened with a parade.")
    return folder


async def test_opening_marks_read_and_U_goes_to_the_next_unread(tmp_path):
    app = create_app(paths=[_folder(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        first = screen.state.current_article.id
        assert first not in screen.state.unread_ids()
        assert len(screen.state.unread_ids()) == 2
        await pilot.press("U")
        second = screen.state.current_article.id
        assert second != first
        await pilot.press("U")
        await pilot.press("U")
        await pilot.pause()
        assert any("Every article is read" in n.message for n in app._notifications)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        assert screen.state.current_article.id in screen.state.unread_ids()
    await app.workers.wait_for_complete()
    store = NoteStore()
    assert len(store.read_articles()) == 2  # kept with the notes: three read, one marked unread again
    store.close()


async def test_read_state_survives_a_restart_and_a_changed_article_is_unread_again(tmp_path):
    folder = _folder(tmp_path)
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("U", "U")
        await app.workers.wait_for_complete()
    store = NoteStore()
    assert len(store.read_articles()) == 3
    store.close()
    for name in ("a", "b", "c"):  # every text changes: what was read is not what is there now
        text = (folder / f"{name}.md").read_text(encoding="utf-8")
        (folder / f"{name}.md").write_text(text.rstrip() + " It was updated later.\n", encoding="utf-8")
    again = create_app(paths=[folder])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        state = again.main_screen.state
        assert state.unread_ids() == {"a", "b", "c"} - {state.current_article.id}


async def test_r_reloads_the_folder_and_shows_a_new_file(tmp_path):
    folder = _folder(tmp_path)
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        opened = app.main_screen.state.current_article.id
        _write(folder, "d", "Bridge reopens after repairs", "Delta Daily", "The bridge reopened on Monday.")
        await pilot.press("r")
        await settle(app, pilot)
        state = app.main_screen.state
        assert state.corpus.by_id("d") is not None
        assert state.current_article.id == opened
        assert "d" in state.unread_ids()


async def test_the_list_marks_unread_articles_and_counts_them_per_story(tmp_path):
    app = create_app(paths=[_folder(tmp_path)])
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        articles = app.main_screen.query_one(ArticleList)
        await pilot.pause()
        lines = [articles.render_line(y).text for y in range(articles.size.height)]
        assert sum(line.lstrip("│ ").startswith("•") for line in lines) == 2, lines
        assert sum(line.lstrip("│ ").startswith("▶") for line in lines) == 1, lines
        assert any("1 new" in line or "unread" in line for line in lines if "▾" in line), lines


async def test_with_no_path_the_list_says_if_it_shows_the_samples_or_a_local_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = create_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert str(app.main_screen.query_one(ArticleList).border_title) == "Articles: the samples"
    _folder(tmp_path)
    app = create_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert str(app.main_screen.query_one(ArticleList).border_title) == "Articles: ./articles"
