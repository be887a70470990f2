"""The matches of a search across all articles: one line each, enter opens the passage.

Dismisses with (article id, passage index) or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from caravan_tui.safe_text import safe
from caravan_tui.ui.screens.option_picker import OptionPickerScreen
from caravan_tui.ui.search import MAX_CORPUS_MATCHES, CorpusMatch


def match_line(found: CorpusMatch) -> Text:
    """'Outlet ¶4: …text around the match…', the match itself in bold."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(safe(found.outlet), style="bold")
    line.append(f" ¶{found.match.passage + 1}: ")
    line.append(safe(found.excerpt))
    return line


class SearchResultsScreen(OptionPickerScreen[tuple[str, int]]):
    """Lists where a query occurs in the corpus."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Close", id="search_results.close"),
        Binding("j", "cursor('down')", "Next match", show=False, id="search_results.down"),
        Binding("k", "cursor('up')", "Previous match", show=False, id="search_results.up"),
    ]

    DEFAULT_CSS = """
    SearchResultsScreen { align: center middle; }
    SearchResultsScreen > Vertical {
        width: 90%; height: 80%;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    SearchResultsScreen OptionList { height: 1fr; border: none; }
    SearchResultsScreen Label { color: $text-muted; }
    """

    def __init__(self, query: str, matches: list[CorpusMatch]) -> None:
        super().__init__()
        self.search_query = query
        self.matches = matches

    def compose(self) -> ComposeResult:
        count = len(self.matches)
        more = " (the first ones)" if count >= MAX_CORPUS_MATCHES else ""
        with Vertical() as box:
            box.border_title = Text(f"“{safe(self.search_query)}”: {count} match{'es' if count != 1 else ''}{more}")
            yield OptionList(*[Option(match_line(found), id=str(number)) for number, found in enumerate(self.matches)])
            yield Label("enter opens the passage · > and < then step through the matches in it · escape closes")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = self.matches[int(event.option.id or 0)]
        self.dismiss((found.article_id, found.match.passage))
