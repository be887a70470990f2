"""The command palette speaks the reader's language: descriptions and keys, no ids, no duplicates."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from caravan_tui.ui.app import create_app
from ui_helpers import make_corpus, settle


async def _palette_lines(app, pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    if query:
        await pilot.press(*query)
    lines: list[str] = []
    for _ in range(30):
        await pilot.pause(0.05)
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        if lines:
            break
    return lines


async def test_the_palette_finds_search_and_shows_no_internal_ids_or_key_names():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = await _palette_lines(app, pilot, "search")
        text = "\n".join(lines)
        assert "Search this article" in text and "Search all articles" in text
        assert "screen." not in text and "reader." not in text


async def test_the_palette_lists_quit_once_and_help_with_its_key_shown_as_typed():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = await _palette_lines(app, pilot, "")
        text = "\n".join(lines)
        assert sum("Quit" in line for line in lines) == 1, lines
        assert "question_mark" not in text and "app.help" not in text
        help_line = next(line for line in lines if line.startswith("Help"))
        assert "key: ?" in help_line
