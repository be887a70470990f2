"""Benchmark: `caravan-tui index` on 1 and 2 worker processes and on a local Dask cluster; warm `list --json`.

For each size, writes a generated corpus (tests/corpus_generator.py: stories of
2-12 articles that share background wording) to a temporary folder, then runs,
each from a fresh cache (cold) in a subprocess:

- `index --workers 1`, `index --workers 2` (scaling from one to two processes);
- `index --cluster ADDRESS` on a LocalCluster of two single-threaded worker
  processes started here on 127.0.0.1 (distributed engine against local run);
- `list --json` twice on the `--workers 2` cache (the second is the warm figure).

Prints wall time, CPU time (user + system of the command's own process: the pool
workers run under the forkserver and the Dask workers under their nanny, so their
CPU is not counted; with --workers 1 it is the whole analysis), the largest resident memory of one process of the run
(ru_maxrss of the child, which covers its waited-for pool workers), the 1-minute
load average before each run (the machine is shared: read figures next to it),
and checks that every cold run stored the same alignments and entities.

    .venv/bin/python bench/index_workers.py [--sizes 1000 10000] [--seed 0] [--no-cluster]

Targets (issue 18, 2 cores): index 1,000 <= 10 s, 10,000 <= 100 s, 100,000 <= 20 min and 2 GB;
warm list --json 1,000 <= 1 s, 100,000 <= 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus generator

from corpus_generator import generate, write_markdown

INDEX_TARGET = {1000: 10, 10000: 100, 100000: 1200}
LIST_TARGET = {1000: 1, 100000: 10}


def run_cli(arguments: list[str], cache_dir: Path) -> tuple[float, float, float]:
    """(wall seconds, largest resident MB, CPU seconds of it and its pool workers) of one `caravan-tui ...` run."""
    env = {**os.environ, "CARAVAN_TUI_CACHE_DIR": str(cache_dir)}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "caravan_tui.cli", *arguments],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{arguments[0]} failed: {output[-500:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def analysis_digest(cache_dir: Path) -> str:
    """A digest of every stored alignment and entity result, so runs can be compared."""
    digest = hashlib.sha256()
    with sqlite3.connect(cache_dir / "analysis-cache.sqlite3") as connection:
        for kind, key, value in connection.execute("SELECT kind, key, value FROM entries ORDER BY kind, key"):
            if kind.startswith(("alignment/", "entities/")):
                digest.update(f"{kind}\t{key}\t{value}\n".encode())
    return digest.hexdigest()[:12]


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def verdict(seconds: float, target: float | None) -> str:
    return "" if target is None else (" OK" if seconds <= target else f" OVER TARGET ({target} s)")


def report(label: str, size: int, figures: tuple[float, float, float], load_before: str,
           target: float | None) -> None:
    seconds, peak, cpu = figures
    text = f"{seconds:7.1f} s  cpu {cpu:6.1f} s  peak {peak:5.0f} MB"
    print(f"{size:>7} articles  {label:<24} {text}  ({load_before}){verdict(seconds, target)}", flush=True)


def start_cluster():
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0")


def run_size(size: int, seed: int, cluster) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "articles"
        articles, _ = generate(size, seed)
        write_markdown(articles, folder)
        print(f"{size:>7} articles, {sum(a.words for a in articles):,} words", flush=True)
        digests = {}
        runs = [("index --workers 1", ["--workers", "1"]), ("index --workers 2", ["--workers", "2"])]
        if cluster is not None:
            runs.append(("index --cluster (2 proc)", ["--cluster", cluster.scheduler_address]))
        for label, options in runs:
            cache_dir = Path(root) / label.replace(" ", "_")
            before = load()
            report(label, size, run_cli(["index", *options, str(folder)], cache_dir), before, INDEX_TARGET.get(size))
            digests[label] = analysis_digest(cache_dir)
        print(f"        same analysis in every run: {len(set(digests.values())) == 1} {sorted(set(digests.values()))}")
        warm_cache = Path(root) / "index_--workers_2"
        for label in ("list --json (first)", "list --json (warm)"):
            before = load()
            figures = run_cli(["list", "--json", str(folder)], warm_cache)
            report(label, size, figures, before, LIST_TARGET.get(size) if "warm" in label else None)
        before = load()
        report("index (all cached)", size, run_cli(["index", "--workers", "2", str(folder)], warm_cache), before, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask LocalCluster runs")
    args = parser.parse_args(argv)
    cluster = None if args.no_cluster else start_cluster()
    try:
        for size in args.sizes:
            run_size(size, args.seed, cluster)
    finally:
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
