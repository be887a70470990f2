"""The article list's rows, made only when OptionList asks for one, and its one-line-a-row bookkeeping.

`ArticleList` is an OptionList, which keeps a list of options, a map from id to
option, one from option to index, and a line cache with three entries per row.
For 100,000 articles that was 120,000 options made and indexed at every show
(most of a second). Here the list keeps only its articles and story ids in
order (`RowKeys`): `Rows` makes a row object when OptionList reads index i (a
screenful when drawn, a few when the cursor moves), `RowsById` and `RowIndex`
answer OptionList's two maps from that, and `OneLineEach` is the line cache
for rows of one line each (row i is line i), storing nothing per row.

A row is its own Option and its own Visual (`ArticleRow`, `StoryHeader`): one
object per row drawn, no Option.__init__. Nothing here touches the screen.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from rich.cells import cell_len
from textual.content import Content
from textual.strip import Strip
from textual.visual import RenderOptions, Visual
from textual.widgets.option_list import Option

from caravan_tui.corpus.model import Article
from caravan_tui.safe_text import safe
from caravan_tui.ui import list_rows

if TYPE_CHECKING:
    from caravan_tui.ui.widgets.article_list import ArticleList

STORY_PREFIX = "story:"

#: A row in order: an article, or (a str) the id of the story whose header it is.
RowKey = Article | str
RowKeys = list[RowKey]


class RowContext:
    """What every row of one list shares: the open article, the outlet column's natural width, the styles."""

    def __init__(self, owner: ArticleList) -> None:
        self.owner = owner
        self.open_id: str | None = None
        self.outlet_cells = list_rows.OUTLET_MIN
        self.any_dated = True
        self.unread: set[str] = set()
        self.updated: set[str] = set()  # articles with earlier versions kept (refresh or add found them changed)
        self.read_known = False  # the read state was loaded (from the notes store, after the first paint)
        self.story_names: dict[str, str] = {}
        self.groups: dict[str, list[Article]] = {}  # story id -> its articles (a header's members)

    def style(self, component: str) -> Any:
        return self.owner.get_visual_style(component, partial=True)


class Row(Option, Visual):
    """A row that is its own option and its own visual, made without Option's __init__.

    `index` is where the row was made in the rows now shown (OptionList asks an option's index to draw it).
    """

    __slots__ = ("_id", "context", "index")
    __hash__ = object.__hash__  # Option's own is id(self) in Python: the same, without the call
    _divider = False
    _id: str
    context: RowContext
    index: int

    @property
    def _prompt(self) -> Row:  # type: ignore[override]
        return self

    @property
    def _visual(self) -> Row:
        return self

    @_visual.setter
    def _visual(self, visual: Any) -> None:
        """OptionList sets the visual it made from the prompt; a row is its own."""

    def __rich_repr__(self) -> Any:  # Option's yields the prompt: the row itself
        yield self._id
        yield "disabled", self.disabled, False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._id!r})"

    def get_height(self, rules: Any, width: int) -> int:
        return 1


class ArticleRow(Row):
    """One article line: open mark, outlet, date, headline, fitted to the width it is drawn at."""

    __slots__ = ("article",)
    disabled = False

    def __init__(self, article: Article, context: RowContext, index: int) -> None:
        self.article = article  # made safe only when drawn
        self.context = context
        self._id = article.id
        self.index = index

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        return list_rows.MARK_CELLS + cell_len(self.article.outlet) + 1 + cell_len(self.article.title)

    def render_strips(self, width: int, height: int | None, style: Any, options: RenderOptions) -> list[Strip]:
        context = self.context
        article = self.article
        is_open = context.open_id == article.id
        columns = list_rows.columns_for(width, context.outlet_cells, dates=context.any_dated)
        title = safe(article.title or article.id)
        if article.id in context.updated:
            title = "(updated) " + title
        mark, outlet, date, headline = list_rows.article_parts(safe(article.outlet), article.published, title,
                                                               columns, is_open, unread=article.id in context.unread)
        line = Content.assemble((mark, context.style("article-list--open")),
                                (outlet, context.style("article-list--outlet")),
                                (date, context.style("article-list--date")),
                                (headline, context.style("article-list--open") if is_open else ""))
        return line.render_strips(width, 1, style, options)


