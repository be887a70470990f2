"""The compare view (`d`): one passage and its counterparts side by side, differences marked by class.

Top to bottom: a legend line (each class in its own style, with how many
differences of that class the selected pair has), the columns, and the
differences of the selected pair as text ("framing: migrants → refugees").
The first column is the current passage; then one column per counterpart
from another outlet, in the order `Alignment.counterparts` gives. Columns sit
side by side from `NARROW_BELOW` columns up and are stacked below that; when
more outlets carry the passage than fit, each column keeps a readable size
(`MIN_COLUMN_WIDTH` / `MIN_COLUMN_HEIGHT`) and the row scrolls to the
focused one.

Which pair is marked where: each counterpart column is marked with the
differences of its own pair with the current passage. The current column can
only show one pair's marks at a time, so it is marked against the *selected*
counterpart: the first at the start, then whichever counterpart column last
had focus (tab / shift+tab). Its subtitle names that outlet, and the legend
and the differences list follow the same selection.

Style differences (U.S./US, accents) are hidden until `t` shows them. A
passage that no other outlet carries shows "Only <outlet> carries this
passage." Article text is always shown literally (`safe()`, rich Text).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from caravan_tui.analysis.align import AlignedPair, Alignment, PassageRef
from caravan_tui.corpus.model import Article, Corpus, Passage
from caravan_tui.diff_classes import DIFF_CLASSES, STYLE, diff_class
from caravan_tui.ui.commands import CompareCommands
from caravan_tui.ui.safe_text import safe
from caravan_tui.ui.widgets.key_bar import KeyBar
from caravan_tui.ui.widgets.passage_column import MarkSpan, PassageColumn

NARROW_BELOW = 100
MIN_COLUMN_WIDTH = 32
MIN_COLUMN_HEIGHT = 7
NONE_SHOWN = "(none)"


@dataclass(frozen=True)
class Counterpart:
    """A passage of another outlet aligned with the current one."""

    ref: PassageRef
    pair: AlignedPair
    article: Article
    passage: Passage


@dataclass(frozen=True)
class OrientedDifference:
    """A difference read from the current passage towards a counterpart."""

    cls: str
    mine: str
    theirs: str


def side_spans(ref: PassageRef, pair: AlignedPair) -> list[MarkSpan]:
    """The differences of `pair` as (start, end, class) spans on `ref`'s side."""
    if ref == pair.a:
        return [(d.a_start, d.a_end, d.cls) for d in pair.differences]
    return [(d.b_start, d.b_end, d.cls) for d in pair.differences]


def oriented_differences(ref: PassageRef, pair: AlignedPair) -> list[OrientedDifference]:
    """The differences of `pair`, each as (class, text on ref's side, text on the other side)."""
    if ref == pair.a:
        return [OrientedDifference(d.cls, d.a, d.b) for d in pair.differences]
    return [OrientedDifference(d.cls, d.b, d.a) for d in pair.differences]


def column_title(article: Article, passage: Passage) -> str:
    """Outlet and 1-based passage number, as the notes panel counts them."""
    return f"{article.outlet} · passage {passage.index + 1}"


def legend_text(pair: AlignedPair | None, show_style: bool, toggle_key: str = "t") -> Text:
    """'framing 3 · wording 2 · style 4 (hidden, t to show)', each label in its class's style."""
    counts = Counter(d.cls for d in pair.differences) if pair else Counter()
    text = Text("Marks: ", style="bold")
    for number, klass in enumerate(DIFF_CLASSES.values()):
        if number:
            text.append(" · ")
        text.append(klass.label, style=klass.style)
        text.append(f" {counts[klass.name]}")
    text.append(f" ({'shown' if show_style else 'hidden'}, {toggle_key} to {'hide' if show_style else 'show'})")
    return text


def differences_text(ref: PassageRef, pair: AlignedPair, show_style: bool) -> Text:
    """One line per difference, 'framing: migrants → refugees', hidden style ones summed up."""
    found = oriented_differences(ref, pair)
    shown = [d for d in found if show_style or d.cls != STYLE]
    text = Text()
    for d in shown:
        _append_line(text, d.cls, f"{safe(d.mine) or NONE_SHOWN} → {safe(d.theirs) or NONE_SHOWN}")
    hidden = len(found) - len(shown)
    if hidden:
        _append_line(text, STYLE, f"{hidden} hidden", style="italic")
    if not found:
        text.append("No differences: the two passages say the same words.", style="italic")
    return text


def _append_line(text: Text, cls: str, body: str, style: str = "") -> None:
    if text:
        text.append("\n")
    text.append(diff_class(cls).label, style=diff_class(cls).style)
    text.append(": ")
    text.append(body, style=style)


