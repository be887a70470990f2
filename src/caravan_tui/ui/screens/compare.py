"""The compare view (`d`): one passage and its counterparts side by side, differences marked by class.

Top to bottom: a one-line legend (each class in its own style, with how many
differences of that class the compared pair has, and what the "^" mark means),
a line saying which outlets show when they do not all fit, the columns, and
the differences of the compared pair as text ("framing: migrants → refugees").

The first column is the current passage; it stays in view. Beside it, as many
counterparts from other outlets as fit at a readable width (`MIN_COLUMN_WIDTH`),
in the order `Alignment.counterparts` gives; `]`/`[` (or right/left) page
through the rest ("other outlets 3–4 of 5"). Nothing is stacked under the
differences box: the columns share the width.

Which pair is marked where: each counterpart column is marked with its own
differences against the first column ("similarity 88/100" under it). The
first column can only show one pair's marks at a time: its subtitle says
which ("differences against Beta News"): the first counterpart at the start,
then whichever counterpart column last had focus (tab / shift+tab) or opened
a page. The legend and the differences list follow the same pair.

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
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from caravan_tui.analysis.align import AlignedPair, Alignment, PassageRef
from caravan_tui.corpus.model import Article, Corpus, Passage
from caravan_tui.diff_classes import DIFF_CLASSES, INSERTION_MARK, STYLE, diff_class
from caravan_tui.safe_text import safe
from caravan_tui.ui.analysis_view import RELATION_LABELS
from caravan_tui.ui.commands import CompareCommands
from caravan_tui.ui.widgets.key_bar import KeyBar
from caravan_tui.ui.widgets.passage_column import MarkSpan, PassageColumn

MIN_COLUMN_WIDTH = 30
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
    """'framing 3 · wording 2 · style 4 (hidden, t to show) · ^ the other adds words', in the classes' styles.

    Classes with no difference in this pair are left out (style always stays: its key toggles it),
    so the legend keeps to one line at 80 columns; ? explains every class.
    """
    counts = Counter(d.cls for d in pair.differences) if pair else Counter()
    if pair is not None:
        counts["figure"] += len(pair.figures)
    text = Text()
    for klass in DIFF_CLASSES.values():
        if not counts[klass.name] and klass.name != STYLE:
            continue
        if text:
            text.append(" · ")
        text.append(klass.label, style=klass.style)
        text.append(f" {counts[klass.name]}")
        if klass.name == STYLE:
            text.append(f" ({'shown' if show_style else 'hidden'}, {toggle_key} to {'hide' if show_style else 'show'})")
    text.append(" · ")
    text.append(INSERTION_MARK, style="bold")
    text.append(" the other adds words")
    return text


def pages_text(first: int, last: int, total: int, next_key: str, previous_key: str) -> str:
    """'Other outlets 1–2 of 5 (] next, [ previous)', or 'Other outlet 5 of 5 (…)' for a page of one."""
    shown = f"Other outlets {first}–{last}" if last > first else f"Other outlet {first}"
    return f"{shown} of {total} ({next_key} next, {previous_key} previous)"


def column_subtitles(current_outlet: str, compared_outlet: str, score: float,
                     relation: str = "") -> tuple[list[str], list[str]]:
    """Subtitles (wordings, longest first) of the first column and of a counterpart column: what their marks are.

    A counterpart says how it relates ("same text, edited" or "same fact, own words") when there is room.
    """
    how = RELATION_LABELS.get(relation, "")
    counterpart = [f"{how} · similarity {score:.0f}/100"] if how else []
    return ([f"differences against {compared_outlet}", f"against {compared_outlet}"],
            [f"differences against {current_outlet} · similarity {score:.0f}/100", *counterpart,
             f"similarity {score:.0f}/100"])


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
    mine_is_a = pair.a == ref
    for a, b in pair.figures:  # a same fact in other words: the values each gives
        _append_line(text, "figure", f"{safe(a if mine_is_a else b)} → {safe(b if mine_is_a else a)}")
    if not found and not pair.figures:
        if pair.relation == "same fact":
            text.append("The same fact in other words: compare the two passages.", style="italic")
        else:
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


class ColumnStrip(Horizontal):
    """The first column and one page of counterpart columns, side by side, sharing the width."""


class CompareScreen(Screen[None]):
    """A passage and its counterparts side by side; escape or q closes it."""

    COMMANDS = {CompareCommands}

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="compare.close"),
        Binding("t", "toggle_style", "Style marks", id="compare.toggle_style"),
        # Priority: a focused column would take left/right to scroll sideways (it never needs to).
        Binding("right_square_bracket,right", "page(1)", "More outlets", priority=True, id="compare.next_page"),
        Binding("left_square_bracket,left", "page(-1)", "Previous outlets", show=False, priority=True,
                id="compare.previous_page"),
        Binding("tab", "app.focus_next", "Next column", show=False, id="compare.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous column", show=False, id="compare.focus_previous"),
    ]

    DEFAULT_CSS = """
    CompareScreen {
        layout: vertical;
        & > #compare-legend { height: auto; padding: 0 1; }
        & > #compare-pages { height: 1; padding: 0 1; display: none; text-style: bold; }
        &.-paged > #compare-pages { display: block; }
        & > #compare-columns { height: 1fr; }
        & > #compare-columns > PassageColumn { width: 1fr; min-width: 0; }
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
        self.page = 0
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
        yield Static(id="compare-pages")
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
    def per_page(self) -> int:
        """How many counterpart columns fit beside the first one at `MIN_COLUMN_WIDTH` (at least one)."""
        return max(1, self.size.width // MIN_COLUMN_WIDTH - 1)

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.counterparts) // self.per_page))

    def apply_layout(self) -> None:
        """Show the current page of counterpart columns and say which outlets they are."""
        if not self.query(ColumnStrip):
            return
        per_page = self.per_page
        self.page = min(self.page, self.page_count - 1)
        shown = range(self.page * per_page, min(len(self.counterparts), (self.page + 1) * per_page))
        for number in range(len(self.counterparts)):
            column = self.query_one(f"#column-{number}", PassageColumn)
            if column.display != (number in shown):
                column.display = number in shown
        if self.has_class("-paged") != (self.page_count > 1):
            self.set_class(self.page_count > 1, "-paged")
            self.refresh_bindings()
        if self.page_count > 1:
            self.query_one("#compare-pages", Static).update(Text(pages_text(
                shown.start + 1, shown.stop, len(self.counterparts),
                self._key_for("compare.next_page", "]"), self._key_for("compare.previous_page", "["))))
        if self.counterparts and self.selected not in shown:
            self._select(shown.start)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Paging keys only when the outlets do not all fit (so the key bar offers them only then)."""
        if action == "page":
            return self.page_count > 1
        return True

    def action_page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page of counterparts; the first column is marked against its first."""
        page = (self.page + step) % self.page_count
        if page == self.page:
            return
        self.page = page
        focused_counterpart = self.focused is not None and self.focused.has_class("-counterpart")
        self.apply_layout()
        self._select(page * self.per_page)
        if focused_counterpart or (self.focused is not None and not self.focused.display):
            self.query_one(f"#column-{self.selected}", PassageColumn).focus()

    def _select(self, number: int) -> None:
        if number != self.selected:
            self.selected = number
            self.update_marks()

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
        outlet = self.article.outlet if self.article is not None else ""
        current_subtitle, _ = column_subtitles(outlet, selected.article.outlet, selected.pair.score)
        self.query_one("#column-current", PassageColumn).set_marks(
            side_spans(self.ref, selected.pair), self.show_style, current_subtitle)
        for number, counterpart in enumerate(self.counterparts):
            _, subtitle = column_subtitles(outlet, counterpart.article.outlet, counterpart.pair.score,
                                           counterpart.pair.relation)
            self.query_one(f"#column-{number}", PassageColumn).set_marks(show_style=self.show_style,
                                                                         subtitle=subtitle)

    def _key_for(self, binding_id: str, default: str = "t") -> str:
        """The key now bound to `binding_id` (after the keymap; the first declared if several), for the legend."""
        keys = [key for key, active in self.active_bindings.items() if active.binding.id == binding_id]
        if not keys:
            return default
        declared = next((b.key.split(",") for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id), [])
        keys.sort(key=lambda key: declared.index(key) if key in declared else len(declared))
        return self.app.get_key_display(self.active_bindings[keys[0]].binding)

    # Events and actions ---------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        column = event.widget
        if isinstance(column, PassageColumn) and column.has_class("-counterpart") and column.id:
            self._select(int(column.id.removeprefix("column-")))

    def action_toggle_style(self) -> None:
        self.show_style = not self.show_style
        self.update_marks()

    def action_close(self) -> None:
        self.dismiss()


def _passage(article: Article | None, index: int) -> Passage | None:
    if article is None:
        return None
    return next((p for p in article.passages if p.index == index), None)
