"""Start the reader from the command line (called by caravan_tui.cli).

The corpus starts loading in a background thread (`preload.load_in_background`)
and gets up to PRELOAD_HEAD_START seconds alone before Textual is imported:
measured with bench/startup.py, a small corpus loads faster alone than beside
the import of Textual (the two threads fight over the GIL), and the first frame
then already shows the articles. A large corpus goes on loading after that,
while the reader shows "Loading…"; the app takes the result from the Future.

Quitting never leaves the process behind: the screen cancels its workers, the
analysis stops at its next progress report, and a worker thread still busy
after QUIT_GRACE seconds (a long entity pass, a fetch) is not waited for.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from concurrent.futures import wait
from pathlib import Path

EXIT_AFTER_FIRST_PAINT = "CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT"
PRELOAD_HEAD_START = 0.3  # seconds the loading may run alone before Textual is imported
QUIT_GRACE = 2.0  # seconds a cancelled worker thread gets to finish after the reader quits


def run_reader(paths: list[str]) -> int:
    """Open the reader on `paths` (the default corpus when empty); return the exit code."""
    from caravan_tui.ui.collector import STARTUP
    from caravan_tui.ui.preload import load_in_background

    STARTUP.begin()  # fewer collections while the corpus loads: the main screen's first paint ends it
    loading = load_in_background([Path(path) for path in paths])
    # A small corpus loads faster alone than beside the import of Textual (the two
    # threads fight over the GIL), so give it a moment first; a large one goes on
    # loading in the background and the reader shows "Loading…" meanwhile.
    wait([loading], timeout=PRELOAD_HEAD_START)
    from caravan_tui.ui.app import create_app

    # Everything imported so far lives as long as the process: keep it out of the
    # collector's full passes (one would otherwise cost ~30 ms during the first frames).
    gc.freeze()
    app = create_app(paths=paths, loading=loading)
    app.run()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) and app.first_paint_at is not None:
        # Read by bench/startup.py: wall-clock time of the first painted content.
        print(f"first_paint_epoch {app.first_paint_at:.6f}", file=sys.stderr)
    code = app.return_code or 0
    if not _worker_threads_finished(QUIT_GRACE):
        # Python would wait for the executor's threads at exit: a cancelled analysis of a huge
        # article would keep the process alive. Nothing of the reader's is unsaved by now
        # (notes are written in their own transactions, the caches are only caches).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _worker_threads_finished(grace: float) -> bool:
    """Wait up to `grace` seconds for every other non-daemon thread; True if they all ended."""
    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            return False
    return True
