"""Keypress latency in a long article: passage move, article switch and source switch.

Builds one story of about 20,000 words per version told by two outlets
(`long_story` of tests/corpus_generator.py), opens the reader on it in-process
(`App.run_test`, 120x40), waits for the analysis, then times each key from
the press to the screen having processed it (`await pilot.press(key)` then
`await pilot.pause()`). Pilot's own idle detection costs tens of
milliseconds per press whatever the key does, so the same is timed for a
key bound to nothing and reported as the baseline; "net" is a figure minus
the baseline median. Prints p50 and p95 per action.

Pilot waits for idle by sleeping 20 ms at a time until a 20 ms slice passes
with little CPU use, so its figures move in steps of about 21 ms (1 ms of
work can cost a whole step, and the baseline itself is 64 or 86 ms from one
run to the next). So each key is also timed directly ("direct"): from the
key event to every message it caused having been handled and the screen
repainted (`_wait_for_screen` until the queues are empty, then the screen's
pending layout and repaint run at once, as `Pilot.pause` does). These need
no baseline. Both include garbage-collection pauses.

The keys alternate between two articles, so from the second press on the
reader switches back to an article it keeps laid out and drawn (as a reader
comparing two outlets does). The "first visit" lines time the same switches
with those kept articles dropped before each press: an article opened for the
first time.

    .venv/bin/python bench/keypress_latency.py [--words 20000] [--presses 60] [--with-folder DIR]

With --with-folder, the reader is started on two folders, as a user would:
the long story written to DIR's sibling folder "long-story-bench" (made once)
and DIR itself: the keys are timed in the same long story, in a reader
holding, say, 100,000 other articles (loaded lazily). Index DIR first with the
same CARAVAN_TUI_CACHE_DIR; the first run also groups the two folders together
(minutes at 100,000 articles), later runs read that grouping from the cache.

Target: p95 <= 50 ms, judged on the direct figures. The Pilot figures are
printed beside them for reference: their net values cannot resolve anything
finer than Pilot's ~21 ms idle steps, and their baseline alone moves by one step.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

from caravan_tui.corpus.model import Corpus
from caravan_tui.ui.app import create_app
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from corpus_generator import long_story, write_markdown

TARGET_MS = 50
#: The character each timed key types (None: a key with no character).
CHARACTERS = {"f9": None, "right_square_bracket": "]", "left_square_bracket": "["}
ACTIONS = {
    "baseline (unbound key)": ["f9"],
    "passage move (j / k)": ["j", "k"],
    "article switch (] / [)": ["right_square_bracket", "left_square_bracket"],
    "source switch (s / S)": ["s", "S"],
}


async def _settle(app, pilot, article_id: str | None = None) -> None:
    """Wait for the analysis (of the story of `article_id`, when given)."""
    state = app.main_screen.state
    for _ in range(6000):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if state.analysis is not None and (article_id is None or state.is_analysed(article_id)):
            return
    raise RuntimeError("the analysis did not finish")


async def _time_keys(pilot, keys: list[str], presses: int) -> list[float]:
    times = []
    for number in range(presses):
        started = time.perf_counter()
        await pilot.press(keys[number % len(keys)])
        await pilot.pause()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _pending(app) -> bool:
    screen = app.screen
    queued = any(not pump._message_queue.empty() for pump in (app, *screen.walk_children(with_self=True)))
    return queued or bool(screen._layout_required or screen._scroll_required or screen._repaint_required
                          or screen._dirty_widgets)


async def _press_direct(app, pilot, key: str) -> float:
    """Milliseconds from the key event to its messages handled and the screen repainted."""
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, CHARACTERS.get(key, key)))
    for _ in range(20):
        await pilot._wait_for_screen()
        if not _pending(app):
            break
        app.screen._on_timer_update()
    elapsed = (time.perf_counter() - started) * 1000
    await pilot.pause()  # untimed: let timers and idle work settle before the next key
    return elapsed


async def _time_keys_direct(app, pilot, keys: list[str], presses: int, uncached: bool = False) -> list[float]:
    times = []
    for number in range(presses):
        if uncached:
            _forget_articles(app)
        times.append(await _press_direct(app, pilot, keys[number % len(keys)]))
    return times


def _forget_articles(app) -> None:
    """Drop what the reader keeps of recently shown articles, as on a first visit to one (untimed)."""
    reader = app.screen.query_one(ReadingPane)
    reader._recent.clear()
    app.main_screen.state._marks.clear()


async def measure(words: int, presses: int, folder: Path | None = None) -> dict[str, list[float]]:
    articles = long_story(words, outlets=2, seed=0)
    if folder is None:
        app = create_app(corpus=Corpus(articles=articles))
    else:
        story_folder = folder.resolve().parent / "long-story-bench"
        if not story_folder.is_dir():
            write_markdown(articles, story_folder)
        app = create_app(paths=[story_folder, folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.main_screen.open_article(articles[0].id)  # the long story's first version, the reading pane focused
        await _settle(app, pilot, articles[0].id)
        await pilot.press("G", "g")
        for _ in range(len(app.main_screen.state.current_article.passages) // 3):
            app.screen.query_one(ReadingPane).action_next_passage()  # a passage the other outlet carries
        await pilot.pause()
        results = {name: await _time_keys(pilot, keys, presses) for name, keys in ACTIONS.items()}
        for name, keys in ACTIONS.items():
            results[f"direct: {name}"] = await _time_keys_direct(app, pilot, keys, presses)
        for name in ("article switch (] / [)", "source switch (s / S)"):
            first_visit = name.replace(" (", ", first visit (")
            results[f"direct: {first_visit}"] = await _time_keys_direct(app, pilot, ACTIONS[name], presses,
                                                                        uncached=True)
        return results


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(results: dict[str, list[float]], words: int, others: int = 0) -> None:
    baseline = statistics.median(next(iter(results.values())))
    among = f", among {others:,} other articles" if others else ""
    print(f"keypress latency, one story of ~{words} words per version, 2 outlets{among}, {len(ACTIONS)} actions "
          f"(python {sys.version.split()[0]})")
    worst = worst_direct = 0.0
    for name, values in results.items():
        p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
        direct, unbound = name.startswith("direct"), "baseline" in name
        net = "" if direct or unbound else f"   net p50 {p50 - baseline:5.1f} ms, p95 {p95 - baseline:5.1f} ms"
        if direct and not unbound:
            worst_direct = max(worst_direct, p95)
        elif not unbound:
            worst = max(worst, p95 - baseline)
        print(f"  {name:<45} p50 {p50:6.1f} ms, p95 {p95:6.1f} ms{net}")
    print(f"  target: direct p95 <= {TARGET_MS} ms: {'OK' if worst_direct <= TARGET_MS else 'OVER TARGET'} "
          f"(worst {worst_direct:.1f} ms); for reference, Pilot net p95 worst {worst:.1f} ms "
          f"(in ~21 ms steps)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--with-folder", type=Path, help="a folder of other articles to hold in the reader")
    args = parser.parse_args(argv)
    others = sum(1 for _ in args.with_folder.rglob("*.md")) if args.with_folder else 0
    report(asyncio.run(measure(args.words, args.presses, args.with_folder)), args.words, others)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
