"""`caravan-tui entities`: the people, places, organisations, figures and dates of each article.

JSON Lines (one mention per line) with --json; otherwise a table grouped by
entity, most mentioned first. Results are cached in the user cache directory.
"""

from __future__ import annotations

import argparse

from caravan_tui.commands.common import (
    add_json_argument,
    add_paths_argument,
    add_workers_argument,
    comma_list,
    load,
    open_cache,
    report_problem,
    visible,
    write_json_lines,
)
from caravan_tui.entity_types import TYPE_ALIASES

HELP = "list the people, places, organisations, figures and dates, linked across articles"
#: Nothing stays open at the end of `run` (the cache is closed): the process may end without its teardown.
QUICK_EXIT = True
TYPE_NAMES = ("person", "place", "organization", "figure", "date")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)
    parser.add_argument("--engine", choices=("rules", "spacy"), default="rules",
                        help="recogniser: rules (default, built in) or spacy (needs caravan-tui[spacy])")
    parser.add_argument("--type", type=comma_list(TYPE_NAMES, "type(s)", TYPE_ALIASES), metavar="TYPES",
                        help=f"only these types, comma-separated ({','.join(TYPE_NAMES)}; "
                             "organisation is accepted too)")
    parser.add_argument("--no-cache", action="store_true", help="analyse again, ignoring the cache")
    add_workers_argument(parser, "one per idle core, for 20,000 words or more")


def run(args: argparse.Namespace) -> int:
    from caravan_tui.gc_tuning import fewer_collections

    with fewer_collections():  # the gazetteers and the corpus live to the end: walking them again is waste
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from caravan_tui.analysis.batch import idle_workers
    from caravan_tui.analysis.entities import analyse_entities, get_engine

    corpus = load(args)
    try:
        engine = get_engine(args.engine)
    except ImportError as error:
        report_problem(f"the {args.engine} engine is not installed ({error}); install caravan-tui[spacy]")
        return 2
    cache = None if args.no_cache else open_cache()
    try:
        # this command runs no other thread, so a lot of text is recognised by processes forked from it
        index = analyse_entities(corpus.articles, engine=engine, cache=cache, workers=args.workers or idle_workers())
    finally:
        if cache is not None:
            cache.close()  # and stamped sound, so the reader's next start need not check it
    mentions = [m for m in index.mentions if not args.type or m.type in args.type]
    if args.json:
        write_json_lines(m.to_json() for m in mentions)
    else:
        _print_table(index, args.type)
    return 1 if corpus.failed and not corpus.articles else 0


def _print_table(index, types) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from caravan_tui.entity_types import entity_type

    table = Table(show_lines=False, expand=False)
    for column in ("entity", "type", "mentions", "articles", "as written"):
        table.add_column(column, overflow="fold")
    for entity in index.entities(types):
        forms = ", ".join(dict.fromkeys(m.text for m in entity.mentions))
        label = entity_type(entity.type)
        # Text, not markup: names are article text ("[bold]" stays literal), and controls are made visible.
        table.add_row(Text(visible(entity.name)), Text(label.label, style=label.style), str(len(entity.mentions)),
                      str(len(entity.articles)), Text(visible(forms)))
    Console().print(table)
