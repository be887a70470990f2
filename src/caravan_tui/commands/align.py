"""`caravan-tui align`: the aligned passages of each story and how they differ."""

from __future__ import annotations

import argparse
import textwrap

from caravan_tui.commands.common import (
    add_json_argument,
    add_paths_argument,
    load,
    visible,
    write_json_lines,
    write_line,
)

HELP = "show which passages of different outlets report the same thing, and what changed"
#: Nothing stays open at the end of `run`: the process may end without its teardown.
QUICK_EXIT = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_json_argument(parser)


def _side(articles: dict, ref) -> dict:
    return {"article": ref.article, "passage": ref.passage, "text": _text(articles, ref)}


def _text(articles: dict, ref) -> str:
    article = articles[ref.article]
    return next(p.text for p in article.passages if p.index == ref.passage)


def rows(articles: list, alignment) -> list[dict]:
    by_id = {a.id: a for a in articles}
    return [
        {
            "a": _side(by_id, pair.a),
            "b": _side(by_id, pair.b),
            "score": pair.score,
            "relation": pair.relation,
            "differences": [{"a": d.a, "b": d.b, "class": d.cls} for d in pair.differences]
            + [{"a": a, "b": b, "class": "figure"} for a, b in pair.figures],
        }
        for pair in alignment.pairs
    ]


def _print_human(found: list[dict]) -> None:
    for row in found:
        a, b = row["a"], row["b"]
        write_line(f"{visible(a['article'])} ¶{a['passage'] + 1}  <->  {visible(b['article'])} ¶{b['passage'] + 1}  "
                   f"({row['relation']}, score {row['score']:.0f})")
        write_line(textwrap.indent(textwrap.fill(a["text"], 96), "  < "))
        write_line(textwrap.indent(textwrap.fill(b["text"], 96), "  > "))
        for d in row["differences"]:
            write_line(f"    {d['class']:<8} {visible(d['a'] or '(none)')!r} -> {visible(d['b'] or '(none)')!r}")
        write_line()
    write_line(f"{len(found)} aligned pairs")


def run(args: argparse.Namespace) -> int:
    from caravan_tui.analysis.align import align_corpus
    from caravan_tui.commands.common import open_cache, story_grouping

    corpus = load(args)
    cache = open_cache()
    try:
        stories = story_grouping(corpus.articles, cache)
    finally:
        if cache is not None:
            cache.close()
    found = rows(corpus.articles, align_corpus(corpus.articles, stories))
    if args.json:
        write_json_lines(found)
    else:
        _print_human(found)
    return 1 if corpus.failed and not corpus.articles else 0
