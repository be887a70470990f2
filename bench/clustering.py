"""Benchmark: story clustering precision, recall and time on generated corpora.

For each size, generates a corpus (`tests/corpus_generator.py`, `generate`: stories in
topics that share places, people, vocabulary and a background paragraph),
groups it with `analysis.stories.story_of_each`, and prints the time, the
number of stories found and true, and the pairwise precision and recall
(over pairs of articles put in the same story). Then it times a second call
through a fresh analysis cache, and a third (cache hit).

    .venv/bin/python bench/clustering.py [--sizes 1000 10000] [--seeds 0 1]

Target: precision and recall >= 0.95 at 1,000 and 10,000 articles; 10,000
grouped in seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

from caravan_tui.analysis.stories import story_of_each
from caravan_tui.storage.cache import AnalysisCache
from corpus_generator import generate, pairwise_scores

TARGET = 0.95


def run(size: int, seed: int) -> bool:
    articles, truth = generate(size, seed)
    start = time.perf_counter()
    stories = story_of_each(articles)
    grouped = time.perf_counter() - start
    precision, recall = pairwise_scores(stories, truth)
    with tempfile.TemporaryDirectory() as folder:
        cache = AnalysisCache(Path(folder) / "cache.sqlite3")
        story_of_each(articles, cache=cache)
        start = time.perf_counter()
        assert story_of_each(articles, cache=cache) == stories
        warm = time.perf_counter() - start
        cache.close()
    ok = precision >= TARGET and recall >= TARGET
    print(f"{size:>6} articles seed {seed} | {len(set(stories.values())):>5} stories found, "
          f"{len(set(truth.values())):>5} true | grouped in {grouped:6.2f} s, cached {warm * 1000:5.0f} ms | "
          f"P={precision:.3f} R={recall:.3f} {'OK' if ok else 'BELOW TARGET'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args(argv)
    results = [run(size, seed) for size in args.sizes for seed in args.seeds]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
