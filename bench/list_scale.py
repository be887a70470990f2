"""The article list at scale: `ArticleList.show_stories` and the first render of the list, for N articles.

Generates N articles (default 100,000) by 40 outlets in stories of 2 to 8
versions (about N/5 story headers), opens a bare app holding the list beside a
stand-in reading pane (`App.run_test`, 100x30, the list focused), then per run
times, on the event loop:

- "show": `show_stories(articles, story_of, groups)` (the groups given, as the
  main screen gives them);
- "render": from there until every message it caused is handled and the screen
  repainted (`Pilot._wait_for_screen` until the queues are empty, then the
  screen's pending layout and repaint at once, as `Pilot.pause` does);
- "order": the article ids in list order, as the main screen reads them after
  showing (`article_ids_in_order()` where the list has it, else its options).

Prints each run and the medians; target show + render <= 0.2 s. Then, in one
more run under tracemalloc, the peak memory that show + render allocate
(tracemalloc slows Python down: that run is not timed). Then what the list does
per key on that list, each from the call to the screen repainted, median and
worst of --runs: the cursor down a row and a page, opening an article far down
(`highlight_article`, as `]` does), marking one read, a filter query, clearing
it, each order (`t`), renaming a story. A large list matches a filter query
in a thread: "keystroke" is the event loop's part (the key handled and the
screen repainted, the matching under way), the filter's own line the time
until its matches are on screen.

    .venv/bin/python bench/list_scale.py [--articles 100000] [--runs 5]

It uses only what both the OptionList-based list and later ones offer, so the
same file times an older checkout: `OTHER/.venv/bin/python bench/list_scale.py`
imports OTHER's caravan_tui.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Static

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article, Passage
from caravan_tui.ui.widgets.article_list import ArticleList

TARGET_SECONDS = 0.2
OUTLETS = [f"Outlet {name}" for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta")] + \
          [f"The Daily {number}" for number in range(32)]
WORDS = ("caravan", "storm", "talks", "border", "election", "market", "court", "strike", "summit", "flood",
         "minister", "record", "protest", "deal", "vote", "crisis")


def generate(count: int, seed: int = 0) -> tuple[list[Article], dict[str, str]]:
    """`count` articles in stories of 2 to 8 (shuffled, as a folder lists them) and the story of each."""
    rng = random.Random(seed)
    articles: list[Article] = []
    story_of: dict[str, str] = {}
    passages = (Passage(0, "paragraph", "One short passage."),)
    story = 0
    while len(articles) < count:
        story += 1
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for outlet in rng.sample(OUTLETS, min(rng.randint(2, 8), count - len(articles))):
            article_id = f"a{len(articles):06d}"
            articles.append(Article(id=article_id, path=Path(f"{article_id}.md"), title=title, source=outlet,
                                    passages=passages, published=day))
            story_of[article_id] = f"s{story:06d}"
    rng.shuffle(articles)
    return articles, story_of


class ListHost(App[None]):
    """The list beside a stand-in reading pane, as on the main screen."""

    CSS = "#articles { width: 40; height: 1fr; border: round white; } Static { width: 1fr; }"

    def compose(self):
        with Horizontal():
            yield ArticleList(id="articles")
            yield Static("reader")


def _pending(app: App[None]) -> bool:
    screen = app.screen
    queued = any(not pump._message_queue.empty() for pump in (app, *screen.walk_children(with_self=True)))
    return queued or bool(screen._layout_required or screen._scroll_required or screen._repaint_required
                          or screen._dirty_widgets)


async def _rendered(app: App[None], pilot) -> None:
    for _ in range(20):
        await pilot._wait_for_screen()
        if not _pending(app):
            return
        app.screen._on_timer_update()


def _order(listing: ArticleList) -> list[str]:
    in_order = getattr(listing, "article_ids_in_order", None)
    if in_order is not None:
        return in_order()
    return [option.id for option in listing.options if option.id is not None and not option.disabled]


async def measure(count: int, runs: int) -> tuple[list[tuple[float, float, float]], int, int,
                                                  dict[str, list[float]]]:
    articles, story_of = generate(count)
    groups = members_by_story(articles, story_of)
    timings = []
    app = ListHost()
    async with app.run_test(size=(100, 30)) as pilot:
        listing = app.query_one(ArticleList)
        listing.focus()
        await pilot.pause()
        for _ in range(runs):
            listing.show_stories([], {})  # start from an empty list, as at start-up
            await pilot.pause()
            gc.collect()
            started = time.perf_counter()
            listing.show_stories(articles, story_of, groups)
            shown = time.perf_counter()
            await _rendered(app, pilot)
            rendered = time.perf_counter()
            ids = _order(listing)
            ordered = time.perf_counter()
            timings.append((shown - started, rendered - shown, ordered - rendered))
            assert len(ids) == count, len(ids)
        listing.show_stories([], {})
        await pilot.pause()
        gc.collect()
        tracemalloc.start()
        listing.show_stories(articles, story_of, groups)
        await _rendered(app, pilot)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows = listing.option_count
        keys = await _time_keys(app, pilot, listing, articles, runs)
    return timings, peak, rows, keys


async def _time_keys(app: App[None], pilot, listing: ArticleList, articles: list[Article],
                     runs: int) -> dict[str, list[float]]:
    """Seconds per action (from the call to the screen repainted), `runs` times each."""
    far = [articles[len(articles) // 2 + number].id for number in range(runs)]
    some_story = next(iter(listing._groups))
    actions = {
        "cursor down (j)": lambda n: listing.action_cursor_down(),
        "page down": lambda n: listing.action_page_down(),
        "open an article far down": lambda n: listing.highlight_article(far[n]),
        "mark read / unread": lambda n: listing.mark_read(far[n], read=bool(n % 2)),
        "filter 'storm talks'": lambda n: listing.apply_filter("storm talks"),
        "clear the filter": lambda n: listing.apply_filter(""),
        "next order (t)": lambda n: listing.action_sort(),
        "rename a story": lambda n: listing.show_story_names({some_story: f"Name {n}"}),
    }
    times: dict[str, list[float]] = {}
    for label, action in actions.items():
        for number in range(runs):
            await pilot.pause()
            started = time.perf_counter()
            action(number)
            returned = time.perf_counter()
            await _rendered(app, pilot)
            if getattr(listing, "is_filtering", False):  # matched in a thread: the keystroke itself is done
                times.setdefault(f"{label}: keystroke", []).append(time.perf_counter() - started)
                while listing.is_filtering:
                    await asyncio.sleep(0.001)
                await _rendered(app, pilot)
            elif label.startswith("filter"):
                times.setdefault(f"{label}: keystroke", []).append(returned - started)
            times.setdefault(label, []).append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    timings, peak, rows, keys = asyncio.run(measure(args.articles, args.runs))
    print(f"{args.articles} articles, {rows} rows (articles and story headers); python {sys.version.split()[0]}")
    for number, (show, render, order) in enumerate(timings, 1):
        print(f"run {number}: show {show:.3f} s  render {render:.3f} s  show+render {show + render:.3f} s  "
              f"order {order:.3f} s")
    totals = [show + render for show, render, _ in timings]
    print(f"median show {statistics.median(t[0] for t in timings):.3f} s, "
          f"render {statistics.median(t[1] for t in timings):.3f} s, "
          f"order {statistics.median(t[2] for t in timings):.3f} s")
    total = statistics.median(totals)
    print(f"median show+render {total:.3f} s (range {min(totals):.3f}-{max(totals):.3f}); "
          f"target <= {TARGET_SECONDS} s: {'met' if total <= TARGET_SECONDS else 'NOT met'}")
    print(f"peak memory allocated by show+render: {peak / 2**20:.1f} MiB")
    print("per action, to the screen repainted (median, worst):")
    for label, seconds in keys.items():
        print(f"  {label:28} {statistics.median(seconds) * 1000:7.1f} ms {max(seconds) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
