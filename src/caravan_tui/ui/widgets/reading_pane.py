"""The reading pane: one article, wrapped to the width, with a passage cursor.

Built on Textual's line API (ScrollView + render_line -> Strip), like toolong,
so that a 20,000-word article stays quick:

- layout: each passage's plain text is word-wrapped once per width
  (`wrap.wrap_offsets`, cached per passage); the layout is only the list of
  (passage, row) lines, rebuilt when the article or the width changes;
- styling: a passage's styled lines (kind style, highlight spans, the entity
  cursor) are cut from its text at those offsets (`wrap.divide`) when one of
  its lines is first drawn, and cached per passage keyed by (width, its spans,
  the focused span if it is in it): a highlight or entity-cursor change
  re-styles only the passages whose key changed, and never re-wraps;
- the layout, wrapped and styled passages and drawn strips of the last few
  articles are kept, so switching back to one (`s`/`S`, `[`/`]`) wraps, lays
  out and draws nothing again;
- drawing: rendered strips are kept in an LRU cache keyed by line, cursor,
  gutter mark and the passage's styled-lines serial.

Each line starts with a gutter: a cursor bar on every line of the passage
under the cursor, a one-character mark per passage (`set_gutter_marks`), a
note mark (`*`) on passages with a note of the reader's (`set_note_marks`),
then, when `show_numbers` is on (`#`), the passage's ¶ number. Inline styles per character span come from
`set_highlights`; `,` and `.` move an entity cursor over those spans (posting
`SpanFocused`), and enter asks to follow the span under it (`FollowSpan`).
`set_search_spans` marks the matches of a search (reverse, black on green).
Article text is always shown literally through `safe()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from caravan_tui.corpus.model import Article, Passage
from caravan_tui.safe_text import safe
from caravan_tui.ui.analysis_view import NOTE_MARK
from caravan_tui.ui.lazy_mapping import LazyMapping
from caravan_tui.ui.widgets.pane_lines import PaneLine, PaneLines
from caravan_tui.ui.widgets.virtual_size import set_virtual_size
from caravan_tui.ui.wrap import divide, wrap_offsets, wrap_text

CURSOR_BAR = "▌"
GUTTER_WIDTH = 4  # cursor bar, alignment mark, note mark, space; ¶ numbers add their digits and a space
SEARCH_STYLE = "reverse bright_green on black"
#: How many recently shown articles keep their wrapped and styled passages (for switching back).
RECENT_ARTICLES = 8

#: Rich style per passage kind (our own constant styles, 16-colour safe).
KIND_STYLES = {
    "heading": "bold",
    "standfirst": "italic",
    "caption": "italic dim",
    "quote": "italic",
}

Span = tuple[int, int, str]


@dataclass
class _Kept:
    """What an article left behind when another was opened, to be taken back when it returns."""

    article: Article
    width: int
    breaks: dict[int, list[int]]
    styled: dict[int, _Styled]
    lines: PaneLines
    passage_lines: dict[int, tuple[int, int]]
    strips: LRUCache[tuple, Strip]


@dataclass(frozen=True)
class _Styled:
    """A passage's styled lines, the key they were made for, and a serial for the strip cache."""

    key: tuple
    lines: list[Text]
    serial: int


