"""Keypress latency in a long article: passage move, article switch and source switch.

Builds one story of about 20,000 words per version told by two outlets
(`generate_corpus.long_story`), opens the reader on it in-process
(`App.run_test`, 120x40), waits for the analysis, then times each key from
the press to the screen having processed it (`await pilot.press(key)` then
`await pilot.pause()`). Pilot's own idle detection costs tens of
milliseconds per press whatever the key does, so the same is timed for a
key bound to nothing and reported as the baseline; "net" is a figure minus
the baseline median. Prints p50 and p95 per action.

    .venv/bin/python bench/keypress_latency.py [--words 20000] [--presses 60]

Target: p95 <= 50 ms (net).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import long_story  # noqa: E402

from caravan_tui.corpus.model import Corpus  # noqa: E402
from caravan_tui.ui.app import create_app  # noqa: E402
from caravan_tui.ui.widgets.reading_pane import ReadingPane  # noqa: E402

TARGET_MS = 50
ACTIONS = {
    "baseline (unbound key)": ["f9"],
    "passage move (j / k)": ["j", "k"],
    "article switch (] / [)": ["right_square_bracket", "left_square_bracket"],
    "source switch (s / S)": ["s", "S"],
}


async def _settle(app, pilot) -> None:
    for _ in range(600):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.analysis is not None:
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


async def measure(words: int, presses: int) -> dict[str, list[float]]:
    articles = long_story(words, outlets=2, seed=0)
    app = create_app(corpus=Corpus(articles=articles))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("enter")  # open the first article, focus the reading pane
        await pilot.press("G", "g")
        for _ in range(len(app.current_article.passages) // 3):
            app.screen.query_one(ReadingPane).action_next_passage()  # a passage the other outlet carries
        await pilot.pause()
        return {name: await _time_keys(pilot, keys, presses) for name, keys in ACTIONS.items()}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(results: dict[str, list[float]], words: int) -> None:
    baseline = statistics.median(next(iter(results.values())))
    print(f"keypress latency, one story of ~{words} words per version, 2 outlets, {len(results)} actions "
          f"(python {sys.version.split()[0]})")
    worst = 0.0
    for name, values in results.items():
        p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
        net = "" if name.startswith("baseline") else f"   net p50 {p50 - baseline:5.1f} ms, p95 {p95 - baseline:5.1f} ms"
        if not name.startswith("baseline"):
            worst = max(worst, p95 - baseline)
        print(f"  {name:<24} p50 {p50:6.1f} ms, p95 {p95:6.1f} ms{net}")
    print(f"  target: net p95 <= {TARGET_MS} ms: {'OK' if worst <= TARGET_MS else 'OVER TARGET'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args(argv)
    report(asyncio.run(measure(args.words, args.presses)), args.words)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
