"""`caravan-tui notes`: the cross-article notes of every passage, as JSON Lines or readable text.

With --json, one note per line: ``{"kind", "refs": [{"article", "passage"}],
"text", ...}`` where ``kind`` is counterpart, figure, quote, exclusive,
term or reader (the reader's own notes, from the notes store), and the other
fields depend on the kind (see analysis/findings.py and storage/notes.py).
"""

from __future__ import annotations

import argparse
import textwrap

from caravan_tui.commands.common import (
    add_json_argument,
    add_paths_argument,
    comma_list,
    load,
    open_cache,
    report_problem,
    visible,
    write_json_lines,
    write_line,
)

HELP = "show the cross-article notes: counterparts, exclusive passages, figures, quotes, terms"
KINDS = ("counterpart", "figure", "quote", "exclusive", "term", "reader")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)
    parser.add_argument("--kind", type=comma_list(KINDS, "kind(s)"), metavar="KINDS",
                        help=f"only these kinds, comma-separated ({','.join(KINDS)})")
    parser.add_argument("--no-cache", action="store_true", help="analyse again, ignoring the cache")


def analyse(corpus, use_cache: bool = True):
    """The corpus analysis the notes and the export work from (cached unless told otherwise)."""
    from caravan_tui.analysis.pipeline import analyse_corpus
    from caravan_tui.commands.common import story_grouping

    cache = open_cache() if use_cache else None
    return analyse_corpus(corpus.articles, story_grouping(corpus.articles, cache), cache=cache)


def reader_notes(articles) -> list[dict]:
    """The reader's notes on these articles; none (with a warning) when the notes store cannot be read."""
    from caravan_tui.storage.notes import NotesUnavailable, reader_note_rows

    try:
        return reader_note_rows(articles)
    except NotesUnavailable as error:
        report_problem(f"your notes are unavailable: {error}")
        return []


def _print_reader_notes(rows: list[dict]) -> None:
    for row in rows:
        where = "orphaned" if row["orphaned"] else f"{row['article']} ¶{row['passage'] + 1}"
        shown = visible(row["article"] if row["orphaned"] else where)
        write_line(f"{'reader':<11} {shown}{' (orphaned)' if row['orphaned'] else ''}")
        write_line(textwrap.indent(textwrap.fill(row["text"], 96, replace_whitespace=False), "    "))
    if rows:
        write_line(f"{len(rows)} reader note{'' if len(rows) == 1 else 's'}")


def _print_human(notes) -> None:
    for note in notes:
        where = ", ".join(f"{ref.article} ¶{ref.passage + 1}" for ref in note.refs[:4])
        more = f" (+{len(note.refs) - 4})" if len(note.refs) > 4 else ""
        write_line(f"{note.kind:<11} {visible(where)}{more}")
        write_line(textwrap.indent(textwrap.fill(note.text, 96), "    "))
    write_line(f"{len(notes)} note{'' if len(notes) == 1 else 's'}")


def run(args: argparse.Namespace) -> int:
    from caravan_tui.analysis.findings import all_findings

    corpus = load(args)
    analysis = analyse(corpus, use_cache=not args.no_cache)
    notes = [n for n in all_findings(analysis, corpus.articles) if not args.kind or n.kind in args.kind]
    readers = reader_notes(corpus.articles) if not args.kind or "reader" in args.kind else []
    if args.json:
        write_json_lines([*(n.to_dict() for n in notes), *readers])
    else:
        _print_human(notes)
        _print_reader_notes(readers)
    return 1 if corpus.failed and not corpus.articles else 0