class ReadingPane(ScrollView, can_focus=True):
    """Shows one article; j/k move a cursor from passage to passage."""

    BINDINGS = [
        Binding("j,down", "next_passage", "Next passage", show=False, id="reader.next_passage"),
        Binding("k,up", "previous_passage", "Previous passage", show=False, id="reader.previous_passage"),
        Binding("g,home", "first_passage", "First passage", show=False, id="reader.first_passage"),
        Binding("G,end", "last_passage", "Last passage", show=False, id="reader.last_passage"),
        Binding("ctrl+d,pagedown", "half_page_down", "Half page down", show=False, id="reader.half_page_down"),
        Binding("ctrl+u,pageup", "half_page_up", "Half page up", show=False, id="reader.half_page_up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("full_stop", "next_span", "Next entity", show=False, id="reader.next_entity"),
        Binding("comma", "previous_span", "Previous entity", show=False, id="reader.previous_entity"),
        Binding("enter", "follow_span", "Follow entity to its next mention", show=False,
                id="reader.follow_entity"),
    ]

    COMPONENT_CLASSES = {"reading-pane--cursor", "reading-pane--gutter", "reading-pane--meta"}

    DEFAULT_CSS = """
    ReadingPane {
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .reading-pane--cursor { text-style: bold; color: $accent; }
        & > .reading-pane--gutter { color: $accent; text-style: bold; }
        & > .reading-pane--meta { color: $text-muted; }
    }
    """

    class PassageChanged(Message):
        """The passage cursor moved (or a new article opened)."""

        def __init__(self, article_id: str, passage_index: int) -> None:
            super().__init__()
            self.article_id = article_id
            self.passage_index = passage_index

    class SpanFocused(Message):
        """The entity cursor moved to a span (`span` is None when it left the spans)."""

        def __init__(self, article_id: str, passage_index: int, span: tuple[int, int] | None) -> None:
            super().__init__()
            self.article_id = article_id
            self.passage_index = passage_index
            self.span = span

    class FollowSpan(Message):
        """Enter was pressed with the entity cursor on a span."""

        def __init__(self, article_id: str, passage_index: int, span: tuple[int, int]) -> None:
            super().__init__()
            self.article_id = article_id
            self.passage_index = passage_index
            self.span = span

    def __init__(self, *, placeholder: str = "No article open", **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.placeholder = placeholder
        self.cursor: int | None = None  # a passage index
        self._highlights: Mapping[int, tuple[Span, ...]] = {}
        self.focused_span: tuple[int, int, int] | None = None  # (passage, start, end)
        self._marks: Mapping[int, str] = {}
        self._noted: frozenset[int] = frozenset()
        self._search: dict[int, tuple[tuple[int, int], ...]] = {}
        self.show_numbers = False
        self.meta_extra = ""
        self._passages: dict[int, Passage] = {}
        self._indexes: list[int] = []
        self._lines: PaneLines = PaneLines([])
        self._passage_lines: dict[int, tuple[int, int]] = {}
        self._layout_width = 0
        self._breaks: dict[int, list[int]] = {}  # passage -> wrap offsets at _layout_width
        self._styled: dict[int, _Styled] = {}
        self._serial = 0
        self._recent: LRUCache[str, _Kept] = LRUCache(RECENT_ARTICLES)
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._laid_out: tuple[Article | None, int] = (None, 0)  # the article and width _lines are for
        self._line_styles: tuple[Style, Style, Style] | None = None

    # Public API -----------------------------------------------------------

    def show_article(self, article: Article | None, passage_index: int | None = None,
                     highlights: Mapping[int, list[Span]] | None = None,
                     marks: Mapping[int, str] | None = None, meta_extra: str = "") -> None:
        """Open `article` with the cursor on `passage_index` (default: the first).

        `meta_extra` is added to the outlet and date line ("updated · 2 versions").

        `highlights` and `marks` are as for `set_highlights` and `set_gutter_marks`:
        giving them here lays the article out once instead of three times.
        """
        if article is not self.article:
            self._switch_caches(article)
        self.article = article
        self.meta_extra = meta_extra
        self._passages = {passage.index: passage for passage in article.passages} if article else {}
        self._indexes = list(self._passages)
        self._highlights = _sorted_spans(highlights if highlights is not None else {})
        self.focused_span = None
        self._marks = _gutter_marks(marks if marks is not None else {})
        self.cursor = None
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self._indexes:
            self.move_to_passage(passage_index if passage_index in self._passages else self._indexes[0])

    @property
    def is_sized(self) -> bool:
        """Whether the pane has been given its size yet (before that, nothing can be wrapped)."""
        return self.size.width > 0

    def set_placeholder(self, text: str) -> None:
        """The text shown when no article is open (e.g. "Loading…")."""
        self.placeholder = text
        if self.article is None:
            self._relayout()

    def set_highlights(self, spans_by_passage: Mapping[int, list[Span]]) -> None:
        """Style character spans: passage index -> [(start, end, rich style)].

        Line breaks do not depend on styles: nothing is re-wrapped, and only the
        passages whose spans changed are re-styled (when next drawn).
        """
        self._highlights = _sorted_spans(spans_by_passage)
        if self.focused_span is not None and not self._span_exists(self.focused_span):
            self.focused_span = None
        self.refresh()

    def focus_span(self, passage: int, start: int, end: int) -> None:
        """Put the entity cursor on a highlighted span (and the passage cursor on its passage)."""
        if not self._span_exists((passage, start, end)):
            return
        self._set_focused_span((passage, start, end))
        self.move_to_passage(passage)
        if self.article is not None:
            self.post_message(self.SpanFocused(self.article.id, passage, (start, end)))

    def set_gutter_marks(self, marks: Mapping[int, str]) -> None:
        """Show a one-character mark in the gutter of each given passage."""
        self._marks = _gutter_marks(marks)
        self.refresh()  # cached strips are keyed by their mark: no need to drop them

    def set_note_marks(self, passages: frozenset[int]) -> None:
        """Mark the passages that carry a note of the reader's."""
        if passages != self._noted:
            self._noted = frozenset(passages)
            self.refresh()  # strips are keyed by their note mark

    def set_search_spans(self, spans: dict[int, list[tuple[int, int]]]) -> None:
        """Mark search matches: passage index -> [(start, end)] (empty: no search)."""
        search = {index: tuple(sorted(found)) for index, found in spans.items() if found}
        if search != self._search:  # no search (the common case): nothing to repaint
            self._search = search
            self.refresh()

    def toggle_numbers(self) -> None:
        """Show or hide the ¶ number of each passage in the gutter."""
        self.show_numbers = not self.show_numbers
        self._layout_width = 0  # the gutter's width changed: wrap again
        self._laid_out = (None, 0)
        self._recent.clear()
        self._relayout()
        self.call_after_refresh(self.scroll_cursor_into_view)

    def move_to_passage(self, index: int) -> None:
        """Put the cursor on passage `index`, scroll it into view, post PassageChanged."""
        if self.article is None or index not in self._passages:
            return
        previous, changed = self.cursor, index != self.cursor
        self.cursor = index
        if self.focused_span is not None and self.focused_span[0] != index:
            self._set_focused_span(None)
        # strips are cached per cursor state: only the two passages' lines change on screen
        self._refresh_cursor_bar(previous)
        self._refresh_cursor_bar(index)
        self.scroll_cursor_into_view()
        if changed:
            self.post_message(self.PassageChanged(self.article.id, index))

    @property
    def passage_indexes(self) -> list[int]:
        return list(self._indexes)

    @property
    def lines(self) -> list[str]:
        """The plain text of every laid-out line, gutter included (for tests and copy)."""
        return [self._render_layout_line(i, self._layout_width + self.gutter_width).text
                for i in range(len(self._lines))]

    def scroll_cursor_into_view(self) -> None:
        if self.cursor is None or self.cursor not in self._passage_lines:
            return
        first, last = self._passage_lines[self.cursor]
        if self.cursor == self._indexes[0]:
            first = 0  # show the headline with the first passage
        self.scroll_to_region(
            Region(0, first, self.scrollable_content_region.width, last - first + 1),
            animate=False, force=True, immediate=True,
        )

    # Actions --------------------------------------------------------------

    def action_next_passage(self) -> None:
        self._step(+1)

    def action_previous_passage(self) -> None:
        self._step(-1)

    def action_first_passage(self) -> None:
        if self.passage_indexes:
            self.move_to_passage(self.passage_indexes[0])

    def action_last_passage(self) -> None:
        if self.passage_indexes:
            self.move_to_passage(self.passage_indexes[-1])

    def action_half_page_down(self) -> None:
        self._move_lines(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._move_lines(-max(1, self.scrollable_content_region.height // 2))

    def action_page_down(self) -> None:
        self._move_lines(max(1, self.scrollable_content_region.height - 2))

    def action_page_up(self) -> None:
        self._move_lines(-max(1, self.scrollable_content_region.height - 2))

    def action_next_span(self) -> None:
        self._step_span(+1)

    def action_previous_span(self) -> None:
        self._step_span(-1)

    def action_follow_span(self) -> None:
        if self.article is not None and self.focused_span is not None:
            passage, start, end = self.focused_span
            self.post_message(self.FollowSpan(self.article.id, passage, (start, end)))

    def _refresh_cursor_bar(self, index: int | None) -> None:
        """Repaint only the cursor bar's column of a passage: all a cursor move changes on screen."""
        if index in self._passage_lines:
            first, last = self._passage_lines[index]
            self.refresh(Region(0, first - self.scroll_offset.y, 1, last - first + 1))

    def _refresh_passage(self, index: int | None) -> None:
        if index in self._passage_lines:
            first, last = self._passage_lines[index]
            self.refresh_lines(first, last - first + 1)

    def _switch_caches(self, article: Article | None) -> None:
        """Keep the layout, wrapped and styled passages and strips of the article left; take back `article`'s."""
        if self.article is not None:
            self._recent[self.article.id] = _Kept(self.article, self._layout_width, self._breaks, self._styled,
                                                  self._lines, self._passage_lines, self._strips)
        kept = self._recent.get(article.id) if article is not None else None
        if kept is not None and kept.article is article and kept.width == self._layout_width:
            self._breaks, self._styled, self._strips = kept.breaks, kept.styled, kept.strips
            self._lines, self._passage_lines = kept.lines, kept.passage_lines
            self._laid_out = (article, kept.width)
        else:
            self._breaks, self._styled, self._strips = {}, {}, LRUCache(1024)

    def _set_focused_span(self, span: tuple[int, int, int] | None) -> None:
        """Move the entity cursor; repaint the passages it left and entered (they are re-styled when drawn)."""
        left = self.focused_span[0] if self.focused_span else None
        self.focused_span = span
        self._refresh_passage(left)
        self._refresh_passage(span[0] if span else None)

    def _step_span(self, delta: int) -> None:
        """Move the entity cursor to the next/previous span, from the passage cursor if none is focused."""
        spans = [(index, start, end) for index in self._indexes
                 for start, end, _ in self._highlights.get(index, ())]
        if not spans:
            self.app.bell()
            return
        current = self.focused_span or (self.cursor if self.cursor is not None else 0, -1 if delta > 0 else 1 << 30, 0)
        later = [span for span in spans if span > current] if delta > 0 else [s for s in spans if s < current]
        if not later:
            self.app.bell()
            return
        self.focus_span(*(later[0] if delta > 0 else later[-1]))

    def _span_exists(self, span: tuple[int, int, int]) -> bool:
        passage, start, end = span
        return any((s, e) == (start, end) for s, e, _ in self._highlights.get(passage, ()))

    def _step(self, delta: int) -> None:
        indexes = self._indexes
        if not indexes:
            return
        position = indexes.index(self.cursor) if self.cursor in indexes else 0
        self.move_to_passage(indexes[max(0, min(len(indexes) - 1, position + delta))])

    def _move_lines(self, delta: int) -> None:
        """Move the cursor to the passage about `delta` lines away."""
        if self.cursor is None:
            return
        target = self._passage_lines[self.cursor][0] + delta
        starts = [(first, index) for index, (first, _) in self._passage_lines.items()]
        if delta > 0:
            after = [index for first, index in starts if first >= target]
            choice = after[0] if after else starts[-1][1]
        else:
            before = [index for first, index in starts if first <= target]
            choice = before[-1] if before else starts[0][1]
        if choice == self.cursor:
            self._step(1 if delta > 0 else -1)
        else:
            self.move_to_passage(choice)

    # Layout ---------------------------------------------------------------

    @property
    def gutter_width(self) -> int:
        """Cells before the text: cursor bar, marks and, when shown, the widest ¶ number and a space."""
        if not self.show_numbers:
            return GUTTER_WIDTH
        return GUTTER_WIDTH + len(str(len(self._indexes) or 1)) + 1

    def _wrap_width(self) -> int:
        return max(10, self.scrollable_content_region.width - self.gutter_width)

    def _relayout(self) -> None:
        """Lay the article out at the current width (wrapping only passages not yet wrapped at it).

        Until the pane has a size (an article shown before the first layout), this waits
        for the first resize instead of wrapping everything to a guessed width.
        """
        if not self.is_sized:
            self._lines, self._passage_lines, self._layout_width = PaneLines([]), {}, 0
            self._laid_out = (None, 0)
            return
        width = self._wrap_width()
        if width != self._layout_width:
            self._breaks, self._styled = {}, {}
            self._layout_width = width
        laid_out_article, laid_out_width = self._laid_out
        if self.article is None or laid_out_article is not self.article or laid_out_width != width:
            self._lines = self._layout(width)
            self._passage_lines = self._lines.passage_lines()
            self._laid_out = (self.article, width)
            self._strips.clear()
        set_virtual_size(self, Size(width + self.gutter_width, len(self._lines)))
        self.refresh()

    def _layout(self, width: int) -> PaneLines:
        if self.article is None:
            return PaneLines([PaneLine(None, 0, Text(safe(self.placeholder), style="italic"))])
        article = self.article
        parts = (article.outlet, article.published or "date unknown", *([self.meta_extra] if self.meta_extra else []))
        meta = " · ".join(safe(part) for part in parts)
        header = [PaneLine(None, 0, line) for line in wrap_text(Text(safe(article.title), style="bold"), width)]
        header += [PaneLine(None, 0, line) for line in wrap_text(Text(meta, style="italic"), width)]
        return PaneLines(header, self._indexes, [len(self._breaks_of(index)) + 1 for index in self._indexes])

    def _breaks_of(self, index: int) -> list[int]:
        """Where the lines of passage `index` start, at the layout width (cached)."""
        breaks = self._breaks.get(index)
        if breaks is None:
            breaks = self._breaks[index] = wrap_offsets(self._passage_text(index), self._layout_width)
        return breaks

    def _passage_text(self, index: int) -> str:
        return safe(self._passages[index].text, keep_newlines=True)

    def _styled_lines(self, index: int) -> _Styled:
        """The styled lines of passage `index`, re-made only when its width, spans or focus changed."""
        focus = self.focused_span[1:] if self.focused_span and self.focused_span[0] == index else None
        key = (self._layout_width, self._highlights.get(index, ()), focus, self._search.get(index, ()))
        styled = self._styled.get(index)
        if styled is None or styled.key != key:
            self._serial += 1
            lines = self._style_passage(index, key[1], focus, key[3])
            styled = self._styled[index] = _Styled(key, lines, self._serial)
        return styled

    def _style_passage(self, index: int, spans: tuple[Span, ...], focus: tuple[int, int] | None,
                       matches: tuple[tuple[int, int], ...] = ()) -> list[Text]:
        text = Text(self._passage_text(index), style=KIND_STYLES.get(self._passages[index].kind, ""))
        for start, end, style in spans:
            text.stylize(style, start, end)
            if focus == (start, end):
                text.stylize(focused_style(style), start, end)
        for start, end in matches:
            text.stylize(SEARCH_STYLE, start, end)
        return divide(text, self._breaks_of(index), self._layout_width)

    def on_resize(self, event: events.Resize) -> None:
        if self._wrap_width() != self._layout_width:
            self._relayout()
        self.call_after_refresh(self.scroll_cursor_into_view)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_styles = None
        self._strips.clear()
        self._recent.clear()  # their strips were drawn with the old styles

    # Rendering ------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._line_styles = None  # looked up again once per frame, not once per line drawn
        if self.article is not None and self._wrap_width() != self._layout_width:
            # The first frame after the pane got its size (or a new width): lay out now,
            # so that this frame already shows the article instead of waiting for on_resize.
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        return self._render_layout_line(scroll_y + y, width).crop(scroll_x, scroll_x + width)

    def _render_layout_line(self, number: int, width: int) -> Strip:
        line = self._lines[number] if 0 <= number < len(self._lines) else None
        if line is None:
            return Strip.blank(width, self.rich_style)
        passage = line.passage
        if passage is None:
            text, key = line.text or Text(), (number, width, False, "", 0)
        else:
            styled = self._styled_lines(passage)
            text = styled.lines[line.row]
            first_row = line.row == 0
            mark = (self._marks.get(passage, " ") + (NOTE_MARK if passage in self._noted else " ")) if first_row else ""
            if self.show_numbers:
                digits = self.gutter_width - GUTTER_WIDTH - 1
                mark = f"{mark:<2} " + (f"{passage + 1:>{digits}}" if first_row else "")
            key = (number, width, passage == self.cursor, mark, styled.serial)
        cached = self._strips.get(key)
        if cached is None:
            cached = self._strips[key] = self._build_strip(text, width, is_cursor=key[2], mark=key[3])
        return cached

    def _build_strip(self, text: Text, width: int, is_cursor: bool, mark: str) -> Strip:
        base, gutter_style, cursor_style = self._styles_of_lines()
        # Each piece gets its own style: Text(..., style=) would be the style of the whole line.
        gutter = Text()
        gutter.append(CURSOR_BAR if is_cursor else " ", style=cursor_style)
        gutter.append(f"{mark:<{self.gutter_width - 2}}", style=gutter_style)
        gutter.append(" ")
        gutter.append_text(text)
        strip = Strip(gutter.render(self.app.console), gutter.cell_len)
        return strip.adjust_cell_length(width).apply_style(base)

    def _styles_of_lines(self) -> tuple[Style, Style, Style]:
        """The pane's own style, the gutter's and the cursor bar's (the pane's is computed from its ancestors)."""
        if self._line_styles is None:
            gutter = self.get_component_rich_style("reading-pane--gutter", partial=True)
            cursor = gutter + self.get_component_rich_style("reading-pane--cursor", partial=True)
            self._line_styles = (self.rich_style, gutter, cursor)
        return self._line_styles

    # Mouse ----------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        number = offset.y + self.scroll_offset.y
        passage = self._lines[number].passage if 0 <= number < len(self._lines) else None
        if passage is not None:
            self.move_to_passage(passage)


PassageChanged = ReadingPane.PassageChanged


def _sorted_spans(spans_by_passage: Mapping[int, list[Span]]) -> Mapping[int, tuple[Span, ...]]:
    """Each passage's spans in order, sorted when the passage is first styled (the mapping may be lazy too)."""
    def sorted_spans(index: int) -> tuple[Span, ...] | None:
        return tuple(sorted(spans_by_passage.get(index) or ())) or None

    return LazyMapping(spans_by_passage, sorted_spans)


def _gutter_marks(marks: Mapping[int, str]) -> Mapping[int, str]:
    """One character of each passage's mark, shown literally, made when its passage is first drawn."""
    def shown(index: int) -> str | None:
        mark = marks.get(index)
        return safe(mark)[:1] if mark is not None else None

    return LazyMapping(marks, shown)


def focused_style(style: str) -> str:
    """The entity cursor's style over a span's own: reversed (or un-reversed) and bold, colour-free."""
    return "bold not reverse" if "reverse" in style.split() else "bold reverse"
