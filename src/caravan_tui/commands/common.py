"""Helpers shared by the subcommands: the PATH arguments, loading, JSON Lines output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from caravan_tui.corpus import Corpus


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", type=Path,
        help="article files or folders (default: ./articles, else the bundled samples)",
    )


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per line")


def load(args: argparse.Namespace, report: bool = True) -> Corpus:
    """Load the corpus named by args.paths; report problems on stderr."""
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus

    corpus = load_corpus(args.paths or default_corpus_paths())
    if report:
        for problem in corpus.problems:
            print(f"caravan-tui: {problem}", file=sys.stderr)
    return corpus


def write_json_lines(rows: Iterable[dict]) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()


def comma_list(choices: tuple[str, ...], what: str):
    """An argparse type for "a,b,c" restricted to `choices` (`what` names them in errors)."""

    def parse(text: str) -> list[str]:
        items = [item.strip() for item in text.split(",") if item.strip()]
        unknown = [item for item in items if item not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(unknown)}; choose from {', '.join(choices)}")
        return items

    return parse


def open_cache():
    """The analysis cache, or None (with a warning) when the cache folder cannot be used."""
    from caravan_tui.storage.cache import open_cache as open_user_cache

    return open_user_cache(lambda error: print(f"caravan-tui: cache unavailable ({error}); analysing without it",
                                               file=sys.stderr))
