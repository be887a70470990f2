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
#: Nothing stays open at the end of `run`: the process may end without its teardown.
QUICK_EXIT = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)


def _grouping(articles: list) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Story, family and corrected outlet of each article: the grouping read back from the cache."""
    from caravan_tui.analysis.families import family_of_each
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.commands.common import open_cache, report_problem
    from caravan_tui.gc_tuning import fewer_collections
    from caravan_tui.storage.corrections import load_corrections

    corrections = load_corrections(report_problem)
    cache = open_cache()
    try:
        with fewer_collections():  # the grouping read back is 100,000 small lists that all live on
            stories = story_of_each(articles, cache=cache, corrections=corrections.moves)
            return stories, family_of_each(articles, stories, cache=cache), corrections.outlets
    finally:
        if cache is not None:
            cache.close()


def run(args: argparse.Namespace) -> int:
    corpus = load(args, lazy=True)  # the list needs no article's text
    stories, families, outlets = _grouping(corpus.articles)
    rows = [
        {
            "article": a.id,
            "source": outlets.get(a.id) or a.source,
            "title": a.title,
            "published": a.published,
            "url": a.url,
            "story": stories[a.id],
            "family": families[a.id],
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
