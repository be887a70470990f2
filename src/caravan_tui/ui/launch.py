"""Start the reader from the command line (called by caravan_tui.cli)."""

from __future__ import annotations

import os
import sys

from caravan_tui.ui.app import EXIT_AFTER_FIRST_PAINT, create_app


def run_reader(paths: list[str]) -> int:
    """Open the reader on `paths` (the default corpus when empty); return the exit code."""
    app = create_app(paths=paths)
    app.run()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) and app.first_paint_at is not None:
        # Read by bench/startup.py: wall-clock time of the first painted content.
        print(f"first_paint_epoch {app.first_paint_at:.6f}", file=sys.stderr)
    return app.return_code or 0
