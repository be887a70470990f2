"""`caravan-tui story`: list the stories and correct the grouping (move, split, merge, name, outlet).

    caravan-tui story list [--json] [-p PATH ...]
    caravan-tui story move ARTICLE STORY
    caravan-tui story split STORY ARTICLE ... [--to NEW_STORY] [-p PATH ...]
    caravan-tui story merge INTO_STORY OTHER_STORY [-p PATH ...]
    caravan-tui story name STORY "Name"
    caravan-tui story outlet ARTICLE "Outlet"

Corrections are kept in the user data folder (storage/corrections.py), are
stronger than the automatic grouping and survive re-indexing; an article's
front-matter ``story:`` still wins. A split or merge is stored as the moves it
amounts to, so it holds whatever the grouping later does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caravan_tui.commands.common import load, open_cache, write_json_lines, write_line

HELP = "list the stories, or correct them: move, split, merge, name, outlet"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the stories, their names, families and articles")
    listing.add_argument("--json", action="store_true", help="print JSON Lines, one object per story")
    _paths_option(listing)
    move = actions.add_parser("move", help="put an article in another story (or a new one)")
    move.add_argument("article")
    move.add_argument("story")
    split = actions.add_parser("split", help="move some articles of a story into a new story")
    split.add_argument("story")
    split.add_argument("articles", nargs="+", metavar="ARTICLE")
    split.add_argument("--to", help="the new story's id (default: STORY-split, made unique)")
    _paths_option(split)
    merge = actions.add_parser("merge", help="merge the second story into the first")
    merge.add_argument("into")
    merge.add_argument("other")
    _paths_option(merge)
    name = actions.add_parser("name", help="give a story a name")
    name.add_argument("story")
    name.add_argument("name")
    outlet = actions.add_parser("outlet", help="give an article an outlet name")
    outlet.add_argument("article")
    outlet.add_argument("outlet")


def _paths_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-p", "--path", dest="paths", action="append", type=Path, default=[],
                        help="article file or folder (repeatable; default: ./articles, else the samples)")


def _store():
    from caravan_tui.storage.corrections import CorrectionsStore

    store = CorrectionsStore()
    if store.recovery_warning:
        write_line(f"caravan-tui: {store.recovery_warning}", file=sys.stderr)
    return store


def _grouping(args: argparse.Namespace, store):
    """The corpus and its corrected grouping (read from the analysis cache when it can be)."""
    from caravan_tui.analysis.stories import story_of_each

    corpus = load(args)
    cache = open_cache()
    try:
        story_of = story_of_each(corpus.articles, cache=cache, corrections=store.state().moves)
    finally:
        if cache is not None:
            cache.close()
    return corpus, story_of


def _members(story_of: dict[str, str], story: str) -> list[str]:
    return [article for article, found in story_of.items() if found == story]


def _list(args: argparse.Namespace, store) -> int:
    from caravan_tui.analysis.families import describe_families, families
    from caravan_tui.analysis.stories import members_by_story

    corpus, story_of = _grouping(args, store)
    state = store.state()
    outlet_of = {a.id: state.outlets.get(a.id) or a.outlet for a in corpus.articles}
    rows = []
    for story, members in members_by_story(corpus.articles, story_of).items():
        found = families(members)
        rows.append({"story": story, "name": state.names.get(story) or members[0].title,
                     "articles": [a.id for a in members],
                     "families": [list(family.article_ids) for family in found],
                     "summary": describe_families(found, outlet_of)})
    if args.json:
        write_json_lines(rows)
    else:
        from caravan_tui.safe_text import safe

        for row in rows:
            write_line(safe(f"{row['story']}  {row['name']}  ({len(row['articles'])} articles)"))
            write_line(f"    {safe(str(row['summary']))}")
    return 0


def _split(args: argparse.Namespace, store) -> int:
    _, story_of = _grouping(args, store)
    unknown = [a for a in args.articles if story_of.get(a) != args.story]
    if unknown:
        write_line(f"caravan-tui: not in story {args.story}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    target = args.to or _new_story_id(f"{args.story}-split", set(story_of.values()))
    store.move_all(dict.fromkeys(args.articles, target))
    write_line(f"moved {len(args.articles)} article(s) from {args.story} to {target}")
    return 0


def _new_story_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _merge(args: argparse.Namespace, store) -> int:
    _, story_of = _grouping(args, store)
    into, other = _members(story_of, args.into), _members(story_of, args.other)
    if not into or not other:
        missing = args.into if not into else args.other
        write_line(f"caravan-tui: no story {missing} in this corpus", file=sys.stderr)
        return 2
    store.move_all(dict.fromkeys(into + other, args.into))
    write_line(f"merged {len(other)} article(s) of {args.other} into {args.into}")
    return 0


def run(args: argparse.Namespace) -> int:
    from caravan_tui.storage.corrections import CorrectionsUnavailable

    try:
        with _store() as store:
            return _dispatch(args, store)
    except (CorrectionsUnavailable, ValueError) as error:
        write_line(f"caravan-tui: {error}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace, store) -> int:
    from caravan_tui.safe_text import safe

    if args.action == "list":
        return _list(args, store)
    if args.action == "split":
        return _split(args, store)
    if args.action == "merge":
        return _merge(args, store)
    if args.action == "move":
        store.move(args.article, args.story)
        write_line(safe(f"moved {args.article} to {args.story}"))
    elif args.action == "name":
        store.name(args.story, args.name)
        write_line(safe(f"named {args.story}: {args.name}"))
    elif args.action == "outlet":
        store.outlet(args.article, args.outlet)
        write_line(safe(f"{args.article}: outlet {args.outlet}"))
    return 0
