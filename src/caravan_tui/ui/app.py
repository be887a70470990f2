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

Once the corpus shows, a second worker runs the analysis (stories, alignment,
entities; cached by content hash) and the reading pane gains highlights,
gutter marks and the source switch.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.cache import LRUCache
from textual.theme import BUILTIN_THEMES, Theme

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.ui import analysis_view
from caravan_tui.ui.catalogue import MAIN_SCOPES, all_bindings
from caravan_tui.ui.collector import QuietCollector
from caravan_tui.ui.commands import ReaderCommands
from caravan_tui.ui.keymap import keymap_path, read_keymap
from caravan_tui.ui.launch import EXIT_AFTER_FIRST_PAINT
from caravan_tui.ui.reader_notes import ReaderNotes, notes_text
from caravan_tui.ui.preload import LoadResult, load_and_group
from caravan_tui.ui.safe_text import safe
from caravan_tui.ui.screens.main import MainScreen
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.legend import Legend
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane

PROBLEMS_IN_NOTICE = 3
MARKS_CACHED = 16  # articles whose highlight spans and gutter marks are kept

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
        Binding("u", "open_link", "Open address (URL)", show=False, id="app.open_link"),
        Binding("o", "overview", "Story overview", id="app.overview"),
    ]

    def __init__(self, paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
                 loading: Future[LoadResult] | None = None) -> None:
        # Native ANSI colours: the theme is ANSI-only, and NO_COLOR then strips colours
        # (NoColor filter) instead of greying them to black-on-black (Monochrome).
        super().__init__(ansi_color=True)
        # Chosen before the stylesheet is first built: setting `theme` later rebuilds all CSS.
        self.register_theme(CARAVAN_THEME)
        self.theme = CARAVAN_THEME.name
        self.paths = [Path(p) for p in paths or ()]
        self.given_corpus = corpus
        self.loading = loading
        self.corpus = Corpus()
        self.story_of: dict[str, str] = {}
        self.article_order: list[str] = []
        self.current_article: Article | None = None
        self.keymap: dict[str, str] = {}
        self.first_paint_at: float | None = None
        self.analysis = None  # a caravan_tui.analysis.pipeline.CorpusAnalysis once ready
        self.enabled_types: set[str] = set(ENTITY_TYPES)
        self.reader_notes = ReaderNotes(self)
        self.open_after_load: str | None = None  # article to open once a reload finishes
        self._members: dict[str, list[str]] = {}  # story id -> article ids, in corpus order
        self._notes_shown_for: tuple[str, int] | None = None  # (article, passage) the notes panel is about
        self._marks_cache: LRUCache[tuple, tuple[dict, dict]] = LRUCache(MARKS_CACHED)
        self.collector = QuietCollector()

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def on_mount(self) -> None:
        self.apply_user_keymap()

    def on_unmount(self) -> None:
        self.collector.stop()

    def start_loading(self) -> None:
        """Called by the main screen once its panes exist."""
        if self.loading is not None and self.loading.done() and self.loading.exception() is None:
            self.show_corpus(*self.loading.result())  # already loaded: no "Loading…" frame
        else:
            self.load_corpus()

    # Keymap ---------------------------------------------------------------

    def apply_user_keymap(self) -> None:
        path = keymap_path()
        if not path.is_file():  # the common case: no need to import every screen for the binding ids
            self.keymap = {}
            return
        known = [entry.id for entry in all_bindings()]
        self.keymap, problems = read_keymap(path, known)
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
        self._members = {story: [article.id for article in members]
                         for story, members in members_by_story(corpus.articles, story_of).items()}
        articles = self.screen_widget(ArticleList)
        articles.show_stories(corpus.articles, story_of)
        articles.border_subtitle = f"{len(corpus.articles)} articles"
        self.article_order = [option.id for option in articles.options
                              if option.id is not None and not option.disabled]
        self.screen_widget(NotesPanel).show_problems(corpus.problems)
        self.notify_problems()
        if self.article_order:
            wanted, self.open_after_load = self.open_after_load, None
            self.open_article(wanted if wanted in self.article_order else self.article_order[0], focus=False)
            articles.focus()
        else:
            self.screen_widget(ReadingPane).set_placeholder("No articles to show.")
        self.call_after_refresh(self._after_first_paint)

    def reload_corpus(self, open_article_id: str | None = None) -> None:
        """Load the articles again (after new ones were added), then open `open_article_id`."""
        self.loading, self.given_corpus, self.analysis = None, None, None
        self.open_after_load = open_article_id
        self.load_corpus()

    # Adding articles ------------------------------------------------------

    def add_source(self) -> None:
        from caravan_tui.ui.screens.add_source import AddSourceScreen

        self.push_screen(AddSourceScreen(), self._add_chosen_source)

    def _add_chosen_source(self, source: str | None) -> None:
        if source:
            self.notify(f"Adding {safe(source)}…", markup=False, timeout=4)
            self.run_add_source(source, self.add_target_folder())

    def add_target_folder(self) -> Path:
        """The folder new articles go to: the first folder the reader reads, else ./articles (then read too)."""
        folders = [path for path in self.paths if path.is_dir()]
        if folders and self.given_corpus is None:
            return folders[0]
        from caravan_tui.corpus.loader import default_corpus_paths

        target = Path("articles")
        reading = self.paths or default_corpus_paths()
        if not any(path.resolve() == target.resolve() for path in reading):
            self.paths = [*reading, target]  # keep what is shown, and show the new articles beside it
        return target

    @work(thread=True, exclusive=True, group="ingest")
    def run_add_source(self, source: str, folder: Path) -> None:
        from caravan_tui.corpus.ingest import add_sources

        try:
            results = add_sources([source], folder)
        except (ValueError, OSError) as error:
            self.call_from_thread(self.notify, safe(str(error)), title="Could not add", severity="error",
                                  markup=False, timeout=15)
            return
        self.call_from_thread(self.show_add_results, results)

    def show_add_results(self, results) -> None:
        severities = {"added": "information", "duplicate": "warning", "exists": "warning"}
        for result in results:
            self.notify(safe(result.message or f"{result.status}: {result.source}"), title=result.status.title(),
                        severity=severities.get(result.status, "error"), markup=False, timeout=10)
        added = [result.path for result in results if result.status == "added" and result.path is not None]
        if added:
            self.reload_corpus(open_article_id=added[0].stem)

    # Analysis -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis")
    def analyse_corpus(self) -> None:
        from caravan_tui.analysis.notes import notes_index
        from caravan_tui.analysis.pipeline import analyse_corpus
        from caravan_tui.storage.cache import open_cache

        try:
            result = analyse_corpus(self.corpus.articles, self.story_of, cache=open_cache(),
                                    progress=self._analysis_progress())
            notes_index(result, self.corpus.articles)  # figures, quotes, terms: built here, off the event loop
        except Exception as error:  # noqa: BLE001 - the reader stays usable without analysis
            self.call_from_thread(self.notify, safe(f"{type(error).__name__}: {error}"),
                                  title="Analysis failed", severity="error", markup=False, timeout=15)
            return
        self.call_from_thread(self.show_analysis, result)

    def _analysis_progress(self):
        """A progress callback for the analysis worker: shown under the reading pane, at most ~5 times a second."""
        last_shown = [0.0]
        stages = {"align": "aligning stories", "entities": "finding entities"}

        def report(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last_shown[0] >= 0.2 or done == total:
                last_shown[0] = now
                self.call_from_thread(self._show_progress, f"{stages.get(stage, stage)} {done}/{total}")

        return report

    def _show_progress(self, text: str) -> None:
        if self.analysis is None:
            self.screen_widget(ReadingPane).border_subtitle = f"analysing: {text}"

    def show_analysis(self, analysis) -> None:
        self.analysis = analysis
        self._marks_cache.clear()
        # The corpus and its analysis live as long as the reader: keep the collector from walking
        # them again and again (full collections over them stalled keypresses by 70-80 ms).
        gc.collect()
        gc.freeze()
        self.collector.start(self)  # later full collections between keys, not during them
        reader = self.screen_widget(ReadingPane)
        if self.current_article is not None:
            self.apply_analysis(self.current_article)
            if reader.cursor is not None:
                self.show_passage_notes(self.current_article, reader.cursor)

    def apply_analysis(self, article: Article) -> None:
        """Highlights and gutter marks of the open article."""
        if self.analysis is None:
            return
        reader = self.screen_widget(ReadingPane)
        highlights, marks = self.analysis_marks(article)
        reader.set_highlights(highlights)
        reader.set_gutter_marks(marks)

    def analysis_marks(self, article: Article) -> tuple[dict, dict]:
        """(entity highlight spans, gutter marks) of an article; empty until the analysis is ready.

        Kept per article for the analysis and the switched-on types they were made for:
        switching back and forth between outlets (s/S, [/]) then recomputes nothing.
        """
        if self.analysis is None:
            return {}, {}
        key = (article.id, frozenset(self.enabled_types))  # emptied when a new analysis arrives
        marks = self._marks_cache.get(key)
        if marks is None:
            marks = self._marks_cache[key] = (
                analysis_view.highlight_spans(self.analysis.entities, article, self.enabled_types),
                analysis_view.gutter_marks(self.analysis.alignment, article, len(self.story_members(article.id))))
        return marks

    def story_members(self, article_id: str) -> list[str]:
        """Ids of the articles in the story of `article_id`, in corpus order."""
        return self._members.get(self.story_of.get(article_id, article_id), [article_id])

    def show_passage_notes(self, article: Article, passage_index: int) -> None:
        notes, reader = self.screen_widget(NotesPanel), self.screen_widget(ReadingPane)
        if self.analysis is None:
            reader.border_subtitle = "analysing…"
            return
        from caravan_tui.analysis.notes import notes_for_passage  # not before the first paint: heavy imports

        members = self.story_members(article.id)
        alignment = self.analysis.alignment
        carried = analysis_view.carriers_line(alignment, article.id, passage_index, len(members))
        if reader.border_subtitle != carried:  # setting it repaints the whole pane
            reader.border_subtitle = carried
        cross_notes = notes_for_passage(self.analysis, self.corpus.articles, article.id, passage_index)
        notes.set_section("carried", "Other outlets", analysis_view.counterparts_text(cross_notes))
        notes.set_section("cross", "Figures, voices, terms", analysis_view.cross_notes_text(cross_notes))
        self.show_reader_notes(article, passage_index)

    # Reader's notes -------------------------------------------------------

    def counterpart_refs(self, article_id: str, passage_index: int) -> list[tuple[str, int]]:
        if self.analysis is None:
            return []
        return [(ref.article, ref.passage) for ref, _ in self.analysis.alignment.counterparts(article_id, passage_index)]

    def show_reader_notes(self, article: Article, passage_index: int) -> None:
        found = self.reader_notes.on_passage(article, passage_index, self.counterpart_refs(article.id, passage_index))
        self.screen_widget(NotesPanel).set_section("reader", "Your notes", notes_text(found, self.outlet_of))

    def outlet_of(self, article_id: str) -> str:
        article = self.corpus.by_id(article_id)
        return article.outlet if article else article_id

    def _cursor_passage(self):
        """(article, passage) under the cursor, or None."""
        reader = self.screen_widget(ReadingPane)
        if self.current_article is None or reader.cursor is None:
            return None
        return self.current_article, self.current_article.passages[reader.cursor]

    def _refresh_notes(self) -> None:
        here = self._cursor_passage()
        if here is not None:
            self.show_reader_notes(here[0], here[1].index)

    def add_note(self) -> None:
        from caravan_tui.ui.screens.note_editor import NoteEditorScreen

        here = self._cursor_passage()
        if here is None or self.reader_notes.store is None:
            return
        article, passage = here

        def save(body: str | None) -> None:
            if body:
                self.reader_notes.write(lambda store: store.add(article.id, passage.index, passage.text, body),
                                        self._refresh_notes)

        title = f"Note on {safe(article.outlet)} ¶{passage.index + 1}"
        self.push_screen(NoteEditorScreen(title, excerpt=passage.text), save)

    def edit_note(self) -> None:
        from caravan_tui.ui.screens.note_editor import NoteEditorScreen

        here = self._cursor_passage()
        if here is None:
            return
        article, passage = here
        note = self.reader_notes.own_note(article, passage.index)
        if note is None:
            self.notify("No note on this passage yet: n adds one.", timeout=4)
            return

        def save(body: str | None) -> None:
            if body is not None and body != note.body:
                self.reader_notes.write(lambda store: store.update(note.id, body), self._refresh_notes)

        title = f"Edit note on {safe(article.outlet)} ¶{passage.index + 1}"
        self.push_screen(NoteEditorScreen(title, note.body, excerpt=passage.text), save)

    def delete_note(self) -> None:
        from caravan_tui.ui.screens.confirm import ConfirmScreen

        here = self._cursor_passage()
        if here is None:
            return
        note = self.reader_notes.own_note(here[0], here[1].index)
        if note is None:
            self.notify("No note on this passage.", timeout=4)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.reader_notes.write(lambda store: store.delete(note.id), self._refresh_notes)

        self.push_screen(ConfirmScreen(f"Delete the note “{note.first_line[:60]}”?"), answer)

    def open_notes_list(self) -> None:
        from caravan_tui.ui.screens.notes_list import NotesListScreen

        store = self.reader_notes.store
        if store is None:
            return

        def jump(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_article(target[0], passage_index=target[1])
            self._refresh_notes()

        self.push_screen(NotesListScreen(store, self.corpus), jump)

    def _aligned_cursor(self) -> tuple[Article, int] | None:
        """(article, passage) under the cursor once the alignment is ready; else None (saying why)."""
        article, reader = self.current_article, self.screen_widget(ReadingPane)
        if article is None or reader.cursor is None:
            return None
        if self.analysis is None:
            self.notify("Still aligning the outlets…", timeout=3)
            return None
        return article, reader.cursor

    def switch_source(self, step: int) -> None:
        """Jump to the same passage in the next (+1) or previous (-1) outlet that carries it."""
        here = self._aligned_cursor()
        if here is None:
            return
        article, cursor = here
        target = analysis_view.source_target(self.analysis.alignment, article.id, cursor, step)
        if target is None:
            self.notify(f"No other outlet carries this passage; only {safe(article.outlet)} does.",
                        title="Switch source", markup=False, timeout=4)
            return
        self.open_article(target.article, passage_index=target.passage)

    def toggle_entity_type(self, name: str) -> None:
        self.enabled_types ^= {name}
        self.screen_widget(Legend).show(self.enabled_types)
        if self.current_article is not None:
            self.apply_analysis(self.current_article)

    def open_compare(self) -> None:
        from caravan_tui.ui.screens.compare import CompareScreen

        here = self._aligned_cursor()
        if here is not None:
            self.push_screen(CompareScreen(self.corpus, self.analysis.alignment, here[0].id, here[1]))

    def on_reading_pane_span_focused(self, message: ReadingPane.SpanFocused) -> None:
        mention = self.mention_at(message.article_id, message.passage_index, message.span)
        notes = self.screen_widget(NotesPanel)
        if mention is None:
            notes.remove_section("entity")
        else:
            notes.set_section("entity", "Entity", analysis_view.entity_text(self.corpus, self.analysis.entities,
                                                                            mention))

    def on_reading_pane_follow_span(self, message: ReadingPane.FollowSpan) -> None:
        mention = self.mention_at(message.article_id, message.passage_index, message.span)
        if mention is None:
            return
        target = analysis_view.next_mention(self.analysis.entities, mention, self.article_order)
        if target is None:
            self.notify(f"No other mention of {safe(mention.entity)}.", markup=False, timeout=3)
            return
        if self.current_article is None or target.article != self.current_article.id:
            self.open_article(target.article, passage_index=target.passage)
        self.screen_widget(ReadingPane).focus_span(target.passage, target.start, target.end)

    def mention_at(self, article_id: str, passage: int, span: tuple[int, int] | None):
        if self.analysis is None or span is None:
            return None
        return next((m for m in self.analysis.entities.mentions_in(article_id, passage)
                     if (m.start, m.end) == span and m.type in self.enabled_types), None)

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
        """The articles are on screen: now start the analysis (not before, so it cannot slow the paint)."""
        self.first_paint_at = time.time()
        if os.environ.get(EXIT_AFTER_FIRST_PAINT):
            self.exit()
        elif self.corpus.articles:
            self.analyse_corpus()

    # Articles -------------------------------------------------------------

    def open_article(self, article_id: str, focus: bool = True, passage_index: int | None = None) -> None:
        article = self.corpus.by_id(article_id)
        if article is None:
            return
        self.current_article = article
        self.screen_widget(ArticleList).highlight_article(article_id)
        self.screen_widget(NotesPanel).remove_section("entity")
        reader = self.screen_widget(ReadingPane)
        reader.border_title = Text(safe(article.outlet))  # a str title would be read as markup
        highlights, marks = self.analysis_marks(article)
        reader.show_article(article, passage_index, highlights=highlights, marks=marks)  # laid out once
        if reader.cursor is not None:
            # Now rather than on the PassageChanged it posted: the key's one frame shows both panes.
            self.show_notes_for(article, reader.cursor)
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
        if article is not None and (article.id, message.passage_index) != self._notes_shown_for:
            self.show_notes_for(article, message.passage_index)

    def show_notes_for(self, article: Article, passage_index: int) -> None:
        """Fill the notes panel for a passage (its sections, then the cross-article notes)."""
        others = [self.corpus.by_id(other) for other in self.story_members(article.id) if other != article.id]
        notes = self.screen_widget(NotesPanel)
        with notes.batch():  # six sections change: one layout
            notes.show_passage(article, passage_index, others)
            notes.remove_section("entity")
            self.show_passage_notes(article, passage_index)
        self._notes_shown_for = (article.id, passage_index)

    # Actions and helpers --------------------------------------------------

    def action_overview(self) -> None:
        """The overview of the current article's story, computed in a worker."""
        from caravan_tui.ui.screens.overview import OverviewScreen

        article = self.current_article
        if article is None or isinstance(self.screen, OverviewScreen):
            return
        if self.analysis is None:
            self.notify("Still aligning the outlets…", timeout=3)
            return
        self.build_overview(article.id)

    @work(thread=True, exclusive=True, group="overview")
    def build_overview(self, article_id: str) -> None:
        from caravan_tui.analysis.notes import notes_index
        from caravan_tui.analysis.overview import story_overview
        from caravan_tui.ui.screens.overview import OverviewScreen

        index = notes_index(self.analysis, self.corpus.articles)  # figures and quotes, already built
        story = self.analysis.story_of.get(article_id, article_id)
        overview = story_overview(self.analysis, self.corpus.articles, story,
                                  figures=index.figures, quotes=index.quotes)
        self.call_from_thread(self.push_screen, OverviewScreen(overview, article_id))

    def action_open_link(self) -> None:
        """The current article's address: a browser when local, the clipboard (OSC 52) when remote."""
        from caravan_tui.ui.links import open_link

        article = self.current_article
        action = open_link(article.url if article else None)
        if action.kind == "clipboard":
            self.copy_to_clipboard(action.url)  # plain OSC 52 (tmux passes it on with set-clipboard on)
            if os.environ.get("TMUX") and self._driver is not None:
                self._driver.write(action.osc52)  # wrapped for tmux passthrough
        severity = "warning" if action.kind == "refused" else "information"
        self.notify(safe(action.message), title="Address", severity=severity, markup=False, timeout=8)

    def action_help(self) -> None:
        from caravan_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def palette_scopes(self) -> frozenset[str]:
        """The binding scopes the command palette offers: those of the screen under it."""
        from caravan_tui.ui.screens.compare import CompareScreen
        from caravan_tui.ui.screens.overview import OverviewScreen

        if self._screen_under_palette(CompareScreen) is not None:
            return frozenset({"app", "compare"})
        if self._screen_under_palette(OverviewScreen) is not None:
            return frozenset({"app", "overview"})
        return MAIN_SCOPES

    def _screen_under_palette(self, screen_type):
        from textual.command import CommandPalette

        screens = [screen for screen in self.screen_stack if not isinstance(screen, CommandPalette)]
        return screens[-1] if screens and isinstance(screens[-1], screen_type) else None

    async def run_action_in_scope(self, scope: str, action: str) -> None:
        """Run a binding's action where the binding lives (see ui.catalogue)."""
        from caravan_tui.ui.screens.compare import CompareScreen
        from caravan_tui.ui.screens.overview import OverviewScreen

        targets = {"app": self, "screen": self.get_screen_main(),
                   "list": self.screen_widget(ArticleList), "reader": self.screen_widget(ReadingPane),
                   "compare": self._screen_under_palette(CompareScreen),
                   "overview": self._screen_under_palette(OverviewScreen)}
        target = targets.get(scope)
        if target is not None:
            await self.run_action(action, target)

    def get_screen_main(self) -> MainScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def screen_widget(self, widget_type):
        """The one widget of `widget_type` on the main screen."""
        return self.get_screen_main().query_one(widget_type)


def create_app(paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
               loading: Future[LoadResult] | None = None) -> CaravanApp:
    """The app factory used by launch and the tests (`loading`: see ui.preload)."""
    return CaravanApp(paths=paths, corpus=corpus, loading=loading)
