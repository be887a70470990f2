"""Group articles into stories: the versions different outlets wrote of one event.

Method
------
1. An article's front-matter ``story:`` (``Article.story``) always wins.
2. Every article is reduced to its *shingles*: the distinct word 4-grams of its
   folded text (`analysis.text.fold_words`), taken passage by passage.
3. Shingles found in so many articles that they are boilerplate (site
   furniture, "Sign up for our newsletter", agency credits) are ignored: a
   shingle is boilerplate when it occurs in more than
   ``max(BOILERPLATE_MIN_ARTICLES, BOILERPLATE_FRACTION * n_articles)`` articles.
   The absolute floor keeps a wire story reprinted by many outlets in a small
   corpus from being thrown away.
4. Candidate pairs of articles come from an inverted index (shingle ->
   articles), so unrelated articles are never compared.
5. Two articles are *linked* when they share at least ``MIN_SHARED_SHINGLES``
   shingles spread over at least ``MIN_SHARED_PASSAGES`` passages of each
   article (about two passages' worth of common wording), or when the shared
   shingles cover at least ``MIN_CONTAINMENT`` of the shorter article
   (short articles, one-paragraph briefs).
6. Stories are the connected components of the links. An unlabelled article
   linked to labelled ones joins the story of the first labelled article (in
   corpus order) of its component.
7. A story's id is a short slug of its first article's title, made unique with
   ``-2``, ``-3``...; labelled stories keep their label as id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from caravan_tui.analysis.text import fold_words
from caravan_tui.corpus.model import Article

SHINGLE_SIZE = 4
BOILERPLATE_MIN_ARTICLES = 30
BOILERPLATE_FRACTION = 0.2
MIN_SHARED_SHINGLES = 8
MIN_SHARED_PASSAGES = 2
MIN_CONTAINMENT = 0.3
SLUG_WORDS = 6


@dataclass(frozen=True)
class Story:
    """One story: its id, a title to show, and its articles in corpus order."""

    id: str
    title: str
    article_ids: tuple[str, ...]


def shingles(words: Sequence[str], size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The distinct word n-grams of a word list (the whole list if it is shorter)."""
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _article_shingles(article: Article) -> dict[tuple[str, ...], set[int]]:
    """Shingle -> the passages of the article it occurs in."""
    found: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for passage in article.passages:
        for shingle in shingles(fold_words(passage.text)):
            found[shingle].add(passage.index)
    return found


def _boilerplate_limit(n_articles: int) -> float:
    return max(BOILERPLATE_MIN_ARTICLES, BOILERPLATE_FRACTION * n_articles)


def _links(articles: Sequence[Article]) -> list[tuple[int, int]]:
    """Pairs of article positions that share enough wording to be one story."""
    per_article = [_article_shingles(a) for a in articles]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, found in enumerate(per_article):
        for shingle in found:
            index[shingle].append(position)
    limit = _boilerplate_limit(len(articles))
    shared: dict[tuple[int, int], list[tuple[str, ...]]] = defaultdict(list)
    for shingle, holders in index.items():
        if len(holders) < 2 or len(holders) > limit:
            continue
        for i, left in enumerate(holders):
            for right in holders[i + 1:]:
                shared[(left, right)].append(shingle)
    return [
        pair for pair, common in shared.items()
        if _is_linked(per_article[pair[0]], per_article[pair[1]], common)
    ]


def _is_linked(left: dict, right: dict, common: list[tuple[str, ...]]) -> bool:
    smaller = min(len(left), len(right)) or 1
    if len(common) / smaller >= MIN_CONTAINMENT:
        return True
    if len(common) < MIN_SHARED_SHINGLES:
        return False
    left_passages = set().union(*(left[s] for s in common))
    right_passages = set().union(*(right[s] for s in common))
    return min(len(left_passages), len(right_passages)) >= MIN_SHARED_PASSAGES


def _components(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components (union-find), each sorted, ordered by first member."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda members: members[0])


def slugify(title: str, words: int = SLUG_WORDS) -> str:
    """'Exodus from poverty': Migrant... -> 'exodus-from-poverty-migrant...' (short, ASCII)."""
    slug = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in fold_words(title)[:words])
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or "story"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _assign(articles: Sequence[Article], components: list[list[int]]) -> dict[str, str]:
    taken = {a.story for a in articles if a.story}
    story_of: dict[str, str] = {}
    for members in components:
        labelled = [articles[i].story for i in members if articles[i].story]
        fallback = labelled[0] if labelled else _unique(slugify(articles[members[0]].title), taken)
        for i in members:
            story_of[articles[i].id] = articles[i].story or fallback
    return story_of


def story_of_each(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> story id, for every article."""
    articles = list(articles)
    return _assign(articles, _components(len(articles), _links(articles)))


def group_stories(articles: Sequence[Article]) -> list[Story]:
    """The stories of a corpus, in the order their first article appears."""
    articles = list(articles)
    story_of = story_of_each(articles)
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(story_of[article.id], []).append(article)
    return [
        Story(id=story_id, title=group[0].title or story_id, article_ids=tuple(a.id for a in group))
        for story_id, group in members.items()
    ]


def story_sizes(articles: Sequence[Article]) -> Counter:
    """Story id -> number of articles (handy for lists and benchmarks)."""
    return Counter(story_of_each(articles).values())
