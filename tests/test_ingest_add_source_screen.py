"""The "add an article" dialog: enter gives the text, escape or an empty field gives None."""

from __future__ import annotations

from textual.app import App

from caravan_tui.ui.screens.add_source import AddSourceScreen


class _Host(App):
    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(AddSourceScreen(self.initial), self.results.append)


async def test_enter_submits_the_stripped_text():
    app = _Host()
    async with app.run_test() as pilot:
        await pilot.press(*"  https://news.example/a  ")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == ["https://news.example/a"]
        assert not isinstance(app.screen, AddSourceScreen)


async def test_escape_cancels():
    app = _Host("feed.xml")
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_empty_field_gives_none():
    app = _Host()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [None]


def test_binding_ids():
    ids = {binding.id for binding in AddSourceScreen.BINDINGS}
    assert ids == {"add_source.submit", "add_source.cancel"}
