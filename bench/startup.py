"""Time to first paint: the caravan-tui reader vs a bare three-pane Textual app.

Each app runs as a subprocess on a pseudo-terminal (100x30) with
CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT=1: it exits right after the first screen
with content is painted (for the reader: the bundled sample articles loaded,
grouped and shown) and prints `first_paint_epoch <time.time()>` on stderr.
The figure is that time minus the time just before the process was started,
so it includes interpreter start-up and imports.

The reader is measured twice per round, each time with CARAVAN_TUI_CACHE_DIR
set: "cold" on a fresh, empty cache folder (every article is parsed), then
"warm" on the folder the cold run just filled (the parse cache answers).
Rounds alternate bare, cold, warm; the median of each is printed with its ratio
to the bare app (target <= 1.3).

    .venv/bin/python bench/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

COLUMNS, ROWS = 100, 30
TARGET_RATIO = 1.3

BARE_APP = """
import os, sys, time
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, Static

class Bare(App):
    CSS = "Horizontal > * { border: round white; height: 1fr; } OptionList { width: 24; } #notes { width: 26; }"
    def compose(self):
        with Horizontal():
            yield OptionList("The Epoch Times", "TRT World")
            yield Static("Headline\\n\\nA passage of text.")
            yield Static("Notes", id="notes")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        self.first_paint_at = time.time()
        self.exit()

app = Bare()
app.run()
print(f"first_paint_epoch {app.first_paint_at:.6f}", file=sys.stderr)
"""


def _drain(fd: int, output: bytearray) -> None:
    """Collect the child's terminal output (Textual draws on stderr) so it never blocks."""
    try:
        while chunk := os.read(fd, 65536):
            output.extend(chunk)
    except OSError:
        pass


def time_to_first_paint(command: list[str], cwd: str, cache_dir: str | None = None) -> float:
    """Seconds from starting `command` on a pty to the first paint it reports."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {**os.environ, "CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT": "1", "TERM": "xterm-256color"}
    if cache_dir is not None:
        env["CARAVAN_TUI_CACHE_DIR"] = cache_dir
    output = bytearray()
    reader = threading.Thread(target=_drain, args=(master, output), daemon=True)
    reader.start()
    started = time.time()
    subprocess.run(command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, timeout=60)
    os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    found = re.search(rb"first_paint_epoch ([0-9.]+)", bytes(output))
    if found is None:
        raise RuntimeError(f"{command} did not report a first paint:\n{output[-2000:].decode(errors='replace')}")
    return float(found.group(1)) - started


BARE = "bare three-pane Textual app"
COLD = "caravan-tui, cold cache"
WARM = "caravan-tui, warm cache"


def one_round(python: str, work_dir: str) -> dict[str, float]:
    """Bare app, then the reader on a fresh cache folder, then again on the same folder."""
    reader = [python, "-m", "caravan_tui.cli"]
    with tempfile.TemporaryDirectory() as cache_dir:
        return {
            BARE: time_to_first_paint([python, "-c", BARE_APP], work_dir),
            COLD: time_to_first_paint(reader, work_dir, cache_dir),
            WARM: time_to_first_paint(reader, work_dir, cache_dir),
        }


def report(times: dict[str, list[float]], runs: int) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"time to first paint, {COLUMNS}x{ROWS}, median of {runs} runs (python {sys.version.split()[0]})")
    for name, values in times.items():
        ratio = "" if name == BARE else f"   ratio {medians[name] / medians[BARE]:.2f}"
        print(f"  {name:<30} {medians[name] * 1000:6.0f} ms   (min {min(values) * 1000:.0f}, "
              f"max {max(values) * 1000:.0f}){ratio}")
    worst = max(medians[COLD], medians[WARM]) / medians[BARE]
    verdict = "OK" if worst <= TARGET_RATIO else "OVER TARGET"
    print(f"  target: ratio <= {TARGET_RATIO} (cold and warm): {verdict}")


def _compile_package() -> None:
    """Byte-compile caravan_tui as an installed wheel is, so that stale or missing .pyc
    files (an editable install with PYTHONDONTWRITEBYTECODE set) do not count as start-up."""
    import compileall

    import caravan_tui

    compileall.compile_dir(os.path.dirname(caravan_tui.__file__), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    times: dict[str, list[float]] = {BARE: [], COLD: [], WARM: []}
    _compile_package()
    with tempfile.TemporaryDirectory() as empty_dir:  # no ./articles: the bundled samples load
        one_round(sys.executable, empty_dir)  # warm-up: bytecode and file caches
        for _ in range(args.runs):
            for name, seconds in one_round(sys.executable, empty_dir).items():
                times[name].append(seconds)
    report(times, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
