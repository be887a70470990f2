"""Helpers for tests that drive the real reader in tmux (terminals, SSH).

`TmuxServer` runs its own tmux server on a private socket (-L name, no config
file), so tests never touch the user's tmux, and `close()` kills exactly that
server. Screens are read with capture-pane; waits poll with a deadline.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

READER = str(Path(sys.executable).with_name("caravan-tui"))
SGR = re.compile(r"\x1b\[[0-9;:]*m")
ANY_ESCAPE = re.compile(r"\x1b")
TRACEBACK = "Traceback (most recent call last)"
POLL = 0.05


def missing_binaries(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def isolated_env_assignments() -> dict[str, str]:
    """The test's isolated CARAVAN_TUI_*_DIR folders (set by conftest), to pass to the reader."""
    return {name: value for name, value in os.environ.items() if name.startswith("CARAVAN_TUI_")}


def reader_command(env: Mapping[str, str | None] | None = None, args: tuple[str, ...] = ()) -> str:
    """A shell command running the reader with `env` (None values: unset)."""
    # COLUMNS/LINES (set by pytest) would override the pane's real size in Textual.
    env = {"COLUMNS": None, "LINES": None, "ROWS": None, **(env or {})}
    unset = [arg for name, value in env.items() if value is None for arg in ("-u", name)]
    assign = [f"{name}={value}" for name, value in env.items() if value is not None]
    return shlex.join(["env", *unset, *assign, READER, *args])


class TmuxServer:
    """A private tmux server with one session, "main"."""

    def __init__(self, prefix: str = "caravan-test") -> None:
        self.socket = f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.target = "main"

    def tmux(self, *args: str, check: bool = True, timeout: float = 10) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: str, width: int = 100, height: int = 30, keep_dead_pane: bool = True) -> None:
        """Start the session running `command` (a shell command line)."""
        # A placeholder pane first, then the command respawned in it once the
        # size is settled (no resize race at start-up); "manual" lets
        # resize-window grow a window that has no client attached.
        self.tmux("new-session", "-d", "-s", self.target, "-x", str(width), "-y", str(height), "sleep 600")
        self.tmux("set-option", "-g", "window-size", "manual")
        self.tmux("resize-window", "-t", self.target, "-x", str(width), "-y", str(height))
        self.tmux("respawn-pane", "-k", "-t", self.target, command)
        if keep_dead_pane:
            self.tmux("set-option", "-t", self.target, "remain-on-exit", "on", check=False)
        self.tmux("set-option", "-t", self.target, "escape-time", "10", check=False)

    def close(self) -> None:
        """Kill this test's tmux server (and every process in its panes)."""
        self.tmux("kill-server", check=False)

    # Reading the screen ---------------------------------------------------

    def screen(self, escapes: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", self.target]
        return self.tmux(*(args + ["-e"] if escapes else args))

    def display(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.target, fmt).strip()

    def pane_dead(self) -> bool:
        return self.display("#{pane_dead}") == "1"

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 15, what: str = "") -> str:
        """Poll the screen until `predicate(screen)` holds; fail with the last screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            if TRACEBACK in screen or self.pane_dead():
                break
            time.sleep(POLL)
        raise AssertionError(f"timed out waiting for {what or predicate}; screen was:\n{screen}")

    def wait_for_text(self, text: str, timeout: float = 15) -> str:
        return self.wait_for(lambda screen: text in screen, timeout, repr(text))

    def wait_until_stable(self, quiet: float = 0.3, timeout: float = 5) -> str:
        """Wait until the screen stops changing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(escapes=True), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(POLL)
            current = self.screen(escapes=True)
            if current != last:
                last, since = current, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return self.screen()

    # Input ----------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Send tmux key names (e.g. "j", "Tab", "Escape", "C-d")."""
        self.tmux("send-keys", "-t", self.target, *keys)

    def literal(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.target, "-x", str(width), "-y", str(height))


def visible_cursor_passage(screen: str) -> bool:
    """True when the reading pane's cursor bar is on screen."""
    return "▌" in screen


def non_sgr_escapes(text: str) -> list[str]:
    """Escape sequences left after removing SGR (colour/attribute) sequences."""
    stripped = SGR.sub("", text)
    return [stripped[m.start():m.start() + 12] for m in ANY_ESCAPE.finditer(stripped)]


def sgr_attributes(text: str) -> set[str]:
    """The attribute names (bold, italic, underline, reverse, dim) used by SGR runs in `text`."""
    names = {"1": "bold", "2": "dim", "3": "italic", "4": "underline", "7": "reverse"}
    found = set()
    for match in SGR.finditer(text):
        for code in match.group()[2:-1].replace(":", ";").split(";"):
            if code in names:
                found.add(names[code])
    return found


def sgr_colour_codes(text: str) -> set[str]:
    """Colour parameters used (30-37, 90-97, 38;5;n, 38;2;r;g;b, ...), for colour-depth checks."""
    found = set()
    for match in SGR.finditer(text):
        params = match.group()[2:-1].split(";")
        index = 0
        while index < len(params):
            code = params[index]
            if code in ("38", "48") and index + 1 < len(params):
                width = 3 if params[index + 1] == "5" else 5
                found.add(";".join(params[index:index + width]))
                index += width
                continue
            if code.isdigit() and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.add(code)
            index += 1
    return found
