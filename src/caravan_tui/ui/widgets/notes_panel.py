"""The notes panel: titled sections about the passage under the cursor.

Built-in sections, top to bottom: "passage" (kind and index of the passage
under the cursor), then any sections added by features (`set_section`,
placed above "article"), "article" (metadata), "others" (the other articles
of the story) and "problems" (files that failed to load). Every body is shown
literally.

Built on Textual's line API, like the reading pane: the sections are wrapped
into lines, and a change repaints only the lines that differ, not the whole
panel (a passage move sends a few hundred bytes here, not the panel again).
Each section's wrapped lines are kept until its content or the width changes,
and `batch()` lays the panel out once for several section changes (a passage
move changes up to six).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from caravan_tui.corpus.model import Article, LoadProblem
from caravan_tui.safe_text import safe
from caravan_tui.ui.widgets.virtual_size import set_virtual_size
from caravan_tui.ui.wrap import wrap_text

BUILTIN_TOP = ("passage",)
BUILTIN_BOTTOM = ("article", "others", "problems")
PADDING = 1  # cells left and right of the text
GROW_BY = 8  # the scrollable height grows in steps of this many lines
STRIPS_KEPT = 2_000  # drawn lines kept; past this many, all are dropped (the panel shows a few dozen)
_SEPARATOR = Text()  # the blank line between sections: one object, drawn once


class NotesPanel(ScrollView, can_focus=True):
    """Cross-article notes for the passage under the cursor."""

    DEFAULT_CSS = """
    NotesPanel { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._order: list[str] = [*BUILTIN_TOP, *BUILTIN_BOTTOM]
        self._sections: dict[str, Text] = {}  # key -> title line + body, for the shown sections
        self._lines: list[Text] = []
        self._strips: dict[int, tuple[Text, Strip]] = {}  # id of a laid-out line -> (that line, its strip)
        self._width = 0
        self._width_laid_out = 0
        self._wrapped: dict[str, tuple[Text, int, list[Text]]] = {}  # key -> (content, width, its lines)
        self._batch_depth = 0
        self._metadata_of: tuple[Article, Text] | None = None  # the article last shown, and its metadata
        self._stale = False  # a section changed inside a batch

    # Public API -----------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:  # type: ignore[override]  # shadows Widget.batch (async): to be renamed
        """Change several sections, laying the panel out once at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._stale:
                self._update_lines()

    def set_section(self, key: str, title: str, body: Text | str, first: bool = False) -> None:
        """Show `body` under `title`; a new key is added above "article" (`first`: at the very top).

        A `str` body is shown literally; a `Text` body keeps its styles (build it
        with Text/append, never from markup of article text).
        """
        content = Text()
        content.append(safe(title), style="bold underline")  # the title alone: Text(style=) would style the body too
        content.append("\n")
        content.append_text(body if isinstance(body, Text) else Text(safe(body, keep_newlines=True)))
        if key not in self._order:
            self._order.insert(0 if first else self._order.index("article"), key)
        if self._sections.get(key) != content:
            self._sections[key] = content
            self._changed()

    def remove_section(self, key: str) -> None:
        if self._sections.pop(key, None) is not None:
            self._wrapped.pop(key, None)
            self._changed()
        if key not in BUILTIN_TOP + BUILTIN_BOTTOM and key in self._order:
            self._order.remove(key)

    def section_text(self, key: str) -> str:
        """The plain text of a section (empty if absent or hidden)."""
        section = self._sections.get(key)
        return section.plain if section is not None else ""

    def show_passage(self, article: Article, passage_index: int, others: Sequence[Article]) -> None:
        """Fill the built-in sections for `article`, the cursor on a passage, `others` its story's other articles."""
        passage = next((p for p in article.passages if p.index == passage_index), None)
        if passage is not None:
            self.set_section("passage", "Passage", f"{passage.kind} {passage.index + 1} of {len(article.passages)}"
                             f" (index {passage.index}, {passage.words} words)")
        if self._metadata_of is None or self._metadata_of[0] is not article:  # a passage move keeps the article
            self._metadata_of = (article, _metadata(article))
        self.set_section("article", "Article", self._metadata_of[1])
        self.set_section("others", f"Other articles in this story ({len(others)})", _others(others))

    def show_problems(self, problems: Sequence[LoadProblem]) -> None:
        if problems:
            self.set_section("problems", f"Load problems ({len(problems)})",
                             "\n".join(f"• {problem}" for problem in problems))
        else:
            self.remove_section("problems")

    @property
    def lines(self) -> list[str]:
        """The plain text of every laid-out line (for tests)."""
        return [line.plain for line in self._lines]

    # Layout ---------------------------------------------------------------

    def _text_width(self) -> int:
        return max(4, self.scrollable_content_region.width - 2 * PADDING)

    def _changed(self) -> None:
        if self._batch_depth:
            self._stale = True
        else:
            self._update_lines()

    def _layout(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for key in self._order:
            section = self._sections.get(key)
            if section is None:
                continue
            if lines:
                lines.append(_SEPARATOR)
            lines.extend(self._wrap(key, section, width))
        return lines

    def _wrap(self, key: str, section: Text, width: int) -> list[Text]:
        """The section's lines at `width`, wrapped again only when its text or the width changed."""
        cached = self._wrapped.get(key)
        if cached is not None and cached[1] == width and (cached[0] is section or cached[0] == section):
            return cached[2]  # the same lines (objects), so their drawn strips are reused too
        lines = wrap_text(section, width)
        self._wrapped[key] = (section, width, lines)
        return lines

    def _update_lines(self) -> None:
        """Lay the sections out again; repaint only the lines that changed."""
        self._stale = False
        if not self.is_mounted or not self.size.width:
            return  # laid out on the first resize, at the real width
        width = self._text_width()
        new = self._layout(width)
        changed: Sequence[int]
        if width != self._width:
            changed = range(max(len(new), len(self._lines)))
        else:
            changed = [n for n in range(max(len(new), len(self._lines)))
                       if n >= len(new) or n >= len(self._lines) or new[n] != self._lines[n]]
        self._width, self._lines = width, new
        if len(self._strips) > STRIPS_KEPT:
            self._strips.clear()
        height = self._virtual_height(len(new))
        if height != self.virtual_size.height or width != self._width_laid_out:
            self._width_laid_out = width
            set_virtual_size(self, Size(width + 2 * PADDING, height))
        # Lines off screen are drawn when scrolled to. The changed lines on screen are repainted as one
        # region: the unchanged ones between them, and lines that only moved, keep their strips.
        top = self.scroll_offset.y
        on_screen = [number for number in changed if top <= number < top + self.size.height]
        if on_screen:
            self.refresh_lines(on_screen[0], on_screen[-1] - on_screen[0] + 1)

    def _virtual_height(self, lines: int) -> int:
        """The scrollable height: it grows at once but shrinks only by more than a page.

        Changing it repaints the whole panel, which a passage move (whose notes are
        a few lines longer or shorter each time) should not do; the price is up to
        a page of blank lines at the very end.
        """
        current, page = self.virtual_size.height, max(1, self.scrollable_content_region.height)
        if lines > current or lines < current - page:
            return -(-lines // GROW_BY) * GROW_BY
        return current

    def on_mount(self) -> None:
        self._update_lines()

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._width:
            self._update_lines()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # Rendering ------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._text_width() != self._width:
            self._update_lines()  # the first frame at this width: lay out now, not on the resize after it
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """A line's strip, drawn once per line object: a line that moved up or down (a section above it
        grew) keeps its strip, as the wrapped lines of an unchanged section are the same objects."""
        number = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= number < len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[number]
        kept = self._strips.get(id(line))
        if kept is not None and kept[0] is line and kept[1].cell_length == width:
            return kept[1]
        strip = self._build_strip(line, width)
        self._strips[id(line)] = (line, strip)
        return strip

    def _build_strip(self, line: Text, width: int) -> Strip:
        text = Text(" " * PADDING)
        text.append_text(line)
        return Strip(text.render(self.app.console), text.cell_len).adjust_cell_length(width).apply_style(
            self.rich_style)


def _metadata(article: Article) -> Text:
    fields = (
        ("Outlet", article.outlet),
        ("Author", article.author or "unknown"),
        ("Published", article.published or "unknown"),
        ("Words", str(article.words)),
        ("URL", article.url or "—"),
        ("File", str(article.path)),
    )
    text = Text()
    for number, (label, value) in enumerate(fields):
        text.append(("\n" if number else "") + f"{label}: ", style="bold")
        text.append(safe(value))
    return text


def _others(articles: Sequence[Article], limit: int = 20) -> Text:
    text = Text()
    for number, article in enumerate(articles[:limit]):
        text.append(("\n" if number else "") + "• ")
        text.append(safe(article.outlet), style="bold")
        text.append(" — " + safe(article.title or article.id))
    if len(articles) > limit:
        text.append(f"\n… and {len(articles) - limit} more", style="italic")
    return text or Text("none", style="italic")
