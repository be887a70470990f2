"""Benchmark: story clustering and passage alignment on generated corpora.

Prints, for 100 and 1,000 generated articles, the time to group stories and
to align every story, pairs found, and the pairwise precision/recall of story
clustering against the generator's true stories.

    .venv/bin/python bench/align_speed.py [--sizes 100 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

from caravan_tui.analysis.align import align_corpus
from caravan_tui.analysis.stories import story_of_each
from corpus_generator import generate


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over pairs of articles put in the same story."""
    ids = sorted(truth)
    same_pred = {(a, b) for a, b in combinations(ids, 2) if predicted[a] == predicted[b]}
    same_true = {(a, b) for a, b in combinations(ids, 2) if truth[a] == truth[b]}
    both = len(same_pred & same_true)
    return (both / len(same_pred) if same_pred else 1.0, both / len(same_true) if same_true else 1.0)


def run(size: int, seed: int) -> None:
    articles, truth = generate(size, seed)
    start = time.perf_counter()
    stories = story_of_each(articles)
    clustered = time.perf_counter()
    alignment = align_corpus(articles, stories)
    aligned = time.perf_counter()
    precision, recall = pairwise_scores(stories, truth)
    words = sum(a.words for a in articles)
    print(f"{size:>6} articles {words:>8} words | stories {clustered - start:6.2f}s | "
          f"align {aligned - clustered:6.2f}s ({1000 * (aligned - clustered) / size:.1f} ms/article, "
          f"{len(alignment.pairs)} pairs) | clustering P={precision:.3f} R={recall:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for size in args.sizes:
        run(size, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
