"""Group articles into stories: the versions different outlets wrote of one event.

Method
------
1. An article's front-matter ``story:`` (``Article.story``) always wins.
2. Every article is reduced to a *profile*:

   - its *shingles*: the distinct word 4-grams of its folded text
     (`analysis.text.fold_words`), taken passage by passage, each with the
     first passage it occurs in;
   - its *names*: capitalised words that do not open a sentence (folded; day
     and month names left out) -- a cheap stand-in for the entity recogniser,
     which is far too slow to run on every article before the list shows;
   - its *day*: the date of ``published`` when it is an ISO date.

3. Shingles found in so many articles that they are boilerplate (site
   furniture, "Sign up for our newsletter", agency credits) are ignored: a
   shingle is boilerplate when it occurs in more than
   ``max(BOILERPLATE_MIN_ARTICLES, min(BOILERPLATE_FRACTION * n_articles,
   BOILERPLATE_MAX_ARTICLES))`` articles. The floor keeps a wire story
   reprinted by many outlets in a small corpus; the ceiling keeps the
   candidate search linear on large corpora.
4. Candidate pairs come from an inverted index (shingle -> articles), counted
   in C (`collections.Counter`), so unrelated articles are never compared and
   10,000 articles group in seconds.
5. A pair is judged on three kinds of evidence:

   - *shared passages*: the shared shingles, their share of the shorter
     article (containment) and the passages of each article they fall in
     (a passage counts as shared when at least ``MIN_PASSAGE_SHARE`` of its
     shingles, and at least ``MIN_SHINGLES_PER_PASSAGE``, are shared: a few
     stock phrases of an affair scattered over a passage do not count);
   - *shared entities*: the share of the smaller name set found in the other;
   - *dates*: whether both days are known and more than ``MAX_DAYS_APART``
     apart.

   Two articles are *linked* when the wording alone is overwhelming
   (containment at least ``STRONG_CONTAINMENT``: reprints, briefs), or when
   they share ``MIN_SHARED_PASSAGES`` passages or more and neither the names
   (overlap below ``MIN_NAME_OVERLAP`` when both have names) nor the dates
   (too far apart) contradict it. One pasted background paragraph, shared by
   every story of an affair, is thus never enough; names and dates veto the
   rest.
6. Stories are the connected components of the links. An unlabelled article
   linked to labelled ones joins the story of the first labelled article (in
   id order) of its component.
7. A story's id is a short slug of the title of its first article (in id
   order), made unique with ``-2``, ``-3``...; labelled stories keep their
   label as id.

The result depends only on the set of articles, so `story_of_each(articles,
cache=...)` keeps it in the analysis cache (kind ``stories/<version>``, key:
a hash of the sorted (id, content hash) pairs) and a warm start reads it back.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caravan_tui.analysis import events
    from caravan_tui.storage.cache import AnalysisCache

from caravan_tui.analysis.text import fold, fold_words
from caravan_tui.corpus.model import Article, hash_text

ALGORITHM_VERSION = 3
EVENTS_VERSION = 1  # analysis.events.ALGORITHM_VERSION, not imported here: events loads data (start-up)
CACHE_KIND = f"stories/{ALGORITHM_VERSION}.{EVENTS_VERSION}"
PROFILE_KIND = f"event-profile/{EVENTS_VERSION}"
INCREMENTAL_MIN_ARTICLES = 50
PROFILE_WRITE_BATCH = 5_000
INCREMENTAL_MAX_SHARE = 0.2
SHINGLE_SIZE = 4
BOILERPLATE_MIN_ARTICLES = 30
BOILERPLATE_FRACTION = 0.2
BOILERPLATE_MAX_ARTICLES = 400
MIN_CANDIDATE_SHINGLES = 3
MIN_SHINGLES_PER_PASSAGE = 3
MIN_PASSAGE_SHARE = 0.3
MIN_SHARED_PASSAGES = 2
STRONG_CONTAINMENT = 0.6
MIN_NAME_OVERLAP = 0.25
MAX_DAYS_APART = 7
SLUG_WORDS = 6

_NAME = re.compile(r"(?<=[a-z0-9,;:] )[A-Z][\w'-]+")
_CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split())


@dataclass(frozen=True)
class Story:
    """One story: its id, a title to show, and its articles in corpus order."""

    id: str
    title: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Profile:
    """What story grouping compares: shingle hash -> first passage, shingles per passage, names, day."""

    shingles: dict[int, int]
    passage_sizes: Counter[int]
    names: frozenset[str]
    day: int | None


def shingles(words: Sequence[str], size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The distinct word n-grams of a word list (the whole list if it is shorter)."""
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _shingle_hashes(words: list[str]) -> list[int]:
    if len(words) < SHINGLE_SIZE:
        return [hash(tuple(words))] if words else []
    return list(map(hash, zip(*(words[i:] for i in range(SHINGLE_SIZE)))))


