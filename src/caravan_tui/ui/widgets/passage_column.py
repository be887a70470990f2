"""One column of the compare view: a passage with its differences marked by class.

`marked_text()` is the pure part: it turns passage text and (start, end,
class) spans into a rich Text, the text made safe first (`safe()`, one
character for one, so the offsets still line up) and never read as markup.
Each span gets its class's style from `caravan_tui.diff_classes`; an empty
span (the other side has words here that this side lacks) shows as an
insertion mark ("^", plain ASCII, which every terminal font has) in the class's style. Style-class spans are
left unmarked
unless `show_style` is true.

`PassageColumn` shows that Text in a scrolling, focusable column with a
border; the focused column has a heavy border and a reversed title (visible
without colour), as the panes of the main screen do. Its subtitle may be given
in several wordings, longest first: it shows the longest that fits its border.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from caravan_tui.diff_classes import INSERTION_MARK, STYLE, diff_class
from caravan_tui.safe_text import safe

SUBTITLE_FRAME_CELLS = 6  # the border's corners and the spaces and lines around a subtitle

#: A marked stretch of passage text: (start, end, class name), end exclusive.
MarkSpan = tuple[int, int, str]


def visible_spans(spans: Iterable[MarkSpan], show_style: bool) -> list[MarkSpan]:
    """The spans to mark: all of them, or all but the style class."""
    return [span for span in spans if show_style or span[2] != STYLE]


def marked_text(text: str, spans: Iterable[MarkSpan], show_style: bool = False) -> Text:
    """`text` made safe, with each span styled by its difference class.

    Offsets are character offsets into `text`; spans may overlap (their
    styles combine) and are clipped to the text. An empty span becomes an
    insertion mark placed before the character at its offset.
    """
    shown = safe(text)
    length = len(shown)
    spans = [(max(0, min(s, length)), max(0, min(e, length)), cls) for s, e, cls in visible_spans(spans, show_style)]
    marks = sorted((s, cls) for s, e, cls in spans if s >= e)
    ranges = [(s, e, cls) for s, e, cls in spans if s < e]
    cuts = sorted({0, length, *(s for s, _, _ in ranges), *(e for _, e, _ in ranges), *(s for s, _ in marks)})
    result = Text()
    for start, end in zip(cuts, cuts[1:] + [length]):
        for _, cls in (mark for mark in marks if mark[0] == start):
            result.append(INSERTION_MARK, style=Style.parse(diff_class(cls).style))
        if start < end:
            result.append(shown[start:end], style=_combined_style(ranges, start, end))
    return result


def _combined_style(ranges: Sequence[MarkSpan], start: int, end: int) -> Style | None:
    covering = [Style.parse(diff_class(cls).style) for s, e, cls in ranges if s <= start and end <= e]
    return Style.combine(covering) if covering else None


class PassageColumn(VerticalScroll):
    """A bordered, focusable column holding one marked passage; j/k scroll it."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="compare.scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="compare.scroll_up"),
    ]

    DEFAULT_CSS = """
    PassageColumn {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
        border: round $border-blurred;
        border-title-align: left;
        border-title-color: $foreground;
        border-subtitle-align: right;
        scrollbar-size-vertical: 1;
        &:focus {
            border: heavy $border;
            border-title-style: reverse bold;
        }
        & > .passage-column--body { width: 1fr; height: auto; }
    }
    """

    def __init__(self, title: str, text: str, spans: Iterable[MarkSpan] = (), show_style: bool = False,
                 subtitle: str | Sequence[str] = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self.spans: list[MarkSpan] = list(spans)
        self.show_style = show_style
        self.border_title = Text(safe(title))
        self.subtitles: tuple[str, ...] = ()
        self._set_subtitles(subtitle)

    def compose(self) -> ComposeResult:
        yield Static(self.marked, classes="passage-column--body")

    @property
    def marked(self) -> Text:
        """The passage as currently shown."""
        return marked_text(self.text, self.spans, self.show_style)

    def set_marks(self, spans: Iterable[MarkSpan] | None = None, show_style: bool | None = None,
                  subtitle: str | Sequence[str] | None = None) -> None:
        """Change the marked spans, whether style spans show, or the subtitle (wordings, longest first); redraws."""
        if spans is not None:
            self.spans = list(spans)
        if show_style is not None:
            self.show_style = show_style
        if subtitle is not None:
            self._set_subtitles(subtitle)
        if self.is_mounted:
            self.query_one(".passage-column--body", Static).update(self.marked)

    def _set_subtitles(self, subtitle: str | Sequence[str]) -> None:
        self.subtitles = (subtitle,) if isinstance(subtitle, str) else tuple(subtitle)
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        room = self.outer_size.width - SUBTITLE_FRAME_CELLS
        wordings = [safe(wording) for wording in self.subtitles] or [""]
        chosen = next((wording for wording in wordings if cell_len(wording) <= room), wordings[-1])
        if str(self.border_subtitle or "") != chosen:
            self.border_subtitle = Text(chosen)

    def on_resize(self) -> None:
        self._show_subtitle()
