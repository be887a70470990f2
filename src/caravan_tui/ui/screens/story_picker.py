"""Choose a story: the target of a move or a merge. Dismisses with a story id, NEW_STORY or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from caravan_tui.safe_text import safe
from caravan_tui.ui.screens.option_picker import OptionPickerScreen

NEW_STORY = "\0new"  # not a story id any corpus can have


class StoryPickerScreen(OptionPickerScreen[str]):
    """A list of stories; enter chooses, escape cancels."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="story_picker.cancel"),
        Binding("j", "cursor('down')", "Next story", show=False, id="story_picker.down"),
        Binding("k", "cursor('up')", "Previous story", show=False, id="story_picker.up"),
    ]

    DEFAULT_CSS = """
    StoryPickerScreen { align: center middle; }
    StoryPickerScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 80%;
        border: heavy $border; padding: 0 1; background: $surface;
    }
    StoryPickerScreen OptionList { height: auto; max-height: 20; border: none; }
    StoryPickerScreen Label { color: $text-muted; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(self.title_text)
            options = [Option(Text(safe(label)), id=f"choice-{n}") for n, (_, label) in enumerate(self.choices)]
            yield OptionList(*options)
            yield Label("enter chooses · escape cancels · kept with your notes, stronger than the grouping")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = int((event.option.id or "choice-0").removeprefix("choice-"))
        self.dismiss(self.choices[number][0])
