"""Event grouping: join articles about the same real-world event, whether or not they copy each other.

Each article becomes an *event profile*: a sparse, unit-length vector of

- its distinctive words (folded, plurals folded to the singular, title words
  counted twice, sublinear term frequency), each weighted by its rarity over a
  background collection (the shipped wordfreq table, see data/word_rarity/)
  plus the corpus itself -- rarity from the corpus alone discounts a small
  corpus's own story words;
- its names (capitalised runs that do not open a sentence), a sub-vector
  weighted by ``ENTITY_WEIGHT``;
- figures, which are words like any other ("6.1", "200", "2008");

and a *date*: the publication date when known, else the first full date in
the text, else a month and year, else the commonest year, each with its
precision. Two profiles are as similar as their cosine, less a mild time
penalty that grows linearly over ``TIME_SCALE_DAYS`` (none when either is
undated). Publication dates are reliable where dates found in text are noisy:
when both articles have one, the penalty is stronger (``PUBLISHED_PENALTY``,
reached ``PUBLISHED_SCALE_DAYS`` after ``PUBLISHED_GRACE_DAYS`` of grace).

Grouping is average-link clustering at one threshold over a sparse graph:
candidate pairs come from an inverted index on each article's rarest terms
(postings capped at ``POSTINGS_CAP``), so unrelated articles are never
compared. Average-link at threshold t never joins two components of the graph
of pairs above t, so working on candidate pairs only is (almost) exact and
grows near-linearly. `EventIndex.add` is the incremental form: an added
article joins the story with the best average similarity if it reaches the
threshold, else founds one, without regrouping the corpus.

Constants were chosen by leave-topics-out cross-validation on the ECB+
training topics (bench/stories_ecb.py --cv).
"""

from __future__ import annotations

import datetime
import gzip
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from sys import intern

from caravan_tui.analysis.text import fold
from caravan_tui.corpus.model import Article

#: Bump when profiles or clustering change (cached groupings then miss).
ALGORITHM_VERSION = 1

STOPWORD_ZIPF = 5.5
UNKNOWN_ZIPF = 1.5
BACKGROUND_DOCS = 2000
WORDS_PER_DOC = 500
TITLE_REPEAT = 2
TITLE_WEIGHT = 0.6
ENTITY_WEIGHT = 0.8
PROFILE_TERMS = 80
TIME_PENALTY = 0.1
TIME_SCALE_DAYS = 365
PUBLISHED_PENALTY = 1.0
PUBLISHED_GRACE_DAYS = 2
PUBLISHED_SCALE_DAYS = 7
THRESHOLD = 0.02
LOCAL_NEIGHBOUR = 5
LOCAL_SCALE = 0.5
SCALE_FLOOR = 0.25
MIN_SIMILARITY = -1.0
NEAR_DUPLICATE = 0.8
CANDIDATE_TERMS = 12
POSTINGS_CAP = 60
MIN_PARTIAL = 0.05
COPY_SIMILARITY = 1.0
SCAN_LIMIT = 20

