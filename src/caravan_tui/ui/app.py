"""The reader app: theme, keymap, help and the command palette; the main screen does the rest.

The reader's behaviour (loading, analysis, opening articles, notes) lives in
`screens.main.MainScreen`, its state in `reader_state.ReaderState`; the app
only keeps what is the same for every screen, as posting's app does.

The themes (`ui.themes`: dark and light, chosen by a setting, "auto" by
default) use only the terminal's 16 ANSI colours, so the reader looks the
same in xterm, 256-colour and truecolor terminals. Keys can be rebound by id in
config_dir()/keymap.toml (see `caravan_tui.ui.keymap`); `?` lists them all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from caravan_tui.corpus.model import Corpus
from caravan_tui.safe_text import safe
from caravan_tui.ui.catalogue import all_bindings
from caravan_tui.ui.collector import QuietCollector
from caravan_tui.ui.commands import AppCommands
from caravan_tui.ui.keymap import keymap_path, load_keymap
from caravan_tui.ui.preload import LoadResult
from caravan_tui.ui.screens.main import MainScreen
from caravan_tui.ui.themes import THEMES, choose_theme, theme_setting

#: Binding ids renamed since a keymap may have been written: old id -> current id.
RENAMED_BINDING_IDS = {"app.open_link": "screen.open_link", "app.overview": "screen.overview"}

class CaravanApp(App[None]):
    """The terminal reader for comparing outlets' versions of a story."""

    CSS_PATH = "app.tcss"
    TITLE = "caravan-tui"
    COMMANDS = App.COMMANDS | {AppCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
    ]

    def __init__(self, paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
                 loading: Future[LoadResult] | None = None) -> None:
        # Native ANSI colours: the theme is ANSI-only, and NO_COLOR then strips colours
        # (NoColor filter) instead of greying them to black-on-black (Monochrome).
        super().__init__(ansi_color=True)
        # Chosen before the stylesheet is first built: setting `theme` later rebuilds all CSS.
        for theme in THEMES.values():
            self.register_theme(theme)
        setting, self.settings_problem = theme_setting()
        self.theme = choose_theme(setting).name
        self.paths = [Path(p) for p in paths or ()]
        self.given_corpus = corpus
        self.loading = loading
        self.keymap: dict[str, str] = {}
        self.first_paint_at: float | None = None
        self.collector = QuietCollector()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.collector.input_seen()  # full collections wait for a pause in the input
        await super().on_event(event)

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    @property
    def main_screen(self) -> MainScreen:
        """The reader's main screen (under any screens pushed over it)."""
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def on_mount(self) -> None:
        self.apply_user_keymap()
        if self.settings_problem:
            self.notify(safe(self.settings_problem), title="Settings", severity="warning", markup=False, timeout=10)

    @property
    def is_dark(self) -> bool:
        """Whether the current theme is a dark one (entity styles differ)."""
        return self.current_theme.dark

    def on_unmount(self) -> None:
        self.collector.stop()
        self.workers.cancel_all()

    def apply_user_keymap(self) -> None:
        path = keymap_path()
        if not path.is_file():  # the common case: no need to import every screen for the binding ids
            self.keymap = {}
            return
        known = [entry.id for entry in all_bindings()]
        keymap, summary = load_keymap(path, [*known, *RENAMED_BINDING_IDS])
        self.keymap = {RENAMED_BINDING_IDS.get(binding_id, binding_id): keys for binding_id, keys in keymap.items()}
        self.set_keymap(self.keymap)
        if summary:  # one notice, however many problems
            self.notify(safe(summary), title="Keymap", severity="warning", markup=False, timeout=10)

    def write_to_terminal_through_tmux(self, sequence: str) -> None:
        """Write an escape sequence wrapped for tmux passthrough, when running inside tmux."""
        if os.environ.get("TMUX") and self._driver is not None:
            self._driver.write(sequence)

    def action_help(self) -> None:
        from caravan_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def create_app(paths: Sequence[str | Path] | None = None, corpus: Corpus | None = None,
               loading: Future[LoadResult] | None = None) -> CaravanApp:
    """The app factory used by launch and the tests (`loading`: see ui.preload)."""
    return CaravanApp(paths=paths, corpus=corpus, loading=loading)
