"""The article list: stories as header rows, each followed by its articles.

An OptionList (line API): story headers are disabled options the cursor skips;
each article row shows its outlet, then its headline. Enter (or a click)
posts `ArticleList.Opened` with the article id.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from caravan_tui.corpus.model import Article
from caravan_tui.ui.safe_text import safe

STORY_PREFIX = "story:"
STORY_LABEL_MAX = 36


class ArticleList(OptionList):
    """Articles grouped by story; the highlighted row is the list cursor."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next article in list", show=False, id="list.cursor_down"),
        Binding("k,up", "cursor_up", "Previous article in list", show=False, id="list.cursor_up"),
        Binding("g,home", "first", "First article in list", show=False, id="list.first"),
        Binding("G,end", "last", "Last article in list", show=False, id="list.last"),
        Binding("enter", "select", "Open article", show=False, id="list.open"),
    ]

    DEFAULT_CSS = """
    ArticleList {
        & > .option-list--option-disabled { color: $text-muted; text-style: bold underline; }
        /* Reverse, not only a colour, so the list cursor survives NO_COLOR. */
        & > .option-list--option-highlighted {
            text-style: bold reverse; background: $background; color: $foreground;
        }
    }
    """

    class Opened(Message):
        """The reader asked to open the article `article_id`."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def show_stories(self, articles: Iterable[Article], story_of: dict[str, str]) -> None:
        """Replace the rows: one header per story, then its articles in order."""
        self.clear_options()
        self.add_options(self._rows(list(articles), story_of))
        self.action_first()

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

    @staticmethod
    def _rows(articles: list[Article], story_of: dict[str, str]) -> list[Option]:
        stories: dict[str, list[Article]] = {}
        for article in articles:
            stories.setdefault(story_of.get(article.id, article.id), []).append(article)
        rows: list[Option] = []
        for story, members in stories.items():
            rows.append(Option(_story_header(story, members), id=STORY_PREFIX + story, disabled=True))
            rows.extend(Option(_article_row(article), id=article.id) for article in members)
        return rows

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.post_message(self.Opened(event.option.id))


def _story_header(story: str, members: list[Article]) -> Text:
    """One line: the story's front-matter name, else its first headline, and its size."""
    label = safe(members[0].story or members[0].title or story)
    if len(label) > STORY_LABEL_MAX:
        label = label[:STORY_LABEL_MAX - 1].rstrip() + "…"
    return Text(f"({len(members)}) {label}")


def _article_row(article: Article) -> Text:
    row = Text(safe(article.outlet), style="bold")
    row.append("\n")
    row.append(safe(article.title or article.id))
    return row
