"""Correcting the stories in the reader: move (or split off), merge and name, kept through a restart."""

from __future__ import annotations

from pathlib import Path

from caravan_tui.storage.corrections import load_corrections
from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.story_picker import StoryPickerScreen
from ui_helpers import settle


def _write(folder: Path, name: str, title: str, outlet: str, story: str | None, body: str) -> None:
    folder.mkdir(exist_ok=True)
    front = f"title: {title}\nsource: {outlet}\n" + (f"story: {story}\n" if story else "")
    (folder / f"{name}.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    _write(folder, "a", "River floods the valley", "Daily Alpha", None,
           "The river rose overnight and flooded the valley towns of the north.")
    _write(folder, "b", "Valley towns under water", "Beta News", None,
           "Forecasters in the capital said more rain would fall on the valley this week.")
    _write(folder, "c", "Harvest festival opens", "Gamma Post", None, "The harvest festival opened with a parade.")
    return folder


async def _choose(pilot, app, label_part: str) -> None:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StoryPickerScreen)
    number = next(n for n, (_, label) in enumerate(screen.choices) if label_part in label)
    for _ in range(number):
        await pilot.press("j")
    await pilot.press("enter")
    for _ in range(10):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_move_split_merge_and_name_are_kept_through_a_restart(tmp_path):
    folder = _folder(tmp_path)
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        state = app.main_screen.state
        app.main_screen.open_article("a")
        await pilot.press("M")
        await _choose(pilot, app, "A new story of its own")
        await settle(app, pilot)
        state = app.main_screen.state
        alone = state.story_of["a"]
        assert state.story_members("a") == ["a"]
        app.main_screen.open_article("c")
        await pilot.press("J")
        await _choose(pilot, app, "River floods the valley")
        await settle(app, pilot)
        state = app.main_screen.state
        assert state.story_of["c"] == alone
        await pilot.press("T", *"Valley floods", "enter")
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await settle(app, pilot)
    corrections = load_corrections()
    assert corrections.moves["a"] == alone and corrections.moves["c"] == alone
    assert corrections.names[alone] == "Valley floods"
    again = create_app(paths=[folder])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        state = again.main_screen.state
        assert state.story_of["a"] == state.story_of["c"] == alone
        assert state.story_name(alone) == "Valley floods"


async def test_escape_in_the_story_picker_changes_nothing(tmp_path):
    app = create_app(paths=[_folder(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = dict(app.main_screen.state.story_of)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        assert app.main_screen.state.story_of == before and load_corrections().moves == {}


async def test_the_overview_says_which_articles_derive_from_one_text_and_which_were_written_independently():
    from caravan_tui.ui.screens.overview import OverviewScreen
    from fixture_paths import FIXTURES

    app = create_app(paths=[FIXTURES / "stories"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        for _ in range(30):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, OverviewScreen):
                break
        assert isinstance(app.screen, OverviewScreen)
        assert "written independently" in app.screen.families
        assert "written independently" in str(app.screen.query_one("#overview-families").render())
