"""What the reader's pick-one-from-a-list dialogs share: an OptionList, j/k to move, escape to cancel.

Subclasses declare their own bindings (with their own ids, for the help and
the keymap) and what enter chooses.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen
from textual.widgets import OptionList

Choice = TypeVar("Choice")


class OptionPickerScreen(ModalScreen[Choice | None], Generic[Choice]):
    """A modal list: the cursor moves with j/k (bound by the subclass), escape dismisses with None."""

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        if direction == "down":
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
