"""Same fact, own words: pair passages of independently written articles that report the same fact.

Between two articles of different families (see `analysis.families`) wording
is no guide; what they share is the fact: the same figure, the same quote, the
same people and places in the same relation. Each passage is reduced to its
*evidence*: figures (numbers, folded: "4,300" -> 4300; years are not figures),
quoted words, names (capitalised runs inside a sentence, and sentence openers
that are not common words) and content words (`events.content_words`). A pair
of passages of two independent articles is the same fact when

- they share a quote of at least ``MIN_QUOTE_WORDS`` words in a row; or
- they share a figure and at least ``MIN_CONTEXT_WITH_FIGURE`` other words or
  names (what the figure counts); or
- they carry figures of the same magnitude that differ (a ratio within
  ``MAX_FIGURE_RATIO``) and share at least ``MIN_CONTEXT_FOR_CONFLICT`` words
  or names: the same fact with another value, reported side by side; or
- they share at least ``MIN_SHARED_NAMES`` names and ``MIN_SHARED_WORDS``
  content words, and the words overlap by ``MIN_WORD_OVERLAP`` (Jaccard).

Each passage keeps its best counterpart in each other article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass
from itertools import combinations

from caravan_tui.analysis.events import background_zipf, content_words, names_of, quick_fold, quick_fold_words
from caravan_tui.corpus.model import Article

MIN_QUOTE_WORDS = 5
MIN_CONTEXT_WITH_FIGURE = 2
MIN_CONTEXT_FOR_CONFLICT = 3
MAX_FIGURE_RATIO = 1.5
MIN_SHARED_NAMES = 2
MIN_SHARED_WORDS = 3
MIN_WORD_OVERLAP = 0.15
COMMON_OPENER_ZIPF = 4.0
MAX_PASSAGE_CHARS = 5000
MAX_HOLDERS = 60

_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{10,600})[\"\u201d]")
_OPENER = re.compile(r"(?:^|[.!?] )([A-Z][\w'-]+)")

SCORE_QUOTE, SCORE_FIGURE, SCORE_CONFLICT, SCORE_NAMES = 90.0, 80.0, 70.0, 60.0


@dataclass(frozen=True)
class Evidence:
    """What a passage reports, reduced for comparison."""

    article: str
    passage: int
    figures: dict[float, str]
    quotes: tuple[str, ...]
    names: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True)
class FactPair:
    """Two passages reporting the same fact; `figures` holds differing values side by side."""

    a: tuple[str, int]
    b: tuple[str, int]
    score: float
    figures: tuple[tuple[str, str], ...] = ()


def evidence(article: Article, index: int) -> Evidence:
    """The evidence of one passage of an article."""
    text = article.passages[index].text[:MAX_PASSAGE_CHARS]
    figures: dict[float, str] = {}
    for match in _FIGURE.finditer(text):
        value = float(match.group(0).replace(",", ""))
        if not (1900 <= value <= 2100 and "." not in match.group(0)) and value > 0:
            figures.setdefault(value, match.group(0))
    table = background_zipf()
    openers = {quick_fold(w) for w in _OPENER.findall(text) if table.get(quick_fold(w), 0.0) < COMMON_OPENER_ZIPF}
    names = {part for name in names_of(text) for part in name.split()} | openers
    quotes = tuple(" ".join(quick_fold_words(q)) for q in _QUOTED.findall(text))
    return Evidence(article.id, article.passages[index].index, figures, quotes, frozenset(names),
                    frozenset(content_words(text)) - names)


def _shared_quote(left: Evidence, right: Evidence) -> bool:
    for quote in left.quotes:
        words = quote.split()
        for start in range(len(words) - MIN_QUOTE_WORDS + 1):
            run = " ".join(words[start:start + MIN_QUOTE_WORDS])
            if any(run in other for other in right.quotes):
                return True
    return False


def _conflicting_figures(left: Evidence, right: Evidence) -> tuple[tuple[str, str], ...]:
    """Figures of one side with a near value, not equal, on the other and none equal to it."""
    found = []
    for value, text in left.figures.items():
        if value in right.figures:
            continue
        near = [(abs(value - other), other) for other in right.figures
                if other not in left.figures and max(value, other) / min(value, other) <= MAX_FIGURE_RATIO]
        if near:
            found.append((text, right.figures[min(near)[1]]))
    return tuple(found)


def judge(left: Evidence, right: Evidence) -> FactPair | None:
    """A same-fact pair of two passages of independent articles, or None."""
    context = len(left.words & right.words) + len(left.names & right.names)
    pair = ((left.article, left.passage), (right.article, right.passage))
    if _shared_quote(left, right):
        return FactPair(*pair, SCORE_QUOTE)
    if left.figures.keys() & right.figures.keys() and context >= MIN_CONTEXT_WITH_FIGURE:
        return FactPair(*pair, SCORE_FIGURE, _conflicting_figures(left, right))
    conflicts = _conflicting_figures(left, right)
    if conflicts and context >= MIN_CONTEXT_FOR_CONFLICT:
        return FactPair(*pair, SCORE_CONFLICT, conflicts)
    shared_words = left.words & right.words
    overlap = len(shared_words) / (len(left.words | right.words) or 1)
    if (len(left.names & right.names) >= MIN_SHARED_NAMES and len(shared_words) >= MIN_SHARED_WORDS
            and overlap >= MIN_WORD_OVERLAP):
        return FactPair(*pair, SCORE_NAMES)
    return None


def same_fact_pairs(articles: Sequence[Article], family_of: dict[str, str],
                    taken: Set[tuple[tuple[str, int], tuple[str, int]]] = frozenset()) -> list[FactPair]:
    """Same-fact pairs between the passages of articles of different families (best per passage and article)."""
    found = [evidence(a, i) for a in articles for i in range(len(a.passages))]
    best: dict[tuple[tuple[str, int], str], FactPair] = {}
    for i, j in sorted(_candidates(found)):
        left, right = found[i], found[j]
        if family_of.get(left.article, left.article) == family_of.get(right.article, right.article):
            continue
        key = ((left.article, left.passage), (right.article, right.passage))
        if key in taken or key[::-1] in taken:
            continue
        pair = judge(left, right)
        if pair is not None:
            _keep_best(best, pair)
    return sorted((p for p in set(best.values()) if _is_best_both_ways(best, p)), key=lambda p: (p.a, p.b))


def _candidates(found: Sequence[Evidence]) -> set[tuple[int, int]]:
    """Pairs of passages of different articles sharing a figure, a name or a content word held by few passages."""
    holders: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(found):
        keys = {f"#{value:g}" for value in item.figures} | {f"@{name}" for name in item.names} | set(item.words)
        for key in keys:
            holders[key].append(position)
    pairs: set[tuple[int, int]] = set()
    for positions in holders.values():
        if len(positions) <= MAX_HOLDERS:
            pairs.update((i, j) for i, j in combinations(positions, 2) if found[i].article != found[j].article)
    return pairs


def _keep_best(best: dict[tuple[tuple[str, int], str], FactPair], pair: FactPair) -> None:
    for mine, theirs in ((pair.a, pair.b), (pair.b, pair.a)):
        key = (mine, theirs[0])
        if key not in best or best[key].score < pair.score:
            best[key] = pair


def _is_best_both_ways(best: dict[tuple[tuple[str, int], str], FactPair], pair: FactPair) -> bool:
    return best.get((pair.a, pair.b[0])) is pair and best.get((pair.b, pair.a[0])) is pair
