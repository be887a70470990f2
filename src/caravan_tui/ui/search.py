"""Search inside an article and across the corpus: where a query occurs, by passage and character.

No Textual here. Matching ignores case and accents ("Lopez" finds "López")
and keeps character offsets of the original text, so a match can be
highlighted in place: each character is folded on its own to exactly one
character (its first decomposed letter, lower-cased).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from caravan_tui.corpus.model import Article

MAX_CORPUS_MATCHES = 500
EXCERPT_RADIUS = 40


@dataclass(frozen=True, order=True)
class Match:
    """One occurrence of the query: passage index and character span in the passage text."""

    passage: int
    start: int
    end: int


@dataclass(frozen=True)
class CorpusMatch:
    """One occurrence of the query in an article of the corpus, with its surrounding text."""

    article_id: str
    outlet: str
    title: str
    match: Match
    excerpt: str


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    folded = (decomposed[0] if decomposed else char).lower()
    return folded if len(folded) == 1 else char


def fold_same_length(text: str) -> str:
    """`text` without case or accents, one character for each character of `text`."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `query` in `text`, ignoring case and accents."""
    needle = fold_same_length(query.strip())
    if not needle:
        return []
    haystack = fold_same_length(text)
    spans, start = [], haystack.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


def find_in_article(article: Article, query: str) -> list[Match]:
    """Every match of `query` in the article's passages, in reading order."""
    return [Match(passage.index, start, end)
            for passage in article.passages for start, end in find_in_text(passage.text, query)]


def find_in_corpus(articles: Iterable[Article], query: str, limit: int = MAX_CORPUS_MATCHES) -> list[CorpusMatch]:
    """Matches of `query` across articles (at most `limit`), each with an excerpt around it."""
    found: list[CorpusMatch] = []
    for article in articles:
        for match in find_in_article(article, query):
            text = article.passages[match.passage].text if match.passage < len(article.passages) else ""
            found.append(CorpusMatch(article.id, article.outlet, article.title, match,
                                     excerpt_around(text, match.start, match.end)))
            if len(found) >= limit:
                return found
    return found


def excerpt_around(text: str, start: int, end: int, radius: int = EXCERPT_RADIUS) -> str:
    """The match with up to `radius` characters either side, on one line, with … where cut."""
    left, right = max(0, start - radius), min(len(text), end + radius)
    excerpt = " ".join(text[left:right].split())
    return ("…" if left else "") + excerpt + ("…" if right < len(text) else "")


def next_match(matches: list[Match], passage: int, step: int) -> Match | None:
    """The first match in a passage after (step > 0) or before (step < 0) `passage`, wrapping around."""
    if not matches:
        return None
    if step > 0:
        return next((m for m in matches if m.passage > passage), matches[0])
    return next((m for m in reversed(matches) if m.passage < passage), matches[-1])
