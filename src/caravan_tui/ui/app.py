"""The reader app: loads the corpus in a worker and shows it in three panes.

Layout: the article list (stories as header rows, then outlet and headline),
the reading pane (headline, outlet, date, passages with a cursor) and the
notes panel. At 100 columns and wider all three show; narrower (80x24
included), the article list is narrower and the notes panel is hidden until
`\\` shows it in place of the list. The focused pane has a heavy border and a
reversed title, visible without colour (NO_COLOR, TERM=xterm).

The theme uses only the terminal's 16 ANSI colours, so it looks the same in
xterm, 256-colour and truecolor terminals. Keys can be rebound by id in
config_dir()/keymap.toml (see `caravan_tui.ui.keymap`); `?` lists them all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.theme import BUILTIN_THEMES, Theme

from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.ui.catalogue import all_bindings
from caravan_tui.ui.commands import ReaderCommands
from caravan_tui.ui.keymap import keymap_path, read_keymap
from caravan_tui.ui.launch import EXIT_AFTER_FIRST_PAINT
from caravan_tui.ui.preload import LoadResult, load_and_group
from caravan_tui.ui.safe_text import safe
from caravan_tui.ui.screens.main import MainScreen
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane

PROBLEMS_IN_NOTICE = 3

CARAVAN_THEME = Theme(
    name="caravan-ansi",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    accent="ansi_bright_cyan",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        **BUILTIN_THEMES["ansi-dark"].variables,
        "border": "ansi_bright_cyan",
        "border-blurred": "ansi_bright_black",
        "text-muted": "ansi_bright_black",
        "footer-key-foreground": "ansi_bright_cyan",
    },
)


class CaravanApp(App[None]):
    """The terminal reader for comparing outlets' versions of a story."""

    CSS_PATH = "app.tcss"
    TITLE = "caravan-tui"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
    ]

    def __init__(self, paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
                 loading: Future[LoadResult] | None = None) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths or ()]
        self.given_corpus = corpus
        self.loading = loading
        self.corpus = Corpus()
        self.story_of: dict[str, str] = {}
        self.article_order: list[str] = []
        self.current_article: Article | None = None
        self.keymap: dict[str, str] = {}
        self.first_paint_at: float | None = None

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def on_mount(self) -> None:
        self.register_theme(CARAVAN_THEME)
        self.theme = CARAVAN_THEME.name
        self.apply_user_keymap()

    def start_loading(self) -> None:
        """Called by the main screen once its panes exist."""
        if self.loading is not None and self.loading.done() and self.loading.exception() is None:
            self.show_corpus(*self.loading.result())  # already loaded: no "Loading…" frame
        else:
            self.load_corpus()

    # Keymap ---------------------------------------------------------------

    def apply_user_keymap(self) -> None:
        known = [entry.id for entry in all_bindings()]
        self.keymap, problems = read_keymap(keymap_path(), known)
        self.set_keymap(self.keymap)
        for problem in problems:
            self.notify(safe(problem), title="Keymap", severity="warning", markup=False, timeout=10)

    # Loading --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_corpus(self) -> None:
        try:
            if self.loading is not None:
                corpus, story_of = self.loading.result()
            else:
                corpus, story_of = load_and_group(self.paths, self.given_corpus)
        except Exception as error:  # noqa: BLE001 - shown to the reader, never a crash
            self.call_from_thread(self.show_load_failure, f"{type(error).__name__}: {error}")
            return
        self.call_from_thread(self.show_corpus, corpus, story_of)

    def show_corpus(self, corpus: Corpus, story_of: dict[str, str]) -> None:
        self.corpus, self.story_of = corpus, story_of
        articles = self.screen_widget(ArticleList)
        articles.show_stories(corpus.articles, story_of)
        articles.border_subtitle = f"{len(corpus.articles)} articles"
        self.article_order = [option.id for option in articles.options
                              if option.id is not None and not option.disabled]
        self.screen_widget(NotesPanel).show_problems(corpus.problems)
        self.notify_problems()
        if self.article_order:
            self.open_article(self.article_order[0], focus=False)
            articles.focus()
        else:
            self.screen_widget(ReadingPane).set_placeholder("No articles to show.")
        self.call_after_refresh(self._after_first_paint)

    def show_load_failure(self, message: str) -> None:
        self.screen_widget(ReadingPane).set_placeholder(f"Could not load the articles: {safe(message)}")
        self.screen_widget(ArticleList).border_subtitle = "failed"
        self.notify(safe(message), title="Loading failed", severity="error", markup=False, timeout=15)

    def notify_problems(self) -> None:
        problems = self.corpus.problems
        if not problems:
            return
        lines = [f"{safe(problem.path.name)}: {safe(problem.reason)}" for problem in problems[:PROBLEMS_IN_NOTICE]]
        if len(problems) > PROBLEMS_IN_NOTICE:
            lines.append(f"… and {len(problems) - PROBLEMS_IN_NOTICE} more (see the notes panel)")
        title = f"{len(problems)} file{'s' if len(problems) != 1 else ''} with problems"
        severity = "error" if self.corpus.failed else "warning"
        self.notify("\n".join(lines), title=title, severity=severity, markup=False, timeout=10)

    def _after_first_paint(self) -> None:
        self.first_paint_at = time.time()
        if os.environ.get(EXIT_AFTER_FIRST_PAINT):
            self.exit()

    # Articles -------------------------------------------------------------

    def open_article(self, article_id: str, focus: bool = True) -> None:
        article = self.corpus.by_id(article_id)
        if article is None:
            return
        self.current_article = article
        self.screen_widget(ArticleList).highlight_article(article_id)
        reader = self.screen_widget(ReadingPane)
        reader.border_title = safe(article.outlet)
        reader.show_article(article)
        if focus:
            reader.focus()

    def step_article(self, delta: int) -> None:
        if not self.article_order:
            return
        current = self.current_article.id if self.current_article else self.article_order[0]
        position = self.article_order.index(current) if current in self.article_order else 0
        target = self.article_order[(position + delta) % len(self.article_order)]
        self.open_article(target, focus=False)

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.open_article(message.article_id)

    def on_reading_pane_passage_changed(self, message: ReadingPane.PassageChanged) -> None:
        article = self.corpus.by_id(message.article_id)
        if article is not None:
            self.screen_widget(NotesPanel).show_passage(self.corpus, article, message.passage_index)

    # Actions and helpers --------------------------------------------------

    def action_help(self) -> None:
        from caravan_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def run_action_in_scope(self, scope: str, action: str) -> None:
        """Run a binding's action where the binding lives (see ui.catalogue)."""
        targets = {"app": self, "screen": self.get_screen_main(),
                   "list": self.screen_widget(ArticleList), "reader": self.screen_widget(ReadingPane)}
        await self.run_action(action, targets[scope])

    def get_screen_main(self) -> MainScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def screen_widget(self, widget_type):
        """The one widget of `widget_type` on the main screen."""
        return self.get_screen_main().query_one(widget_type)


def create_app(paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
               loading: Future[LoadResult] | None = None) -> CaravanApp:
    """The app factory used by launch and the tests (`loading`: see ui.preload)."""
    return CaravanApp(paths=paths, corpus=corpus, loading=loading)
