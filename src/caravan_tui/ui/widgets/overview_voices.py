"""The overview's voices section: per outlet, who it quotes, how often, directly or in reported speech.

One row per (outlet, speaker), the outlet named on its first row only:
the number of quotes, how many are direct ("...," she said) and how many
reported (she said that ...), and how many of them another outlet carries
too. An outlet that quotes nobody says so.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from caravan_tui.ui.widgets.overview_common import OverviewSection, cell, new_table

NOBODY = "nobody quoted"


class VoicesSection(OverviewSection):
    """Who each outlet quotes."""

    TITLE = "Who is quoted"

    def build(self, width: int) -> RenderableType:
        table = new_table()
        table.add_column("Outlet", ratio=2, min_width=8, max_width=24)
        table.add_column("Speaker", ratio=3, min_width=8)
        table.add_column("Quotes", justify="right", no_wrap=True)
        table.add_column("Direct", justify="right", no_wrap=True)
        table.add_column("Reported", justify="right", no_wrap=True)
        table.add_column("Shared", justify="right", no_wrap=True)
        for article_id in self.labels:
            self.add_outlet(table, article_id, self.overview.voices.get(article_id, []))
        return table

    def add_outlet(self, table, article_id: str, speakers: list[dict]) -> None:
        if not speakers:
            table.add_row(self.header(article_id), Text(NOBODY, style="italic"), end_section=True)
        for number, speaker in enumerate(speakers):
            table.add_row(self.header(article_id) if number == 0 else Text(""), cell(speaker["speaker"]),
                          str(speaker["quotes"]), str(speaker["direct"]),
                          str(speaker["quotes"] - speaker["direct"]), str(speaker["shared"]),
                          end_section=number == len(speakers) - 1)