def names_in(text: str) -> set[str]:
    """Folded capitalised words that do not open a sentence (a cheap guess at names)."""
    found = {fold(word) for word in _NAME.findall(text)}
    return found - _CALENDAR_WORDS


def day_of(published: str | None) -> int | None:
    """The day number of an ISO date ("2024-03-05...") or None."""
    try:
        return datetime.date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _profile(article: Article) -> _Profile:
    found: dict[int, int] = {}
    names: set[str] = set()
    for passage in reversed(article.passages):  # earlier passages overwrite: the first one wins
        found.update(dict.fromkeys(_shingle_hashes(fold_words(passage.text)), passage.index))
        names |= names_in(passage.text)
    return _Profile(found, Counter(found.values()), frozenset(names), day_of(article.published))


def _boilerplate_limit(n_articles: int) -> float:
    return max(BOILERPLATE_MIN_ARTICLES, min(BOILERPLATE_FRACTION * n_articles, BOILERPLATE_MAX_ARTICLES))


def _rare_index(profiles: list[_Profile]) -> dict[int, list[int]]:
    """Shingle -> positions of the articles holding it, for shingles neither unique nor boilerplate."""
    index: dict[int, list[int]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        for shingle in profile.shingles:
            index[shingle].append(position)
    limit = _boilerplate_limit(len(profiles))
    return {shingle: holders for shingle, holders in index.items() if 1 < len(holders) <= limit}


def _links(profiles: list[_Profile]) -> list[tuple[int, int]]:
    """Pairs of article positions judged to be one story."""
    rare = _rare_index(profiles)
    links = []
    for position, profile in enumerate(profiles):
        counts = Counter(chain.from_iterable(rare[s] for s in profile.shingles if s in rare))
        for other, shared in counts.items():
            if other > position and shared >= MIN_CANDIDATE_SHINGLES:
                if _is_linked(profile, profiles[other], rare):
                    links.append((position, other))
    return links


def _shared_passages(left: _Profile, right: _Profile, common: list[int]) -> int:
    """Passages shared in substance (see the module docstring), on the side that has fewer."""
    return min(_passages_holding(left, common), _passages_holding(right, common))


def _passages_holding(profile: _Profile, common: list[int]) -> int:
    shared = Counter(profile.shingles[s] for s in common)
    return sum(1 for passage, n in shared.items()
               if n >= MIN_SHINGLES_PER_PASSAGE and n >= MIN_PASSAGE_SHARE * profile.passage_sizes[passage])


def _name_overlap(left: _Profile, right: _Profile) -> float | None:
    if not left.names or not right.names:
        return None
    return len(left.names & right.names) / min(len(left.names), len(right.names))


def _dates_apart(left: _Profile, right: _Profile) -> bool:
    return left.day is not None and right.day is not None and abs(left.day - right.day) > MAX_DAYS_APART


def _is_linked(left: _Profile, right: _Profile, rare: dict[int, list[int]]) -> bool:
    common = [s for s in left.shingles.keys() & right.shingles.keys() if s in rare]
    containment = len(common) / (min(len(left.shingles), len(right.shingles)) or 1)
    if containment >= STRONG_CONTAINMENT:
        return True
    if _shared_passages(left, right, common) < MIN_SHARED_PASSAGES:
        return False
    names = _name_overlap(left, right)
    return not (names is not None and names < MIN_NAME_OVERLAP) and not _dates_apart(left, right)


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
            story_of[articles[i].id] = articles[i].story or fallback or articles[i].id
    return story_of


def grouping_key(articles: Sequence[Article]) -> str:
    """The cache key of a corpus's grouping: its sorted (id, content hash) pairs."""
    return hash_text("\n".join(sorted(f"{a.id}\t{_fingerprint(a)}" for a in articles)))


def _fingerprint(article: Article) -> str:
    """The content hash, or (for articles built in memory without one) a hash of what grouping reads."""
    if article.content_hash:
        return article.content_hash + (f"\t{article.story}" if article.story else "")
    fields = [article.title, article.story or "", article.published or "", *(p.text for p in article.passages)]
    return hash_text("\x00".join(fields))


@dataclass
class _Grouped:
    """A grouping with what an incremental update needs: each article's profile and neighbourhood scale."""

    story_of: dict[str, str]
    profiles: dict[str, events.EventProfile]
    scales: dict[str, float]
    fresh: set[str] | None = None  # the articles profiled anew (None: all of them)


def _group(articles: list[Article]) -> _Grouped:
    """Group a whole corpus from scratch (event profiles, candidate pairs, average-link)."""
    ordered = sorted(articles, key=lambda a: a.id)
    from caravan_tui.analysis import events

    found = events.profiles(ordered)
    grouping = events.group_events(found)
    story_of = _assign(ordered, _clusters(grouping.labels))
    return _Grouped(story_of, {a.id: p for a, p in zip(ordered, found)},
                    {a.id: s for a, s in zip(ordered, grouping.scales)})


def _clusters(labels: Sequence[int]) -> list[list[int]]:
    """Positions grouped by label, each group sorted, groups ordered by first member."""
    groups: dict[int, list[int]] = defaultdict(list)
    for position, label in enumerate(labels):
        groups[label].append(position)
    return sorted(groups.values(), key=lambda members: members[0])


def _add(articles: list[Article], prior: dict[str, list[Any]], profiles: dict[str, dict[str, Any]]) -> _Grouped | None:
    """Add new or changed articles to a previous grouping without regrouping it (None: regroup instead)."""
    kept = [a for a in articles if _prior_fingerprint(prior, a.id) == _fingerprint(a)]
    added = sorted((a for a in articles if _prior_fingerprint(prior, a.id) != _fingerprint(a)), key=lambda a: a.id)
    if not kept or len(added) > max(INCREMENTAL_MIN_ARTICLES, INCREMENTAL_MAX_SHARE * len(articles)):
        return None
    from caravan_tui.analysis import events

    index = events.EventIndex(expected_adds=len(added))
    try:
        for article in kept:
            entry = prior[article.id]
            index.put(article.id, events.EventProfile.from_dict(profiles[_fingerprint(article)]),
                      str(entry[1]), float(entry[2]))
    except (KeyError, ValueError, TypeError, IndexError):
        return None
    fresh = events.profiles(added, index)
    taken = set(index.story_of.values()) | {a.story for a in articles if a.story}
    for article, profile in zip(added, fresh):
        best, scale = index.best_story(profile)
        story = article.story or best or _unique(slugify(article.title), taken)
        index.put(article.id, profile, story, scale)
    return _Grouped(index.story_of, index.profiles, index.scales, {a.id for a in added})


def _prior_fingerprint(prior: dict[str, list[Any]], article_id: str) -> str | None:
    entry = prior.get(article_id)
    return entry[0] if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) else None


