"""What `add` and `refresh` share: the download options, their limits, and result lines above a progress bar.

Every line goes through the commands' one output path (`common.visible`,
`common.write_line`), so nothing a server sends reaches the terminal raw.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any, TypeVar

from caravan_tui.commands.common import visible, write_line
from caravan_tui.safe_text import json_dumps


def positive_number(text: str) -> float:
    """An argparse type: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """--connect-timeout, --read-timeout, --timeout, --max-size, --max-entries and --json."""
    parser.add_argument("--connect-timeout", type=positive_number, default=10.0, metavar="SECONDS",
                        help="seconds to wait for a connection (default: 10)")
    parser.add_argument("--read-timeout", type=positive_number, default=20.0, metavar="SECONDS",
                        help="seconds to wait for data from the server (default: 20)")
    parser.add_argument("--timeout", type=positive_number, default=120.0, metavar="SECONDS",
                        help="most seconds for each download, redirects included, however the server behaves "
                             "(default: 120)")
    parser.add_argument("--max-size", type=positive_number, default=10.0, metavar="MB",
                        help="largest download, in megabytes (default: 10)")
    parser.add_argument("--max-entries", type=int, default=50, metavar="N",
                        help="at most N entries of each feed (default: 50)")
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per result")


def fetch_limits(args: argparse.Namespace) -> Any:
    """The FetchLimits the download options ask for."""
    from caravan_tui.corpus.ingest import FetchLimits

    return FetchLimits(connect_timeout=args.connect_timeout, read_timeout=args.read_timeout,
                       total_timeout=args.timeout, max_bytes=int(args.max_size * 1024 * 1024))


_Lines = TypeVar("_Lines", bound="ProgressLines")


class ProgressLines:
    """Result lines printed as they come (from any thread), above a transient progress bar on a terminal."""

    def __init__(self, show_bar: bool, label: str) -> None:
        self.bar: Any = None
        self.lock = threading.Lock()
        if show_bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task(label, total=None)

    def __enter__(self: _Lines) -> _Lines:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def progress(self, done: int, total: int | None, name: str) -> None:
        """Move the bar; `name` (untrusted: an address, a feed's title) is shown literally."""
        if self.bar is not None:
            from rich.markup import escape

            # "[/]" in a feed's link would be Rich markup (an error), escapes would reach the terminal
            self.bar.update(self.task, completed=done, total=total, description=escape(visible(name)))

    def line(self, text: str, error: bool = False) -> None:
        """A result line: on stdout (stderr for an error), above the bar when there is one."""
        text = visible(text)
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            if not error and not sys.stdout.isatty():
                write_line(text, flush=True)
        else:
            write_line(text, file=sys.stderr if error else sys.stdout, flush=True)

    def json(self, row: dict[str, Any]) -> None:
        """One JSON line on stdout, control characters escaped."""
        print(json_dumps(row), flush=True)