class DifferenceList(VerticalScroll):
    """The differences of the selected pair, as text; j/k scroll it."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="compare.scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="compare.scroll_up"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="compare-differences-body")

    def show(self, title: str, body: Text) -> None:
        self.border_title = Text(safe(title))
        self.query_one("#compare-differences-body", Static).update(body)


class ColumnStrip(Container):
    """The columns side by side (or stacked); when too many to fit, each keeps a readable size and it scrolls."""

    def on_resize(self, event: events.Resize) -> None:
        self.fit()

    def fit(self) -> None:
        stacked = self.screen.has_class("-stacked")
        columns = list(self.query_children(PassageColumn))
        room = self.size.height if stacked else self.size.width
        fitting = max(1, room // (MIN_COLUMN_HEIGHT if stacked else MIN_COLUMN_WIDTH))
        size: str | int = "1fr" if len(columns) <= fitting else room // fitting
        for column in columns:
            column.styles.width, column.styles.height = ("1fr", size) if stacked else (size, "1fr")


class CompareScreen(Screen[None]):
    """A passage and its counterparts side by side; escape or q closes it."""

    COMMANDS = {CompareCommands}

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="compare.close"),
        Binding("t", "toggle_style", "Style marks", id="compare.toggle_style"),
        Binding("tab", "app.focus_next", "Next column", show=False, id="compare.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous column", show=False, id="compare.focus_previous"),
    ]

    DEFAULT_CSS = """
    CompareScreen {
        layout: vertical;
        & > #compare-legend { height: auto; padding: 0 1; }
        & > #compare-columns {
            layout: horizontal; height: 1fr; overflow-x: auto; overflow-y: hidden;
            scrollbar-size-horizontal: 1; scrollbar-size-vertical: 1;
        }
        &.-stacked > #compare-columns { layout: vertical; overflow-x: hidden; overflow-y: auto; }
        & > DifferenceList {
            height: auto;
            max-height: 35%;
            padding: 0 1;
            border: round $border-blurred;
            border-title-align: left;
            border-title-color: $foreground;
            scrollbar-size-vertical: 1;
            &:focus { border: heavy $border; border-title-style: reverse bold; }
        }
    }
    """

    def __init__(self, corpus: Corpus, alignment: Alignment, article_id: str, passage_index: int) -> None:
        super().__init__()
        self.corpus = corpus
        self.alignment = alignment
        self.ref = PassageRef(article_id, passage_index)
        self.article = corpus.by_id(article_id)
        self.passage = _passage(self.article, passage_index)
        self.counterparts = self._find_counterparts()
        self.selected = 0
        self.show_style = False

    def _find_counterparts(self) -> list[Counterpart]:
        found = []
        for ref, pair in self.alignment.counterparts(self.ref.article, self.ref.passage):
            article = self.corpus.by_id(ref.article)
            passage = _passage(article, ref.passage)
            if article is not None and passage is not None:
                found.append(Counterpart(ref, pair, article, passage))
        return found

    # Layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="compare-legend")
        if self.article is not None and self.passage is not None:
            with ColumnStrip(id="compare-columns"):
                yield PassageColumn(column_title(self.article, self.passage), self.passage.text,
                                    id="column-current")
                for number, counterpart in enumerate(self.counterparts):
                    yield PassageColumn(column_title(counterpart.article, counterpart.passage),
                                        counterpart.passage.text, side_spans(counterpart.ref, counterpart.pair),
                                        id=f"column-{number}", classes="-counterpart")
            if self.counterparts:
                yield DifferenceList(id="compare-differences")
        yield KeyBar()

    def on_mount(self) -> None:
        self.apply_layout()
        self.update_marks()
        if self.query(PassageColumn):
            self.query_one("#column-current", PassageColumn).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.apply_layout()

    @property
    def is_stacked(self) -> bool:
        return self.size.width < NARROW_BELOW

    def apply_layout(self) -> None:
        self.set_class(self.is_stacked, "-stacked")
        for strip in self.query(ColumnStrip):
            strip.fit()
        self.call_after_refresh(self._reveal_focused)

    def _reveal_focused(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    # Marks ----------------------------------------------------------------

    @property
    def selected_counterpart(self) -> Counterpart | None:
        return self.counterparts[self.selected] if self.counterparts else None

    def update_marks(self) -> None:
        """Redraw every mark, the legend and the differences after a change of selection or toggle."""
        legend = self.query_one("#compare-legend", Static)
        if self.article is None or self.passage is None:
            legend.update(Text("This passage is not in the corpus.", style="bold"))
            return
        selected = self.selected_counterpart
        if selected is None:
            legend.update(Text(f"Only {safe(self.article.outlet)} carries this passage.", style="bold"))
            return
        legend.update(legend_text(selected.pair, self.show_style, self._key_for("compare.toggle_style")))
        self._update_columns(selected)
        self.query_one(DifferenceList).show(
            f"Differences: {self.article.outlet} → {selected.article.outlet}",
            differences_text(self.ref, selected.pair, self.show_style))

    def _update_columns(self, selected: Counterpart) -> None:
        several = len(self.counterparts) > 1
        self.query_one("#column-current", PassageColumn).set_marks(
            side_spans(self.ref, selected.pair), self.show_style, f"marked vs {selected.article.outlet}")
        for number, counterpart in enumerate(self.counterparts):
            mark = "selected · " if several and number == self.selected else ""
            self.query_one(f"#column-{number}", PassageColumn).set_marks(
                show_style=self.show_style, subtitle=f"{mark}score {counterpart.pair.score:.0f}")

    def _key_for(self, binding_id: str) -> str:
        """The key now bound to `binding_id` (after the user's keymap), for the legend."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "t"

    # Events and actions ---------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        column = event.widget
        if isinstance(column, PassageColumn) and column.has_class("-counterpart") and column.id:
            number = int(column.id.removeprefix("column-"))
            if number != self.selected:
                self.selected = number
                self.update_marks()

    def action_toggle_style(self) -> None:
        self.show_style = not self.show_style
        self.update_marks()

    def action_close(self) -> None:
        self.dismiss()


def _passage(article: Article | None, index: int) -> Passage | None:
    if article is None:
        return None
    return next((p for p in article.passages if p.index == index), None)
