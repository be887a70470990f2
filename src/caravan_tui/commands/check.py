"""`caravan-tui check`: load every file and say, per file, whether it loaded and why not.

Prints `OK  path  (N passages)` or `FAIL  path: reason` (`WARN` for a
problem that stopped no file, such as a symbolic-link loop), then a summary
line. With --json, one object per file on stdout and the summary on stderr.
Exits 1 when any file failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys

from caravan_tui.commands.common import add_json_argument, add_paths_argument, visible, write_json_lines, write_line
from caravan_tui.corpus.model import Article, LoadProblem

HELP = "check that article files load, and say why those that don't"
#: Nothing stays open at the end of `run`: the process may end without its teardown.
QUICK_EXIT = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)


def _row(item: Article | LoadProblem) -> dict:
    if isinstance(item, Article):
        return {"path": str(item.path), "article": item.id, "ok": True, "passages": len(item.passages)}
    status = "error" if item.fatal else "warning"
    return {"path": str(item.path), "ok": not item.fatal, "status": status, "reason": item.reason}


def _line(item: Article | LoadProblem) -> str:
    if isinstance(item, Article):
        return f"OK    {visible(item.path)}  ({len(item.passages)} passages)"
    label = "FAIL" if item.fatal else "WARN"
    return f"{label}  {visible(item.path)}: {visible(item.reason)}"


def _summary(items: list[Article | LoadProblem]) -> str:
    loaded = sum(isinstance(item, Article) for item in items)
    failed = sum(isinstance(item, LoadProblem) and item.fatal for item in items)
    warnings = sum(isinstance(item, LoadProblem) and not item.fatal for item in items)
    files = loaded + failed
    text = f"{files} file{'' if files == 1 else 's'}: {loaded} OK, {failed} failed"
    return text + (f", {warnings} warning{'' if warnings == 1 else 's'}" if warnings else "")


def run(args: argparse.Namespace) -> int:
    from caravan_tui.corpus.loader import default_corpus_paths, iter_load

    items = []
    for item in iter_load(args.paths or default_corpus_paths()):
        items.append(item)
        if args.json:
            write_json_lines([_row(item)])
        else:
            write_line(_line(item))
    write_line(_summary(items), file=sys.stderr if args.json else sys.stdout)
    return 1 if any(isinstance(item, LoadProblem) and item.fatal for item in items) else 0