_ENTITY_RUN = re.compile(r"(?<=[a-z0-9,;:] )[A-Z][\w'-]+(?: (?:of |de |la |del )?[A-Z][\w'-]+)*")
_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_RE = "(" + "|".join(m[:3] + r"(?:" + m[3:] + r")?\.?" for m in _MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH_RE},? ((?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH_RE} (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE},? ((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_CALENDAR_WORDS = frozenset(_MONTHS + "monday tuesday wednesday thursday friday saturday sunday".split())

Vector = dict[str, float]


@dataclass(frozen=True)
class EventDate:
    """A day number (proleptic ordinal) and how precise it is, in days (0: the day is known)."""

    day: int
    precision: int
    published: bool = False

    def to_list(self) -> list[int]:
        return [self.day, self.precision, int(self.published)]


@dataclass(frozen=True)
class EventProfile:
    """What event grouping compares: a unit vector of weighted terms, and a date when one is known."""

    vector: Vector
    date: EventDate | None

    def to_dict(self) -> dict[str, object]:
        return {"v": self.vector, "d": self.date.to_list() if self.date else None}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> EventProfile:
        vector = data.get("v")
        date = data.get("d")
        if not isinstance(vector, dict):
            raise ValueError("not an event profile")
        found = None
        if isinstance(date, list) and len(date) == 3:
            found = EventDate(int(date[0]), int(date[1]), bool(date[2]))
        return cls(vector, found)  # written by to_dict: str -> float already


@dataclass(frozen=True)
class _Terms:
    """An article's raw counts before weighting: words, names, and its date."""

    words: Counter[str]
    names: Counter[str]
    title: Counter[str]
    date: EventDate | None


# --- background rarity -----------------------------------------------------------


@lru_cache(maxsize=1)
def background_zipf() -> dict[str, float]:
    """Word -> Zipf frequency (log10 per billion words) from the shipped wordfreq-derived table."""
    data = resources.files("caravan_tui.data").joinpath("word_rarity/en.tsv.gz").read_bytes()
    table: dict[str, float] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, _, zipf = line.partition("\t")
        if word and zipf:
            word = quick_fold(word)
            table[word] = max(float(zipf), table.get(word, 0.0))
    return table


def _background_share(zipf: float) -> float:
    """The share of background documents expected to hold a word of that Zipf frequency."""
    per_word = 10.0 ** (zipf - 9.0)
    return 1.0 - math.exp(-per_word * WORDS_PER_DOC)


def rarity(term: str, corpus_df: int, corpus_size: int, zipf: float | None) -> float:
    """Inverse document frequency over the background collection plus the corpus."""
    background = BACKGROUND_DOCS * _background_share(UNKNOWN_ZIPF if zipf is None else zipf)
    return math.log((BACKGROUND_DOCS + corpus_size + 1.0) / (background + corpus_df + 1.0))


# --- terms, names, dates -----------------------------------------------------------


def _lemma(word: str, table: Mapping[str, float]) -> str:
    """A cheap singular: 'floods' -> 'flood', 'cities' -> 'city' when the table knows the result."""
    if len(word) > 4 and word.endswith("ies") and word[:-3] + "y" in table:
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[:-1] in table:
        return word[:-1]
    return word


_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WORD = re.compile(r"[\w']+")


def quick_fold(text: str) -> str:
    """`analysis.text.fold`, with a fast path for ASCII text (no accents or curly quotes to map)."""
    if not text.isascii():
        return fold(text)
    if "." in text:
        text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    if "," in text:
        text = _NUMBER_COMMA.sub("", text)
    return text.casefold()


def quick_fold_words(text: str) -> list[str]:
    """`analysis.text.fold_words` through `quick_fold`."""
    return _WORD.findall(quick_fold(text))


_EVIDENCE_CACHE_LIMIT = 500_000
_evidence: dict[str, str] = {}


def _evidence_form(word: str) -> str:
    """The form a folded word counts under ('' for words that carry no evidence), memoised."""
    found = _evidence.get(word)
    if found is None:
        table = background_zipf()
        bare = word.removesuffix("'s").strip("'")
        if len(bare) < 2 or table.get(bare, 0.0) >= STOPWORD_ZIPF or bare in _CALENDAR_WORDS:
            found = ""
        else:
            found = _lemma(bare, table)
        if len(_evidence) < _EVIDENCE_CACHE_LIMIT:
            _evidence[word] = found
    return found


def content_words(text: str) -> list[str]:
    """The words of a text that can carry evidence: folded, singular, not frequent function words."""
    return [form for form in map(_evidence_form, quick_fold_words(text)) if form]


def names_of(text: str) -> list[str]:
    """Folded capitalised runs that do not open a sentence ('Mark Teixeira', 'Red Sox')."""
    runs = (quick_fold(run) for run in _ENTITY_RUN.findall(text))
    return [run for run in runs if run not in _CALENDAR_WORDS]


def _month(name: str) -> int:
    return _MONTHS.index(next(m for m in _MONTHS if name.casefold().startswith(m[:3]))) + 1


def _day(year: int, month: int, day: int, precision: int) -> EventDate | None:
    try:
        return EventDate(datetime.date(year, month, day).toordinal(), precision)
    except ValueError:
        return None


def date_in_text(text: str) -> EventDate | None:
    """The first full date in a text, else the first month and year, else the commonest year."""
    found: list[tuple[int, EventDate]] = []
    for match in _ISO_DATE.finditer(text):
        found += [(match.start(), d) for d in [_day(int(match[1]), int(match[2]), int(match[3]), 0)] if d]
    for match in _MONTH_DAY_YEAR.finditer(text):
        found += [(match.start(), d) for d in [_day(int(match[3]), _month(match[1]), int(match[2]), 0)] if d]
    for match in _DAY_MONTH_YEAR.finditer(text):
        found += [(match.start(), d) for d in [_day(int(match[3]), _month(match[2]), int(match[1]), 0)] if d]
    if found:
        return min(found, key=lambda item: item[0])[1]
    month = _MONTH_YEAR.search(text)
    if month:
        return _day(int(month[2]), _month(month[1]), 15, 15)
    years = Counter(_YEAR.findall(text)).most_common(1)
    return _day(int(years[0][0]), 7, 1, 182) if years else None


def article_date(article: Article) -> EventDate | None:
    """The publication date when it is an ISO date, else a date found in the text."""
    try:
        return EventDate(datetime.date.fromisoformat((article.published or "")[:10]).toordinal(), 0, True)
    except ValueError:
        return date_in_text("\n".join(p.text for p in article.passages))


def _terms(article: Article) -> _Terms:
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    text = "\n".join(passage.text for passage in article.passages)
    words.update(content_words(text))
    names.update(names_of(text))
    title = Counter(content_words(article.title))
    for _ in range(TITLE_REPEAT):
        words.update(title)
    return _Terms(words, names, Counter({"^" + word: n for word, n in title.items()}), article_date(article))


# --- weighting ---------------------------------------------------------------------


def _unit(vector: Vector, scale: float = 1.0) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: scale * v / norm for k, v in vector.items()} if norm else {}


def _weigh(terms: _Terms, df: Mapping[str, int], corpus_size: int) -> EventProfile:
    table = background_zipf()
    words = {w: (1.0 + math.log(n)) * rarity(w, df.get(w, 1), corpus_size, table.get(w))
             for w, n in terms.words.items()}
    names = {"@" + n: (1.0 + math.log(c)) * rarity("@" + n, df.get("@" + n, 1), corpus_size, None)
             for n, c in terms.names.items()}
    title = {t: rarity(t[1:], df.get(t[1:], 1), corpus_size, table.get(t[1:])) for t in terms.title}
    vector = _unit(words)
    vector.update(_unit(names, ENTITY_WEIGHT))
    vector.update(_unit(title, TITLE_WEIGHT))
    top = dict(sorted(vector.items(), key=lambda item: -item[1])[:PROFILE_TERMS])
    # interned: a term shared by many profiles is one string, not one per article (100,000 profiles are held)
    return EventProfile({intern(k): round(v, 4) for k, v in _unit(top).items()}, terms.date)


def _keys(terms: _Terms) -> Iterable[str]:
    yield from terms.words
    yield from ("@" + n for n in terms.names)


def profiles(articles: Sequence[Article], index: EventIndex | None = None) -> list[EventProfile]:
    """The event profiles of articles, rarity counted over the background, these articles and `index`'s.

    Two passes, the terms counted again in the second: keeping every article's term counts between
    them cost about 20 KB per article (2 GB at 100,000 articles), against a second reading of the text.
    """
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(_keys(_terms(article)))
    size = len(articles)
    if index is not None:
        counts.update(index.document_frequency(set(counts)))
        size += len(index.profiles)
    return [_weigh(_terms(article), counts, size) for article in articles]


# --- similarity --------------------------------------------------------------------


def cosine(left: Vector, right: Vector) -> float:
    return sum([left[key] * right[key] for key in left.keys() & right.keys()])


def time_penalty(left: EventDate | None, right: EventDate | None) -> float:
    """A mild penalty for dates far apart: linear up to ``TIME_PENALTY`` over ``TIME_SCALE_DAYS``."""
    if left is None or right is None:
        return 0.0
    gap = max(0, abs(left.day - right.day) - left.precision - right.precision)
    if left.published and right.published:
        return PUBLISHED_PENALTY * min(1.0, max(0, gap - PUBLISHED_GRACE_DAYS) / PUBLISHED_SCALE_DAYS)
    return TIME_PENALTY * min(1.0, gap / TIME_SCALE_DAYS)


def similarity(left: EventProfile, right: EventProfile) -> float:
    """Cosine less the time penalty; none for near-identical texts (a reprint is the same story)."""
    value = cosine(left.vector, right.vector)
    return value if value >= NEAR_DUPLICATE else value - time_penalty(left.date, right.date)


# --- candidates and clustering ---------------------------------------------------------


def _query_terms(profile: EventProfile, df: Mapping[str, int]) -> list[str]:
    """The heaviest terms of a profile that are neither unique nor too common to index."""
    usable = [(w, t) for t, w in profile.vector.items() if 1 < df.get(t, 0) <= POSTINGS_CAP]
    return [t for _, t in sorted(usable, reverse=True)[:CANDIDATE_TERMS]]


def candidate_pairs(all_profiles: Sequence[EventProfile]) -> dict[tuple[int, int], float]:
    """Pairs (i < j) worth comparing, with their similarity: those sharing heavy rare terms."""
    df: Counter[str] = Counter()
    for profile in all_profiles:
        df.update(profile.vector.keys())
    postings: dict[str, list[int]] = defaultdict(list)
    queries = [_query_terms(p, df) for p in all_profiles]
    for position, terms in enumerate(queries):
        for term in terms:
            postings[term].append(position)
    edges: dict[tuple[int, int], float] = {}
    for position, terms in enumerate(queries):
        vector = all_profiles[position].vector
        partial: dict[int, float] = defaultdict(float)
        for term in terms:
            weight = vector[term]
            for other in postings[term]:
                if other > position:
                    partial[other] += weight * all_profiles[other].vector[term]
        for other, score in partial.items():
            if score >= MIN_PARTIAL:
                edges[(position, other)] = similarity(all_profiles[position], all_profiles[other])
    return edges


@dataclass
class _Clusters:
    """Average-link state: members and the summed similarity between clusters."""

    members: dict[int, list[int]]
    sums: dict[int, dict[int, float]] = field(default_factory=dict)

    def average(self, a: int, b: int) -> float:
        return self.sums[a].get(b, 0.0) / (len(self.members[a]) * len(self.members[b]))

    def merge(self, a: int, b: int) -> int:
        """Merge the smaller of a, b into the larger; return the survivor."""
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.members[a].extend(self.members.pop(b))
        for other, value in self.sums.pop(b).items():
            if other == a:
                continue
            self.sums[a][other] = self.sums[a].get(other, 0.0) + value
            self.sums[other][a] = self.sums[other].get(a, 0.0) + value
            del self.sums[other][b]
        self.sums[a].pop(b, None)
        return a


def average_link(n: int, edges: Mapping[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster label of each of n items by average-link over the given pairs (others count as 0)."""
    clusters = _Clusters({i: [i] for i in range(n)}, {i: {} for i in range(n)})
    heap: list[tuple[float, int, int]] = []
    for (i, j), value in edges.items():
        clusters.sums[i][j] = clusters.sums[j][i] = value
        if value >= threshold:
            heap.append((-value, i, j))
    heapq.heapify(heap)
    while heap:
        value, a, b = heapq.heappop(heap)
        if a not in clusters.members or b not in clusters.members or -value != clusters.average(a, b):
            continue
        survivor = clusters.merge(a, b)
        for other in clusters.sums[survivor]:
            average = clusters.average(survivor, other)
            if average >= threshold:
                heapq.heappush(heap, (-average, survivor, other))
    labels = [0] * n
    for label, members in clusters.members.items():
        for i in members:
            labels[i] = label
    return labels


def neighbour_scales(n: int, edges: Mapping[tuple[int, int], float]) -> list[float]:
    """Each item's similarity to its ``LOCAL_NEIGHBOUR``-th most similar candidate (0 when it has fewer)."""
    found: list[list[float]] = [[] for _ in range(n)]
    for (i, j), value in edges.items():
        found[i].append(value)
        found[j].append(value)
    return [kth_largest(values) for values in found]


def kth_largest(values: Iterable[float]) -> float:
    ranked = heapq.nlargest(LOCAL_NEIGHBOUR, values)
    return max(SCALE_FLOOR, ranked[-1]) if len(ranked) == LOCAL_NEIGHBOUR else SCALE_FLOOR


def scaled(value: float, left_scale: float, right_scale: float) -> float:
    """Local scaling: a pair in a crowded neighbourhood must be more similar to count."""
    return value - LOCAL_SCALE * (left_scale + right_scale) / 2


def local_scaling(edges: Mapping[tuple[int, int], float], scales: Sequence[float]) -> dict[tuple[int, int], float]:
    """Scaled similarities of the pairs at least ``MIN_SIMILARITY`` similar (the others count as 0)."""
    return {(i, j): scaled(value, scales[i], scales[j]) for (i, j), value in edges.items() if value >= MIN_SIMILARITY}


@dataclass(frozen=True)
class Grouping:
    """A cluster label per profile, and each profile's neighbourhood scale (kept for incremental adds)."""

    labels: list[int]
    scales: list[float]


def group_events(all_profiles: Sequence[EventProfile], extra_links: Iterable[tuple[int, int]] = (),
                 threshold: float | None = None) -> Grouping:
    """Cluster the profiles; `extra_links` (copies found by shared wording) count as near-identical."""
    edges = candidate_pairs(all_profiles)
    scales = neighbour_scales(len(all_profiles), edges)
    edges = local_scaling(edges, scales)
    for i, j in extra_links:
        key = (min(i, j), max(i, j))
        edges[key] = max(edges.get(key, -1.0), COPY_SIMILARITY)
    labels = average_link(len(all_profiles), edges, THRESHOLD if threshold is None else threshold)
    return Grouping(labels, scales)


class EventIndex:
    """Stories held as clusters of profiles, to which articles can be added one at a time.

    Postings (term -> articles) are built only when many articles are to be added; for a few,
    scanning the profiles for the handful of terms needed is faster than indexing them all.
    """

    def __init__(self, threshold: float | None = None, expected_adds: int = 1) -> None:
        self.threshold = THRESHOLD if threshold is None else threshold
        self.profiles: dict[str, EventProfile] = {}
        self.story_of: dict[str, str] = {}
        self.scales: dict[str, float] = {}
        self._sizes: Counter[str] = Counter()
        self._index_all = expected_adds > SCAN_LIMIT
        self._postings: dict[str, list[str]] | None = None

    def put(self, article_id: str, profile: EventProfile, story: str, scale: float) -> None:
        """Record an article already grouped (with its neighbourhood scale)."""
        self.profiles[article_id] = profile
        self.story_of[article_id] = story
        self.scales[article_id] = scale
        self._sizes[story] += 1
        if self._postings is not None:
            for term in profile.vector:
                self._postings.setdefault(term, []).append(article_id)

    def holders(self, terms: set[str]) -> dict[str, list[str]]:
        """Term -> the articles whose profile holds it, for the given terms."""
        if self._index_all and self._postings is None:
            self._postings = defaultdict(list)
            for article_id, profile in self.profiles.items():
                for term in profile.vector:
                    self._postings[term].append(article_id)
        if self._postings is not None:
            return {term: self._postings.get(term, []) for term in terms}
        found: dict[str, list[str]] = {term: [] for term in terms}
        for article_id, profile in self.profiles.items():
            for term in profile.vector.keys() & terms:
                found[term].append(article_id)
        return found

    def document_frequency(self, terms: set[str]) -> Counter[str]:
        return Counter({term: len(ids) for term, ids in self.holders(terms).items() if ids})

    def best_story(self, profile: EventProfile) -> tuple[str | None, float]:
        """The story of highest average (locally scaled) similarity, if it reaches the threshold; the scale."""
        query = set(sorted(profile.vector, key=lambda t: -profile.vector[t])[:CANDIDATE_TERMS])
        similar: dict[str, float] = {}
        for holders in self.holders(query).values():
            if len(holders) <= POSTINGS_CAP:
                for other in holders:
                    if other not in similar:
                        similar[other] = similarity(profile, self.profiles[other])
        scale = kth_largest(similar.values())
        similar = {other: value for other, value in similar.items() if value >= MIN_SIMILARITY}
        sums: dict[str, float] = defaultdict(float)
        for other, value in similar.items():
            sums[self.story_of[other]] += scaled(value, scale, self.scales[other])
        scored = [(total / self._sizes[story], story) for story, total in sums.items()]
        best = max(scored, default=None)
        return (best[1] if best is not None and best[0] >= self.threshold else None), scale
