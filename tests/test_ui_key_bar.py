"""The key bar: the keys that work here, following focus, screens and the user's keymap."""

from __future__ import annotations

from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.compare import CompareScreen
from caravan_tui.ui.screens.help import HelpScreen
from caravan_tui.ui.widgets.key_bar import KeyBar
from test_ui_keymap import write_keymap
from ui_helpers import make_corpus, settle


def bar_text(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return "".join(segment.text for segment in bar.render_line(0)).rstrip()


async def test_main_screen_lists_its_keys_with_help_and_palette_at_the_right():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = bar_text(app)
        assert text.startswith(" s Next outlet, same passage  ] Next article  [ Previous article ")
        assert text.endswith("? Help  ^p Commands")
        hints = dict(app.screen.query_one(KeyBar).hints)
        assert hints["s"] == "Next outlet, same passage"
        assert "e" not in hints  # show=False bindings stay out


async def test_narrow_bar_drops_whole_hints_but_keeps_help_and_palette():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        text = bar_text(app)
        assert len(text) <= 60
        assert text.endswith("? Help  ^p Commands")
        left = text[:text.index("? Help")].rstrip()
        pieces = [f" {label} {description} " for label, description in app.screen.query_one(KeyBar).hints
                  if description not in ("Help", "Commands")]
        # the hints that do not fit are left out whole, from the end
        assert any("".join(pieces[:count]).rstrip() == left for count in range(len(pieces) + 1))
        assert left  # at least one hint still fits at 60 columns


async def test_bar_follows_the_screen():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "esc Close" in bar_text(app)
        assert "Next article" not in bar_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Next article" in bar_text(app)


async def test_bar_shows_the_users_keymap(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, '[keymap]\n"screen.next_source" = "l"\n')
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert bar_text(app).startswith(" l Next outlet, same passage ")


async def test_clicking_a_hint_presses_its_key():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.click(KeyBar, offset=(bar_text(app).index("? Help") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main_screen.state.current_article.id == app.main_screen.state.article_order[0]
        await pilot.click(KeyBar, offset=(bar_text(app).index("[ Previous article") + 1, 0))
        await pilot.pause()
        state = app.main_screen.state
        assert state.current_article.id == state.article_order[-1]  # wrapped round (s would go to the next outlet)
