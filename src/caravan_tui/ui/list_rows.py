"""What each line of the article list says, fitted to a width: pure functions, no Textual.

The article list draws one line per article (open mark, outlet, date, headline
in columns) under one line per story ("▾ label · 4 articles · Reuters, AP +2").
These functions choose the columns for a width, fit text into them (cut at a
word boundary with an ellipsis, mid-word only when one word is longer than the
room) and arrange the articles in the reader's chosen order. Widths are in
terminal cells (wide characters count two).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from caravan_tui.corpus.model import Article

ELLIPSIS = "…"
OPEN_MARK = "▶"
UNREAD_MARK = "•"  # an article not read yet (or changed since)
HEADER_MARK = "▾"
MARK_CELLS = 2  # the open mark and a space
OUTLET_MIN, OUTLET_NARROW, OUTLET_MAX = 6, 12, 18
SHORT_DATE_FROM, LONG_DATE_FROM = 36, 64  # content widths at which a date column shows
WORD_CUT_KEEPS = 2 / 3  # a cut at a word boundary must keep this share of the room
LABEL_MIN = 16  # cells a story label keeps before the header drops its outlets, then its count
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The orders `t` cycles through, and how the list's subtitle names them.
ORDERS = ("story", "date", "outlet")
ORDER_LABELS = {"story": "by story", "date": "by date", "outlet": "by outlet"}


@dataclass(frozen=True)
class Columns:
    """Cells given to each column of an article line (a date of 0 cells is not shown)."""

    outlet: int
    date: int
    headline: int


def fit(text: str, cells: int) -> str:
    """`text` in at most `cells` cells: whole, else cut with an ellipsis.

    The cut falls at a word boundary when that keeps most of the room (`WORD_CUT_KEEPS`); otherwise, in a
    narrow column, inside the word ("The Epo…" says more than "The…").
    """
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    kept = _prefix_in_cells(text, cells - 1)
    at_boundary = text[len(kept)].isspace() or kept[-1:].isspace()
    if not at_boundary:
        boundary = kept.rstrip().rfind(" ")
        if boundary > 0 and cell_len(kept[:boundary]) >= WORD_CUT_KEEPS * (cells - 1):
            kept = kept[:boundary]
    return kept.rstrip(" ,;:-–—") + ELLIPSIS


def pad(text: str, cells: int) -> str:
    """`text` fitted to `cells` cells, then padded with spaces to exactly that many."""
    fitted = fit(text, cells)
    return fitted + " " * (cells - cell_len(fitted))


def _prefix_in_cells(text: str, cells: int) -> str:
    used = 0
    for position, character in enumerate(text):
        used += cell_len(character)
        if used > cells:
            return text[:position]
    return text


def columns_for(width: int, outlet_cells: int, dates: bool = True) -> Columns:
    """The columns of an article line `width` cells wide, the outlet column no wider than its longest name.

    No date column when `dates` is false (no article is dated) or the line is narrow.
    """
    # The outlet matters most when versions of one story sit together: a narrow list gives it up to half.
    outlet = min(outlet_cells, OUTLET_MAX, max(OUTLET_MIN, min(width // 2 - 2, OUTLET_NARROW), width // 3))
    date = 0 if not dates else 10 if width >= LONG_DATE_FROM else 6 if width >= SHORT_DATE_FROM else 0
    used = MARK_CELLS + outlet + 1 + (date + 1 if date else 0)
    return Columns(outlet, date, max(0, width - used))


def parsed_date(published: str | None) -> datetime.date | None:
    """The date an ISO `published` value starts with, or None."""
    if not published:
        return None
    return _date_of(published.strip()[:10])


@functools.lru_cache(maxsize=4096)
def _date_of(day: str) -> datetime.date | None:
    """'2023-12-26' as a date (remembered: sorting 100,000 articles by date reads a few thousand days)."""
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        return None


def date_label(published: str | None, cells: int) -> str:
    """'2023-12-26' in 10 cells, '26 Dec' in 6; blank when undated or there is no room."""
    day = parsed_date(published)
    if day is None or cells < 6:
        return ""
    return day.isoformat() if cells >= 10 else f"{day.day:>2} {MONTHS[day.month - 1]}"


def article_parts(outlet: str, published: str | None, headline: str, columns: Columns,
                  is_open: bool, unread: bool = False) -> tuple[str, str, str, str]:
    """(open or unread mark, outlet, date, headline) of one article line, each already fitted and padded."""
    mark = (OPEN_MARK if is_open else UNREAD_MARK if unread else " ").ljust(MARK_CELLS)
    date = pad(date_label(published, columns.date), columns.date) + " " if columns.date else ""
    return mark, pad(outlet, columns.outlet) + " ", date, fit(headline, columns.headline)


def header_line(label: str, count: int, outlets: Sequence[str], width: int, unread: int = 0) -> str:
    """'▾ label · 4 articles, 2 unread · A, B +2' in `width` cells: outlets go first, then the count, then the label."""
    count_part = f" · {count} article{'s' if count != 1 else ''}" + (f", {unread} unread" if unread else "")
    suffixes = [count_part + " · " + _outlet_names(outlets, shown) for shown in range(len(outlets), 0, -1)]
    suffixes += [count_part, *([f" ({count}, {unread} new)"] if unread else []), f" ({count})", ""]
    label_room = min(cell_len(label), LABEL_MIN)
    lead = HEADER_MARK + " "
    suffix = next(s for s in suffixes if cell_len(lead) + label_room + cell_len(s) <= width or not s)
    return fit(lead + fit(label, width - cell_len(lead) - cell_len(suffix)) + suffix, width)


def _outlet_names(outlets: Sequence[str], shown: int) -> str:
    rest = len(outlets) - shown
    return ", ".join(outlets[:shown]) + (f" +{rest}" if rest else "")


def distinct_outlets(members: Sequence[Article]) -> list[str]:
    """The outlets of a story's articles, each once, in the order they first appear."""
    return list(dict.fromkeys(article.outlet for article in members))


def arranged(groups: dict[str, list[Article]], order: str) -> list[tuple[str | None, list[Article]]]:
    """(story id or None, articles) in the reader's order: grouped by story, or one flat run by date or outlet.

    By date: newest first, undated last. By outlet: outlet name (case folded), then newest first.
    """
    if order == "story":
        return list(groups.items())
    everything = [article for members in groups.values() for article in members]
    newest_first = sorted(everything, key=_age_key)
    if order == "outlet":
        newest_first.sort(key=lambda article: article.outlet.casefold())
    return [(None, newest_first)]


def _age_key(article: Article) -> tuple[bool, int]:
    day = parsed_date(article.published)
    return (day is None, -day.toordinal() if day else 0)


def next_order(order: str) -> str:
    """The order after `order` in the cycle story → date → outlet → story."""
    return ORDERS[(ORDERS.index(order) + 1) % len(ORDERS)] if order in ORDERS else ORDERS[0]
