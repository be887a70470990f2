#!/usr/bin/env python3
"""Words per second of each entity engine on a repeated corpus, load times, memory, and the whole command.

    .venv/bin/python bench/entities_speed.py [--words 200000] [--command-words 40000] [--text DIR ...] [--runs 1]

The corpus is the test samples' passages repeated (with a counter in each
copy so no two passages are identical) up to the requested word count. The
rules engine is always measured, article by article: `recognise_many` on each
run of 12 passages (the articles of `write_articles`, as the command calls it),
so no figure profits from one giant batch (before issue #15's third round it
was one call over the whole corpus); spaCy only when it is importable. Memory is
the process's peak resident size (after loading and recognising). The whole
command: `caravan-tui entities DIR --json` in a fresh process with an empty
cache directory (XDG_CACHE_HOME), on articles of the same passages totalling
--command-words words; wall time and the child's peak resident size, for each
of --command-runs runs (default 3), then their median and range.

--text DIR (repeatable): also real articles (.md/.txt, e.g. ../shared/external/
ecbplus-train), recognised article by article as the command does (`recognise_many`
on each article's passages): words per second of the rules engine on real coverage,
best of --repeat runs (the first run also warms the engine's caches).

Every words-per-second figure is given twice: by wall time and by the process's
CPU time (time.process_time), steadier on a shared machine where other jobs take
turns on the cores. --runs N measures the sample corpus N times (each figure
shown, then the range), every run after the first on a warm engine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
#: Passages per article: of the command's articles (`write_articles`) and of each in-process `recognise_many` call.
ARTICLE_PASSAGES = 12


def passages(words: int) -> list[str]:
    from caravan_tui.corpus.loader import load_corpus

    base = [p.text for a in load_corpus([SEEDS]).articles for p in a.passages]
    out, count, copy = [], 0, 0
    while count < words:
        for text in base:
            out.append(f"{text} (copy {copy})")
            count += len(text.split())
        copy += 1
    return out


def gazetteer_load_seconds() -> tuple[float, float]:
    """(seconds to load the shipped keyed gazetteers, seconds to key them from their sources instead)."""
    from caravan_tui.analysis.entities import lexicons as lexicons_module

    lexicons_module.lexicons.cache_clear()
    start = time.perf_counter()
    lexicons_module.lexicons()
    keyed = time.perf_counter() - start
    start = time.perf_counter()
    lexicons_module.folded_tables()
    return keyed, time.perf_counter() - start


def model_load_seconds() -> float:
    from caravan_tui.analysis.entities.tagger import shipped_model

    shipped_model.cache_clear()
    start = time.perf_counter()
    shipped_model()
    return time.perf_counter() - start


def write_articles(folder: Path, words: int) -> int:
    """Articles of ARTICLE_PASSAGES sample passages each, about `words` words in all; returns the words written."""
    texts, written = passages(words), 0
    for count, start in enumerate(range(0, len(texts), ARTICLE_PASSAGES)):
        body = "\n\n".join(texts[start:start + ARTICLE_PASSAGES])
        (folder / f"article{count:04d}.md").write_text(f"---\ntitle: Article {count}\nsource: bench\n---\n\n{body}\n")
        written += len(body.split())
    return written


def command_seconds(words: int) -> tuple[float, int, float, float]:
    """(wall seconds, words, child peak RSS in MB, child CPU seconds) of the entities command from a cold cache
    (the CPU time counts its worker processes too)."""
    with tempfile.TemporaryDirectory() as folder:
        corpus, cache = Path(folder, "corpus"), Path(folder, "cache")
        corpus.mkdir()
        written = write_articles(corpus, words)
        env = dict(os.environ, XDG_CACHE_HOME=str(cache))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "caravan_tui.cli", "entities", str(corpus), "--json"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, written, after.ru_maxrss / 1024, cpu


def words_per_second(engine, texts: list[str]) -> tuple[float, float]:
    """(words per wall second, words per CPU second) of one pass over `texts`: `recognise_many` on each article of
    ARTICLE_PASSAGES passages (as the command calls it), else `recognise` on each passage."""
    words = sum(len(t.split()) for t in texts)
    batch = getattr(engine, "recognise_many", None)
    engine.recognise(texts[0])  # warm up (the spaCy model loads here)
    start, cpu = time.perf_counter(), time.process_time()
    if batch:
        for first in range(0, len(texts), ARTICLE_PASSAGES):
            batch(texts[first:first + ARTICLE_PASSAGES])
    else:
        for text in texts:
            engine.recognise(text)
    return words / (time.perf_counter() - start), words / (time.process_time() - cpu)


def text_words_per_second(engine, folders: list[Path], repeat: int) -> tuple[float, float, int, int]:
    """(words/s by wall time, by CPU time, articles, words) of the rules engine on the articles under `folders`,
    best of `repeat` runs (each clock's best)."""
    from caravan_tui.corpus.loader import load_corpus

    articles = [[p.text for p in a.passages] for a in load_corpus(folders).articles]
    words = sum(len(text.split()) for texts in articles for text in texts)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        for texts in articles:
            engine.recognise_many(texts)
        best, best_cpu = min(best, time.perf_counter() - start), min(best_cpu, time.process_time() - cpu)
    return words / best, words / best_cpu, len(articles), words


def print_command_runs(words: int, runs: int) -> None:
    """Each run of the whole command, then the median and range of their wall times."""
    walls = []
    for _ in range(max(1, runs)):
        seconds, written, peak, cpu = command_seconds(words)
        walls.append(seconds)
        print(f"command: caravan-tui entities on {written:,} words, cold cache: {seconds:.2f} s "
              f"({written / seconds:,.0f} words/s; CPU {cpu:.2f} s), peak memory {peak:.0f} MB")
    if len(walls) > 1:
        print(f"command, {len(walls)} runs: median {statistics.median(walls):.2f} s, "
              f"{min(walls):.2f}-{max(walls):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--command-words", type=int, default=40_000, help="0: skip the whole-command run")
    parser.add_argument("--command-runs", type=int, default=3, help="runs of the whole command (each is shown)")
    parser.add_argument("--text", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of real articles (.md/.txt) to measure the rules engine on too (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the --text articles (the best is shown)")
    parser.add_argument("--runs", type=int, default=1, help="runs over the sample corpus (each is shown)")
    args = parser.parse_args()
    if args.command_words:
        print_command_runs(args.command_words, args.command_runs)
    keyed, from_sources = gazetteer_load_seconds()
    print(f"gazetteer load: {keyed * 1000:.0f} ms (keying them from their sources instead: "
          f"{from_sources * 1000:.0f} ms); tagger weights: {model_load_seconds() * 1000:.0f} ms")
    from caravan_tui.analysis.entities import get_engine

    texts = passages(args.words)
    print(f"corpus: {len(texts)} passages, {sum(len(t.split()) for t in texts):,} words")
    rules = get_engine("rules")
    speeds = []
    for _ in range(args.runs):
        speeds.append(words_per_second(rules, texts))
        print(f"rules: {speeds[-1][0]:,.0f} words/s (CPU {speeds[-1][1]:,.0f}); "
              f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.runs > 1:
        walls, cpus = [wall for wall, _ in speeds], [cpu for _, cpu in speeds]
        print(f"rules, {args.runs} runs: {min(walls):,.0f}-{max(walls):,.0f} words/s "
              f"(CPU {min(cpus):,.0f}-{max(cpus):,.0f})")
    if args.text:
        speed, cpu_speed, articles, words = text_words_per_second(rules, args.text, args.repeat)
        print(f"rules on real text ({', '.join(str(f) for f in args.text)}): {articles} articles, {words:,} words: "
              f"{speed:,.0f} words/s (CPU {cpu_speed:,.0f}; best of {args.repeat})")
    try:
        spacy_engine = get_engine("spacy")
    except ImportError as error:
        print(f"spacy: not installed ({error})")
        return 0
    few = texts[: max(1, len(texts) // 10)]
    wall, cpu = words_per_second(spacy_engine, few)
    print(f"spacy: {wall:,.0f} words/s (CPU {cpu:,.0f}; on a tenth of the corpus)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
