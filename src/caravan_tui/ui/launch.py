"""Start the reader from the command line (called by caravan_tui.cli).

The corpus starts loading in a background thread (`preload.load_in_background`)
before Textual is imported, and the app takes the result from that Future:
when it is ready by the time the panes exist, the first frame already shows
the articles. Measured with bench/startup.py: once the parse cache is warm the
load costs a few milliseconds of CPU, which overlap with Textual's own start-up;
on a cold start the thread competes for the GIL with the import of Textual,
which costs no more than parsing later, after a "Loading…" frame.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_AFTER_FIRST_PAINT = "CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT"


def run_reader(paths: list[str]) -> int:
    """Open the reader on `paths` (the default corpus when empty); return the exit code."""
    from caravan_tui.ui.preload import load_in_background

    loading = load_in_background([Path(path) for path in paths])
    from caravan_tui.ui.app import create_app

    app = create_app(paths=paths, loading=loading)
    app.run()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) and app.first_paint_at is not None:
        # Read by bench/startup.py: wall-clock time of the first painted content.
        print(f"first_paint_epoch {app.first_paint_at:.6f}", file=sys.stderr)
    return app.return_code or 0
