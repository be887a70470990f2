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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from caravan_tui.corpus.model import Article, Corpus

if TYPE_CHECKING:
    from caravan_tui.storage.corrections import Corrections

class LoadResult(NamedTuple):
    """A loaded corpus, each article's story, and the names the reader gave stories."""

    corpus: Corpus
    story_of: dict[str, str]
    story_names: dict[str, str]


def load_and_group(paths: Sequence[Path], corpus: Corpus | None = None) -> LoadResult:
    """Load the corpus named by `paths` (unless given) and group it into stories, with the reader's corrections.

    An outlet the reader gave an article (`caravan-tui story outlet`) replaces its own.
    """
    corpus = corpus or _load_from_paths(list(paths))
    corrections = _corrections()
    if corrections.outlets:
        articles = [replace(a, source=corrections.outlets[a.id]) if a.id in corrections.outlets else a
                    for a in corpus.articles]
        corpus = Corpus(articles=articles, problems=corpus.problems)
    return LoadResult(corpus, _story_of_each(corpus.articles, corrections.moves), dict(corrections.names))


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
    from caravan_tui.corpus.lazy import STORE
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus

    corpus = load_corpus(paths or default_corpus_paths(), lazy=True)
    STORE.prepare()  # the first article's text is read from the cache: open it here, not on the event loop
    return corpus


def _story_of_each(articles: list[Article], moves: dict[str, str]) -> dict[str, str]:
    """Stories, through the analysis cache when it can be opened (a warm start then does no grouping)."""
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.storage.cache import open_cache

    cache = open_cache()
    if cache is None:
        return story_of_each(articles, corrections=moves)
    with cache:
        return story_of_each(articles, cache=cache, corrections=moves)


def _corrections() -> Corrections:
    """The reader's story corrections (moves, names, outlets); none when the store cannot be read."""
    from caravan_tui.storage.corrections import load_corrections

    return load_corrections()
