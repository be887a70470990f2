"""`caravan-tui list`: one line (or JSON object) per article."""

from __future__ import annotations

import argparse

from caravan_tui.commands.common import (
    add_json_argument,
    add_paths_argument,
    load,
    visible,
    write_json_lines,
    write_line,
)

HELP = "list the articles with outlet, headline and story"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)


def run(args: argparse.Namespace) -> int:
    from caravan_tui.analysis.stories import story_of_each

    corpus = load(args)
    stories = story_of_each(corpus.articles)
    rows = [
        {
            "article": a.id,
            "source": a.source,
            "title": a.title,
            "published": a.published,
            "url": a.url,
            "story": stories[a.id],
            "passages": len(a.passages),
            "words": a.words,
        }
        for a in corpus.articles
    ]
    if args.json:
        write_json_lines(rows)
    else:
        for row in rows:
            write_line(f"{visible(row['article'])}  [{visible(row['source'] or '-')}]  {visible(row['title'])}  "
                       f"({row['passages']} passages, {row['words']} words)")
    return 1 if corpus.failed and not corpus.articles else 0