def _place_key(articles: Sequence[Article]) -> str:
    """Which corpus this is, whatever its content: the folders its articles come from, by their real paths
    (a folder given as `articles` from its parent and as an absolute path is one corpus, grouped once)."""
    folders = {os.path.dirname(os.fspath(a.path)) for a in articles}
    return hash_text("\n".join(sorted({os.path.realpath(folder or os.curdir) for folder in folders})))


def _regroup(articles: list[Article], cache: Any, prior: Any) -> dict[str, str]:
    """Group through the cache: incrementally from this corpus's last grouping when possible."""
    grouped = None
    if isinstance(prior, dict):
        wanted = [_fingerprint(a) for a in articles if _prior_fingerprint(prior, a.id) == _fingerprint(a)]
        grouped = _add(articles, prior, cache.get_many(PROFILE_KIND, wanted)) if wanted else None
    if grouped is None:
        grouped = _group(articles)
    fresh = [a for a in articles if grouped.fresh is None or a.id in grouped.fresh]
    for start in range(0, len(fresh), PROFILE_WRITE_BATCH):  # a batch at a time: 100,000 at once held 300 MB
        cache.put_many(PROFILE_KIND, {_fingerprint(a): grouped.profiles[a.id].to_dict()
                                      for a in fresh[start:start + PROFILE_WRITE_BATCH]})
    cache.put(CACHE_KIND, _place_key(articles), {"articles": {
        a.id: [_fingerprint(a), grouped.story_of[a.id], round(grouped.scales[a.id], 4)] for a in articles}})
    return grouped.story_of


