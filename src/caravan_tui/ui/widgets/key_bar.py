"""The key bar: one line at the bottom naming the keys that work here.

It replaces Textual's Footer, which builds a widget per key and rebuilds them
all whenever the focus moves (measured with bench/startup.py: about 20 ms of
the start-up, and again on every tab between panes). The key bar is a single
widget drawing one line: the bindings with `show=True` of the focused widget
and its ancestors (the screen's `active_bindings`, so the user's keymap is
followed), then, at the right edge, the help key and the command palette's key,
which stay when the line is too narrow for every hint (those that do not fit
are left out whole, never cut in the middle). It listens to the
screen's `bindings_updated_signal` and repaints only when the line changed.

A click on a key presses it, as with the Footer; nothing needs the mouse.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from caravan_tui.safe_text import safe


class _Hint(NamedTuple):
    key: str  # the key pressed when the hint is clicked
    label: str  # how the key is shown
    description: str
    enabled: bool
    action: str


#: Actions whose hint is kept at the right edge, beside the palette's, however narrow the line.
PINNED_ACTIONS = frozenset({"help"})


class KeyBar(Widget):
    """The shown bindings of the focused widget and the screen, in one line."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; background: $footer-description-background; }
        & > .key-bar--disabled { text-style: dim; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._hints: list[_Hint] = []
        self._pinned: list[_Hint] = []  # help, then the command palette
        self._click_ranges: list[tuple[int, int, str]] = []  # (start, end, key) of the last render

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    @property
    def hints(self) -> list[tuple[str, str]]:
        """(key as shown, description) of each hint, the palette's last (for tests)."""
        return [(hint.label, hint.description) for hint in self._hints + self._pinned]

    def _bindings_changed(self, screen) -> None:
        if screen is not self.screen:
            return
        hints, pinned = self._collect()
        if (hints, pinned) != (self._hints, self._pinned):
            self._hints, self._pinned = hints, pinned
            self.refresh()

    def _collect(self) -> tuple[list[_Hint], list[_Hint]]:
        """The hints, one per action (its first key), in binding order; and the pinned ones."""
        active = self.screen.active_bindings
        nodes: dict[DOMNode, int] = {}
        ranked: list[tuple[int, int, _Hint]] = []
        seen_actions: set[str] = set()
        for node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen_actions:
                seen_actions.add(binding.action)
                node_rank = nodes.setdefault(node, len(nodes))
                ranked.append((node_rank, _declared_position(node, binding.action), self._hint(binding, enabled)))
        # in the order the bindings are declared, whatever keys the user's keymap gave them
        ordered = [hint for _, _, hint in sorted(ranked, key=lambda entry: entry[:2])]
        hints = [hint for hint in ordered if hint.action not in PINNED_ACTIONS]
        pinned = [hint for hint in ordered if hint.action in PINNED_ACTIONS]
        palette_key = self.app.COMMAND_PALETTE_BINDING
        if self.app.ENABLE_COMMAND_PALETTE and palette_key in active:
            _node, binding, enabled, _tooltip = active[palette_key]
            palette = self._hint(binding, enabled)
            hints = [hint for hint in hints if hint != palette]
            pinned.append(palette)
        return hints, pinned

    def _hint(self, binding: Binding, enabled: bool) -> _Hint:
        # safe(): keys come from the user's keymap file; shown literally, like everything else
        return _Hint(binding.key, safe(self.app.get_key_display(binding)), safe(binding.description), enabled,
                     binding.action)

    def render(self) -> Text:
        width = self.size.width
        line, ranges = Text(no_wrap=True, overflow="crop"), []
        right = [(self._styled(hint), hint.key) for hint in self._pinned]
        room = width - sum(piece.cell_len for piece, _ in right) - 1
        for hint in self._hints:
            piece = self._styled(hint)
            if line.cell_len + piece.cell_len > room:
                break
            ranges.append((line.cell_len, line.cell_len + piece.cell_len, hint.key))
            line.append_text(piece)
        line.pad_right(max(1, width - line.cell_len - sum(piece.cell_len for piece, _ in right)))
        for piece, key in right:
            ranges.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        self._click_ranges = ranges
        return line

    def _styled(self, hint: _Hint) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        piece = Text.assemble((f" {hint.label} ", key_style), (f"{hint.description} ", description_style))
        if not hint.enabled:
            piece.stylize(self.get_component_rich_style("key-bar--disabled", partial=True))
        return piece

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, key in self._click_ranges:
            if start <= offset.x < end:
                event.stop()
                self.app.simulate_key(key.split(",")[0].strip())
                return


def _declared_position(node: object, action: str) -> int:
    """Where `action` is in the node's BINDINGS (a binding is a Binding or a (key, action, ...) tuple)."""
    declared = getattr(node, "BINDINGS", ())
    for number, binding in enumerate(declared):
        if (binding.action if isinstance(binding, Binding) else binding[1]) == action:
            return number
    return len(declared)
