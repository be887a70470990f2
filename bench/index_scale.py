"""Benchmark: `caravan-tui index` time and peak memory at 100, 1,000 and 10,000 articles.

For each size, writes a generated corpus (tests/corpus_generator.py) to a temporary
folder and runs `python -m caravan_tui.cli index FOLDER` as a subprocess with
a fresh CARAVAN_TUI_CACHE_DIR ("cold": everything is parsed, grouped, aligned
and recognised), then again on the same cache ("warm": everything cached).
Prints wall time and the child's peak resident memory (ru_maxrss from
os.wait4).

    .venv/bin/python bench/index_scale.py [--sizes 100 1000 10000] [--seed 0]

Targets (2 cores, issue 18): 1,000 articles in <= 10 s, 10,000 in <= 100 s, 100,000 in <= 20 minutes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

from corpus_generator import generate, write_markdown

TARGET_SECONDS = {1000: 10, 10000: 100, 100000: 1200}  # issue 18


def run_index(folder: Path, cache_dir: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, last line of stdout) of one `caravan-tui index` run."""
    env = {**os.environ, "CARAVAN_TUI_CACHE_DIR": str(cache_dir)}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "caravan_tui.cli", "index", str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"index failed ({child.returncode}): {output}")
    return seconds, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def run(size: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder, cache_dir = Path(root) / "articles", Path(root) / "cache"
        articles, _ = generate(size, seed)
        write_markdown(articles, folder)
        words = sum(a.words for a in articles)
        for label in ("cold", "warm"):
            seconds, peak_mb, summary = run_index(folder, cache_dir)
            target = TARGET_SECONDS.get(size)
            verdict = "" if target is None or label == "warm" else (" OK" if seconds <= target else " OVER TARGET")
            print(f"{size:>6} articles ({words:>8} words) {label}: {seconds:7.1f} s, peak {peak_mb:6.0f} MB{verdict}")
            print(f"       {summary}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for size in args.sizes:
        run(size, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
