"""Time to first paint and resident memory of the reader on a large corpus (default 10,000 articles).

Reuses `startup.py`'s measurement (a subprocess on a 100x30 pseudo-terminal
with CARAVAN_TUI_EXIT_AFTER_FIRST_PAINT=1, the time from start to the first
painted screen with the articles shown). Each round runs the bare three-pane
Textual app, then the reader on the corpus folder "cold" (a fresh
CARAVAN_TUI_CACHE_DIR) and "warm" (the same cache again). The reader's peak
resident memory (ru_maxrss of the child, from os.wait4) is printed too.

    .venv/bin/python bench/startup_scale.py [--articles 10000] [--corpus DIR] [--runs 3] [--index]
                                            [--cache DIR]

With --cache, the time the reader's check of the files takes after the first
paint (it paints the record of its last load first: `ui.preload`) is printed too.

Without --corpus, a generated corpus (tests/corpus_generator.py) is written to a
temporary folder. With --index, `caravan-tui index` fills the cache before
the warm runs (the state after a user has indexed the folder). With --cache, the
runs use that (already indexed) cache folder and only warm runs are made: for
100,000 articles, index once (20 minutes) and measure many times.
Targets: warm start <= 1.5 s to first paint and <= 400 MB resident up to 10,000
articles; <= 3 s and <= 1 GB at 100,000 (issue #18).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

import startup

from corpus_generator import generate, write_markdown

#: (articles up to, warm seconds, peak MB): the targets by corpus size.
TARGETS = ((10_000, 1.5, 400), (100_000, 3.0, 1024))


def reader_paint(folder: Path, cache_dir: str) -> tuple[float, float]:
    """(seconds to first paint, peak MB) of one reader run in its own measuring process."""
    code = ("import sys, resource; sys.path.insert(0, sys.argv[1]); import startup; "
            "s = startup.time_to_first_paint([sys.executable, '-m', 'caravan_tui.cli', sys.argv[2]], "
            "sys.argv[3], sys.argv[4]); "
            "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    output = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(folder), str(folder.parent),
                             cache_dir], capture_output=True, text=True, check=True, timeout=600).stdout.split()
    return float(output[0]), float(output[1])


def check_seconds(folder: Path, cache_dir: str) -> float:
    """Seconds the reader's background check of the files takes after a warm first paint (`preload`), alone."""
    code = ("import sys, time; from pathlib import Path; from caravan_tui.ui import preload; "
            "paths = [Path(sys.argv[1])]; shown = preload.quick_load(paths); "
            "start = time.perf_counter(); preload.check_against_files(paths, shown); "
            "print(time.perf_counter() - start, shown.provisional)")
    env = {**os.environ, "CARAVAN_TUI_CACHE_DIR": cache_dir}
    output = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, cwd=folder.parent,
                            capture_output=True, text=True, check=True, timeout=1200).stdout.split()
    return float(output[0]) if output[1] == "True" else float("nan")


def index(folder: Path, cache_dir: str) -> None:
    env = {**os.environ, "CARAVAN_TUI_CACHE_DIR": cache_dir}
    subprocess.run([sys.executable, "-m", "caravan_tui.cli", "index", str(folder)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(folder: Path, runs: int, with_index: bool, cache: Path | None = None
            ) -> dict[str, list[tuple[float, float]]]:
    results: dict[str, list[tuple[float, float]]] = {"bare": [], "cold": [], "warm": []}
    if cache is not None:
        del results["cold"]
        for _ in range(runs):
            results["bare"].append((startup.time_to_first_paint([sys.executable, "-c", startup.BARE_APP],
                                                                str(folder.parent)), 0.0))
            results["warm"].append(reader_paint(folder, str(cache)))
        results["check"] = [(check_seconds(folder, str(cache)), 0.0)]
        return results
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache_dir:
            results["bare"].append((startup.time_to_first_paint([sys.executable, "-c", startup.BARE_APP],
                                                                str(folder.parent)), 0.0))
            results["cold"].append(reader_paint(folder, cache_dir))
            if with_index:
                index(folder, cache_dir)
            results["warm"].append(reader_paint(folder, cache_dir))
    return results


def report(results: dict[str, list[tuple[float, float]]], articles: int) -> None:
    print(f"time to first paint on {articles} articles, {startup.COLUMNS}x{startup.ROWS}, "
          f"median of {len(results['bare'])} (python {sys.version.split()[0]})")
    for name, values in results.items():
        if name == "check":
            print(f"  then the files are checked in the background: {values[0][0] * 1000:.0f} ms (alone, in-process)")
            continue
        seconds = statistics.median(v[0] for v in values)
        memory = "" if name == "bare" else f", peak {max(v[1] for v in values):5.0f} MB"
        print(f"  {name:<5} {seconds * 1000:7.0f} ms (min {min(v[0] for v in values) * 1000:.0f}, "
              f"max {max(v[0] for v in values) * 1000:.0f}){memory}")
    warm = statistics.median(v[0] for v in results["warm"])
    peak = max(v[1] for v in results["warm"])
    seconds, megabytes = next(((s, m) for size, s, m in TARGETS if articles <= size), TARGETS[-1][1:])
    verdict = "OK" if warm <= seconds and peak <= megabytes else "OVER TARGET"
    print(f"  target: warm <= {seconds} s and <= {megabytes} MB: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="an existing folder of articles (default: generate one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--index", action="store_true", help="run caravan-tui index before the warm runs")
    parser.add_argument("--cache", type=Path, help="an indexed cache folder: warm runs only, on it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as root:
        folder = args.corpus
        if folder is None:
            folder = Path(root) / "articles"
            write_markdown(generate(args.articles, 0)[0], folder)
        count = sum(1 for _ in folder.rglob("*.md")) + sum(1 for _ in folder.rglob("*.txt"))
        report(measure(folder.resolve(), args.runs, args.index, args.cache), count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
