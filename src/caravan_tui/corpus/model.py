"""The article model shared by every layer: articles, their passages, load problems.

Passage text is kept exactly as it appears in the source file; any
normalisation (NFC, quote marks, case) happens only inside `analysis`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Passage kinds a loader may produce.
PASSAGE_KINDS = (
    "paragraph",   # ordinary body text
    "heading",     # a sub-heading inside the article
    "standfirst",  # the summary line under the headline
    "caption",     # a photo caption (with its credit, if any)
    "quote",       # a block quote
    "list_item",   # an item of a bulleted or numbered list
)


@dataclass(frozen=True)
class Passage:
    """One block of an article: its position, kind and exact text."""

    index: int
    kind: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def passages_of(blocks: Iterable[tuple[str, str]]) -> tuple[Passage, ...]:
    """Passages, numbered in order, from a parse's (kind, text) blocks."""
    return tuple(Passage(index, kind, text) for index, (kind, text) in enumerate(blocks))


@dataclass(frozen=True)
class Article:
    """One outlet's version of a story, as loaded from one file.

    `passages` is a tuple, or, for an article loaded lazily from the parse cache (see
    `corpus.lazy`), a sequence that reads its text when first used; `word_count`, when known
    without the text, saves reading it to count words.
    """

    id: str
    path: Path
    title: str
    source: str
    passages: Sequence[Passage]
    url: str | None = None
    published: str | None = None
    language: str | None = None
    story: str | None = None
    content_hash: str = ""
    author: str | None = None
    word_count: int | None = field(default=None, compare=False, repr=False)

    @property
    def words(self) -> int:
        if self.word_count is not None:
            return self.word_count
        return sum(p.words for p in self.passages)

    @property
    def outlet(self) -> str:
        """The outlet name to show, falling back to the article id."""
        return self.source or self.id


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be loaded (or loaded with a warning), and why."""

    path: Path
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        level = "error" if self.fatal else "warning"
        return f"{self.path}: {level}: {self.reason}"


@dataclass
class Corpus:
    """Every article that loaded, and every problem met while loading."""

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    _index: dict[str, Article] = field(default_factory=dict, init=False, repr=False, compare=False)

    def by_id(self, article_id: str) -> Article | None:
        """The article with that id: a dict lookup, re-indexed when articles are added or removed.

        Articles are appended while loading and not replaced afterwards; to change
        one, build a new Corpus.
        """
        if len(self._index) != len(self.articles):
            self._index = {article.id: article for article in self.articles}
        return self._index.get(article_id)

    @property
    def failed(self) -> bool:
        return any(p.fatal for p in self.problems)


def same_text(a: str, b: str) -> bool:
    """Equal up to case and runs of white space (a headline repeated as the first line or heading)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def hash_text(data: bytes | str) -> str:
    """A stable content hash used for caching and note anchors."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()
