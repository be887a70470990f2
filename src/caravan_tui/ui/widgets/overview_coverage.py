"""The overview's coverage section: per outlet, what it shares, what it carries alone, and where.

One row per outlet: its passages, how many another outlet carries too, how
many only it carries, those exclusive passages by position (lede / body /
end), and a passage map with one character per passage in reading order —
`SHARED_MARK` for a passage another outlet carries, `EXCLUSIVE_MARK` for one
only this outlet carries — with a space between the lede, the body and the
end. The marks differ in shape, so the map reads without colour.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from caravan_tui.ui.widgets.overview_common import OverviewSection, new_table

SHARED_MARK = "\u2588"
EXCLUSIVE_MARK = "+"
EXCLUSIVE_STYLE = "bold"
POSITIONS = ("lede", "body", "end")
MAX_MAP_WIDTH = 40


def passage_map(passages: list[dict]) -> Text:
    """'████ ███+++++█ ██++': one mark per passage, the lede, body and end apart."""
    text = Text(no_wrap=False)
    previous = None
    for passage in passages:
        if previous is not None and passage["position"] != previous:
            text.append(" ")
        previous = passage["position"]
        if passage["exclusive"]:
            text.append(EXCLUSIVE_MARK, style=EXCLUSIVE_STYLE)
        else:
            text.append(SHARED_MARK)
    return text


def by_position(row: dict) -> str:
    """'0/5/2': exclusive passages in the lede, the body and the end."""
    counts = row["exclusive_by_position"]
    return "/".join(str(counts.get(where, 0)) for where in POSITIONS)


def legend() -> Text:
    return Text.assemble(
        (SHARED_MARK, ""), " carried elsewhere  ", (EXCLUSIVE_MARK, EXCLUSIVE_STYLE),
        " only this outlet  (map: lede body end)", style="italic")


class CoverageSection(OverviewSection):
    """Per outlet: passages shared and exclusive, and a map of where the exclusive ones sit."""

    TITLE = "Coverage"

    def build(self, width: int) -> RenderableType:
        table = new_table()
        table.add_column("Outlet", ratio=2, min_width=8, max_width=24)
        table.add_column("Total", justify="right", no_wrap=True)
        table.add_column("Shared", justify="right", no_wrap=True)
        table.add_column("Excl.", justify="right", no_wrap=True)
        table.add_column("lede/body/end", justify="center", no_wrap=True)
        table.add_column("Map", ratio=3, overflow="fold", min_width=self.map_width(width))
        for row in self.overview.coverage:
            table.add_row(self.header(row["article"]), str(row["passages"]), str(row["shared"]),
                          Text(str(row["exclusive"]), style=EXCLUSIVE_STYLE if row["exclusive"] else ""),
                          by_position(row), passage_map(row["coverage"]))
        return Group(legend(), table)

    def map_width(self, width: int) -> int:
        """Room for the longest map on one line when the screen allows, else a third of it."""
        longest = max((len(passage_map(row["coverage"])) for row in self.overview.coverage), default=1)
        return max(1, min(longest, MAX_MAP_WIDTH, width // 3))
