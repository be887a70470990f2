"""Load the corpus and group it into stories: the work of the app's loading worker.

Kept free of Textual so it can run in any thread: the app runs it in a
`@work(thread=True)` worker, or waits on the Future given to `create_app`,
which `load_in_background` starts before Textual is even imported (see
`ui.launch`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from caravan_tui.corpus.model import Article, Corpus

LoadResult = tuple[Corpus, dict[str, str]]


def load_and_group(paths: Sequence[Path], corpus: Corpus | None = None) -> LoadResult:
    """Load the corpus named by `paths` (unless given) and group it into stories."""
    corpus = corpus or _load_from_paths(list(paths))
    return corpus, _story_of_each(corpus.articles)


def load_in_background(paths: Sequence[Path]) -> Future[LoadResult]:
    """Start `load_and_group(paths)` in a daemon thread; its Future holds the result or the error."""
    future: Future[LoadResult] = Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(load_and_group(paths))
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(error)

    threading.Thread(target=work, name="caravan-tui-preload", daemon=True).start()
    return future


def _load_from_paths(paths: list[Path]) -> Corpus:
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus

    return load_corpus(paths or default_corpus_paths())


def _story_of_each(articles: list[Article]) -> dict[str, str]:
    """Stories, through the analysis cache when it can be opened (a warm start then does no grouping)."""
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.storage.cache import open_cache

    cache = open_cache()
    if cache is None:
        return story_of_each(articles)
    with cache:
        return story_of_each(articles, cache=cache)
