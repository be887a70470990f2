"""The article list: stories as header rows, each followed by its articles.

An OptionList (line API): story headers are disabled options the cursor skips;
each article row shows its outlet, then its headline. Enter (or a click)
posts `ArticleList.Opened` with the article id.

Scale: the rows are built once per corpus (linear in the articles); moving
the cursor or opening an article never rebuilds them. An OptionList measures
the height of every row when it is given them (wrapping each headline), which
costs about a second on 10,000 articles; so above `COMPACT_ABOVE` articles
each row is a fixed two lines (outlet, then the headline cut with an
ellipsis), whose height is known without measuring.

`/` opens the filter (`list_filter.ListFilter`) over the top of the list:
typing keeps the articles whose headline, outlet or text contains the query
(case and accents folded), with their story headers; enter goes to the first
match; escape clears the filter. The folded search text of every article is
built once, in a thread worker, the first time the filter opens; until it is
ready the filter matches headlines and outlets only.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article
from caravan_tui.ui.safe_text import safe

STORY_PREFIX = "story:"
STORY_LABEL_MAX = 36
COMPACT_ABOVE = 1000


class ArticleList(OptionList):
    """Articles grouped by story; the highlighted row is the list cursor."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next article in list", show=False, id="list.cursor_down"),
        Binding("k,up", "cursor_up", "Previous article in list", show=False, id="list.cursor_up"),
        Binding("g,home", "first", "First article in list", show=False, id="list.first"),
        Binding("G,end", "last", "Last article in list", show=False, id="list.last"),
        Binding("enter", "select", "Open article", show=False, id="list.open"),
        Binding("slash", "filter", "Filter articles (headline, outlet, text)", show=False, id="list.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="list.clear_filter"),
    ]

    DEFAULT_CSS = """
    ArticleList {
        & > .option-list--option-disabled { color: $text-muted; text-style: bold underline; }
        /* Reverse, not only a colour, so the list cursor survives NO_COLOR. */
        & > .option-list--option-highlighted {
            text-style: bold reverse; background: $background; color: $foreground;
        }
    }
    ArticleList.-filtering { padding-top: 1; }
    """

    class Opened(Message):
        """The reader asked to open the article `article_id`."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stories: list[tuple[Option, list[Article]]] = []
        self._article_rows: dict[str, Option] = {}
        self._search_text: dict[str, str] | None = None
        self._building_search = False
        self._query = ""
        self._subtitle: str | None = None

    # --- rows ---------------------------------------------------------------------

    def show_stories(self, articles: Iterable[Article], story_of: dict[str, str]) -> None:
        """Replace the rows: one header per story, then its articles in order."""
        articles = list(articles)
        compact = len(articles) > COMPACT_ABOVE
        groups = members_by_story(articles, story_of)
        self._stories = [(Option(_story_header(story, members, compact), id=STORY_PREFIX + story, disabled=True),
                          members) for story, members in groups.items()]
        self._article_rows = {article.id: Option(_article_row(article, compact), id=article.id)
                              for article in articles}
        self._search_text, self._query = None, ""
        self.set_options(self._rows(None))
        self.action_first()

    def _rows(self, matches: set[str] | None) -> list[Option]:
        """Header and article rows, all of them or only the stories and articles in `matches`."""
        rows: list[Option] = []
        for header, members in self._stories:
            kept = [self._article_rows[a.id] for a in members if matches is None or a.id in matches]
            if kept:
                rows.append(header)
                rows.extend(kept)
        return rows

    def highlight_article(self, article_id: str) -> None:
        """Move the list cursor to the row of `article_id`."""
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
        if self._search_text is None and not self._building_search:
            self._building_search = True
            self._build_search_text([a for _, members in self._stories for a in members])

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
        self.focus()

    def apply_filter(self, query: str) -> None:
        """Show only the articles matching `query` (all of them when it is blank)."""
        self._query = query
        folded = _fold(query.strip())
        current = self.highlighted_article_id
        matches = None if not folded else self._matches(folded)
        self.set_options(self._rows(matches))
        self._show_count(matches)
        if current is not None and (matches is None or current in matches):
            self.highlight_article(current)
        else:
            self.action_first()

    def go_to_first_match(self) -> None:
        """Enter in the filter: the cursor to the first match, focus to the list."""
        self.action_first()
        self.close_filter()

    def _matches(self, folded: str) -> set[str]:
        if self._search_text is not None:
            return {article_id for article_id, text in self._search_text.items() if folded in text}
        return {a.id for _, members in self._stories for a in members
                if folded in _fold(f"{a.title}\n{a.outlet}")}

    def _show_count(self, matches: set[str] | None) -> None:
        if self._subtitle is None:
            self._subtitle = str(self.border_subtitle or "")
        if matches is None:
            self.border_subtitle, self._subtitle = self._subtitle, None
            self.border_title = "Articles"
        else:
            self.border_subtitle = f"{len(matches)} of {len(self._article_rows)} match"
            # A Text, not a str: a str title would be read as markup.
            self.border_title = Text(f"Articles /{safe(self._query.strip())} (escape clears)")

    @work(thread=True, exclusive=True, group="list-search")
    def _build_search_text(self, articles: list[Article]) -> None:
        texts = {a.id: _fold("\n".join([a.title, a.outlet, *(p.text for p in a.passages)])) for a in articles}
        self.app.call_from_thread(self._search_ready, texts)

    def _search_ready(self, texts: dict[str, str]) -> None:
        self._search_text, self._building_search = texts, False
        if self._query.strip():
            self.apply_filter(self._query)

    def _filter_box(self):
        from caravan_tui.ui.widgets.list_filter import ListFilter

        if self.parent is None:
            return None
        return next((box for box in self.parent.query_children(ListFilter) if box.target is self), None)

    def _place_filter(self, box) -> None:
        box.styles.width = max(1, self.outer_size.width - 2)

    def on_resize(self) -> None:
        box = self._filter_box()
        if box is not None:
            self._place_filter(box)

    def on_hide(self) -> None:
        box = self._filter_box()
        if box is not None and box.has_class("-shown"):
            box.remove_class("-shown")
            self.remove_class("-filtering")


class _CompactRow(Visual):
    """A row of fixed height: one line per (text, style) part, cut to the width with an ellipsis.

    Its height is known without measuring; its content is built only when it is drawn.
    """

    def __init__(self, *parts: tuple[str, str]) -> None:
        self.parts = parts

    def get_optimal_width(self, rules, container_width: int) -> int:
        return max(Content(text).cell_length for text, _ in self.parts)

    def get_height(self, rules, width: int) -> int:
        return len(self.parts)

    def render_strips(self, width: int, height: int | None, style, options: RenderOptions) -> list[Strip]:
        strips: list[Strip] = []
        for text, part_style in self.parts[:height]:
            line = Content.styled(text, part_style) if part_style else Content(text)
            strips.extend(line.truncate(width, ellipsis=True).render_strips(width, 1, style, options))
        return strips


def _fold(text: str) -> str:
    """Case and accents folded (the same for a query and the text it is looked for in)."""
    if text.isascii():
        return text.casefold()
    from caravan_tui.analysis.text import strip_accents

    return strip_accents(text).casefold()


def _story_header(story: str, members: list[Article], compact: bool = False):
    """One line: the story's front-matter name, else its first headline, and its size."""
    label = safe(members[0].story or members[0].title or story)
    if len(label) > STORY_LABEL_MAX:
        label = label[:STORY_LABEL_MAX - 1].rstrip() + "…"
    if compact:
        return _CompactRow((f"({len(members)}) {label}", ""))
    return Text(f"({len(members)}) {label}")


def _article_row(article: Article, compact: bool = False):
    if compact:
        return _CompactRow((safe(article.outlet), "bold"), (safe(article.title or article.id), ""))
    row = Text(safe(article.outlet), style="bold")
    row.append("\n")
    row.append(safe(article.title or article.id))
    return row