class StoryHeader(Row):
    """One story line, '▾ label · 4 articles · Reuters, AP +2', fitted to the width it is drawn at; disabled,
    so the cursor skips it."""

    __slots__ = ("story",)
    disabled = True

    def __init__(self, story: str, context: RowContext, index: int) -> None:
        self.story = story
        self.context = context
        self._id = STORY_PREFIX + story
        self.index = index

    @property
    def members(self) -> list[Article]:
        return self.context.groups.get(self.story, [])

    def line(self, width: int) -> str:
        members = self.members
        first = members[0] if members else None
        named = self.context.story_names.get(self.story)
        label = safe(named or (first.story or first.title if first is not None else "") or self.story)
        outlets = [safe(outlet) for outlet in list_rows.distinct_outlets(members)]
        unread = sum(article.id in self.context.unread for article in members)
        return list_rows.header_line(label, len(members), outlets, width, unread)

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        return cell_len(self.line(10_000))

    def render_strips(self, width: int, height: int | None, style: Any, options: RenderOptions) -> list[Strip]:
        return Content(self.line(width)).render_strips(width, 1, style, options)


def key_id(key: RowKey) -> str:
    """The option id of the row for `key`: the article's id, or 'story:' and the story id."""
    return STORY_PREFIX + key if isinstance(key, str) else key.id


class Rows(Sequence[Option]):
    """The rows shown, in order, each made the first time it is read (OptionList's `_options`)."""

    def __init__(self, keys: RowKeys, context: RowContext, story_of: dict[str, str] | None = None,
                 story_starts: dict[str, int] | None = None) -> None:
        """`story_of` (article id -> story id) when `keys` are every story of `context.groups` in order, and
        `story_starts`, the index of each story's header, when known."""
        self.keys = keys
        self.context = context
        self.made: dict[int, Row] = {}
        self._index_of: dict[str, int] | None = None
        self._story_of = story_of
        self._story_starts = story_starts

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Option: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Option]: ...

    def __getitem__(self, index: int | slice) -> Option | Sequence[Option]:
        if isinstance(index, slice):  # OptionList's page keys slice from the cursor to an end
            return _Slice(self, range(*index.indices(len(self.keys))))
        if index < 0:
            index += len(self.keys)
        row = self.made.get(index)
        if row is None:
            key = self.keys[index]  # raises IndexError past the end, as a list does
            row = StoryHeader(key, self.context, index) if isinstance(key, str) else \
                ArticleRow(key, self.context, index)
            self.made[index] = row
        return row

    def __iter__(self) -> Iterator[Option]:
        return map(self.__getitem__, range(len(self.keys)))

    def clear(self) -> None:
        self.keys, self.made, self._index_of, self._story_of = [], {}, None, None

    def index_of(self, row_id: str) -> int | None:
        """The index of the row with this id, or None.

        Rows by story are found from where each story starts (counted at the first call when not given);
        other orders build an index of every row at the first call (60 ms for 120,000 rows).
        """
        if self._story_of is not None:
            index = self._index_by_story(row_id, self._story_of)
            if index is not None:
                return index
        if self._index_of is None:
            ids = [STORY_PREFIX + key if key.__class__ is str else key.id for key in self.keys]  # type: ignore[union-attr]
            self._index_of = dict(zip(ids, range(len(ids))))
        return self._index_of.get(row_id)

    def _index_by_story(self, row_id: str, story_of: dict[str, str]) -> int | None:
        """The index of a header or article row found from where its story starts, or None."""
        groups = self.context.groups
        if self._story_starts is None:
            starts, position = {}, 0
            for story, members in groups.items():
                starts[story] = position
                position += 1 + len(members)
            self._story_starts = starts
        if row_id.startswith(STORY_PREFIX):
            start = self._story_starts.get(row_id[len(STORY_PREFIX):])
            if start is not None and start < len(self.keys) and self.keys[start] == row_id[len(STORY_PREFIX):]:
                return start
        story = story_of.get(row_id, row_id)
        start = self._story_starts.get(story)
        if start is None:
            return None
        for offset, article in enumerate(groups[story], start + 1):
            if article.id == row_id:
                return offset if offset < len(self.keys) and self.keys[offset] is article else None
        return None

    def index_of_row(self, row: object) -> int | None:
        """The index of `row` if it is one of these rows (not one made for rows shown before)."""
        index = getattr(row, "index", None)
        return index if isinstance(index, int) and self.made.get(index) is row else None


