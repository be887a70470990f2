"""Benchmark: event grouping at scale -- cold grouping, a warm `list`, adding one article.

    .venv/bin/python bench/stories_scale.py                     # 10,000 articles
    .venv/bin/python bench/stories_scale.py --sizes 10000 100000 --no-list

For each size, on a generated corpus (`generate_corpus.generate`):

- cold: `story_of_each(articles)` with no cache (wall and CPU seconds, peak memory of the process);
  target <= 10 s at 10,000, growing near-linearly;
- add one: with the grouping of N articles in a fresh analysis cache, `story_of_each` of the N articles
  plus one new one (a further version of an existing story): the new article joins incrementally;
  target <= 1 s at 10,000;
- warm list: `caravan-tui list --json` on the corpus written as Markdown, in a subprocess, once to fill
  a fresh cache and then timed (loading the files included); target <= 2 s at 10,000.

Shared machines are noisy: CPU seconds are printed beside wall seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate, write_markdown

from caravan_tui.analysis.stories import story_of_each
from caravan_tui.storage.cache import AnalysisCache


def _timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold(articles) -> dict[str, str]:
    story_of, wall, cpu = _timed(story_of_each, articles)
    print(f"  cold grouping: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {len(set(story_of.values()))} stories, "
          f"peak {_peak_mb():.0f} MB")
    return story_of


def add_one(articles, folder: Path) -> None:
    with AnalysisCache(folder / "cache.sqlite3") as cache:
        story_of_each(articles, cache=cache)
        template = articles[len(articles) // 2]
        extra = dataclasses.replace(template, id=template.id + "-extra", content_hash=template.content_hash + "x",
                                    passages=template.passages[::-1])
        story_of, wall, cpu = _timed(story_of_each, [*articles, extra], cache=cache)
    joined = story_of[extra.id] == story_of[template.id]
    print(f"  add one article: {wall:6.2f} s wall, {cpu:6.2f} s CPU (joined its story: {joined})")


def warm_list(articles, folder: Path) -> None:
    corpus = folder / "corpus"
    write_markdown(articles, corpus)
    env = {**os.environ, "CARAVAN_TUI_CACHE_DIR": str(folder / "cache"), "CARAVAN_TUI_DATA_DIR": str(folder / "data")}
    command = [sys.executable, "-m", "caravan_tui.cli", "list", "--json", str(corpus)]
    _, first, _ = _timed(subprocess.run, command, env=env, stdout=subprocess.DEVNULL, check=True)
    _, warm, _ = _timed(subprocess.run, command, env=env, stdout=subprocess.DEVNULL, check=True)
    print(f"  list --json: first (cold cache) {first:6.2f} s, warm {warm:6.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-list", action="store_true", help="skip the warm list (it writes the corpus)")
    args = parser.parse_args(argv)
    for size in args.sizes:
        articles, _ = generate(size, args.seed)
        print(f"{size} articles:")
        cold(articles)
        with tempfile.TemporaryDirectory() as folder:
            add_one(articles, Path(folder))
            if not args.no_list:
                warm_list(articles, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
