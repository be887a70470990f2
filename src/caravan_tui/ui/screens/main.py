"""The main screen: article list, reading pane and notes panel side by side.

This screen owns the reader's behaviour. It loads the corpus and runs the
analysis in thread workers, which post `CorpusLoaded` / `AnalysisReady` (or
their failures) back; a result for an older corpus (`ReaderState.generation`)
is dropped, and a cancelled worker posts nothing. It handles its widgets'
messages (an article opened in the list, the passage cursor moved, an entity
focused or followed) and reaches them through typed properties. What is shown
lives in a `ReaderState`, which has no Textual in it.

At 100 columns and wider all three panes show. Narrower, the notes panel is
hidden; `\\` shows it in place of the article list (and `\\` again brings the
list back), so the reading pane always keeps most of the width.

A one-line legend above the key bar names the entity types in their styles
(1-5 toggle each) and the gutter marks; `s`/`S` switch the reading pane to
the same passage in the next/previous outlet, `d` opens the compare view;
`n`/`e`/`x` add, edit and delete the reader's note on the passage, `N` lists all notes;
`a` adds an article from an address, a saved page or a feed; `o` opens the story
overview and `u` the article's address.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.safe_text import safe
from caravan_tui.ui import analysis_view
from caravan_tui.ui.analysis_view import GUTTER_LEGEND
from caravan_tui.ui.collector import STARTUP
from caravan_tui.ui.commands import MainScreenCommands
from caravan_tui.ui.messages import (
    AnalysisFailed,
    AnalysisProgress,
    AnalysisReady,
    CorpusChecked,
    CorpusLoaded,
    CorpusSearched,
    FeedsRefreshed,
    LoadFailed,
    OverviewReady,
    SourcesAdded,
    WorkerResult,
)
from caravan_tui.ui.preload import (
    Loading,
    LoadProgress,
    LoadResult,
    check_against_files,
    in_background,
    load_and_group,
    result_unless,
)
from caravan_tui.ui.reader_notes import ReaderNotes, notes_text
from caravan_tui.ui.reader_state import ReaderState
from caravan_tui.ui.widgets.article_list import ArticleList
from caravan_tui.ui.widgets.key_bar import KeyBar
from caravan_tui.ui.widgets.legend import Legend
from caravan_tui.ui.widgets.notes_panel import NotesPanel
from caravan_tui.ui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from caravan_tui.ui.app import CaravanApp

NARROW_BELOW = 100
PROBLEMS_IN_NOTICE = 3
LOAD_PROGRESS_EVERY = 0.25  # seconds between two updates of "Loading… 12,345 files"
ANALYSIS_STAGES = {"align": "aligning stories", "entities": "finding entities"}


class AnalysisCancelled(Exception):
    """Raised inside the analysis worker once it has been cancelled (the reader quit or reloaded)."""


class MainScreen(Screen[None]):
    """The three panes; the focused one has a heavy border and a reversed title."""

    COMMANDS = {MainScreenCommands}
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="screen.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="screen.focus_previous"),
        # The key bar shows the first of these that fit: the reader's own key first.
        Binding("s", "switch_source(1)", "Next outlet, same passage", id="screen.next_source"),
        Binding("S", "switch_source(-1)", "Previous outlet, same passage", show=False,
                id="screen.previous_source"),
        Binding("right_square_bracket", "next_article", "Next article", id="screen.next_article"),
        Binding("left_square_bracket", "previous_article", "Previous article", id="screen.previous_article"),
        Binding("backslash", "toggle_notes", "Notes panel", id="screen.toggle_notes"),
        Binding("d", "compare", "Compare outlets", id="screen.compare"),
        Binding("o", "overview", "Story overview", id="screen.overview"),
        Binding("n", "add_note", "Add note", id="screen.add_note"),
        Binding("e", "edit_note", "Edit note", show=False, id="screen.edit_note"),
        Binding("x", "delete_note", "Delete note", show=False, id="screen.delete_note"),
        Binding("N", "notes_list", "All notes", show=False, id="screen.notes_list"),
        Binding("a", "add_source", "Add article", show=False, id="screen.add_source"),
        Binding("u", "open_link", "Open address (URL)", show=False, id="screen.open_link"),
        Binding("y", "copy_citation", "Copy the passage as a citation", show=False, id="screen.copy_citation"),
        Binding("slash", "search_article", "Search this article", show=False, id="screen.search_article"),
        Binding("F", "search_corpus", "Search all articles", show=False, id="screen.search_corpus"),
        Binding("greater_than_sign", "step_match(1)", "Next search match", show=False, id="screen.next_match"),
        Binding("less_than_sign", "step_match(-1)", "Previous search match", show=False,
                id="screen.previous_match"),
        Binding("colon", "go_to_passage", "Go to ¶ number", show=False, id="screen.go_to_passage"),
        Binding("U", "next_unread", "Next unread article", show=False, id="screen.next_unread"),
        Binding("m", "toggle_read", "Mark the article read or unread", show=False, id="screen.toggle_read"),
        Binding("r", "reload", "Reload the articles folder", show=False, id="screen.reload"),
        Binding("M", "move_article", "Move the article to another story", show=False, id="screen.move_article"),
        Binding("J", "merge_story", "Merge this story into another", show=False, id="screen.merge_story"),
        Binding("T", "name_story", "Name this story", show=False, id="screen.name_story"),
        Binding("v", "compare_versions", "Compare the article's versions", show=False, id="screen.compare_versions"),
        Binding("R", "refresh_feeds", "Refresh the feeds you follow", show=False, id="screen.refresh_feeds"),
        Binding("number_sign", "toggle_numbers", "Show or hide ¶ numbers", show=False, id="screen.toggle_numbers"),
        *[
            Binding(str(number), f"toggle_type('{name}')", f"Toggle {kind.label.lower()} highlights", show=False,
                    id=f"screen.toggle_{name}")
            for number, (name, kind) in enumerate(ENTITY_TYPES.items(), start=1)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = ReaderState()
        self.reader_notes = ReaderNotes(self)
        self.notes_wanted: bool | None = None  # None: follow the width
        self.open_after_load: str | None = None  # article to open once a reload finishes
        self._unchecked: LoadResult | None = None  # a provisional load shown, whose files are not checked yet
        self._checking = False
        self._load_timer: Timer | None = None  # shows how far a load is, while it runs
        self._notes_shown_for: tuple[str, int] | None = None  # (article, passage) the notes panel is about
        self._read_loaded = False  # read state comes from the notes store, opened after the first paint
        self._analysing: tuple[int, str] | None = None  # (generation, story) of the analysis under way

    # Widgets ---------------------------------------------------------------

    @property
    def caravan(self) -> CaravanApp:
        from caravan_tui.ui.app import CaravanApp

        if not isinstance(self.app, CaravanApp):
            raise TypeError("MainScreen runs inside CaravanApp")
        return self.app

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def notes_panel(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    @property
    def legend(self) -> Legend:
        return self.query_one(Legend)

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            articles = ArticleList(id="articles", classes="pane")
            articles.border_title = "Articles"
            articles.border_subtitle = "Loading…"
            yield articles
            reader = ReadingPane(id="reader", classes="pane", placeholder="Loading…")
            reader.border_title = "Article"
            yield reader
            notes = NotesPanel(id="notes", classes="pane")
            notes.border_title = "Notes"
            yield notes
        yield Legend(self.toggle_keys(), GUTTER_LEGEND, id="legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self._follow_theme(self.app.current_theme)
        self.app.theme_changed_signal.subscribe(self, self._follow_theme)
        loading = self.caravan.loading
        if loading is not None and loading.done() and loading.exception() is None:
            self.show_corpus(loading.result())  # already loaded: no "Loading…" frame
        else:
            self.load_corpus(self.state.new_generation())

    def on_unmount(self) -> None:
        self.workers.cancel_all()

    # Layout ----------------------------------------------------------------

    @property
    def is_narrow(self) -> bool:
        return self.size.width < NARROW_BELOW

    @property
    def notes_shown(self) -> bool:
        return (not self.is_narrow) if self.notes_wanted is None else self.notes_wanted

    def on_resize(self, event: events.Resize) -> None:
        self.apply_layout()

    def apply_layout(self) -> None:
        self.set_class(self.is_narrow, "-narrow")
        notes, articles = self.notes_panel, self.article_list
        # Only on a change: setting `display`, even to its value, costs a new layout.
        if notes.display != self.notes_shown:
            notes.display = self.notes_shown
        if articles.display != (articles_shown := not (self.is_narrow and self.notes_shown)):
            articles.display = articles_shown
        if self.focused is not None and not self.focused.display:
            self.reading_pane.focus()

    def _follow_theme(self, theme: Any) -> None:
        """Entity styles for a dark or a light theme (the pane and legend are restyled on a change)."""
        if self.state.dark == theme.dark and self.legend.dark == theme.dark:
            return
        self.state.set_dark(theme.dark)
        self.legend.show(self.state.enabled_types, dark=theme.dark)
        if self.state.current_article is not None:
            self.apply_analysis(self.state.current_article)

    def toggle_keys(self) -> dict[str, str]:
        """Entity type -> the first key that toggles it (after the user's keymap)."""
        keymap = getattr(self.app, "keymap", {})
        keys = {}
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id.startswith("screen.toggle_"):
                name = binding.id.removeprefix("screen.toggle_")
                if name in ENTITY_TYPES:
                    keys[name] = keymap.get(binding.id, binding.key).split(",")[0].strip()
        return keys

    # Loading ---------------------------------------------------------------

    def load_corpus(self, generation: int) -> None:
        """Load the corpus in the background (or take the load launch started), saying how far it is meanwhile."""
        caravan = self.caravan
        loading = caravan.loading
        if loading is None:
            loading = Loading()
            progress = loading.progress
            in_background(lambda: load_and_group(caravan.paths, caravan.given_corpus, progress), loading)
        self._follow_load(getattr(loading, "progress", None))
        self._await_load(generation, loading)

    def _follow_load(self, progress: LoadProgress | None) -> None:
        """Show `progress` in place of the article until the load ends (None: stop)."""
        if self._load_timer is not None:
            self._load_timer.stop()
            self._load_timer = None
        if progress is not None:
            self._load_timer = self.set_interval(LOAD_PROGRESS_EVERY,
                                                 lambda: self.reading_pane.set_placeholder(progress.describe()))

    @work(thread=True, exclusive=True, group="load")
    def _await_load(self, generation: int, loading: Future[LoadResult]) -> None:
        worker = get_current_worker()
        try:
            loaded = result_unless(loading, worker.cancelled_event)  # quitting does not wait for the load
        except Exception as error:  # noqa: BLE001 - shown to the reader, never a crash
            if not worker.is_cancelled:
                self.post_message(LoadFailed(generation, f"{type(error).__name__}: {error}"))
            return
        if loaded is not None and not worker.is_cancelled:
            self.post_message(CorpusLoaded(generation, loaded))

    def reload_corpus(self, open_article_id: str | None = None, from_files: bool = True) -> None:
        """Load the articles again (new or changed files), then open `open_article_id`.

        `from_files` False keeps a corpus the app was given (not read from files) as it is.
        """
        self.caravan.loading = None
        self._checking = False  # a check under way is cancelled with the load group
        self._unchecked = None  # and one not started yet is not needed: the files are loaded now
        if from_files:
            self.caravan.given_corpus = None
        self.load_corpus(self._replacing_corpus(open_article_id))

    def _replacing_corpus(self, open_article_id: str | None) -> int:
        """Another corpus is coming (open `open_article_id` in it): the analysis under way is stopped and the
        results of earlier workers are stale from now on. Returns the new generation."""
        self.open_after_load = open_article_id
        self.workers.cancel_group(self, "analysis")
        return self.state.new_generation()

    def _is_stale(self, message: WorkerResult) -> bool:
        return message.generation != self.state.generation

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        if not self._is_stale(message):
            self._follow_load(None)
            self.show_corpus(message.loaded)

    @work(thread=True, exclusive=True, group="load")
    def check_corpus(self, generation: int, shown: LoadResult) -> None:
        """Load the files behind a provisional corpus (see `ui.preload`); post the fresh load if it differs."""
        worker = get_current_worker()
        checking = in_background(lambda: check_against_files(self.caravan.paths, shown))
        try:
            checked = CorpusChecked(generation, result_unless(checking, worker.cancelled_event))
        except Exception as error:  # noqa: BLE001 - shown to the reader, never a crash
            checked = CorpusChecked(generation, None, failure=f"{type(error).__name__}: {error}")
        if not worker.is_cancelled:
            self.post_message(checked)

    def on_corpus_checked(self, message: CorpusChecked) -> None:
        if self._is_stale(message):
            return
        self._checking = False
        self.show_article_count()
        if message.failure is not None:
            self.notify(f"The articles shown are those of the last load: {safe(message.failure)}",
                        title="Could not check the files", severity="warning", markup=False, timeout=10)
        if message.loaded is None:
            return
        current = self.state.current_article
        self._replacing_corpus(current.id if current is not None else None)
        self.show_corpus(message.loaded)
        self.notify("The articles changed since the reader last loaded them: the list shows them as they are now.",
                    title="Articles updated", markup=False, timeout=6)

    def on_load_failed(self, message: LoadFailed) -> None:
        if self._is_stale(message):
            return
        STARTUP.end()
        self._follow_load(None)
        self.reading_pane.set_placeholder(f"Could not load the articles: {safe(message.reason)}")
        self.article_list.border_subtitle = "failed"
        self.notify(safe(message.reason), title="Loading failed", severity="error", markup=False, timeout=15)

    def show_corpus(self, loaded: LoadResult) -> None:
        corpus, story_of = loaded.corpus, loaded.story_of
        self._unchecked = loaded if loaded.provisional else None
        groups = members_by_story(corpus.articles, story_of)  # once for the state and the list
        self.state.set_corpus(corpus, story_of, loaded.story_names, groups)
        articles = self.article_list
        articles.border_title = self.list_title()
        articles.show_story_names(loaded.story_names)
        articles.show_stories(corpus.articles, story_of, groups)
        self.show_article_count()
        self.state.set_order(articles.article_ids_in_order())
        self.notes_panel.show_problems(corpus.problems)
        self.notify_problems()
        order = self.state.article_order
        if order:
            wanted, self.open_after_load = self.open_after_load, None
            self.open_article(wanted if wanted in order else order[0], focus=False)
            articles.focus()
        else:  # (after a reload or a check that found the articles gone, the last one shown goes too)
            self.state.current_article = None
            self.reading_pane.show_article(None)
            self.reading_pane.set_placeholder("No articles to show.")
        self.call_after_refresh(self._after_first_paint)

    def list_title(self) -> str:
        """'Articles', or which default folder is read when none was given: ./articles hides the samples."""
        if self.caravan.paths or self.caravan.given_corpus is not None:
            return "Articles"
        from caravan_tui.corpus.loader import bundled_corpus_path, default_corpus_paths

        default = default_corpus_paths()
        return "Articles: the samples" if default == [bundled_corpus_path()] else "Articles: ./articles"

    def notify_problems(self) -> None:
        corpus = self.state.corpus
        problems = corpus.problems
        if not problems:
            return
        lines = [f"{safe(problem.path.name)}: {safe(problem.reason)}" for problem in problems[:PROBLEMS_IN_NOTICE]]
        if len(problems) > PROBLEMS_IN_NOTICE:
            lines.append(f"… and {len(problems) - PROBLEMS_IN_NOTICE} more (see the notes panel)")
        title = f"{len(problems)} file{'s' if len(problems) != 1 else ''} with problems"
        severity: SeverityLevel = "error" if corpus.failed else "warning"
        self.notify("\n".join(lines), title=title, severity=severity, markup=False, timeout=10)

    def _after_first_paint(self) -> None:
        """The articles are on screen: now start the analysis (not before, so it cannot slow the paint)."""
        from caravan_tui.ui.launch import EXIT_AFTER_FIRST_PAINT

        if self.caravan.first_paint_at is None:
            self.caravan.first_paint_at = time.time()
        STARTUP.end()
        if os.environ.get(EXIT_AFTER_FIRST_PAINT):
            self.app.exit()
            return
        if self._unchecked is not None:
            self._checking = True
            self.show_article_count()
            self.check_corpus(self.state.generation, self._unchecked)
            self._unchecked = None
        if self.state.corpus.articles and self.state.analysis is None:
            self.start_analysis()
        self.load_read_state()

    # Read and unread -------------------------------------------------------------

    def load_read_state(self) -> None:
        """Which articles were read (from the notes store); the open one is read from now on."""
        self.state.set_read_state(self.reader_notes.read_articles())
        self._read_loaded = True
        self.show_updated_articles()
        if self.state.current_article is not None:
            self.mark_read(self.state.current_article)
        self.show_article_count()

    def mark_read(self, article: Article, read: bool = True) -> None:
        if not self._read_loaded or self.state.is_unread(article) != read:
            return
        self.state.set_read(article, read)
        self.reader_notes.set_read(article, read)
        self.article_list.mark_read(article.id, read)

    def show_updated_articles(self) -> None:
        """Mark the articles that refresh or add found changed ('updated' in the list)."""
        articles = self.state.corpus.articles
        folders = {article.path.parent for article in articles}
        if not any((folder / ".versions").is_dir() for folder in folders):
            return
        from caravan_tui.corpus.ingest.versions import updated_articles

        updated = updated_articles(article.path for article in articles)
        self.article_list.show_updated({article.id for article in articles if article.path in updated})

    def show_article_count(self) -> None:
        """'12 articles · 3 unread' under the article list, and the unread marks in it."""
        count = len(self.state.corpus.articles)
        checking = "checking " if self._checking else ""  # the files behind a provisional list (ui.preload)
        self.article_list.border_subtitle = f"{checking}{count} article{'s' if count != 1 else ''}"
        if self._read_loaded and count:
            self.article_list.show_read_state(self.state.unread_ids())

    def action_next_unread(self) -> None:
        target = self.state.next_unread()
        if target is None:
            self.notify("Every article is read (m marks one unread again).", title="Unread", timeout=4)
            return
        self.open_article(target)

    def action_toggle_read(self) -> None:
        article = self.state.current_article
        if article is None or not self._read_loaded:
            return
        unread = self.state.is_unread(article)
        self.mark_read(article, read=unread)
        self.notify(f"Marked {'read' if unread else 'unread'}.", timeout=2)

    def action_reload(self) -> None:
        """Read the articles folder again: new and changed files appear in their stories."""
        current = self.state.current_article
        self.notify("Reloading the articles…", timeout=2)
        self.reload_corpus(open_article_id=current.id if current else None,
                           from_files=self.caravan.given_corpus is None)

    # Analysis ----------------------------------------------------------------

    def start_analysis(self) -> None:
        """Analyse the corpus, or, on a large one, the open article's story (unless it is analysed or under way)."""
        state = self.state
        current = state.current_article.id if state.current_article else None
        scope = state.analysis_scope(current)
        if not scope or (current is not None and state.is_analysed(current)):
            return
        target = (state.generation, state.story_of.get(scope[0].id, scope[0].id))
        if target == self._analysing:
            return
        self._analysing = target
        self.analyse_corpus(state.generation, scope)

    @work(thread=True, exclusive=True, group="analysis")
    def analyse_corpus(self, generation: int, articles: list[Article]) -> None:
        from caravan_tui.analysis.findings import findings_index
        from caravan_tui.analysis.pipeline import analyse_corpus
        from caravan_tui.storage.cache import open_cache

        worker = get_current_worker()
        story_of = self.state.story_of
        try:
            result = analyse_corpus(articles, story_of, cache=open_cache(),
                                    progress=self._analysis_progress(generation, worker.cancelled_event))
            findings_index(result, articles)  # figures, quotes, terms: built here, off the event loop
        except AnalysisCancelled:
            return
        except Exception as error:  # noqa: BLE001 - the reader stays usable without analysis
            if not worker.is_cancelled:
                self.post_message(AnalysisFailed(generation, f"{type(error).__name__}: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(AnalysisReady(generation, result, articles))

    def _analysis_progress(self, generation: int, cancelled: Any) -> Callable[[str, int, int], None]:
        """The analysis worker's progress callback: posts progress at most ~5 times a second, stops when cancelled."""
        last_shown = [0.0]

        def report(stage: str, done: int, total: int) -> None:
            if cancelled.is_set():
                raise AnalysisCancelled
            now = time.monotonic()
            if now - last_shown[0] >= 0.2 or done == total:
                last_shown[0] = now
                self.post_message(AnalysisProgress(generation, f"{ANALYSIS_STAGES.get(stage, stage)} {done}/{total}"))

        return report

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        if not self._is_stale(message) and self.state.analysis is None:
            self.reading_pane.border_subtitle = f"analysing: {message.text}"

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        if not self._is_stale(message):
            self._analysing = None
            self.notify(safe(message.reason), title="Analysis failed", severity="error", markup=False, timeout=15)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if not self._is_stale(message):
            self._analysing = None
            self.show_analysis(message.analysis, message.articles)

    def show_analysis(self, analysis: Any, articles: list[Article] | None = None) -> None:
        self.state.set_analysis(analysis, articles)
        # The corpus and its analysis live as long as the reader: keep the collector from walking
        # them again and again (full collections over them stalled keypresses by 70-80 ms).
        gc.collect()
        gc.freeze()
        self.caravan.collector.start(self.app)  # later full collections between keys, not during them
        article = self.state.current_article
        if article is not None:
            self.apply_analysis(article)
            self.show_note_marks(article)
            if self.reading_pane.cursor is not None:
                self.show_passage_notes(article, self.reading_pane.cursor)

    def apply_analysis(self, article: Article) -> None:
        """Highlights and gutter marks of the open article."""
        if self.state.analysis is None:
            return
        highlights, marks = self.state.marks(article)
        self.reading_pane.set_highlights(highlights)
        self.reading_pane.set_gutter_marks(marks)

    # Articles ----------------------------------------------------------------

    def open_article(self, article_id: str, focus: bool = True, passage_index: int | None = None) -> None:
        article = self.state.open(article_id)
        if article is None:
            return
        self.article_list.highlight_article(article_id)
        self.notes_panel.remove_section("entity")
        reader = self.reading_pane
        reader.border_title = Text(safe(article.outlet))  # a str title would be read as markup
        highlights, marks = self.state.marks(article)
        reader.set_search_spans(self._search_spans(article))
        reader.show_article(article, passage_index, highlights=highlights, marks=marks,  # laid out once
                            meta_extra=versions_label(article))
        # After the key's frame is drawn: the note marks (a query of the notes store, never at start-up)
        # and the read state (a write and the list's marks) do not slow the switch itself.
        self.call_after_refresh(self._after_opening, article)
        if reader.cursor is not None:
            # Now rather than on the PassageChanged it posted: the key's one frame shows both panes.
            self.show_notes_for(article, reader.cursor)
        if focus:
            reader.focus()

    def _after_opening(self, article: Article) -> None:
        if self.state.current_article is not article:
            return  # another article was opened meanwhile
        if self.state.analysis is not None:
            self.show_note_marks(article)
        if self.state.by_story and self.caravan.first_paint_at:
            self.start_analysis()  # a large corpus: this article's story, if it is not analysed yet
        self.mark_read(article)

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.open_article(message.article_id)

    def on_article_list_order_changed(self, message: ArticleList.OrderChanged) -> None:
        """The list was sorted another way: ] and [ follow the order shown."""
        self.state.set_order(message.article_ids)

    def on_reading_pane_passage_changed(self, message: ReadingPane.PassageChanged) -> None:
        article = self.state.corpus.by_id(message.article_id)
        if article is not None and (article.id, message.passage_index) != self._notes_shown_for:
            self.show_notes_for(article, message.passage_index)

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, delta: int) -> None:
        target = self.state.neighbour(delta)
        if target is not None:
            self.open_article(target, focus=False)

    # The notes panel -----------------------------------------------------------

    def show_notes_for(self, article: Article, passage_index: int) -> None:
        """Fill the notes panel for a passage (its sections, then the cross-article notes)."""
        notes = self.notes_panel
        with notes.batch():  # six sections change: one layout
            notes.show_passage(article, passage_index, self.state.other_members(article.id))
            notes.remove_section("entity")
            self.show_passage_notes(article, passage_index)
        self._notes_shown_for = (article.id, passage_index)

    def show_passage_notes(self, article: Article, passage_index: int) -> None:
        notes, reader, state = self.notes_panel, self.reading_pane, self.state
        if state.analysis is None:
            reader.border_subtitle = "analysing…"
            return
        members = state.story_members(article.id)
        carried = analysis_view.carriers_line(state.analysis.alignment, article.id, passage_index, len(members))
        if reader.border_subtitle != carried:  # setting it repaints the whole pane
            reader.border_subtitle = carried
        cross_notes = state.passage_findings(article.id, passage_index)
        notes.set_section("carried", "Other outlets", analysis_view.counterparts_text(cross_notes))
        notes.set_section("cross", "Figures, voices, terms", analysis_view.cross_notes_text(cross_notes))
        self.show_reader_notes(article, passage_index)

    def show_reader_notes(self, article: Article, passage_index: int) -> None:
        found = self.reader_notes.on_passage(article, passage_index,
                                             self.state.counterpart_refs(article.id, passage_index))
        self.notes_panel.set_section("reader", "Your notes", notes_text(found, self.state.outlet_of))

    def action_toggle_notes(self) -> None:
        self.notes_wanted = not self.notes_shown
        self.apply_layout()

    # Entities ----------------------------------------------------------------

    def action_toggle_type(self, name: str) -> None:
        self.state.toggle_type(name)
        self.legend.show(self.state.enabled_types)
        if self.state.current_article is not None:
            self.apply_analysis(self.state.current_article)

    def on_reading_pane_span_focused(self, message: ReadingPane.SpanFocused) -> None:
        """Show the entity under the entity cursor and its mentions: at the top of the notes panel, or a popup."""
        mention = self.state.mention_at(message.article_id, message.passage_index, message.span)
        if mention is None or self.state.analysis is None:
            self.notes_panel.remove_section("entity")
            return
        text = analysis_view.entity_text(self.state.corpus, self.state.analysis.entities, mention, self.state.dark)
        if self.notes_shown:
            self.notes_panel.set_section("entity", "Entity", text, first=True)
            self.notes_panel.scroll_home(animate=False, immediate=True)
        else:
            self.app.clear_notifications()
            self.notify(text.plain, title="Entity", markup=False, timeout=8)

    def on_reading_pane_follow_span(self, message: ReadingPane.FollowSpan) -> None:
        mention = self.state.mention_at(message.article_id, message.passage_index, message.span)
        if mention is None:
            return
        target = self.state.next_mention(mention)
        if target is None:
            self.notify(f"No other mention of {safe(mention.entity)}.", markup=False, timeout=3)
            return
        current = self.state.current_article
        if current is None or target.article != current.id:
            self.open_article(target.article, passage_index=target.passage)
        self.reading_pane.focus_span(target.passage, target.start, target.end)

    # Outlets: source switch, compare view, overview ------------------------------

    def _aligned_cursor(self) -> tuple[Article, int] | None:
        """(article, passage) under the cursor once the alignment is ready; else None (saying why)."""
        article, cursor = self.state.current_article, self.reading_pane.cursor
        if article is None or cursor is None:
            return None
        if self.state.analysis is None:
            self.notify("Still aligning the outlets…", timeout=3)
            return None
        return article, cursor

    def action_switch_source(self, step: int) -> None:
        """Jump to the same passage in the next (+1) or previous (-1) outlet that carries it."""
        here = self._aligned_cursor()
        if here is None:
            return
        article, cursor = here
        target = self.state.source_target(article.id, cursor, step)
        if target is None:
            self.notify(f"No other outlet carries this passage; only {safe(article.outlet)} does.",
                        title="Switch source", markup=False, timeout=4)
            return
        self.open_article(target.article, passage_index=target.passage)

    def action_compare(self) -> None:
        from caravan_tui.ui.screens.compare import CompareScreen

        here = self._aligned_cursor()
        if here is not None and self.state.analysis is not None:
            self.app.push_screen(CompareScreen(self.state.corpus, self.state.analysis.alignment, here[0].id, here[1]))

    def action_overview(self) -> None:
        """The overview of the current article's story, computed in a worker."""
        article = self.state.current_article
        if article is None:
            return
        if self.state.analysis is None:
            self.notify("Still aligning the outlets…", timeout=3)
            return
        self.build_overview(self.state.generation, article.id)

    @work(thread=True, exclusive=True, group="overview")
    def build_overview(self, generation: int, article_id: str) -> None:
        from caravan_tui.analysis.findings import findings_index
        from caravan_tui.analysis.overview import story_overview

        analysis, articles = self.state.analysis, self.state.analysed
        if analysis is None:
            return
        from caravan_tui.analysis.families import describe_families, families

        index = findings_index(analysis, articles)  # figures and quotes, already built
        story = analysis.story_of.get(article_id, article_id)
        overview = story_overview(analysis, articles, story, figures=index.figures, quotes=index.quotes)
        members = [self.state.corpus.by_id(other) for other in self.state.story_members(article_id)]
        found = families([member for member in members if member is not None])
        summary = describe_families(found, {a.id: a.outlet for a in articles}) if len(found) > 1 else ""
        if not get_current_worker().is_cancelled:
            self.post_message(OverviewReady(generation, overview, article_id, summary))

    def on_overview_ready(self, message: OverviewReady) -> None:
        from caravan_tui.ui.screens.overview import OverviewScreen

        if not self._is_stale(message) and self.app.screen is self:
            self.app.push_screen(OverviewScreen(message.overview, message.article_id, message.families))

    def action_open_link(self) -> None:
        """The current article's address: a browser when local, the clipboard (OSC 52) when remote."""
        from caravan_tui.ui.links import open_link

        article = self.state.current_article
        action = open_link(article.url if article else None)
        if action.kind == "clipboard":
            self.app.copy_to_clipboard(action.url)  # plain OSC 52 (tmux passes it on with set-clipboard on)
            self.caravan.write_to_terminal_through_tmux(action.osc52)
        severity: SeverityLevel = "warning" if action.kind == "refused" else "information"
        self.notify(safe(action.message), title="Address", severity=severity, markup=False, timeout=8)

    # Adding articles -------------------------------------------------------------

    def action_add_source(self) -> None:
        from caravan_tui.corpus.ingest import adding_allowed
        from caravan_tui.ui.screens.add_source import AddSourceScreen

        if not adding_allowed():
            self.notify("Adding articles is switched off here (the server was started without --allow-add).",
                        title="Add article", severity="warning", timeout=6)
            return
        self.app.push_screen(AddSourceScreen(), self._add_chosen_source)

    def _add_chosen_source(self, source: str | None) -> None:
        if source:
            self.notify(f"Adding {safe(source)}…", markup=False, timeout=4)
            self.run_add_source(source, self.add_target_folder())

    def add_target_folder(self) -> Path:
        """The folder new articles go to: the first folder the reader reads, else ./articles (then read too)."""
        caravan = self.caravan
        folders = [path for path in caravan.paths if path.is_dir()]
        if folders and caravan.given_corpus is None:
            return folders[0]
        from caravan_tui.corpus.loader import default_corpus_paths

        target = Path("articles")
        reading = caravan.paths or default_corpus_paths()
        if not any(path.resolve() == target.resolve() for path in reading):
            caravan.paths = [*reading, target]  # keep what is shown, and show the new articles beside it
        return target

    @work(thread=True, exclusive=True, group="ingest")
    def run_add_source(self, source: str, folder: Path) -> None:
        from caravan_tui.corpus.ingest import add_sources

        worker = get_current_worker()
        try:
            results = add_sources([source], folder, cancel=worker.cancelled_event)  # quitting stops the fetch
        except (ValueError, OSError) as error:
            if not worker.is_cancelled:
                self.post_message(SourcesAdded(None, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(SourcesAdded(results))

    def on_sources_added(self, message: SourcesAdded) -> None:
        if message.error is not None:
            self.notify(safe(message.error), title="Could not add", severity="error", markup=False, timeout=15)
            return
        severities: dict[str, SeverityLevel] = {"added": "information", "updated": "information",
                                                "duplicate": "warning", "exists": "warning"}
        for result in message.results:
            self.notify(safe(result.message or f"{result.status}: {result.source}"), title=result.status.title(),
                        severity=severities.get(result.status, "error"), markup=False, timeout=10)
        added = [result.path for result in message.results
                 if result.status in ("added", "updated") and result.path is not None]
        if added:
            self.reload_corpus(open_article_id=added[0].stem)

    # The reader's notes ------------------------------------------------------------

    def _cursor_passage(self) -> tuple[Article, Any] | None:
        """(article, passage) under the cursor, or None."""
        article, cursor = self.state.current_article, self.reading_pane.cursor
        if article is None or cursor is None:
            return None
        return article, article.passages[cursor]

    def refresh_reader_notes(self) -> None:
        here = self._cursor_passage()
        if here is not None:
            self.show_reader_notes(here[0], here[1].index)
            self.show_note_marks(here[0])

    def show_note_marks(self, article: Article) -> None:
        """Mark the passages of `article` that carry one of the reader's notes."""
        self.reading_pane.set_note_marks(self.reader_notes.noted_passages(article))

    def action_add_note(self) -> None:
        from caravan_tui.ui.screens.note_editor import NoteEditorScreen

        here = self._cursor_passage()
        if here is None or self.reader_notes.store is None:
            return
        article, passage = here

        # The editor stores the note itself and stays open, with the text, when that fails.
        save = self.reader_notes.saver(
            lambda store, body: store.add(article.id, passage.index, passage.text, body) if body else None)
        title = f"Note on {safe(article.outlet)} ¶{passage.index + 1}"
        self.app.push_screen(NoteEditorScreen(title, excerpt=passage.text, save=save), self._note_saved)

    def _note_saved(self, body: str | None) -> None:
        if body is not None:
            self.refresh_reader_notes()
            self.notify("Note saved.", timeout=2)

    def action_edit_note(self) -> None:
        from caravan_tui.ui.screens.note_editor import NoteEditorScreen

        here = self._cursor_passage()
        if here is None:
            return
        article, passage = here
        note = self.reader_notes.own_note(article, passage.index)
        if note is None:
            self.notify("No note on this passage yet: n adds one.", timeout=4)
            return

        save = self.reader_notes.saver(
            lambda store, body: store.update(note.id, body) if body != note.body else None)
        title = f"Edit note on {safe(article.outlet)} ¶{passage.index + 1}"
        self.app.push_screen(NoteEditorScreen(title, note.body, excerpt=passage.text, save=save), self._note_saved)

    def action_delete_note(self) -> None:
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
                self.reader_notes.write(lambda store: store.delete(note.id), self.refresh_reader_notes)

        self.app.push_screen(ConfirmScreen(f"Delete the note “{note.first_line[:60]}”?"), answer)

    def action_notes_list(self) -> None:
        from caravan_tui.ui.screens.notes_list import NotesListScreen

        store = self.reader_notes.store
        if store is None:
            return

        def jump(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_article(target[0], passage_index=target[1])
            self.refresh_reader_notes()

        self.app.push_screen(NotesListScreen(store, self.state.corpus), jump)


    # Searching and moving about ------------------------------------------------------

    def _search_spans(self, article: Article) -> dict[int, list[tuple[int, int]]]:
        spans: dict[int, list[tuple[int, int]]] = {}
        for match in self.state.search_matches(article):
            spans.setdefault(match.passage, []).append((match.start, match.end))
        return spans

    def action_search_article(self) -> None:
        from caravan_tui.ui.screens.prompt import PromptScreen

        if self.state.current_article is None:
            return
        self.app.push_screen(PromptScreen("Search this article", "words to find", initial=self.state.search_query,
                                          hint="Case and accents are ignored; > and < go to the next and "
                                               "previous match."),
                             self._search_article)

    def _search_article(self, query: str | None) -> None:
        article = self.state.current_article
        if query is None or article is None:
            return
        self.state.search_query = query
        self.reading_pane.set_search_spans(self._search_spans(article))
        matches = self.state.search_matches(article)
        if not matches:
            self.notify(f"“{safe(query)}” is not in this article; F searches all articles.", title="Search",
                        markup=False, timeout=5)
            return
        cursor = self.reading_pane.cursor if self.reading_pane.cursor is not None else -1
        first = next((m for m in matches if m.passage >= cursor), matches[0])
        self.reading_pane.move_to_passage(first.passage)
        self._say_match_position(matches, first.passage)

    def action_step_match(self, step: int) -> None:
        from caravan_tui.ui.search import next_match

        article = self.state.current_article
        if article is None:
            return
        if not self.state.search_query:
            self.notify("No search yet: / searches this article, F all articles.", title="Search", timeout=4)
            return
        matches = self.state.search_matches(article)
        cursor = self.reading_pane.cursor if self.reading_pane.cursor is not None else 0
        target = next_match(matches, cursor, step)
        if target is None:
            self.notify(f"“{safe(self.state.search_query)}” is not in this article.", title="Search",
                        markup=False, timeout=4)
            return
        self.reading_pane.move_to_passage(target.passage)
        self._say_match_position(matches, target.passage)

    def _say_match_position(self, matches: list[Any], passage: int) -> None:
        passages = sorted({m.passage for m in matches})
        self.app.clear_notifications()
        self.notify(f"¶{passage + 1}: passage {passages.index(passage) + 1} of {len(passages)} with "
                    f"“{safe(self.state.search_query)}” (> next, < previous)", title="Search", markup=False,
                    timeout=3)

    def action_search_corpus(self) -> None:
        from caravan_tui.ui.screens.prompt import PromptScreen

        self.app.push_screen(PromptScreen("Search all articles", "words to find", initial=self.state.search_query,
                                          hint="Headlines aside, every passage of every article is searched."),
                             self._search_corpus)

    def _search_corpus(self, query: str | None) -> None:
        if query is None:
            return
        self.state.search_query = query
        if self.state.current_article is not None:
            self.reading_pane.set_search_spans(self._search_spans(self.state.current_article))
        self.notify(f"Searching {len(self.state.corpus.articles):,} articles…", title="Search", timeout=2)
        self.search_corpus(self.state.generation, query)

    @work(thread=True, exclusive=True, group="search")
    def search_corpus(self, generation: int, query: str) -> None:
        """Every article's passages (read on first use from a large folder): off the event loop."""
        from caravan_tui.ui.search import find_in_corpus

        matches = find_in_corpus(self.state.corpus.articles, query)
        if not get_current_worker().is_cancelled:
            self.post_message(CorpusSearched(generation, query, matches))

    def on_corpus_searched(self, message: CorpusSearched) -> None:
        from caravan_tui.ui.screens.search_results import SearchResultsScreen

        if self._is_stale(message) or self.app.screen is not self:
            return
        query, matches = message.query, message.matches
        if not matches:
            self.notify(f"“{safe(query)}” is in no article.", title="Search", markup=False, timeout=5)
            return

        def open_match(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_article(target[0], passage_index=target[1])

        self.app.push_screen(SearchResultsScreen(query, matches), open_match)

    def action_go_to_passage(self) -> None:
        from caravan_tui.ui.screens.prompt import PromptScreen

        article = self.state.current_article
        if article is None:
            return
        count = len(article.passages)
        self.app.push_screen(PromptScreen("Go to ¶", f"1–{count}", restrict=r"[0-9]*"), self._go_to_passage)

    def _go_to_passage(self, number: str | None) -> None:
        article = self.state.current_article
        if number is None or article is None:
            return
        index = int(number) - 1
        if not 0 <= index < len(article.passages):
            self.notify(f"This article has ¶1 to ¶{len(article.passages)}.", title="Go to ¶", timeout=4)
            return
        self.reading_pane.move_to_passage(index)
        self.reading_pane.focus()

    def action_toggle_numbers(self) -> None:
        self.reading_pane.toggle_numbers()

    def action_copy_citation(self) -> None:
        """Copy the passage under the cursor with outlet, headline, ¶ and address, through OSC 52."""
        from caravan_tui.ui.links import osc52_sequence

        here = self._cursor_passage()
        if here is None:
            return
        article, passage = here
        citation = safe(citation_text(article, passage.index))  # no control character reaches a paste
        self.app.copy_to_clipboard(citation)
        self.caravan.write_to_terminal_through_tmux(osc52_sequence(citation))
        self.notify(f"¶{passage.index + 1} of {safe(article.outlet)} copied as a citation (OSC 52).",
                    title="Copied", markup=False, timeout=4)


    # Correcting the stories ----------------------------------------------------------

    def _story_choices(self, exclude: str | None) -> list[tuple[str, str]]:
        """(story id, 'name · N articles') of every story but `exclude`, in list order."""
        seen: dict[str, int] = {}
        for article_id in self.state.article_order:
            story = self.state.story_of.get(article_id, article_id)
            seen[story] = seen.get(story, 0) + 1
        return [(story, f"{self.state.story_name(story)} · {count} article{'s' if count != 1 else ''}")
                for story, count in seen.items() if story != exclude]

    def action_move_article(self) -> None:
        """Move the open article to another story, or to a story of its own (a split)."""
        from caravan_tui.ui.screens.story_picker import NEW_STORY, StoryPickerScreen

        article = self.state.current_article
        if article is None:
            return
        current = self.state.story_of.get(article.id, article.id)
        choices = [(NEW_STORY, "A new story of its own"), *self._story_choices(current)]

        def chosen(story: str | None) -> None:
            if story is not None:
                target = f"{current}-{article.id}" if story == NEW_STORY else story
                self.correct_stories({article.id: target}, f"Moved to {self.state.story_name(target)}.")

        self.app.push_screen(StoryPickerScreen(f"Move “{safe(article.title)}” to", choices), chosen)

    def action_merge_story(self) -> None:
        """Merge the open article's story into another story."""
        from caravan_tui.ui.screens.story_picker import StoryPickerScreen

        article = self.state.current_article
        if article is None:
            return
        current = self.state.story_of.get(article.id, article.id)
        choices = self._story_choices(current)
        if not choices:
            self.notify("There is no other story to merge with.", title="Merge", timeout=4)
            return

        def chosen(story: str | None) -> None:
            if story is not None:
                members = self.state.story_members(article.id)
                self.correct_stories(dict.fromkeys(members, story), f"Merged into {self.state.story_name(story)}.")

        self.app.push_screen(StoryPickerScreen(f"Merge “{safe(self.state.story_name(current))}” into", choices),
                             chosen)

    def action_name_story(self) -> None:
        from caravan_tui.ui.screens.prompt import PromptScreen

        article = self.state.current_article
        if article is None:
            return
        story = self.state.story_of.get(article.id, article.id)

        def named(name: str | None) -> None:
            if name:
                self.correct_stories({}, f"Story named “{safe(name)}”.", names={story: name})

        self.app.push_screen(PromptScreen("Name this story", "a name", initial=self.state.story_name(story)), named)

    @work(thread=True, exclusive=False, group="corrections")
    def correct_stories(self, moves: dict[str, str], done: str, names: dict[str, str] | None = None) -> None:
        """Store the reader's corrections (in a worker), then group the articles again."""
        from caravan_tui.storage.corrections import CorrectionsStore, CorrectionsUnavailable

        try:
            with CorrectionsStore() as store:
                if moves:
                    store.move_all(moves)
                for story, name in (names or {}).items():
                    store.name(story, name)
        except CorrectionsUnavailable as error:
            self.app.call_from_thread(self.notify, safe(str(error)), title="Not saved", severity="error",
                                      markup=False, timeout=15)
            return
        self.app.call_from_thread(self._corrected, done)

    def _corrected(self, done: str) -> None:
        self.notify(done, markup=False, timeout=4)
        current = self.state.current_article
        self.reload_corpus(open_article_id=current.id if current else None,
                           from_files=self.caravan.given_corpus is None)


    # Versions and feeds -------------------------------------------------------------

    def action_compare_versions(self) -> None:
        """The compare view between the previous version of the open article and the current one."""
        from caravan_tui.analysis.align import align_story
        from caravan_tui.corpus.ingest.versions import versions_of
        from caravan_tui.corpus.loader import ArticleLoadError, load_article
        from caravan_tui.ui.screens.compare import CompareScreen

        article, cursor = self.state.current_article, self.reading_pane.cursor
        if article is None or cursor is None:
            return
        versions = versions_of(article)
        if len(versions) < 2:
            self.notify("This article has one version: refresh or add found no change to it.", title="Versions",
                        timeout=4)
            return
        earlier = versions[-2]
        try:
            old = load_article(earlier.path)
        except ArticleLoadError as error:
            self.notify(safe(error.reason), title="Versions", severity="error", markup=False, timeout=8)
            return
        when = earlier.fetched or earlier.path.stem
        old = replace(old, id=f"{article.id}@{when}", source=f"{article.outlet} ({when})")
        current = replace(article, source=f"{article.outlet} (now)")
        alignment = align_story([current, old])
        if not alignment.counterparts(current.id, cursor):
            self.notify(f"¶{cursor + 1} has no counterpart in the version of {safe(when)}: it is new or rewritten "
                        "whole.", title="Versions", markup=False, timeout=5)
            return
        self.app.push_screen(CompareScreen(Corpus(articles=[current, old]), alignment, current.id, cursor))

    def action_refresh_feeds(self) -> None:
        from caravan_tui.corpus.ingest import adding_allowed

        if not adding_allowed():
            self.notify("Refreshing feeds is switched off here (the server was started without --allow-add).",
                        title="Refresh", severity="warning", timeout=6)
            return
        self.notify("Refreshing the feeds you follow…", title="Refresh", timeout=3)
        self.run_refresh(self.add_target_folder())

    @work(thread=True, exclusive=True, group="ingest")
    def run_refresh(self, folder: Path) -> None:
        from caravan_tui.corpus.ingest.refresh import refresh_all

        worker = get_current_worker()
        try:
            report = refresh_all(folder, cancel=worker.cancelled_event)
        except (ValueError, OSError) as error:
            if not worker.is_cancelled:
                self.post_message(SourcesAdded(None, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(FeedsRefreshed(report))

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        report = message.report
        added, updated = report.articles("added"), report.articles("updated")
        failed = report.feeds_with("failed")
        if not report.feeds:
            self.notify("You follow no feeds yet: caravan-tui feeds add URL subscribes to one.", title="Refresh",
                        timeout=8)
            return
        text = f"{added} new, {updated} updated from {len(report.feeds)} feeds"
        text += f"; {failed} failed (caravan-tui feeds list says why)" if failed else ""
        self.notify(text, title="Refresh", severity="warning" if failed else "information", timeout=8)
        if added or updated:
            current = self.state.current_article
            self.reload_corpus(open_article_id=current.id if current else None)

def versions_label(article: Article) -> str:
    """'updated · 2 versions (v compares)' for an article refresh or add found changed, else ''."""
    if not (article.path.parent / ".versions").is_dir():  # the common case: no import, one stat
        return ""
    from caravan_tui.corpus.ingest.versions import version_count

    try:
        count = version_count(article)
    except (OSError, TypeError):
        return ""
    return f"updated · {count} versions (v compares)" if count > 1 else ""


def citation_text(article: Article, passage_index: int) -> str:
    """'“passage text” — Outlet, “Headline”, ¶4, address' (the text as written: it goes to the clipboard)."""
    passage = article.passages[passage_index]
    parts = [f"“{' '.join(passage.text.split())}”", f"— {article.outlet}"]
    if article.title:
        parts.append(f"“{article.title}”")
    if article.published:
        parts.append(article.published)
    parts.append(f"¶{passage_index + 1}")
    if article.url:
        parts.append(article.url)
    return ", ".join([parts[0] + " " + parts[1], *parts[2:]])

