"""The overview's terms section: the words each outlet uses for the people at the centre of the story.

A table of term × outlet with how many times each outlet uses the term,
most distinctive first: a term one outlet uses and another never does
("illegal immigrants  2  0") comes before one every outlet uses about as
often. Distinctiveness is `1 - fewest / most` uses across the outlets
(1.0 when some outlet never uses it), ties broken by the most uses.
The largest count of each row is bold; a zero is dim.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from caravan_tui.analysis.overview import Term
from caravan_tui.ui.widgets.overview_common import OverviewSection, cell, new_table, outlet_groups, stacked

MAX_TERM_WIDTH = 30
NO_TERMS = "No words for the story's people differ between the outlets."


def distinctiveness(counts: dict[str, int]) -> float:
    """How unevenly the outlets use a term: 0.0 all alike, 1.0 some outlet never uses it."""
    values = list(counts.values())
    most = max(values, default=0)
    return 0.0 if most == 0 else 1.0 - min(values) / most


def ordered_terms(terms: list[Term]) -> list[Term]:
    """The terms, most distinctive first, then most used, then by name."""
    return sorted(terms, key=lambda t: (-distinctiveness(t.counts), -max(t.counts.values(), default=0),
                                        -sum(t.counts.values()), t.term))


def count_cell(count: int, most: int) -> Text:
    style = "dim" if count == 0 else "bold" if count == most else ""
    return Text(str(count), style=style)


class TermsSection(OverviewSection):
    """Term × outlet counts."""

    TITLE = "Terms for the people of the story"

    def build(self, width: int) -> RenderableType:
        terms = ordered_terms(self.overview.terms)
        if not terms:
            return Text(NO_TERMS, style="italic")
        term_width = min(MAX_TERM_WIDTH, max(len(t.term) for t in terms))
        groups = outlet_groups(list(self.labels), width, term_width + 1)
        return stacked([self.table(terms, group, term_width) for group in groups])

    def table(self, terms: list[Term], article_ids: list[str], term_width: int):
        table = new_table()
        table.add_column("Term", min_width=min(term_width, 12), max_width=term_width, ratio=2)
        for article_id in article_ids:
            table.add_column(self.header(article_id), justify="right", ratio=1)
        for term in terms:
            most = max(term.counts.values(), default=0)
            table.add_row(cell(term.term), *(count_cell(term.counts.get(a, 0), most) for a in article_ids))
        return table
