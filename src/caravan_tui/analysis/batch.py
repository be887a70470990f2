"""Index work in units that any executor can run: entity spans per article, alignments per story.

`caravan-tui index` streams the articles in as they load, cuts the work the
cache does not answer into chunks (`Indexing`) and runs the chunks on an
executor, writing each chunk's results to the cache as it comes back (`run_work`):

- `SerialExecutor`: in this process (`--workers 1`);
- `PoolExecutor`: a pool of processes on this machine (`--workers N`, by default one per core);
- `DaskExecutor`: the workers of a Dask `distributed` scheduler (`--cluster ADDRESS`).

The unit functions (`align_chunk`, `recognise_chunk`) are module-level and
take and return only picklable values (articles in, JSON-able rows out), so
every executor runs the very same code and the cache holds the same values
whichever ran them. Only this process reads and writes the cache. At most
`WINDOW_PER_WORKER` chunks per worker are in flight and results are written
chunk by chunk, so memory beyond the loaded corpus stays bounded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from caravan_tui.analysis.entities import article_key, cache_kind, get_engine, recognise_article
from caravan_tui.analysis.entities.base import Span
from caravan_tui.corpus.lazy import lean
from caravan_tui.corpus.model import Article

if TYPE_CHECKING:
    from concurrent.futures import Future

    from caravan_tui.storage.cache import AnalysisCache

#: Articles per entity chunk and stories per alignment chunk: big enough to amortise shipping, small enough
#: to balance the workers and keep each write to the cache short.
ARTICLES_PER_CHUNK = 20
STORIES_PER_CHUNK = 4
#: Chunks in flight per worker: one running and one waiting, so no worker idles between chunks.
WINDOW_PER_WORKER = 2
#: How long `--cluster` waits for the scheduler to answer.
CONNECT_TIMEOUT = "30s"

Rows = dict[str, Any]
Progress = Callable[[str, int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True)
class StoryJob:
    """One story to align: its cache key and its articles, in story order."""

    key: str
    members: tuple[Article, ...]


@dataclass(frozen=True)
class ArticleJob:
    """One article whose entities to recognise, with its cache key."""

    key: str
    article: Article


@dataclass
class Done:
    """How much was computed (the rest was cached)."""

    stories_aligned: int = 0
    articles_recognised: int = 0
    chunks: int = 0


def align_chunk(stories: Sequence[StoryJob]) -> tuple[str, Rows]:
    """Align each story of a chunk: ("align", {story key: alignment as stored in the cache})."""
    from caravan_tui.analysis.align import align_story  # here: the entities command imports this module too

    return "align", {job.key: align_story(job.members).to_dict() for job in stories}


def recognise_chunk(jobs: Sequence[ArticleJob], engine_name: str) -> tuple[str, Rows]:
    """Recognise each article of a chunk: ("entities", {article key: spans per passage as cache rows})."""
    engine = get_engine(engine_name)
    return "entities", {job.key: [[span.to_row() for span in spans] for spans in recognise_article(job.article, engine)]
                        for job in jobs}


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


Task = tuple[Callable[..., tuple[str, Rows]], tuple[Any, ...]]


class Indexing:
    """One index run's work: articles stream in, chunks of the work the cache lacks stream out.

    `tasks(articles)` yields an entity chunk for every `ARTICLES_PER_CHUNK`
    articles read (so recognition runs while the rest still loads), then,
    once every article is in, groups them into stories (`group`) and yields
    the alignment chunks of the stories not cached, largest first.
    """

    def __init__(self, cache: AnalysisCache | None, group: Callable[[list[Article]], dict[str, str]],
                 engine_name: str = "rules") -> None:
        from caravan_tui.analysis.pipeline import alignment_kind

        self.cache, self.group, self.engine = cache, group, engine_name
        self.kinds = {"align": alignment_kind(), "entities": cache_kind(get_engine(engine_name))}
        self.articles: list[Article] = []
        self.story_of: dict[str, str] = {}
        self.submitted = {"align": 0, "entities": 0}
        self.stories_in_corpus = 0
        self._keys_seen: set[str] = set()

    def tasks(self, articles: Iterable[Article]) -> Iterator[Task]:
        waiting: list[Article] = []
        for article in articles:
            self.articles.append(lean(article))  # the text is read again when grouped and aligned: memory stays bounded
            waiting.append(article)
            if len(waiting) == ARTICLES_PER_CHUNK:
                yield from self._entity_tasks(waiting)
                waiting = []
        yield from self._entity_tasks(waiting)
        self.story_of = self.group(self.articles)
        yield from self._story_tasks()

    def _uncached(self, kind: str, jobs: dict[str, _T]) -> list[_T]:
        if self.cache is None or not jobs:
            return list(jobs.values())
        present = self.cache.present(self.kinds[kind], jobs)
        return [job for key, job in jobs.items() if key not in present]

    def _entity_tasks(self, articles: list[Article]) -> Iterator[Task]:
        jobs: dict[str, ArticleJob] = {}
        for article in articles:
            key = article_key(article)
            if key not in self._keys_seen:  # the same text twice is recognised once
                self._keys_seen.add(key)
                jobs[key] = ArticleJob(key, article)
        fresh = self._uncached("entities", jobs)
        if fresh:
            self.submitted["entities"] += len(fresh)
            yield recognise_chunk, (fresh, self.engine)

    def _story_tasks(self) -> Iterator[Task]:
        from caravan_tui.analysis.pipeline import story_key
        from caravan_tui.analysis.stories import members_by_story

        groups = [tuple(members) for members in members_by_story(self.articles, self.story_of).values()
                  if len(members) > 1]
        self.stories_in_corpus = len(groups)
        stories = self._uncached("align", {job.key: job for job in (StoryJob(story_key(m), m) for m in groups)})
        stories.sort(key=lambda job: -sum(len(a.passages) for a in job.members))
        self.submitted["align"] = len(stories)
        for chunk in _chunks(stories, STORIES_PER_CHUNK):
            yield align_chunk, (chunk,)


class Executor(Protocol):
    """Runs chunks of work somewhere and yields their results as they finish, in any order."""

    workers: int

    def results(self, tasks: Iterable[Task]
                ) -> Iterator[tuple[str, Rows]]: ...


class SerialExecutor:
    """Every chunk in this process, one after another."""

    workers = 1

    def results(self, tasks: Iterable[Task]
                ) -> Iterator[tuple[str, Rows]]:
        for function, arguments in tasks:
            yield function(*arguments)


LOADAVG = "/proc/loadavg"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def idle_workers() -> int:
    """One worker per core that other processes leave idle, at least one: on a busy machine extra processes only
    compete for the same cores (measured: the entities command was slower)."""
    return max(1, min(default_workers(), round(default_workers() - _busy_cores())))


#: Looks at the runnable processes, and the pause between two (the most seen counts).
RUNNABLE_SAMPLES, RUNNABLE_PAUSE = 3, 0.005


def _busy_cores() -> float:
    """How many cores other processes use now: the runnable tasks of /proc/loadavg (Linux), the most of a few
    looks; elsewhere the 1-minute load average (which lags: a job that ended a minute ago still counts)."""
    counts = []
    for sample in range(RUNNABLE_SAMPLES):
        if sample:
            time.sleep(RUNNABLE_PAUSE)
        running = _runnable_elsewhere()
        if running is None:
            break
        counts.append(running)
    if counts:
        return max(counts)
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return 0.0


def _runnable_elsewhere() -> int | None:
    """Tasks runnable now, this one left out (the fourth field of /proc/loadavg, "running/total"); None if unknown."""
    try:
        with open(LOADAVG, encoding="ascii") as file:
            running = file.read().split()[3].split("/")[0]
        return max(0, int(running) - 1)
    except (OSError, IndexError, ValueError):
        return None


class PoolExecutor:
    """Chunks on a pool of processes of this machine, a bounded number in flight."""

    def __init__(self, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        # forkserver: workers are not forked from a process that may run threads (progress bars, SQLite).
        method = "forkserver" if "forkserver" in methods else "spawn"
        self._context = multiprocessing.get_context(method)

    def results(self, tasks: Iterable[Task]
                ) -> Iterator[tuple[str, Rows]]:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context) as pool:
            pending: set[Future[tuple[str, Rows]]] = set()
            for function, arguments in tasks:
                pending.add(pool.submit(function, *arguments))
                if len(pending) >= self.workers * WINDOW_PER_WORKER:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in finished)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)


class DaskExecutor:
    """Chunks on the workers of a Dask `distributed` scheduler (`pip install 'caravan-tui[cluster]'`).

    The workers need caravan-tui installed (the same version) but no access to
    the articles: this process reads them and ships each chunk with its task.
    """

    def __init__(self, address: str, *, client: Any = None) -> None:
        self._distributed = _distributed()
        self._owned = client is None
        self._client: Any = client if client is not None else self._distributed.Client(address, timeout=CONNECT_TIMEOUT)
        # Threads of the workers connected now (sizes the window only: tasks wait for workers that join later).
        self.workers = max(1, sum(int(threads) for threads in self._client.nthreads().values()))

    def results(self, tasks: Iterable[Task]
                ) -> Iterator[tuple[str, Rows]]:
        in_flight = self._distributed.as_completed()
        for function, arguments in tasks:
            in_flight.add(self._client.submit(function, *arguments, pure=False))
            if in_flight.count() >= self.workers * WINDOW_PER_WORKER:
                yield next(in_flight).result()
        for future in in_flight:
            yield future.result()

    def close(self) -> None:
        if self._owned:
            self._client.close()


def _distributed() -> Any:
    """Dask's `distributed`, imported only for `--cluster` (an optional extra; it ships no type hints)."""
    import importlib

    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise RuntimeError("--cluster needs Dask's distributed: pip install 'caravan-tui[cluster]'") from error


