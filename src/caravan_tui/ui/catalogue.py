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
    scope: str  # a key of SCOPE_TITLES
    binding: Binding

    @property
    def id(self) -> str:
        return self.binding.id or ""


SCOPE_TITLES = {
    "app": "Anywhere", "screen": "Main screen", "list": "Article list", "reader": "Reading pane",
    "compare": "Compare view", "column": "Compare column", "help": "Help",
    "note_editor": "Note editor", "notes_list": "Notes list", "confirm": "Confirmation",
    "add_source": "Add article", "overview": "Story overview", "prompt": "Question",
    "search_results": "Search results", "story_picker": "Choose a story",
}

#: Scopes whose actions the command palette offers on the main screen.
MAIN_SCOPES = frozenset({"app", "screen", "list", "reader"})


def all_bindings() -> list[BindingEntry]:
    """The bindings of the app, its screens and its focusable widgets."""
    from caravan_tui.ui.app import CaravanApp
    from caravan_tui.ui.screens.add_source import AddSourceScreen
    from caravan_tui.ui.screens.compare import CompareScreen
    from caravan_tui.ui.screens.confirm import ConfirmScreen
    from caravan_tui.ui.screens.help import HelpScreen
    from caravan_tui.ui.screens.main import MainScreen
    from caravan_tui.ui.screens.note_editor import NoteEditorScreen
    from caravan_tui.ui.screens.notes_list import NotesListScreen
    from caravan_tui.ui.screens.overview import OverviewScreen
    from caravan_tui.ui.screens.prompt import PromptScreen
    from caravan_tui.ui.screens.search_results import SearchResultsScreen
    from caravan_tui.ui.screens.story_picker import StoryPickerScreen
    from caravan_tui.ui.widgets.article_list import ArticleList
    from caravan_tui.ui.widgets.passage_column import PassageColumn
    from caravan_tui.ui.widgets.reading_pane import ReadingPane

    owners = (("app", CaravanApp), ("screen", MainScreen), ("list", ArticleList), ("reader", ReadingPane),
              ("compare", CompareScreen), ("column", PassageColumn), ("help", HelpScreen),
              ("note_editor", NoteEditorScreen), ("notes_list", NotesListScreen), ("confirm", ConfirmScreen),
              ("add_source", AddSourceScreen), ("overview", OverviewScreen), ("prompt", PromptScreen),
              ("search_results", SearchResultsScreen), ("story_picker", StoryPickerScreen))
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
