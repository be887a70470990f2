"""Snapshots of the main screen at 100x30 and 80x24 with a deterministic corpus."""

from __future__ import annotations

import pytest

from caravan_tui.ui.app import create_app
from ui_helpers import make_corpus, settle


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(tmp_path / "config"))


def open_second_passage(app):
    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("enter", "j")
        await pilot.pause()

    return run_before


def test_main_screen_100x30(snap_compare):
    app = create_app(corpus=make_corpus())
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_second_passage(app))


def test_main_screen_80x24(snap_compare):
    app = create_app(corpus=make_corpus())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_second_passage(app))


def test_main_screen_80x24_with_notes(snap_compare):
    app = create_app(corpus=make_corpus())

    async def run_before(pilot) -> None:
        await open_second_passage(app)(pilot)
        await pilot.press("backslash")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_main_screen_light_theme_100x30(snap_compare, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_THEME", "light")
    app = create_app(corpus=make_corpus())
    assert app.theme == "caravan-light"
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_second_passage(app))


def test_main_screen_dark_theme_chosen_by_the_terminal_100x30(snap_compare, monkeypatch):
    monkeypatch.setenv("COLORFGBG", "15;0")
    app = create_app(corpus=make_corpus())
    assert app.theme == "caravan-dark"
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_second_passage(app))


def test_main_screen_no_color_100x30(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(corpus=make_corpus())
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_second_passage(app))


def test_main_screen_160x45_list_sorted_by_date_with_another_article_open(snap_compare):
    app = create_app(corpus=make_corpus())

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("t", "j", "enter")  # by date; open the second row; focus goes to the reading pane
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 45), run_before=run_before)
