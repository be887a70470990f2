"""The user's keymap file rebinds keys by binding id; a bad file is a notice, not a crash."""

from __future__ import annotations

from caravan_tui.ui.app import create_app
from caravan_tui.ui.keymap import read_keymap
from caravan_tui.ui.screens.help import HelpScreen
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_corpus, settle


def write_keymap(tmp_path, monkeypatch, text: str) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CARAVAN_TUI_CONFIG_DIR", str(config))


def test_read_keymap_reports_unknown_ids_and_bad_values(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"a.b" = "x"\n"nope" = "y"\n"a.c" = 3\n', encoding="utf-8")
    keymap, problems = read_keymap(path, ["a.b", "a.c"])
    assert keymap == {"a.b": "x"}
    assert len(problems) == 2
    assert "unknown binding id 'nope'" in problems[0]
    assert "'a.c'" in problems[1]


def test_read_keymap_missing_file_is_empty(tmp_path):
    assert read_keymap(tmp_path / "absent.toml", ["a"]) == ({}, [])


async def test_keymap_file_rebinds_next_passage(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, '[keymap]\n"reader.next_passage" = "n,down"\n')
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        reader = app.screen.query_one(ReadingPane)
        await pilot.press("n", "n")
        assert reader.cursor == 2
        await pilot.press("j")  # no longer bound
        assert reader.cursor == 2
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        columns = app.screen.bindings_table().columns
        shown = {ident.plain: keys.plain for keys, ident in zip(columns[0].cells, columns[3].cells)}
        assert shown["reader.next_passage"] == "n, ↓"


async def test_toml_error_is_a_notification_and_the_app_runs(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, "[keymap\nbroken = ")
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("keymap.toml" in message for message in messages)
        await pilot.press("enter", "j")
        assert app.screen.query_one(ReadingPane).cursor == 1


async def test_unknown_binding_id_is_a_notification(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, '[keymap]\n"reader.fly" = "f"\n"app.quit" = "ctrl+q"\n')
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert any("reader.fly" in n.message for n in app._notifications)
        await pilot.press("q")  # rebound away: does not quit
        assert app.is_running
