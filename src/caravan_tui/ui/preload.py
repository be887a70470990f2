"""Load the corpus and group it into stories: the work of the app's loading worker.

Kept free of Textual so it can run in any thread: the app runs it in a
`@work(thread=True)` worker, or waits on the Future given to `create_app`,
which `load_in_background` starts before Textual is even imported (see
`ui.launch`).

At the start, `quick_load` rebuilds the last load of the same paths from its
record (`ui.start_record`) instead of looking at every file: the reader paints
that, then `check_against_files` loads the files in a worker and the reader
shows the fresh result if it differs. Every load from files keeps its record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from caravan_tui.corpus.model import Article, Corpus

if TYPE_CHECKING:
    from caravan_tui.corpus.parsed import ParseCache
    from caravan_tui.storage.corrections import Corrections

T = TypeVar("T")

#: Seconds between two looks at whether a wait for a load was cancelled (the reader quitting).
WAIT_STEP = 0.1

class LoadResult(NamedTuple):
    """A loaded corpus, each article's story, and the names the reader gave stories.

    `provisional`: rebuilt from the record of the last load of these paths (`ui.start_record`), not yet
    checked against the files (`check_against_files` does); `digest`: that record's, or the one this load wrote.
    """

    corpus: Corpus
    story_of: dict[str, str]
    story_names: dict[str, str]
    provisional: bool = False
    digest: str | None = None


def load_and_group(paths: Sequence[Path], corpus: Corpus | None = None,
                   progress: LoadProgress | None = None) -> LoadResult:
    """Load the corpus named by `paths` (unless given) and group it into stories, with the reader's corrections.

    A load from files is recorded for the next start (`ui.start_record`); `progress` follows it.
    """
    if corpus is not None:
        return _corrected(corpus, _story_of_each(corpus.articles))
    return _load_files(paths, progress or LoadProgress())


def _load_files(paths: Sequence[Path], progress: LoadProgress, rewrite_record: bool = False) -> LoadResult:
    corpus = _load_from_paths(list(paths), progress)
    progress.grouping = True
    story_of = _story_of_each(corpus.articles)
    return _corrected(corpus, story_of, digest=_record(paths, corpus, story_of, rewrite_record))


def quick_load(paths: Sequence[Path], progress: LoadProgress | None = None) -> LoadResult:
    """The last load of these paths rebuilt from its record (provisional) when there is one, else `load_and_group`."""
    from caravan_tui.ui.start_record import rebuilt

    recorded = _with_parse_cache(lambda cache: rebuilt(cache.start_record(_record_key(paths))))
    if recorded is None:  # (a damaged record is replaced even if the digest kept beside it is right)
        return _load_files(paths, progress or LoadProgress(), rewrite_record=True)
    _prepare_store()
    return _corrected(recorded.corpus, recorded.story_of, provisional=True, digest=recorded.digest)


def check_against_files(paths: Sequence[Path], shown: LoadResult) -> LoadResult | None:
    """Load `paths` from the files; the fresh result when it differs from the provisional `shown`, else None."""
    fresh = load_and_group(paths)
    return None if fresh.digest is not None and fresh.digest == shown.digest else fresh


def _corrected(corpus: Corpus, story_of: dict[str, str], *, provisional: bool = False,
               digest: str | None = None) -> LoadResult:
    """The load with the reader's corrections: outlets given (`caravan-tui story outlet`), moves and names."""
    from caravan_tui.analysis.stories import apply_corrections

    corrections = _corrections()
    if corrections.outlets:
        articles = [replace(a, source=corrections.outlets[a.id]) if a.id in corrections.outlets else a
                    for a in corpus.articles]
        corpus = Corpus(articles=articles, problems=corpus.problems)
    if corrections.moves:
        story_of = apply_corrections(corpus.articles, story_of, corrections.moves)
    return LoadResult(corpus, story_of, dict(corrections.names), provisional, digest)


