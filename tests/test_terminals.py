"""The real reader in tmux under many terminal types, colour settings and sizes.

Each case starts `caravan-tui` in its own tmux server (private -L socket),
waits for the first screen by polling, and checks what tmux shows: the list
and the article, no traceback, highlights that keep SGR attributes without
colour, the passage cursor still in view after a resize, and a bare Esc that
closes the help screen promptly.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from remote_helpers import (
    TRACEBACK,
    TmuxServer,
    missing_binaries,
    reader_command,
    sgr_attributes,
    sgr_colour_codes,
)

pytestmark = pytest.mark.skipif(bool(missing_binaries("tmux")), reason="tmux is not installed")

ENVIRONMENTS = {
    "xterm-256color": {"TERM": "xterm-256color", "COLORTERM": None, "NO_COLOR": None},
    "xterm-16": {"TERM": "xterm", "COLORTERM": None, "NO_COLOR": None},
    "tmux-256color": {"TERM": "tmux-256color", "COLORTERM": None, "NO_COLOR": None},
    "linux": {"TERM": "linux", "COLORTERM": None, "NO_COLOR": None},
    "vt100": {"TERM": "vt100", "COLORTERM": None, "NO_COLOR": None},
    "no-color": {"TERM": "xterm-256color", "COLORTERM": None, "NO_COLOR": "1"},
    "truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": None},
}
CASES = [(name, (80, 24)) for name in ENVIRONMENTS] + [
    ("xterm-256color", (60, 20)), ("no-color", (60, 20)), ("vt100", (60, 20)),
    ("xterm-16", (200, 60)), ("truecolor", (200, 60)),
]
FIRST_OUTLET = "The Epoch Times"
SECOND_OUTLET = "TRT World"
HEADLINE_WORD = "Caravan"
DEFAULT_ONLY = {"39", "49"}
NO_EXTENDED_COLOURS = {"xterm-16", "linux", "vt100"}


def case_id(case) -> str:
    name, (width, height) = case
    return f"{name}-{width}x{height}"


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> str:
    """One analysis cache for the module: the first case fills it, the others start fast."""
    return str(tmp_path_factory.mktemp("shared-cache"))


@pytest.fixture
def tmux_server(warm_cache, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", warm_cache)
    server = TmuxServer()
    yield server
    server.close()


def start_reader(server: TmuxServer, env_name: str, width: int, height: int) -> str:
    env = {**ENVIRONMENTS[env_name], "CARAVAN_TUI_CACHE_DIR": os.environ["CARAVAN_TUI_CACHE_DIR"]}
    server.start(reader_command(env), width, height)
    return server.wait_for(lambda s: FIRST_OUTLET in s and "▌" in s, what="the first article with its cursor")


def reader_rows(screen: str) -> list[str]:
    """Rows that show a passage under the cursor (the bar after a border)."""
    return [row for row in screen.splitlines() if re.search(r"[│┃]▌", row)]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_first_screen_shows_the_list_and_the_article(tmux_server, case):
    env_name, (width, height) = case
    screen = start_reader(tmux_server, env_name, width, height)
    screen = tmux_server.wait_until_stable()
    assert TRACEBACK not in screen
    assert HEADLINE_WORD in screen, screen
    assert SECOND_OUTLET in screen  # the article list
    lines = screen.splitlines()
    assert len(lines) <= height and all(len(line) <= width for line in lines)
    assert not tmux_server.pane_dead()
    check_attributes_without_colour(tmux_server.screen(escapes=True), env_name)


def check_attributes_without_colour(escaped: str, env_name: str) -> None:
    """Styled runs carry bold/underline/reverse/italic; 16-colour terminals get 16-colour codes only."""
    attributes = sgr_attributes(escaped)
    assert {"bold", "underline", "reverse", "italic"} <= attributes, attributes
    colours = sgr_colour_codes(escaped)
    if env_name == "no-color":
        # Not colour 16 on colour 16 (Textual's Monochrome filter when the app is not native ANSI).
        assert colours <= DEFAULT_ONLY, sorted(colours)
    elif env_name in NO_EXTENDED_COLOURS:
        assert not any(code.startswith(("38;", "48;")) for code in colours), sorted(colours)


@pytest.mark.parametrize("sizes", [((100, 30), (60, 20)), ((80, 24), (200, 60)), ((200, 60), (80, 24))],
                         ids=lambda sizes: "{}x{}->{}x{}".format(*sizes[0], *sizes[1]))
def test_resize_keeps_the_passage_cursor_in_view(tmux_server, sizes):
    (width, height), (new_width, new_height) = sizes
    start_reader(tmux_server, "xterm-256color", width, height)
    tmux_server.keys("Tab")  # the reading pane
    for _ in range(8):
        tmux_server.keys("j")
    tmux_server.wait_until_stable()
    tmux_server.resize(new_width, new_height)
    screen = tmux_server.wait_for(
        lambda s: len(s.splitlines()[0]) == new_width and reader_rows(s), what="the cursor bar after resize")
    assert TRACEBACK not in screen
    assert reader_rows(tmux_server.wait_until_stable())


def test_bare_escape_closes_help_promptly(tmux_server):
    start_reader(tmux_server, "xterm-256color", 100, 30)
    tmux_server.keys("?")
    tmux_server.wait_for_text("escape closes")
    started = time.monotonic()
    tmux_server.keys("Escape")
    # the reader's screen back whole (a capture may land in the middle of the repaint that closes the help)
    tmux_server.wait_for(lambda s: "escape closes" not in s and FIRST_OUTLET in s, timeout=3, what="help to close")
    elapsed = time.monotonic() - started
    # A bare Esc held back as the start of an alt sequence would wait for the next key (the 3 s
    # wait above fails); the bound here is loose because a shared machine can be slow to repaint.
    assert elapsed < 2.5, f"Esc took {elapsed:.2f} s"