#: Fewer words than this to recognise stay in this process: starting workers would cost more than they save.
POOL_MIN_WORDS = 20_000


def recognise_in_processes(articles: Sequence[Article], engine_name: str, workers: int) -> list[list[list[Span]]]:
    """Spans of each article's passages, in article order, recognised by this process and `workers` - 1
    processes forked from it (after its engine is loaded; `forked_shares`); all here when there is one worker or
    little text (`POOL_MIN_WORDS`)."""
    from caravan_tui.analysis.forked_shares import recognise_in_shares

    engine = get_engine(engine_name)
    words = [article.words for article in articles]
    if workers < 2 or sum(words) < POOL_MIN_WORDS:
        return [recognise_article(article, engine) for article in articles]
    return recognise_in_shares(articles, words, engine, workers)


def run_work(indexing: Indexing, articles: Iterable[Article], executor: Executor,
             progress: Progress | None = None) -> Done:
    """Run every chunk of `indexing` on `executor`, writing each chunk's results to the cache as it arrives."""
    done = Done()
    for stage, rows in executor.results(indexing.tasks(articles)):
        if indexing.cache is not None:
            indexing.cache.put_many(indexing.kinds[stage], rows)
        done.chunks += 1
        if stage == "align":
            done.stories_aligned += len(rows)
        else:
            done.articles_recognised += len(rows)
        if progress is not None:
            count = done.stories_aligned if stage == "align" else done.articles_recognised
            progress(stage, count, indexing.submitted[stage])
    return done
