"""`caravan-tui add SOURCE ...`: bring articles in from web pages, saved HTML files and RSS/Atom feeds.

Each article is extracted and written to the articles folder (--to, default
./articles, created if missing) as Markdown with YAML front matter. One line
per source says what became of it: `added`, `duplicate` (already in the
folder; not a failure), `updated` (the address is held but its text changed:
the earlier version is kept, see `caravan-tui versions`), `exists` (a file of that name is there; --force
overwrites) or `failed` (on stderr, with the reason). A progress bar is shown
on stderr when it is a terminal. Exits 1 if any source failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from caravan_tui.commands.common import visible, write_line
from caravan_tui.commands.fetching import ProgressLines, add_fetch_arguments, fetch_limits

HELP = "add articles from web addresses, saved HTML pages or RSS/Atom feeds to the articles folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="an http(s) address, a saved HTML file, or an RSS/Atom feed (file or address)")
    parser.add_argument("--to", type=Path, default=None, metavar="DIR",
                        help="the articles folder to write to (default: ./articles, created if missing)")
    parser.add_argument("--force", action="store_true",
                        help="replace an article that is already in the folder, and overwrite existing files")
    add_fetch_arguments(parser)


def _line(result) -> str:
    if result.status in ("added", "updated"):
        return f"{result.status:<10} {result.path}  <- {result.source}"
    return f"{result.status:<10} {result.source}: {result.message}"


def _row(result) -> dict:
    return {"source": result.source, "status": result.status,
            "path": str(result.path) if result.path else None, "message": result.message}


class _Reporter(ProgressLines):
    """Prints each result as it comes: plain lines, or above a progress bar on a terminal."""

    def __init__(self, as_json: bool, show_bar: bool) -> None:
        super().__init__(show_bar, "adding")
        self.as_json = as_json

    def __call__(self, update: Any) -> None:
        name = update.source if len(update.source) <= 50 else "…" + update.source[-49:]
        self.progress(update.done, update.total, name)
        if update.result is not None:
            self.print(update.result)

    def print(self, result: Any) -> None:
        if self.as_json:
            self.json(_row(result))
            return
        failed = result.status == "failed"
        self.line(f"caravan-tui add: {_line(result)}" if failed else _line(result), error=failed)


def _summary(results) -> str:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    parts = [f"{counts[s]} {s}" for s in ("added", "updated", "duplicate", "exists", "failed") if counts.get(s)]
    return ", ".join(parts) or "nothing added"


def run(args: argparse.Namespace) -> int:
    from caravan_tui.corpus.ingest import add_sources

    limits = fetch_limits(args)
    chosen = args.to is not None
    args.to = args.to if chosen else Path("articles")
    new_folder = not args.to.exists()
    try:
        with _Reporter(args.json, show_bar=sys.stderr.isatty()) as reporter:
            results = add_sources(args.sources, args.to, force=args.force, progress=reporter,
                                  limits=limits, max_entries=max(args.max_entries, 1))
    except ValueError as error:
        write_line(f"caravan-tui add: {visible(error)}", file=sys.stderr)
        return 2
    write_line(_summary(results), file=sys.stderr)
    if not chosen and any(result.status in ("added", "updated") for result in results):
        write_line(where_it_went(args.to, new_folder), file=sys.stderr)
    return 1 if any(result.status == "failed" for result in results) else 0


def where_it_went(folder: Path, new_folder: bool) -> str:
    """Where articles went without --to, how to open them, and that the samples are no longer the default."""
    shown = visible(str(folder))
    text = f"The articles are in ./{shown}; open them with: caravan-tui {shown}"
    if new_folder:
        text += (f"\n./{shown} did not exist and was made: from this folder, caravan-tui with no path now opens it "
                 "instead of the bundled samples")
    return text
