"""What the story overview's sections share: outlet labels, safe cells, width-aware tables, the section widget.

Every string that comes from an article (outlet, title, term, speaker,
figure) becomes a rich `Text` through `cell()`, so markup stays literal and
control characters are shown as placeholders.

Tables with one column per outlet do not grow past the screen: `by_width()`
builds the renderable at the width it is drawn at, and `outlet_groups()`
splits the outlets into groups that fit, one table per group, each repeating
its first column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from caravan_tui.analysis.overview import StoryOverview
from caravan_tui.safe_text import safe

CURRENT_MARK = "\u25b8 "
NONE_SHOWN = "\u2014"
OUTLET_COLUMN_WIDTH = 12
MIN_TABLE_WIDTH = 20


def cell(text: object, style: str = "") -> Text:
    """Untrusted text as a table cell: literal, safe, never markup."""
    return Text(safe(str(text)), style=style)


def outlet_labels(overview: StoryOverview) -> dict[str, str]:
    """Article id -> outlet name, numbered when one outlet has several articles in the story."""
    names = [a["outlet"] for a in overview.articles]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    seen: Counter = Counter()
    labels = {}
    for article in overview.articles:
        name = article["outlet"]
        seen[name] += 1
        labels[article["article"]] = f"{name} #{seen[name]}" if name in repeated else name
    return labels


def outlet_header(label: str, is_current: bool) -> Text:
    """A column header or row name for an outlet; the current article's outlet is marked ▸ and bold."""
    if is_current:
        return Text.assemble((CURRENT_MARK, "bold"), cell(label, "bold"))
    return cell(label)


def outlet_groups(article_ids: Sequence[str], width: int, first_column: int,
                  column_width: int = OUTLET_COLUMN_WIDTH) -> list[list[str]]:
    """The outlets split into groups whose columns fit in `width` beside a first column."""
    per_group = max(1, (width - first_column) // (column_width + 1))
    ids = list(article_ids)
    return [ids[start:start + per_group] for start in range(0, len(ids), per_group)] or [[]]


def stacked(renderables: Sequence[RenderableType]) -> Group:
    """Tables one under the other, a blank line between them."""
    parts: list[RenderableType] = []
    for renderable in renderables:
        if parts:
            parts.append(Text(""))
        parts.append(renderable)
    return Group(*parts)


def new_table() -> Table:
    """The look of every overview table: a rule under the header, no outer box."""
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                 collapse_padding=True, padding=(0, 1))


class by_width:  # noqa: N801 - reads as a function at the call site
    """A renderable built at the width it is drawn at: `by_width(lambda width: table_for(width))`."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(max(MIN_TABLE_WIDTH, options.max_width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_TABLE_WIDTH, options.max_width)


class OverviewSection(Static):
    """One titled section of the overview: a rule with its title above what it shows."""

    DEFAULT_CSS = """
    OverviewSection {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
        border-top: solid $border-blurred;
        border-title-align: left;
        border-title-color: $foreground;
        border-title-style: bold;
    }
    """

    TITLE = ""

    def __init__(self, overview: StoryOverview, current_article_id: str | None = None, **kwargs) -> None:
        super().__init__(by_width(self.build), **kwargs)
        self.overview = overview
        self.current_article_id = current_article_id
        self.labels = outlet_labels(overview)

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    def build(self, width: int) -> RenderableType:
        """What the section shows at `width` columns."""
        raise NotImplementedError

    def header(self, article_id: str) -> Text:
        return outlet_header(self.labels.get(article_id, article_id), article_id == self.current_article_id)
