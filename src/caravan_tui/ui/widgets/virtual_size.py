"""Change a scroll view's scrollable size without laying the whole screen out again.

Textual's `virtual_size` is a reactive declared with `layout=True`: setting it
lays out every widget of the screen and repaints all of them (13-15 ms on the
main screen at 120x40, most of an article switch). A view whose own size is
fixed by the stylesheet (no `auto` width or height) does not move anything
else when its content grows or shrinks: only its scrollbars change. For such
a view `set_virtual_size` stores the size, updates the scrollbars and
repaints the view alone. Should a scrollbar appear or disappear (overflow
`auto`), the scrollbar's own reactive asks for the layout that this needs.

Views sized by their content, and a Textual whose internals differ, get the
plain assignment and its full layout (the former their scrollbars updated at
once too).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Give `view` the scrollable size `size`, laying the screen out only when the view's own size depends on it."""
    if size == view.virtual_size:
        return
    scrollable = hasattr(view, "_scroll_update")
    if _sized_by_content(view) or not scrollable:
        view.virtual_size = size  # a layout: the view's own size follows its content
    else:
        view.set_reactive(ScrollView.virtual_size, size)
        view.refresh()
    if scrollable:
        view._scroll_update(size)  # the scrollbars now, and the scroll offset clamped to the new size


def _sized_by_content(view: ScrollView) -> bool:
    styles = view.styles
    return any(scalar is None or scalar.is_auto for scalar in (styles.width, styles.height))
