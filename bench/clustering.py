"""Benchmark: story clustering precision, recall and time on generated corpora.

For each size, generates a corpus (`generate_corpus.generate`: stories in
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate

from caravan_tui.analysis.stories import story_of_each
from caravan_tui.storage.cache import AnalysisCache

TARGET = 0.95


def _pairs(sizes) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over pairs of articles put in the same story (counted, not listed)."""
    ids = list(truth)
    both = _pairs(Counter((predicted[i], truth[i]) for i in ids).values())
    same_pred = _pairs(Counter(predicted[i] for i in ids).values())
    same_true = _pairs(Counter(truth[i] for i in ids).values())
    return (both / same_pred if same_pred else 1.0, both / same_true if same_true else 1.0)


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