class Loading(Future[LoadResult]):
    """A load under way in the background: its Future, and what it is doing (`progress`, for the reader to show)."""

    def __init__(self) -> None:
        super().__init__()
        self.progress = LoadProgress()


class LoadProgress:
    """How far a load is: files looked at, then the grouping into stories (read by another thread)."""

    def __init__(self) -> None:
        self.files = 0
        self.grouping = False

    def file_loaded(self) -> None:
        self.files += 1

    def describe(self) -> str:
        """'Loading… 12,345 files' while files are read; what the grouping does after."""
        if self.grouping:
            return f"Grouping {self.files:,} files into stories…"
        return f"Loading… {self.files:,} files" if self.files else "Loading…"


def load_in_background(paths: Sequence[Path]) -> Loading:
    """Start `quick_load(paths)` in a daemon thread; the Future holds the result or the error."""
    loading = Loading()
    in_background(lambda: quick_load(paths, loading.progress), loading)
    return loading


def in_background(work: Callable[[], T], future: Future[T] | None = None) -> Future[T]:
    """Run `work()` in a daemon thread, which quitting never waits for (a load of 100,000 files that must group
    them again takes minutes); its Future holds the result or the error. Wait with `result_unless`."""
    future = future if future is not None else Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(error)

    threading.Thread(target=run, name="caravan-tui-load", daemon=True).start()
    return future


def result_unless(future: Future[T], cancelled: threading.Event) -> T | None:
    """The future's result (its error is raised), or None as soon as `cancelled` is set."""
    while not cancelled.is_set():
        try:
            return future.result(timeout=WAIT_STEP)
        except TimeoutError:
            continue
    return None


def _record(paths: Sequence[Path], corpus: Corpus, story_of: dict[str, str], rewrite: bool) -> str | None:
    """Keep the record of this load for the next start (when it changed, or `rewrite`); its digest."""
    from caravan_tui.ui.start_record import digest_key, record_of

    record = record_of(corpus, story_of)
    if record is None:
        return None
    key = _record_key(paths)

    def keep(cache: ParseCache) -> None:
        if rewrite or cache.start_record(digest_key(key)) != record["digest"]:  # the digest alone: no 15 MB read back
            cache.put_start_record(key, record)
            cache.put_start_record(digest_key(key), record["digest"])

    _with_parse_cache(keep)
    return str(record["digest"])


def _record_key(paths: Sequence[Path]) -> str:
    from caravan_tui.corpus.loader import default_corpus_paths
    from caravan_tui.ui.start_record import record_key

    return record_key(list(paths) or default_corpus_paths())


def _with_parse_cache(use: Callable[[ParseCache], T]) -> T | None:
    """`use(cache)` on the user's parse cache, flushed and closed after; None when there is none."""
    from caravan_tui.corpus.loader import parse_cache

    with parse_cache() as cache:
        return use(cache) if cache is not None else None


def _load_from_paths(paths: list[Path], progress: LoadProgress) -> Corpus:
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus

    corpus = load_corpus(paths or default_corpus_paths(), lazy=True, loaded=progress.file_loaded)
    _prepare_store()
    return corpus


def _prepare_store() -> None:
    """Open the lazy passages' store here: the first article's text is read from the cache, not on the event loop."""
    from caravan_tui.corpus.lazy import STORE

    STORE.prepare()


def _story_of_each(articles: list[Article]) -> dict[str, str]:
    """Stories (before the reader's moves), through the analysis cache when it can be opened (a warm start then
    does no grouping)."""
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.storage.cache import open_cache

    cache = open_cache()
    if cache is None:
        return story_of_each(articles)
    with cache:
        return story_of_each(articles, cache=cache)


def _corrections() -> Corrections:
    """The reader's story corrections (moves, names, outlets); none when the store cannot be read."""
    from caravan_tui.storage.corrections import load_corrections

    return load_corrections()
