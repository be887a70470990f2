"""The "add an article" dialog: one line for an address, a saved page or a feed; no network here.

A `PromptScreen` with its own wording and binding ids. Dismisses with the
stripped text (enter) or None (escape, or enter on an empty field). The main
screen runs `caravan_tui.corpus.ingest.add_sources` on the result in a worker.
"""

from __future__ import annotations

from textual.binding import Binding

from caravan_tui.ui.screens.prompt import PromptScreen


class AddSourceScreen(PromptScreen):
    """Asks for an http(s) address, a saved HTML file or an RSS/Atom feed to add."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add_source.cancel"),
        # The Input submits on enter itself; this binding serves a remapped key, or focus elsewhere.
        Binding("enter", "submit", "Add", id="add_source.submit"),
    ]

    DEFAULT_CSS = """
    AddSourceScreen > Vertical { width: 80; }
    """

    def __init__(self, initial: str = "") -> None:
        super().__init__("Add an article", "https://… , saved-page.html or feed.xml",
                         hint="A web address, a saved HTML page, or an RSS/Atom feed (file or address).",
                         initial=initial, title_keys="enter adds, escape cancels")
