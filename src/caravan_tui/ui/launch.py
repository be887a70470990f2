"""Start the reader from the command line (called by caravan_tui.cli).

The corpus is loaded by the app's worker thread once the screen is up
(a "Loading…" state shows meanwhile). Starting the load before Textual is
imported was measured (bench/startup.py) and did not help: a CPU-bound thread
competing for the GIL slows the event loop's start-up as much as it saves.
"""

from __future__ import annotations

import os
import sys

EXIT_AFTER_FIRST_PAINT = "CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT"


def run_reader(paths: list[str]) -> int:
    """Open the reader on `paths` (the default corpus when empty); return the exit code."""
    from caravan_tui.ui.app import create_app

    app = create_app(paths=paths)
    app.run()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) and app.first_paint_at is not None:
        # Read by bench/startup.py: wall-clock time of the first painted content.
        print(f"first_paint_epoch {app.first_paint_at:.6f}", file=sys.stderr)
    return app.return_code or 0
