"""Files and text: the article model, loaders for .md and .txt, cleaning of scraped text.

Never imports Textual. Entry points: `load_corpus`, `load_article`,
`default_corpus_paths` (from `corpus.loader`, imported lazily here so that
importing the model does not pull in the Markdown parser).
"""

from typing import Any

from caravan_tui.corpus.model import Article, Corpus, LoadProblem, Passage, hash_text

__all__ = [
    "Article", "Corpus", "LoadProblem", "Passage", "hash_text",
    "load_corpus", "load_article", "default_corpus_paths",
]

_LOADER_NAMES = {"load_corpus", "load_article", "default_corpus_paths"}


def __getattr__(name: str) -> Any:
    if name in _LOADER_NAMES:
        from caravan_tui.corpus import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
