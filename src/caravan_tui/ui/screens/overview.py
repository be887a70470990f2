"""The story overview (`o`): one story across its outlets, on one scrolling screen.

    app.push_screen(OverviewScreen(story_overview(analysis, articles, story), current_article_id))

Top to bottom: the story's title and outlets, then four sections (each a
widget in `ui/widgets/overview_*.py`): coverage (what each outlet shares
and carries alone, and where), the terms for the story's people per outlet,
who is quoted per outlet, and the figures side by side. The outlet of
`current_article_id` is marked "▸" wherever outlets are listed.

The screen only displays: the `StoryOverview` is computed by the caller
(in a worker); compose builds a handful of widgets and the tables are laid
out when drawn, at the width they get. Article text is always shown
literally (`safe()`, rich Text).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from caravan_tui.analysis.overview import StoryOverview
from caravan_tui.safe_text import safe
from caravan_tui.ui.commands import OverviewCommands
from caravan_tui.ui.widgets.key_bar import KeyBar
from caravan_tui.ui.widgets.overview_coverage import CoverageSection
from caravan_tui.ui.widgets.overview_figures import FiguresSection
from caravan_tui.ui.widgets.overview_terms import TermsSection
from caravan_tui.ui.widgets.overview_voices import VoicesSection

SECTIONS = {"coverage": CoverageSection, "terms": TermsSection, "voices": VoicesSection, "figures": FiguresSection}


def story_title(overview: StoryOverview, current_article_id: str | None) -> str:
    """The current article's title if it belongs to the story, else the first article's, else the story id."""
    titles = {a["article"]: a["title"] for a in overview.articles}
    if current_article_id in titles:
        return titles[current_article_id] or overview.story
    return next((a["title"] for a in overview.articles if a["title"]), overview.story)


def heading(overview: StoryOverview, current_article_id: str | None) -> Text:
    """'Story overview · 2 outlets · <title>', on one line, cut short with an ellipsis."""
    count = len(overview.articles)
    text = Text(f"Story overview \u00b7 {count} outlet{'s' if count != 1 else ''} \u00b7 ", style="bold",
                no_wrap=True, overflow="ellipsis")
    text.append(safe(story_title(overview, current_article_id)))
    return text


class OverviewScreen(Screen[None]):
    """The overview of one story; escape or q closes it, j/k and the page keys scroll it."""

    COMMANDS = {OverviewCommands}

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="overview.close"),
        Binding("j,down", "scroll_body('down')", "Scroll down", show=False, id="overview.scroll_down"),
        Binding("k,up", "scroll_body('up')", "Scroll up", show=False, id="overview.scroll_up"),
        Binding("pagedown,ctrl+d,space", "scroll_body('page_down')", "Page down",
                id="overview.page_down"),
        Binding("pageup,ctrl+u", "scroll_body('page_up')", "Page up", show=False, id="overview.page_up"),
        Binding("g,home", "scroll_body('home')", "Top", show=False, id="overview.home"),
        Binding("G,end", "scroll_body('end')", "Bottom", show=False, id="overview.end"),
    ]

    DEFAULT_CSS = """
    OverviewScreen {
        layout: vertical;
        & > #overview-heading { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
        & > #overview-families { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
        & > #overview-body { height: 1fr; scrollbar-size-vertical: 1; }
    }
    """

    def __init__(self, overview: StoryOverview, current_article_id: str | None = None, families: str = "") -> None:
        super().__init__()
        self.overview = overview
        self.current_article_id = current_article_id
        self.families = families  # 'from one Reuters text: … · written independently: …'

    def compose(self) -> ComposeResult:
        yield Static(heading(self.overview, self.current_article_id), id="overview-heading")
        if self.families:
            yield Static(Text(safe(self.families)), id="overview-families")
        with VerticalScroll(id="overview-body", can_focus=False):
            for name, section in SECTIONS.items():
                yield section(self.overview, self.current_article_id, id=f"overview-{name}")
        yield KeyBar()

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#overview-body", VerticalScroll)

    def action_scroll_body(self, how: str) -> None:
        moves = {"down": self.body.scroll_down, "up": self.body.scroll_up, "page_down": self.body.scroll_page_down,
                 "page_up": self.body.scroll_page_up, "home": self.body.scroll_home, "end": self.body.scroll_end}
        moves[how](animate=False)

    def action_close(self) -> None:
        self.dismiss()