def members_by_story(articles: Sequence[Article], story_of: dict[str, str]) -> dict[str, list[Article]]:
    """Story id -> its articles in corpus order (an article missing from `story_of` is its own story)."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(story_of.get(article.id, article.id), []).append(article)
    return groups


def story_of_each(articles: Sequence[Article], cache: Any = None,
                  corrections: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id -> story id, for every article (read from / kept in `cache` when given).

    `corrections` (article id -> story id, the reader's moves: see storage/corrections.py) override
    the automatic grouping; an article's front-matter ``story:`` overrides both.
    """
    articles = list(articles)
    story_of = _cached_story_of(articles, cache) if cache is not None else _group(articles).story_of
    return apply_corrections(articles, story_of, corrections) if corrections else story_of


def _cached_story_of(articles: list[Article], cache: Any) -> dict[str, str]:
    """The grouping kept for this corpus's folders when every article is unchanged, else regrouped."""
    state = cache.get(CACHE_KIND, _place_key(articles))
    prior = state.get("articles") if isinstance(state, dict) else None
    if isinstance(prior, dict) and len(prior) == len(articles) and all(
            _prior_fingerprint(prior, a.id) == _fingerprint(a) for a in articles):
        return {a.id: str(prior[a.id][1]) for a in articles}
    return _regroup(articles, cache, prior)


def apply_corrections(articles: Sequence[Article], story_of: Mapping[str, str],
                      corrections: Mapping[str, str]) -> dict[str, str]:
    """The grouping with the reader's moves applied (front-matter ``story:`` still wins)."""
    corrected = dict(story_of)
    for article in articles:
        moved = corrections.get(article.id)
        if moved and not article.story:
            corrected[article.id] = moved
    return corrected


def group_stories(articles: Sequence[Article], cache: AnalysisCache | None = None) -> list[Story]:
    """The stories of a corpus, in the order their first article appears."""
    articles = list(articles)
    story_of = story_of_each(articles, cache=cache)
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(story_of[article.id], []).append(article)
    return [
        Story(id=story_id, title=group[0].title or story_id, article_ids=tuple(a.id for a in group))
        for story_id, group in members.items()
    ]


def story_sizes(articles: Sequence[Article]) -> Counter[str]:
    """Story id -> number of articles (handy for lists and benchmarks)."""
    return Counter(story_of_each(articles).values())
