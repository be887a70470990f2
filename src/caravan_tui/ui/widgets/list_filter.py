"""The article list's filter: a one-line Input laid over the top row of the list.

`ArticleList` mounts it beside itself the first time `/` is pressed, so no
screen has to make room for it: it is absolutely positioned over the list's
first line (the list pads its rows down by one line while it shows).
Typing filters the list (`ArticleList.apply_filter`); enter goes to the
first match; escape clears the filter and closes it.

Enter and escape are priority bindings: the app runs them as it takes the key
from its queue, before it passes on the keys behind it. Keys typed in the same
burst (over SSH, from a paste) then reach the list, not the closed box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import Input

if TYPE_CHECKING:
    from caravan_tui.ui.widgets.article_list import ArticleList


class ListFilter(Input):
    """The query box of one ArticleList (`target`)."""

    BINDINGS = [
        Binding("enter", "first_match", "Go to the first match", show=False, priority=True, id="filter.submit"),
        Binding("escape", "clear_and_close", "Clear and close the filter", show=False, priority=True,
                id="filter.close"),
    ]

    DEFAULT_CSS = """
    ListFilter {
        display: none;
        overlay: screen;
        position: absolute;
        offset: 1 1;
        height: 1;
        border: none;
        padding: 0 0;
        text-style: bold;
    }
    ListFilter:focus { border: none; }
    ListFilter.-shown { display: block; }
    """

    def __init__(self, target: ArticleList, **kwargs) -> None:
        what = "headline, outlet, text" if target.filters_text else "headline, outlet (F: search the text)"
        super().__init__(placeholder=f"/ {what}", select_on_focus=False, **kwargs)
        self.target = target

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.target.apply_filter(event.value)

    def action_first_match(self) -> None:
        self.target.go_to_first_match()

    def action_clear_and_close(self) -> None:
        self.value = ""
        self.target.apply_filter("")
        self.target.close_filter()
