"""Every key binding of the reader, in one list, for help, palette and keymap.

Each entry names where its action runs ("app", "screen", "list", "reader"),
so the help screen can list current keys and the command palette can run the
same actions as the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class BindingEntry:
    scope: str  # "app", "screen", "list" or "reader"
    binding: Binding

    @property
    def id(self) -> str:
        return self.binding.id or ""


SCOPE_TITLES = {"app": "Anywhere", "screen": "Main screen", "list": "Article list", "reader": "Reading pane"}


def all_bindings() -> list[BindingEntry]:
    """The bindings of the app, the main screen, the article list and the reading pane."""
    from caravan_tui.ui.app import CaravanApp
    from caravan_tui.ui.screens.main import MainScreen
    from caravan_tui.ui.widgets.article_list import ArticleList
    from caravan_tui.ui.widgets.reading_pane import ReadingPane

    owners = (("app", CaravanApp), ("screen", MainScreen), ("list", ArticleList), ("reader", ReadingPane))
    return [
        BindingEntry(scope, binding)
        for scope, owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    ]


def current_keys(entry: BindingEntry, keymap: dict[str, str]) -> list[str]:
    """The keys of a binding after the user's keymap."""
    keys = keymap.get(entry.id, entry.binding.key)
    return [key.strip() for key in keys.split(",") if key.strip()]
