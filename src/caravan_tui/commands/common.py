"""Helpers shared by the subcommands: the PATH arguments, loading, and the one way they print.

Everything a command prints comes from untrusted text (titles, outlets, article
text, file names, server messages), so it is printed through `write_line`
(control characters shown as visible placeholders, as the reader shows them:
ESC becomes "␛", bidi controls "�") and `write_json_lines` (JSON with C0, C1
and bidi controls escaped). `visible` is for one field that must stay on one
line, such as a path inside a line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from caravan_tui.corpus import Corpus
from caravan_tui.corpus.model import Article
from caravan_tui.safe_text import json_dumps, safe


def visible(value: object) -> str:
    """`value` as text with every control character (newlines too) made a visible placeholder."""
    return safe(str(value))


def write_line(text: object = "", file: TextIO | None = None, flush: bool = False) -> None:
    """Print one line (or several: newlines are kept) with every other control character made visible."""
    out = sys.stdout if file is None else file
    out.write(safe(str(text), keep_newlines=True) + "\n")
    if flush:
        out.flush()


def report_problem(message: object) -> None:
    """A `caravan-tui: ...` line on stderr (a load problem, a warning), shown on one line."""
    write_line(f"caravan-tui: {visible(message)}", file=sys.stderr)


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=Path,
        help="article files or folders (default: ./articles, else the bundled samples)",
    )


def add_workers_argument(parser: argparse.ArgumentParser, default: str = "one per core") -> None:
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help=f"processes to analyse with on this machine (default: {default})")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per line")


def load(args: argparse.Namespace, report: bool = True, lazy: bool = False) -> Corpus:
    """Load the corpus named by args.paths; report problems on stderr.

    `lazy`: for commands that need few articles' text (see `corpus.lazy`).
    """
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus
    from caravan_tui.gc_tuning import fewer_collections

    with fewer_collections():  # 100,000 articles' objects all live on: walking them again and again is waste
        corpus = load_corpus(args.paths or default_corpus_paths(), lazy=lazy)
    if report:
        for problem in corpus.problems:
            report_problem(problem)
    return corpus


def write_json_lines(rows: Iterable[dict]) -> None:
    """One JSON object per line, with control, bidi and invisible characters escaped."""
    out = sys.stdout
    for row in rows:
        out.write(json_dumps(row) + "\n")
    out.flush()


def comma_list(choices: tuple[str, ...], what: str, aliases: dict[str, str] | None = None):
    """An argparse type for "a,b,c" restricted to `choices` (`what` names them in errors).

    `aliases` maps other spellings to a choice ("organisation" -> "organization"); case is ignored.
    """
    aliases = aliases or {}

    def parse(text: str) -> list[str]:
        items = [item.strip().lower() for item in text.split(",") if item.strip()]
        items = [aliases.get(item, item) for item in items]
        unknown = [item for item in items if item not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(unknown)}; choose from {', '.join(choices)}")
        return items

    return parse


def story_grouping(articles: Sequence[Article], cache: Any = None) -> dict[str, str]:
    """Article id -> story id: the grouping read back from the cache, with the reader's corrections applied."""
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.storage.corrections import load_corrections

    corrections = load_corrections(report_problem)
    return story_of_each(articles, cache=cache, corrections=corrections.moves)


def open_cache():
    """The analysis cache, or None (with a warning) when the cache folder cannot be used."""
    from caravan_tui.storage.cache import open_cache as open_user_cache

    return open_user_cache(lambda error: report_problem(f"cache unavailable ({error}); analysing without it"))
