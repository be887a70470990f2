"""`caravan-tui index`: analyse a corpus into the cache, so that the reader starts and shows it fast.

Loads every file (parses are cached), groups the articles into stories
(cached by the corpus's ids and content hashes), aligns every story (cached
per story) and recognises the entities of every article (cached per
article). Progress goes to stderr: rich progress bars on a terminal, plain
lines otherwise. A second run finds everything cached; after a file changes,
only that article is recognised again and only its story re-aligned.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, TextIO

from caravan_tui.commands.common import add_paths_argument, add_workers_argument, report_problem, visible, write_line

if TYPE_CHECKING:
    from rich.progress import TaskID

HELP = "analyse every article into the cache (stories, alignment, entities) so the reader starts fast"

STAGES = {"load": "Loading files", "align": "Aligning stories", "entities": "Recognising entities"}
PLAIN_LINES_PER_STAGE = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    add_workers_argument(parser)
    parser.add_argument("--cluster", default=None, metavar="ADDRESS",
                        help="run the analysis on a Dask distributed scheduler (e.g. tcp://host:8786); "
                             "needs caravan-tui[cluster]")


class PlainProgress:
    """Progress as plain lines (for logs and pipes): a few lines per stage, and always the last."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last_step: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        step = max(1, (total or 1000) // PLAIN_LINES_PER_STAGE)
        if done == total or done // step != self._last_step.get(stage, 0):
            self._last_step[stage] = done // step
            of_total = f"/{total}" if total else ""
            write_line(f"{visible(STAGES.get(stage, stage))}: {done}{of_total}", file=self.stream, flush=True)

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc) -> None:
        pass


class RichProgress:
    """Progress as rich bars on stderr, one per stage."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=Console(file=stream), transient=False)
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(STAGES.get(stage, stage), total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()


def progress_for(stream: TextIO):
    """Rich bars when `stream` is a terminal, plain lines otherwise."""
    return RichProgress(stream) if stream.isatty() else PlainProgress(stream)


def _articles(paths, problems, progress):
    """The articles under `paths` as they load; problems go to `problems`. The articles themselves are kept by
    `Indexing`, without their text (`corpus.lazy.lean`), not here: one list of 100,000, not two."""
    from caravan_tui.corpus.loader import default_corpus_paths, iter_load
    from caravan_tui.corpus.model import LoadProblem

    loaded = 0
    for item in iter_load(paths or default_corpus_paths()):
        if isinstance(item, LoadProblem):
            problems.append(item)
        else:
            loaded += 1
            yield item
        progress("load", loaded + len(problems), None)
    files = loaded + len(problems)
    progress("load", files, files)


def _open_cache():
    from caravan_tui.storage.cache import AnalysisCache

    return AnalysisCache()


def executor_for(workers: int | None = None, cluster: str | None = None):
    """Where the chunks run: a Dask cluster, a pool of `workers` processes, or this process alone."""
    from caravan_tui.analysis import batch

    if cluster:
        return batch.DaskExecutor(cluster)
    workers = workers or batch.default_workers()
    return batch.SerialExecutor() if workers == 1 else batch.PoolExecutor(workers)


def index(paths, stream: TextIO, *, workers: int | None = None, cluster: str | None = None,
          executor=None) -> dict:
    """Analyse the corpus under `paths` into the cache; returns the counts reported."""
    from caravan_tui.analysis.batch import Indexing, run_work
    from caravan_tui.commands.common import story_grouping

    started = time.perf_counter()
    executor = executor or executor_for(workers, cluster)
    problems: list = []
    try:
        with progress_for(stream) as progress, _open_cache() as cache:
            # the grouping read back from the cache, with the reader's story corrections applied
            indexing = Indexing(cache, lambda articles: story_grouping(articles, cache))
            done = run_work(indexing, _articles(paths, problems, progress), executor, progress)
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()
    return {"articles": len(indexing.articles), "problems": len(problems),
            "stories": len(set(indexing.story_of.values())),
            "stories_aligned": done.stories_aligned, "stories_to_align": indexing.stories_in_corpus,
            "articles_recognised": done.articles_recognised, "problems_list": problems,
            "workers": executor.workers, "seconds": time.perf_counter() - started}


def run(args: argparse.Namespace) -> int:
    try:
        counts = index(args.paths, sys.stderr, workers=args.workers, cluster=args.cluster)
    except (RuntimeError, OSError) as error:
        write_line(f"caravan-tui index: {visible(str(error))}", file=sys.stderr)
        return 2
    for problem in counts["problems_list"]:
        report_problem(problem)
    write_line(f"{counts['articles']} articles ({counts['problems']} files with problems) in {counts['stories']} "
               f"stories; aligned {counts['stories_aligned']} of {counts['stories_to_align']} stories with several "
               f"outlets and recognised {counts['articles_recognised']} of {counts['articles']} articles "
               f"(the rest were cached) in {counts['seconds']:.1f} s on {counts['workers']} worker(s)")
    return 1 if counts["problems"] and not counts["articles"] else 0
