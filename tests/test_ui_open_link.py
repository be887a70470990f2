"""`u` in the reader: over SSH the address is copied (OSC 52), never opened on the server."""

from __future__ import annotations

from caravan_tui.ui.app import create_app
from ui_helpers import make_corpus, settle


async def test_u_over_ssh_copies_the_address_instead_of_opening_a_browser(monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: opened.append(url) or True)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert opened == []
        assert app.clipboard == app.main_screen.state.current_article.url
        assert any(app.main_screen.state.current_article.url in str(n.message) for n in app._notifications)
