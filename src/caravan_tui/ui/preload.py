"""Load the corpus and group it into stories: the work of the app's loading worker.

Kept free of Textual so it can run in any thread (the app runs it in a
`@work(thread=True)` worker, or waits on a Future given to `create_app`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from caravan_tui.corpus.model import Article, Corpus

LoadResult = tuple[Corpus, dict[str, str]]


def load_and_group(paths: Sequence[Path], corpus: Corpus | None = None) -> LoadResult:
    """Load the corpus named by `paths` (unless given) and group it into stories."""
    corpus = corpus or _load_from_paths(list(paths))
    return corpus, _story_of_each(corpus.articles)


def _load_from_paths(paths: list[Path]) -> Corpus:
    from caravan_tui.corpus.loader import default_corpus_paths, load_corpus

    return load_corpus(paths or default_corpus_paths())


def _story_of_each(articles: list[Article]) -> dict[str, str]:
    try:
        from caravan_tui.analysis.stories import story_of_each
    except ImportError:  # until analysis.stories lands
        return {article.id: article.story or article.id for article in articles}
    return story_of_each(articles)
