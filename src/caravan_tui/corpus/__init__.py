"""Files and text: the article model, loaders for .md and .txt, cleaning of scraped text.

Never imports Textual. Public entry points: `load_corpus`, `load_article`,
`default_corpus_paths`.
"""

from caravan_tui.corpus.model import Article, Corpus, LoadProblem, Passage, hash_text

__all__ = ["Article", "Corpus", "LoadProblem", "Passage", "hash_text"]
