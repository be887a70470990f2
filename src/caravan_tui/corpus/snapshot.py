"""One cache entry per loaded folder: a warm start of 100,000 articles without a query per file.

A lazy load (`loader.load_corpus(paths, lazy=True)`) still has to look at
every file, but once a folder has been loaded the snapshot holds, for each
file, its signature (size, modification time, inode, device), the content
hash and what the article list shows (headline, outlet, dates, counts). A
file whose signature is unchanged becomes a lazy article straight from the
snapshot; any other file goes the per-file way (signature, summary, or
reading it). The snapshot is written again only when something changed.

An entry starts with the file's signature record (`parsed.signature_record`)
and is trusted as a per-file record is (`parsed.is_unchanged`): not when it
was recorded less than two seconds after the file's modification time.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caravan_tui.corpus.lazy import lazy_passages
from caravan_tui.corpus.model import Article
from caravan_tui.corpus.parsed import RACY_NS, is_unchanged, signature_record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from caravan_tui.corpus.parsed import ParseCache

#: The article fields an entry keeps, after (signature x 4, recorded_ns, content hash): then passages, words.
#: `Snapshot.article` unpacks an entry in this order.
FIELDS = ("title", "source", "url", "published", "language", "story", "author")
_ENTRY_LENGTH = 6 + len(FIELDS) + 2


def snapshot_key(paths: Iterable[str | Path]) -> str:
    """Which load this is: the real paths it was given, in order."""
    joined = "\n".join(os.path.realpath(path) for path in paths)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Snapshot:
    """The entries of the last lazy load of these paths, and the ones this load keeps."""

    def __init__(self, cache: ParseCache, key: str) -> None:
        self._cache = cache
        self._key = key
        self._old = cache.snapshot(key)
        self._new: dict[str, list[Any]] = {}
        self._changed = False

    def article(self, path: Path, real: str, stat: os.stat_result | None, article_id: str) -> Article | None:
        """The lazy article of an unchanged file, or None (not in the snapshot, changed, or racy)."""
        entry = self._trusted(real, stat)
        if entry is None:
            return None
        _, _, _, _, _, content_hash, title, source, url, published, language, story, author, passages, words = entry
        return Article(id=article_id, path=path, title=title, source=source,
                       passages=lazy_passages(path, content_hash, passages),
                       url=url, published=published, language=language, story=story, author=author,
                       content_hash=content_hash, word_count=words)

    def _trusted(self, real: str, stat: os.stat_result | None) -> list[Any] | None:
        """The entry of the file, if it is well formed, its signature unchanged and not racy."""
        entry = self._old.get(real)
        if (stat is None or type(entry) is not list or len(entry) != _ENTRY_LENGTH or not is_unchanged(entry, stat)
                or not _is_entry(entry)):
            return None
        return entry

    def carry(self, real: str) -> None:
        """Keep the entry of a file that `article` answered, as it was."""
        self._new[real] = self._old[real]

    def keep(self, real: str, stat: os.stat_result | None, article: Article) -> None:
        """Record an article loaded another way (from its summary, or read) for the next load."""
        self._changed = True
        now = time.time_ns()
        if stat is None or now - stat.st_mtime_ns < RACY_NS:
            return  # written just now: not trusted next time anyway
        values = [getattr(article, name) for name in FIELDS]
        self._new[real] = [*signature_record(stat, now, article.content_hash), *values, len(article.passages),
                           article.words]

    def save(self) -> None:
        """Write the entries kept, when they differ from the ones read."""
        if self._changed or len(self._new) != len(self._old):
            self._cache.put_snapshot(self._key, self._new)


def field_shapes(before: tuple[type, ...], after: tuple[type, ...]) -> frozenset[tuple[type, ...]]:
    """The type of every item of a well-formed list of `before`, the article FIELDS, then `after`: the title
    and outlet are strings, the optional fields may each be None (entries here, start records in the reader)."""
    shapes: set[tuple[type, ...]] = {before + (str, str)}
    for _ in FIELDS[2:]:
        shapes = {shape + (kind,) for shape in shapes for kind in (str, type(None))}
    return frozenset(shape + after for shape in shapes)


#: An entry: the signature (4 ints), when it was recorded, the content hash, the FIELDS, passages and words.
_SHAPES = field_shapes((int,) * 5 + (str,), (int, int))


def _is_entry(entry: list[Any]) -> bool:
    """Whether a stored entry has the shape `keep` writes (checked in one step: it runs once per file)."""
    return tuple(map(type, entry)) in _SHAPES and entry[-2] > 0 and entry[-1] >= 0
