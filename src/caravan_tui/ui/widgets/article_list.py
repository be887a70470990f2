"""The article list: one line per article, under one line per story, in the order the reader chose.

An OptionList (line API, no widget per row). Each article line has columns:
a mark for the open article ("▶", and the line in bold, whether the list has
focus or not), the outlet, the date (when the list is wide enough) and the
headline, each cut to its column with an ellipsis (`caravan_tui.ui.list_rows`).
A story header is a disabled option the cursor skips: "▾ label · 4 articles ·
Reuters, AP +2", fitted to the width. Enter (or a click) posts
`ArticleList.Opened`.

`t` cycles the order: by story (grouped under headers), by date (newest
first) and by outlet; the border subtitle says which, after the count the
screen puts there. A new order posts `ArticleList.OrderChanged` with the
article ids as now listed, so `]`/`[` can follow it.

Scale: the list keeps its articles and story ids in order and makes a row (its
own Option and Visual, `article_rows`) only when OptionList reads it: when it is
drawn or the cursor passes it. Showing 100,000 articles makes about thirty rows
(0.05 s, where making and indexing 120,000 options took 0.9 s), and every row is
one line, so the list knows its height and line of each row without measuring
or storing anything per row. Moving the cursor or opening an article never
rebuilds the rows; a row's text is built only when it is drawn. Rows are drawn
for the width they are drawn at: when the width changes without a resize (a
scrollbar comes or goes), the drawn rows are dropped. When OptionList's
internals are not what the list expects (another Textual), it gives OptionList
every row through `set_options`, as before.

`/` opens the filter (`list_filter.ListFilter`) over the top of the list:
typing keeps the articles whose headline, outlet or text contains the query
(case and accents folded), with their story headers; enter goes to the first
match; escape clears the filter. The folded search text of every article is
built once, in a thread worker, the first time the filter opens; until it is
ready the filter matches headlines and outlets only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from operator import attrgetter
from typing import Any, ClassVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.worker import get_current_worker

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article
from caravan_tui.safe_text import safe
from caravan_tui.ui import list_rows
from caravan_tui.ui.reader_state import WHOLE_CORPUS_ANALYSIS_UP_TO
from caravan_tui.ui.widgets.article_rows import (
    STORY_PREFIX,
    ArticleRow,
    OneLineEach,
    RowContext,
    RowIndex,
    RowKeys,
    Rows,
    RowsById,
)
from caravan_tui.ui.widgets.virtual_size import set_virtual_size

SHORT_SEPARATOR = " · "
SUBTITLE_FRAME_CELLS = 6  # the border's corners and the spaces and lines around a subtitle
_WIDGET_SUBTITLE = Widget.__dict__["border_subtitle"]  # Textual's descriptor, which the list's property wraps


#: Up to this many articles the filter matches their text too (the reader's whole-corpus limit, for the same reason).
FULL_TEXT_FILTER_UP_TO = WHOLE_CORPUS_ANALYSIS_UP_TO
#: Above this many articles the filter matches in a thread (at 100,000, typing "s" took 0.15-0.3 s on the event loop).
FILTER_IN_BACKGROUND_OVER = 2_000
MATCHED_PER_CHUNK = 10_000  # texts matched between two looks at whether a newer query made the match stale


class ArticleList(OptionList):
    """Articles one line each, grouped by story or sorted; the highlighted row is the list cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next article in list", show=False, id="list.cursor_down"),
        Binding("k,up", "cursor_up", "Previous article in list", show=False, id="list.cursor_up"),
        Binding("g,home", "first", "First article in list", show=False, id="list.first"),
        Binding("G,end", "last", "Last article in list", show=False, id="list.last"),
        Binding("enter", "select", "Open article", show=False, id="list.open"),
        Binding("slash", "filter", "Filter articles (headline, outlet, text)", show=False, id="list.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="list.clear_filter"),
        Binding("t", "sort", "Sort articles (story, date, outlet)", show=False, id="list.sort"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--outlet", "article-list--date", "article-list--open"}

    #: OptionList's cursor, repainting only the two rows it moves between (`watch_highlighted`), not the list.
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    DEFAULT_CSS = """
    ArticleList {
        padding: 0;
        scrollbar-size-vertical: 1;
        & > .option-list--option-disabled { color: $text-muted; text-style: bold; }
        & > .option-list--option-highlighted { text-style: none; background: $background; color: $foreground; }
        /* Reverse, not only a colour, so the list cursor survives NO_COLOR. */
        &:focus > .option-list--option-highlighted {
            text-style: bold reverse; background: $background; color: $foreground;
        }
        & > .article-list--outlet { color: $text-muted; }
        & > .article-list--date { color: $text-muted; }
        & > .article-list--open { text-style: bold; }
    }
    ArticleList.-filtering { padding-top: 1; }
    """

    class Opened(Message):
        """The reader asked to open the article `article_id`."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class OrderChanged(Message):
        """The reader chose another order; `article_ids` are every article in the new order."""

        def __init__(self, order: str, article_ids: list[str]) -> None:
            super().__init__()
            self.order = order
            self.article_ids = article_ids

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rows_context = RowContext(self)
        self._groups: dict[str, list[Article]] = {}
        self._story_keys: RowKeys = []  # every row in story order: a story id (its header), then its articles
        self._story_starts: dict[str, int] = {}  # story id -> the index of its header in _story_keys
        self._article_count = 0
        self._sorted_by: dict[str, list[Article]] = {}  # order -> every article in it (not by story)
        self._story_of: dict[str, str] = {}  # article id -> its story (an article missing is its own story)
        self._search_text: dict[str, str] | None = None
        self._headline_text: dict[str, str] | None = None  # the filter's text on a large corpus, or until _search_text
        self._building_search = False
        self._query = ""
        self._filter_generation = 0  # one more for each query or list: a background match for an older one is stale
        self._filter_shown = 0  # the generation whose rows are shown
        self._first_match_wanted = False  # enter came while the matches were being found
        self._subtitle: str | None = None
        self._drawn_width = -1
        self._drawing = False  # in render_lines: the line bookkeeping is up to date
        self.order = list_rows.ORDERS[0]
        self._lazy = _fillable(self)  # OptionList's internals are where `_fill` puts lazy rows
        if self._lazy:
            self._line_cache = OneLineEach()  # type: ignore[assignment]
            self._id_to_option = RowsById(self)  # type: ignore[assignment]
            self._option_to_index = RowIndex(self)  # type: ignore[assignment]

    # --- rows ---------------------------------------------------------------------

    def show_stories(self, articles: Iterable[Article], story_of: dict[str, str],
                     groups: dict[str, list[Article]] | None = None) -> None:
        """Replace the rows: the articles in the current order (by story: one header per story, then its articles).

        `groups`: the articles' `members_by_story`, when the caller has it already.
        """
        articles = articles if isinstance(articles, list) else list(articles)
        self._groups = groups if groups is not None else members_by_story(articles, story_of)
        self._rows_context.groups = self._groups
        self._story_keys, self._story_starts = _story_keys(self._groups)
        self._sorted_by = {}
        self._article_count = len(articles)
        self._story_of = story_of
        outlets = set(map(attrgetter("source"), articles))
        if "" in outlets:  # an article without a source shows its id as its outlet
            outlets |= {article.outlet for article in articles if not article.source}
        self._rows_context.outlet_cells = max((cell_len(safe(outlet)) for outlet in outlets if outlet), default=0)
        self._rows_context.any_dated = any(list_rows.parsed_date(a.published) for a in articles)
        self._search_text, self._headline_text, self._query = None, None, ""
        self._filter_generation += 1
        self._filter_shown, self._first_match_wanted = self._filter_generation, False
        self._fill(self._story_keys)
        self.action_first()
        self._refresh_subtitle()

    def _fill(self, keys: RowKeys) -> None:
        """Show the rows for `keys` (OptionList's `set_options`, with each row made when first read).

        `set_options` made and indexed every option: half a second for 120,000 rows.
        """
        by_story = keys is self._story_keys
        rows = Rows(keys, self._rows_context, self._story_of if by_story else None,
                    self._story_starts if by_story else None)
        if not self._lazy:
            self.set_options(list(rows))
            return
        self._options = rows  # type: ignore[assignment]
        self._line_cache.clear()
        self._option_render_cache.clear()
        self.highlighted = None
        self.scroll_y = 0
        if self.is_mounted:
            self.refresh(layout=self.styles.auto_dimensions)
            self._update_lines()

    def _shown_keys(self) -> RowKeys:
        options = self._options
        if isinstance(options, Rows):
            return options.keys
        return [option.article if isinstance(option, ArticleRow) else option.story  # type: ignore[attr-defined]
                for option in options]

    def article_ids_in_order(self) -> list[str]:
        """The ids of the articles listed (those the filter shows), in list order."""
        keys = self._shown_keys()
        if keys is self._story_keys or keys is self._sorted_by.get(self.order):
            return self.listed_article_ids
        return [key.id for key in keys if not isinstance(key, str)]

    # --- one line per row: the list's bookkeeping without asking 100,000 rows their height ---------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.options)  # every row (ArticleRow, StoryHeader) is one line, and there are no dividers

    def _update_lines(self) -> None:
        """OptionList's line bookkeeping, for rows of one line each: option n is line n, nothing kept per row.

        OptionList asks every new option's visual its height and keeps three entries per row (a second for a
        100,000-article list at every start). OptionList's own when its internals differ.
        """
        cache = self._line_cache
        if not isinstance(cache, OneLineEach):
            super()._update_lines()
            return
        if self._drawing:  # up to date for this frame: OptionList asks again at every line it draws
            return
        if not self.scrollable_content_region:
            return
        cache.count = len(self._options)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        set_virtual_size(self, Size(width, cache.count))

    def _rows(self, matches: set[str] | None) -> RowKeys:
        """Keys of the header and article rows in the current order, all of them or only the articles in `matches`."""
        if self.order == list_rows.ORDERS[0]:
            if matches is None:
                return self._story_keys
            keys: RowKeys = []
            for story, members in self._groups.items():
                kept = [a for a in members if a.id in matches]
                if kept:
                    keys.append(story)
                    keys.extend(kept)
            return keys
        everything = self._sorted()
        return cast(RowKeys, everything) if matches is None else [a for a in everything if a.id in matches]

    def _sorted(self) -> list[Article]:
        """Every article in the current order, when it is not by story (sorted once per show and order)."""
        if self.order not in self._sorted_by:
            self._sorted_by[self.order] = [article for _, members in list_rows.arranged(self._groups, self.order)
                                           for article in members]
        return self._sorted_by[self.order]

    @property
    def listed_article_ids(self) -> list[str]:
        """Every article id in the current order (whatever the filter hides)."""
        if self.order == list_rows.ORDERS[0]:
            return [article.id for members in self._groups.values() for article in members]
        return [article.id for article in self._sorted()]

    def highlight_article(self, article_id: str) -> None:
        """The screen opened `article_id`: mark its row as open and move the list cursor to it."""
        previous = self._rows_context.open_id
        if previous != article_id:
            self._rows_context.open_id = article_id
            self._redraw_articles([previous, article_id], headers=False)
        self._move_cursor_to(article_id)

    @property
    def open_article_id(self) -> str | None:
        """The article the list marks as open (the last one `highlight_article` was given)."""
        return self._rows_context.open_id

    def _move_cursor_to(self, article_id: str) -> None:
        if self.highlighted_article_id == article_id:
            return
        try:
            self.highlighted = self.get_option_index(article_id)
        except OptionDoesNotExist:
            pass

    @property
    def highlighted_article_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.post_message(self.Opened(event.option.id))

    # --- drawing ------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._drawn_width:  # e.g. a scrollbar came or went: rows drawn for the old width are wrong
            self._drawn_width = width
            self._option_render_cache.clear()
        self._update_lines()
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False

    def notify_style_update(self) -> None:
        self._option_render_cache.clear()  # focus or theme changed the styles the rows were drawn with
        super().notify_style_update()

    def show_read_state(self, unread: set[str]) -> None:
        """Mark the unread articles (•) and count them in their story headers."""
        if unread != self._rows_context.unread or not self._rows_context.read_known:
            self._rows_context.unread = set(unread)
            self._rows_context.read_known = True
            self._redraw_rows()
            self._refresh_subtitle()

    def mark_read(self, article_id: str, read: bool) -> None:
        """One article read or unread: its mark, its story's unread count and the list's."""
        unread = self._rows_context.unread
        if (article_id in unread) == (not read):
            return
        if read:
            unread.discard(article_id)
        else:
            unread.add(article_id)
        self._redraw_articles([article_id], headers=True)
        self._refresh_subtitle()

    def show_updated(self, updated: set[str]) -> None:
        """Mark the articles with earlier versions: '(updated)' before the headline."""
        if updated != self._rows_context.updated:
            self._rows_context.updated = set(updated)
            self._redraw_rows()

    def show_story_names(self, names: dict[str, str]) -> None:
        """Story headers under the names the reader gave them."""
        if names != self._rows_context.story_names:
            self._rows_context.story_names = dict(names)
            self._redraw_rows()

    def _redraw_rows(self) -> None:
        self._option_render_cache.clear()
        self.refresh()

    def _redraw_articles(self, article_ids: Iterable[str | None], headers: bool) -> None:
        """Draw again only these articles' rows (and, with `headers`, their stories' headers); the other rows
        on screen keep their drawing (a full redraw cost a screenful of rows, 10 ms, at every article switch)."""
        stale: set[str] = set()
        for article_id in article_ids:
            if article_id is not None:
                stale.add(article_id)
                if headers:
                    stale.add(STORY_PREFIX + self._story_of.get(article_id, article_id))
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0].id in stale]:
            cache.discard(key)
        for row_id in stale:
            try:
                self._refresh_row(self.get_option_index(row_id))
            except OptionDoesNotExist:
                pass

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        """As OptionList does, and repaint the rows the cursor left and reached (`highlighted` repaints nothing)."""
        super().watch_highlighted(new)
        self._refresh_row(old)
        self._refresh_row(new)

    def _refresh_row(self, index: int | None) -> None:
        """Repaint one row, if it is on screen (rows scrolled to are drawn then)."""
        line = self._index_to_line.get(index) if index is not None else None
        if line is not None and self.scroll_offset.y <= line < self.scroll_offset.y + self.size.height:
            self.refresh_line(line)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """As OptionList does, but with the story header above a story's first article in view too."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        y = self._index_to_line.get(highlighted)
        if y is None:
            return
        above = 1 if highlighted and self.options[highlighted - 1].disabled else 0
        region = Region(0, y - above, self.scrollable_content_region.width, 1 + above)
        self.scroll_to_region(region, force=True, animate=False, top=top, immediate=True)

    # --- order --------------------------------------------------------------------

    def action_sort(self) -> None:
        """Next order (story → date → outlet); the cursor stays on its article."""
        self.order = list_rows.next_order(self.order)
        current = self.highlighted_article_id
        self.apply_filter(self._query, keep=current)
        self._refresh_subtitle()
        self.post_message(self.OrderChanged(self.order, self.listed_article_ids))

    @property
    def border_subtitle(self) -> Any:
        return _WIDGET_SUBTITLE.__get__(self, type(self))

    @border_subtitle.setter
    def border_subtitle(self, subtitle: Any) -> None:
        # The screen writes the count ("12 articles"); the list adds its order after it.
        if subtitle != getattr(self, "_shown_subtitle", None):
            self._plain_subtitle = subtitle
        shown = self._with_order(self._plain_subtitle)
        self._shown_subtitle = shown
        _WIDGET_SUBTITLE.__set__(self, shown)

    def _refresh_subtitle(self) -> None:
        """Say the current order (and fit the width) again."""
        plain = getattr(self, "_plain_subtitle", None)
        if isinstance(plain, str) and plain:
            self.border_subtitle = plain

    def _with_order(self, subtitle: Any) -> Any:
        """A plain subtitle ('12 articles', '3 of 12 match') with the list's order after it ('12 articles by date').

        When that is wider than the border, the shorter '12 · by date', else the subtitle alone.
        """
        if not getattr(self, "_groups", None) or not isinstance(subtitle, str) or not subtitle:
            return subtitle
        order = list_rows.ORDER_LABELS[self.order]
        room = self.outer_size.width - SUBTITLE_FRAME_CELLS
        numbers_only = subtitle.rsplit(" ", 1)[0]  # "12 articles" -> "12", "3 of 12 match" -> "3 of 12"
        wordings = [f"{subtitle} {order}", f"{numbers_only}{SHORT_SEPARATOR}{order}", subtitle]
        if self._rows_context.read_known:
            unread = f" · {len(self._rows_context.unread)} unread"
            wordings = [f"{subtitle} {order}{unread}", *wordings]  # the order first; the marks show what is unread
        return next((wording for wording in wordings if cell_len(wording) <= room), wordings[-1])

    # --- filter -------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        """The filter's current query ("" when the list is not filtered)."""
        return self._query

    def action_filter(self) -> None:
        """Show the filter box over the top of the list and focus it."""
        from caravan_tui.ui.widgets.list_filter import ListFilter

        box = self._filter_box()
        if box is None:
            box = ListFilter(self, id=f"{self.id or 'list'}-filter")
            if isinstance(self.parent, Widget):
                self.parent.mount(box, before=self)
        self._place_filter(box)
        self.add_class("-filtering")
        box.add_class("-shown")
        box.focus()
        if self._search_text is None and not self._building_search and self.filters_text:
            self._building_search = True
            self._build_search_text([a for members in self._groups.values() for a in members])

    @property
    def filters_text(self) -> bool:
        """Whether the filter matches the articles' text too, not only headlines and outlets: not on a large
        corpus, whose texts are read on use (matching them would read and hold every one; `F` searches them)."""
        return self._article_count <= FULL_TEXT_FILTER_UP_TO

    def action_clear_filter(self) -> None:
        if self._query:
            self.apply_filter("")
            box = self._filter_box()
            if box is not None:
                box.value = ""

    def close_filter(self) -> None:
        """Hide the filter box (the filter, if any, stays applied) and focus the list."""
        box = self._filter_box()
        if box is not None:
            box.remove_class("-shown")
        self.remove_class("-filtering")
        # at once, not after the queued messages as `focus()` does: keys typed in the same burst as the enter
        # or escape that closed the box (over SSH, from a paste) must reach the list, not the hidden box
        self.screen.set_focus(self)

    def apply_filter(self, query: str, keep: str | None = None) -> None:
        """Show only the articles matching `query` (all of them when it is blank); the cursor stays if it can.

        Above FILTER_IN_BACKGROUND_OVER articles the matching runs in a thread: the keystroke is drawn at
        once, and the list follows when its matches are ready (a newer query or list makes them stale).
        """
        self._query = query
        self._filter_generation += 1
        folded = _fold(query.strip())
        current = keep or self.highlighted_article_id or self._rows_context.open_id
        if folded and self._article_count > FILTER_IN_BACKGROUND_OVER:
            self._keep_unfiltered_subtitle()
            self.border_subtitle = "matching…"  # until the matches come (`_show_count`)
            self._filter_in_background(self._filter_generation, folded, current)
            return
        self._first_match_wanted = False
        matches = None if not folded else self._matches(folded)
        self._show_filtered(self._rows(matches), matches, current)

    @property
    def is_filtering(self) -> bool:
        """Whether a filter is being matched in the background (its rows are not shown yet)."""
        return self._filter_shown != self._filter_generation

    def go_to_first_match(self) -> None:
        """Enter in the filter: the cursor to the first match, focus to the list (when the matches are in)."""
        self._first_match_wanted = self.is_filtering
        self.action_first()
        self.close_filter()

    def _show_filtered(self, keys: RowKeys, matches: set[str] | None, current: str | None) -> None:
        self._filter_shown = self._filter_generation
        self._fill(keys)
        self._show_count(matches)
        if self._first_match_wanted:
            self._first_match_wanted = False
            self.action_first()
        elif current is not None and (matches is None or current in matches):
            self._move_cursor_to(current)
        else:
            self.action_first()

    @work(thread=True, exclusive=True, group="list-filter")
    def _filter_in_background(self, generation: int, folded: str, current: str | None) -> None:
        worker = get_current_worker()
        matches = self._matches(folded, cancelled=lambda: worker.is_cancelled)
        if matches is None or worker.is_cancelled:
            return
        keys = self._rows(matches)
        self.app.call_from_thread(self._filtered, generation, keys, matches, current)

    def _filtered(self, generation: int, keys: RowKeys, matches: set[str], current: str | None) -> None:
        """A background filter's rows: shown if no newer query or list came meanwhile."""
        if generation == self._filter_generation:
            self._show_filtered(keys, matches, current)

    def _matches(self, folded: str, cancelled: Callable[[], bool] = lambda: False) -> set[str] | None:
        """Ids of the articles whose text contains `folded` (None when `cancelled` says so, between chunks)."""
        texts = self._search_text
        if texts is None:  # headlines and outlets, folded once (not again at every key typed in the filter)
            if self._headline_text is None:
                self._headline_text = {a.id: _fold(f"{a.title}\n{a.outlet}")
                                       for members in self._groups.values() for a in members}
            texts = self._headline_text
        found: set[str] = set()
        items = iter(texts.items())
        while chunk := list(islice(items, MATCHED_PER_CHUNK)):
            if cancelled():
                return None
            found.update(article_id for article_id, text in chunk if folded in text)
        return found

    def _show_count(self, matches: set[str] | None) -> None:
        self._keep_unfiltered_subtitle()
        if matches is None:
            self.border_subtitle, self._subtitle = self._subtitle, None
            self.border_title = "Articles"
        else:
            self.border_subtitle = f"{len(matches)} of {self._article_count} match"
            # A Text, not a str: a str title would be read as markup.
            self.border_title = Text(f"Articles /{safe(self._query.strip())} (escape clears)")

    def _keep_unfiltered_subtitle(self) -> None:
        """Keep the list's own subtitle (the count) while a filter's count or progress shows instead."""
        if self._subtitle is None:
            self._subtitle = str(getattr(self, "_plain_subtitle", None) or "")

    @work(thread=True, exclusive=True, group="list-search")
    def _build_search_text(self, articles: list[Article]) -> None:
        texts = {a.id: _fold("\n".join([a.title, a.outlet, *(p.text for p in a.passages)])) for a in articles}
        self.app.call_from_thread(self._search_ready, texts)

    def _search_ready(self, texts: dict[str, str]) -> None:
        self._search_text, self._building_search = texts, False
        if self._query.strip():
            self.apply_filter(self._query)

    def _filter_box(self) -> Any:
        from caravan_tui.ui.widgets.list_filter import ListFilter

        if self.parent is None:
            return None
        return next((box for box in self.parent.query_children(ListFilter) if box.target is self), None)

    def _place_filter(self, box: Any) -> None:
        box.styles.width = max(1, self.outer_size.width - 2)

    def on_resize(self) -> None:
        self._refresh_subtitle()
        box = self._filter_box()
        if box is not None:
            self._place_filter(box)

    def on_hide(self) -> None:
        box = self._filter_box()
        if box is not None and box.has_class("-shown"):
            box.remove_class("-shown")
            self.remove_class("-filtering")


def _story_keys(groups: dict[str, list[Article]]) -> tuple[RowKeys, dict[str, int]]:
    """Every row in story order (each story's id, for its header, then its articles), and where each story starts."""
    keys: RowKeys = []
    starts: dict[str, int] = {}
    for story, members in groups.items():
        starts[story] = len(keys)
        keys.append(story)
        keys.extend(members)
    return keys, starts


def _fillable(listing: OptionList) -> bool:
    """Whether OptionList keeps its options where `ArticleList._fill` puts them (Textual 8 does)."""
    internals = (("_options", list), ("_id_to_option", dict), ("_option_to_index", dict))
    cache = getattr(listing, "_line_cache", None)
    return all(isinstance(getattr(listing, name, None), kind) for name, kind in internals) and \
        all(hasattr(cache, name) for name in ("lines", "heights", "index_to_line")) and \
        hasattr(listing, "_option_render_cache") and hasattr(listing, "_scroll_update")


def _fold(text: str) -> str:
    """Case and accents folded (the same for a query and the text it is looked for in)."""
    if text.isascii():
        return text.casefold()
    from caravan_tui.analysis.text import strip_accents

    return strip_accents(text).casefold()