class _Slice(Sequence[Option]):
    """Some of the rows, each made when read (a slice of 100,000 rows made them all to look at two)."""

    def __init__(self, rows: Rows, positions: range) -> None:
        self.rows, self.positions = rows, positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Option: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Option]: ...

    def __getitem__(self, index: int | slice) -> Option | Sequence[Option]:
        if isinstance(index, slice):
            return _Slice(self.rows, self.positions[index])
        return self.rows[self.positions[index]]

    def __iter__(self) -> Iterator[Option]:
        return map(self.rows.__getitem__, self.positions)

    def __reversed__(self) -> Iterator[Option]:
        return map(self.rows.__getitem__, reversed(self.positions))


class _RowsMapping(Mapping[Any, Any]):
    """A read-only map answered from the list's current `Rows`; `clear` is a no-op (a new fill replaces them)."""

    def __init__(self, owner: ArticleList) -> None:
        self.owner = owner

    def rows(self) -> Rows:
        rows = self.owner._options
        if not isinstance(rows, Rows):
            raise KeyError("the list holds no lazy rows")
        return rows

    def __len__(self) -> int:
        return len(self.owner._options)

    def clear(self) -> None:
        """The rows are replaced as a whole."""


class RowsById(_RowsMapping):
    """Option id -> the option shown (OptionList's `_id_to_option`)."""

    def __getitem__(self, row_id: Any) -> Option:
        rows = self.rows()
        index = rows.index_of(row_id) if isinstance(row_id, str) else None
        if index is None:
            raise KeyError(row_id)
        return rows[index]

    def __iter__(self) -> Iterator[str]:
        return map(key_id, self.rows().keys)


class RowIndex(_RowsMapping):
    """Option -> its index in the rows shown (OptionList's `_option_to_index`)."""

    def __getitem__(self, row: Any) -> int:
        index = self.rows().index_of_row(row)
        if index is None:
            raise KeyError(row)
        return index

    def __iter__(self) -> Iterator[Option]:
        return iter(self.rows())


class _Identity(Mapping[int, int]):
    """n -> n for the first `count` rows, or n -> `value` with a value."""

    def __init__(self, cache: OneLineEach, value: int | None = None) -> None:
        self.cache, self.value = cache, value

    def __getitem__(self, index: int) -> int:
        if not isinstance(index, int) or not 0 <= index < self.cache.count:
            raise KeyError(index)
        return index if self.value is None else self.value

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.cache.count))

    def __len__(self) -> int:
        return self.cache.count


class _Lines(Sequence[tuple[int, int]]):
    """Line y is line 0 of row y."""

    def __init__(self, cache: OneLineEach) -> None:
        self.cache = cache

    def __len__(self) -> int:
        return self.cache.count

    def __getitem__(self, y: Any) -> Any:
        if isinstance(y, slice):
            return [(line, 0) for line in range(*y.indices(self.cache.count))]
        if y < 0:
            y += self.cache.count
        if not 0 <= y < self.cache.count:
            raise IndexError(y)
        return (y, 0)


class OneLineEach:
    """OptionList's line cache (`lines`, `heights`, `index_to_line`) for `count` rows of one line each."""

    def __init__(self) -> None:
        self.count = 0
        self.lines = _Lines(self)
        self.heights = _Identity(self, value=1)
        self.index_to_line = _Identity(self)

    def clear(self) -> None:
        self.count = 0
