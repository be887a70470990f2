"""Passages read on first use: articles of a large folder without every article's text in memory.

`loader.load_corpus(paths, lazy=True)` builds each article whose parse is
cached from the parse's summary (headline, fields, counts) and gives it a
`LazyPassages`: a sequence of its passages that reads them from the parse
cache (or, when the cache no longer holds them, from the file) when they are
first used. The texts read are kept in one small least-recently-used store
shared by all articles, so memory follows what the reader looks at, not the
size of the folder.

A lazy article whose text can no longer be read as it was loaded (file
deleted or changed since, and the cache emptied) shows passages saying so, as
many as it had: the reader and the commands keep going, and the next load
reads the file as it is now.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, overload

from caravan_tui.corpus.model import Article, Passage, passages_of
from caravan_tui.paths import CACHE_DIR_VARIABLE

#: Articles whose passages are kept in memory at once (the most recently used).
KEEP_ARTICLES = 512


class StoredParse(NamedTuple):
    """Where an article's passages can be read again: its file, format and the content hash of its bytes.

    A named tuple: one is made per article of a folder at every start (100,000 of them).
    """

    path: Path
    file_format: str
    content_hash: str


class PassageStore:
    """Reads passages of stored parses, keeping the most recently used `limit` articles' passages."""

    def __init__(self, limit: int = KEEP_ARTICLES) -> None:
        self.limit = limit
        self._kept: OrderedDict[StoredParse, tuple[Passage, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self._cache: Any = None
        self._cache_folder: str | None = None
        self.reads = 0  # how many times passages were read (not found kept): for tests and benchmarks

    def passages(self, stored: StoredParse, count: int) -> tuple[Passage, ...]:
        """The `count` passages of a stored parse (placeholders saying why, when it cannot be read as it was)."""
        with self._lock:
            kept = self._kept.get(stored)
            if kept is not None:
                self._kept.move_to_end(stored)
                return kept
        passages = self._read(stored, count)
        with self._lock:
            self.reads += 1
            self._kept[stored] = passages
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)
        return passages

    def forget(self) -> None:
        """Drop every kept text and the cache connection (tests; a reload)."""
        with self._lock:
            self._kept.clear()
            self.reads = 0
            cache, self._cache = self._cache, None
        if cache:  # False: the cache could not be opened
            cache.close()

    def _read(self, stored: StoredParse, count: int) -> tuple[Passage, ...]:
        cached = self._from_cache(stored)
        passages = passages_of(cached) if cached is not None else _from_file(stored)
        if isinstance(passages, str) or len(passages) != count:
            reason = passages if isinstance(passages, str) else "the file changed since it was loaded"
            note = f"[The text of this article could not be read again: {reason}. Reload to read it as it is now.]"
            return tuple(Passage(i, "paragraph", note) for i in range(count))
        return passages

    def prepare(self) -> None:
        """Open the cache now (off the event loop), so that the first article shown does not wait for it.

        Opened again when the cache folder changed (CARAVAN_TUI_CACHE_DIR set to another folder).
        """
        folder = os.environ.get(CACHE_DIR_VARIABLE)  # the default folder does not change within a process
        with self._lock:
            if self._cache is not None and folder == self._cache_folder:
                return
            old, self._cache_folder = self._cache, folder
            from caravan_tui.corpus.parsed import ParseCache

            self._cache = ParseCache.open() or False
        if old:
            old.close()

    def _from_cache(self, stored: StoredParse) -> list[tuple[str, str]] | None:
        from caravan_tui.corpus.parsed import ParsedArticle

        self.prepare()
        cache = self._cache
        if cache is False:
            return None
        outcome = cache.get(stored.file_format, stored.content_hash)
        return outcome.blocks if isinstance(outcome, ParsedArticle) and outcome.blocks else None


def _from_file(stored: StoredParse) -> tuple[Passage, ...] | str:
    """The passages of the file as it is now, or why they cannot be read."""
    from caravan_tui.corpus.loader import ArticleLoadError, load_article

    try:
        article = load_article(stored.path)
    except (ArticleLoadError, OSError) as error:
        return str(getattr(error, "reason", error))
    if article.content_hash != stored.content_hash:
        return "the file changed since it was loaded"
    return tuple(article.passages)


#: The one store of the process (lazy articles of every load share it).
STORE = PassageStore()


class LazyPassages(Sequence[Passage]):
    """An article's passages, read from `STORE` when first used; the count is known without reading."""

    __slots__ = ("_stored", "_count")

    def __init__(self, stored: StoredParse, count: int) -> None:
        self._stored = stored
        self._count = count

    def _all(self) -> tuple[Passage, ...]:
        return STORE.passages(self._stored, self._count)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Passage]: ...

    def __getitem__(self, index: int | slice) -> Passage | Sequence[Passage]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Passage]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPassages) and other._stored == self._stored:
            return True
        if isinstance(other, Sequence):
            return tuple(self._all()) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyPassages({self._stored.path.name!r}, {self._count} passages)"

    def __reduce__(self) -> tuple[type[tuple[Passage, ...]], tuple[tuple[Passage, ...]]]:
        """Pickled (to another process or machine) as the passages themselves: the cache may not be there."""
        return tuple, (self._all(),)


def lazy_passages(path: Path, content_hash: str, count: int) -> LazyPassages:
    """The passages of the file at `path` whose bytes had `content_hash` (its format is its extension's)."""
    return LazyPassages(StoredParse(path, path.suffix.lower(), content_hash), count)


def lean(article: Article) -> Article:
    """The article with its passages read again from the parse cache when used (the text in memory is freed).

    Only for an article loaded from a file (with a content hash) in this process: its parse was stored in
    the cache when it was loaded. Others, and articles already lazy, are returned as they are.
    """
    if isinstance(article.passages, LazyPassages) or not article.content_hash or not article.passages:
        return article
    return replace(article, passages=lazy_passages(article.path, article.content_hash, len(article.passages)),
                   word_count=article.words)
