"""The main screen: article list, reading pane and notes panel side by side.

At 100 columns and wider all three panes show. Narrower, the notes panel is
hidden; `\\` shows it in place of the article list (and `\\` again brings the
list back), so the reading pane always keeps most of the width.

A one-line legend above the footer names the entity types in their styles
(1-5 toggle each) and the gutter marks; `s`/`S` switch the reading pane to
the same passage in the next/previous outlet, `d` opens the compare view;
`n`/`e`/`x` add, edit and delete the reader's note on the passage, `N` lists all notes;
`a` adds an article from an address, a saved page or a feed.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.ui.analysis_view import GUTTER_LEGEND
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.key_bar import KeyBar
from caravan_tui.ui.widgets.legend import Legend
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane

NARROW_BELOW = 100


class MainScreen(Screen[None]):
    """The three panes; the focused one has a heavy border and a reversed title."""

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="screen.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="screen.focus_previous"),
        # The key bar shows the first of these that fit: the reader's own key first.
        Binding("s", "switch_source(1)", "Next outlet, same passage", id="screen.next_source"),
        Binding("S", "switch_source(-1)", "Previous outlet, same passage", show=False,
                id="screen.previous_source"),
        Binding("right_square_bracket", "next_article", "Next article", id="screen.next_article"),
        Binding("left_square_bracket", "previous_article", "Previous article", id="screen.previous_article"),
        Binding("backslash", "toggle_notes", "Notes panel", id="screen.toggle_notes"),
        Binding("d", "compare", "Compare outlets", id="screen.compare"),
        Binding("n", "add_note", "Add note", id="screen.add_note"),
        Binding("e", "edit_note", "Edit note", show=False, id="screen.edit_note"),
        Binding("x", "delete_note", "Delete note", show=False, id="screen.delete_note"),
        Binding("N", "notes_list", "All notes", show=False, id="screen.notes_list"),
        Binding("a", "add_source", "Add article", show=False, id="screen.add_source"),
        *[
            Binding(str(number), f"toggle_type('{name}')", f"Toggle {kind.label.lower()} highlights", show=False,
                    id=f"screen.toggle_{name}")
            for number, (name, kind) in enumerate(ENTITY_TYPES.items(), start=1)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes_wanted: bool | None = None  # None: follow the width

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            articles = ArticleList(id="articles", classes="pane")
            articles.border_title = "Articles"
            articles.border_subtitle = "Loading…"
            yield articles
            reader = ReadingPane(id="reader", classes="pane", placeholder="Loading…")
            reader.border_title = "Article"
            yield reader
            notes = NotesPanel(id="notes", classes="pane")
            notes.border_title = "Notes"
            yield notes
        yield Legend(self.toggle_keys(), GUTTER_LEGEND, id="legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.app.start_loading()

    @property
    def is_narrow(self) -> bool:
        return self.size.width < NARROW_BELOW

    @property
    def notes_shown(self) -> bool:
        return (not self.is_narrow) if self.notes_wanted is None else self.notes_wanted

    def on_resize(self, event: events.Resize) -> None:
        self.apply_layout()

    def apply_layout(self) -> None:
        self.set_class(self.is_narrow, "-narrow")
        notes, articles = self.query_one(NotesPanel), self.query_one(ArticleList)
        # Only on a change: setting `display`, even to its value, costs a new layout.
        if notes.display != self.notes_shown:
            notes.display = self.notes_shown
        if articles.display != (articles_shown := not (self.is_narrow and self.notes_shown)):
            articles.display = articles_shown
        if self.focused is not None and not self.focused.display:
            self.query_one(ReadingPane).focus()

    def action_toggle_notes(self) -> None:
        self.notes_wanted = not self.notes_shown
        self.apply_layout()

    def toggle_keys(self) -> dict[str, str]:
        """Entity type -> the first key that toggles it (after the user's keymap)."""
        keymap = getattr(self.app, "keymap", {})
        keys = {}
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id.startswith("screen.toggle_"):
                name = binding.id.removeprefix("screen.toggle_")
                if name in ENTITY_TYPES:
                    keys[name] = keymap.get(binding.id, binding.key).split(",")[0].strip()
        return keys

    def action_switch_source(self, step: int) -> None:
        self.app.switch_source(step)

    def action_compare(self) -> None:
        self.app.open_compare()

    def action_add_note(self) -> None:
        self.app.add_note()

    def action_edit_note(self) -> None:
        self.app.edit_note()

    def action_delete_note(self) -> None:
        self.app.delete_note()

    def action_add_source(self) -> None:
        self.app.add_source()

    def action_notes_list(self) -> None:
        self.app.open_notes_list()

    def action_toggle_type(self, name: str) -> None:
        self.app.toggle_entity_type(name)

    def action_next_article(self) -> None:
        self.app.step_article(+1)

    def action_previous_article(self) -> None:
        self.app.step_article(-1)
