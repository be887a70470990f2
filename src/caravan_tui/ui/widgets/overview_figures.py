"""The overview's figures section: every figure of the story with what each outlet says, side by side.

One row per quantity (people killed, homes destroyed, arrests per day; a
figure with no known quantity is its own row): the verdict as a mark that
reads without colour (`VERDICT_MARKS`: "≠" the outlets differ, with the ratio
of the largest value to the smallest, "=" they agree, "only" one outlet gives
it), the quantity, and one column per outlet with the figure as that outlet
writes it, or "—" when it does not give it. Differing quantities come first;
otherwise the story's order is kept.
"""

from __future__ import annotations

from collections import Counter

from rich.console import RenderableType
from rich.text import Text

from caravan_tui.analysis.figures import CONFLICTING, EXCLUSIVE, SHARED
from caravan_tui.ui.widgets.overview_common import NONE_SHOWN, OverviewSection, cell, new_table, outlet_groups, stacked

STATUS_MARKS = {CONFLICTING: ("\u2260", "bold reverse"), SHARED: ("=", ""), EXCLUSIVE: ("only", "italic")}
VERDICT_MARKS = {"differ": ("\u2260", "bold reverse"), "agree": ("=", ""), "only one": ("only", "italic")}
MAX_WHAT_WIDTH = 24
NO_FIGURES = "No figures in this story."


def status_cell(status: str) -> Text:
    mark, style = STATUS_MARKS.get(status, (status, ""))
    return Text(mark, style=style)


def verdict_cell(row: dict) -> Text:
    """'≠ ×1.4', '=' or 'only' (from the row's verdict; its status when it has none)."""
    verdict = row.get("verdict")
    if verdict not in VERDICT_MARKS:
        return status_cell(row["status"])
    mark, style = VERDICT_MARKS[verdict]
    ratio = row.get("ratio")
    return Text(f"{mark} \u00d7{ratio:.3g}" if verdict == "differ" and ratio else mark, style=style)


def value_cell(labels: list[str]) -> Text:
    """'680,000', 'Thousands ×2', 'two; 3' or '—'."""
    if not labels:
        return Text(NONE_SHOWN, style="dim")
    counted = Counter(labels)
    return cell("; ".join(label if n == 1 else f"{label} \u00d7{n}" for label, n in counted.items()))


def what_cell(row: dict) -> Text:
    return cell(row.get("quantity") or row.get("counts") or row.get("kind") or "")


def ordered_rows(rows: list[dict]) -> list[dict]:
    def differs(row: dict) -> bool:
        return row.get("verdict", "differ" if row["status"] == CONFLICTING else "") == "differ"

    return sorted(rows, key=lambda row: not differs(row))


class FiguresSection(OverviewSection):
    """Figures × outlets, with their status."""

    TITLE = "Figures by quantity (= agree  \u2260 differ, \u00d7 largest / smallest  only: one outlet)"

    def build(self, width: int) -> RenderableType:
        rows = ordered_rows(self.overview.figures)
        if not rows:
            return Text(NO_FIGURES, style="italic")
        what_width = min(MAX_WHAT_WIDTH, max(len(what_cell(r)) for r in rows))
        groups = outlet_groups(list(self.labels), width, what_width + 6)
        return stacked([self.table(rows, group, what_width) for group in groups])

    def table(self, rows: list[dict], article_ids: list[str], what_width: int):
        table = new_table()
        table.add_column("", no_wrap=True)
        table.add_column("Quantity", min_width=min(what_width, 10), max_width=what_width, ratio=2)
        for article_id in article_ids:
            table.add_column(self.header(article_id), ratio=1)
        for row in rows:
            values = [value_cell(row["articles"].get(a, [])) for a in article_ids]
            table.add_row(verdict_cell(row), what_cell(row), *values)
        return table
