"""Align passages across the articles of a story: which passages report the same thing.

Method (see docs/alignment.md for the method and how each threshold was chosen):

1. Every passage is folded into words (`analysis.text.fold_words`); each word
   is marked *ordinary* or *name*: capitalised words inside a sentence, and
   titles ("President", "chief", "Mr."), are names and never count toward a match.
2. Passages with the same folded words are collapsed into one group; groups in
   different articles are aligned at once (score 100).
3. Candidate pairs of groups come from an index of word 4-gram shingles, so a
   passage is only compared with passages that share a 4-word sequence.
4. A candidate pair is accepted when any one test passes:
   - the best sentence pair (sentences from `analysis.sentences`, names
     dropped) has a rapidfuzz word ratio >= ``MIN_SENTENCE_RATIO``;
   - a word-level local alignment (rapidfuzz LCS blocks chained across gaps of
     at most ``MAX_CHAIN_GAP`` words) matches >= ``MIN_ORDINARY_MATCHED``
     ordinary words and covers >= ``MIN_COVERAGE`` of the shorter passage;
   - the two share an exact run of >= ``MIN_EXACT_RUN`` ordinary words;
   - one is the last passage of its article, short, and contained whole in
     the other (a page cut off mid-passage).
5. Pairs are one-to-one, one-to-many (an outlet split a paragraph) and in any
   order; a passage with no counterpart is unique to its outlet. Differences
   of a split passage are computed only on the sentences its part covers.

Scores run from 0 to 100. Heavy comparisons run in rapidfuzz (words encoded as
single characters, so its compiled string metrics work on word sequences).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from caravan_tui.analysis.differences import STYLE, Difference, differences, tokenize
from caravan_tui.analysis.sentences import sentence_spans
from caravan_tui.analysis.text import fold
from caravan_tui.corpus.model import Article

if TYPE_CHECKING:
    from caravan_tui.analysis.same_fact import FactPair

#: Bump when the alignment's cached shape changes; a change to the code alone already misses (pipeline.alignment_kind).
ALGORITHM_VERSION = 2

#: How two aligned passages relate: one text edited (same family), or one fact in other words.
EDITED_COPY, SAME_FACT = "edited copy", "same fact"

SHINGLE_SIZE = 4
MIN_SENTENCE_RATIO = 50.0
MIN_SENTENCE_WORDS = 3
MIN_ORDINARY_MATCHED = 6
MIN_COVERAGE = 0.4
MAX_CHAIN_GAP = 6
MIN_EXACT_RUN = 7
MAX_TRUNCATED_WORDS = 40
MIN_TRUNCATED_WORDS = 4

#: Titles and role words that name a person rather than say something ("Secretary of State X").
TITLE_WORDS = frozenset("""
mr mrs ms miss dr sir dame lord lady president vice prime minister secretary chief spokesman spokeswoman
spokesperson governor mayor senator congressman congresswoman ambassador director chairman chairwoman
general commander king queen prince princess pope judge sheriff chancellor premier
""".split())

_OPENING_QUOTES = "\"'\u201c\u2018(["


@dataclass(frozen=True, order=True)
class PassageRef:
    """One passage of one article."""

    article: str
    passage: int

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "passage": self.passage}


@dataclass
class AlignedPair:
    """Two passages of different articles that report the same thing, and how they differ."""

    a: PassageRef
    b: PassageRef
    score: float
    differences: list[Difference] = field(default_factory=list)
    relation: str = EDITED_COPY
    figures: list[tuple[str, str]] = field(default_factory=list)  # differing values (a, b) of a same-fact pair

    def other(self, ref: PassageRef) -> PassageRef:
        return self.b if ref == self.a else self.a

    @property
    def changed(self) -> bool:
        return any(d.cls != STYLE for d in self.differences)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "score": self.score,
                "differences": [d.to_dict() for d in self.differences], "relation": self.relation,
                "figures": [list(f) for f in self.figures]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlignedPair:
        return cls(PassageRef(**data["a"]), PassageRef(**data["b"]), float(data["score"]),
                   [Difference.from_dict(d) for d in data["differences"]], data.get("relation", EDITED_COPY),
                   [(str(a), str(b)) for a, b in data.get("figures", [])])


class Alignment:
    """The aligned pairs of a corpus, with the lookups the reader needs."""

    def __init__(self, pairs: Iterable[AlignedPair], article_order: Sequence[str]):
        self.pairs = list(pairs)
        self.article_order = list(article_order)
        self._rank = {article: i for i, article in enumerate(self.article_order)}
        self._by_ref: dict[PassageRef, list[tuple[PassageRef, AlignedPair]]] = defaultdict(list)
        for pair in self.pairs:
            self._by_ref[pair.a].append((pair.b, pair))
            self._by_ref[pair.b].append((pair.a, pair))
        for found in self._by_ref.values():
            found.sort(key=lambda item: (self._rank.get(item[0].article, len(self._rank)), item[0].passage))

    def counterparts(self, article_id: str, passage: int) -> list[tuple[PassageRef, AlignedPair]]:
        """The aligned passages of other articles, in corpus order of those articles."""
        return list(self._by_ref.get(PassageRef(article_id, passage), ()))

    def is_unique(self, article_id: str, passage: int) -> bool:
        return not self._by_ref.get(PassageRef(article_id, passage))

    def carriers(self, article_id: str, passage: int) -> list[str]:
        """Ids of the articles carrying this passage, itself included, in corpus order."""
        articles = {article_id} | {ref.article for ref, _ in self.counterparts(article_id, passage)}
        return sorted(articles, key=lambda a: self._rank.get(a, len(self._rank)))

    def is_changed(self, article_id: str, passage: int) -> bool:
        """Whether some counterpart differs by more than style."""
        return any(pair.changed for _, pair in self.counterparts(article_id, passage))

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.article_order, "pairs": [p.to_dict() for p in self.pairs]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alignment:
        return cls([AlignedPair.from_dict(p) for p in data["pairs"]], data["articles"])


@dataclass
class _Passage:
    """A passage prepared for matching: words encoded as characters, names marked."""

    ref: PassageRef
    text: str
    codes: str
    ordinary: list[bool]
    word_starts: list[int]
    sentences: list[str]
    is_last: bool


class _Vocabulary:
    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def code(self, word: str) -> str:
        if word not in self._codes:
            n = len(self._codes) + 0x100
            self._codes[word] = chr(n + 0x800 if n >= 0xD800 else n)
        return self._codes[word]


def _prepare(article: Article, position: int, vocabulary: _Vocabulary) -> _Passage:
    passage = article.passages[position]
    text = passage.text
    codes, ordinary, starts, sentences = [], [], [], []
    for s_start, s_end in sentence_spans(text):
        sentence_codes = []
        for i, (start, word) in enumerate(_words(text, s_start, s_end)):
            key = fold(word).replace(".", "")
            opening = i == 0 or text[start - 1] in _OPENING_QUOTES
            is_ordinary = key not in TITLE_WORDS and (opening or not word[0].isupper())
            code = vocabulary.code(key)
            codes.append(code)
            ordinary.append(is_ordinary)
            starts.append(start)
            if is_ordinary:
                sentence_codes.append(code)
        sentences.append("".join(sentence_codes))
    return _Passage(PassageRef(article.id, passage.index), text, "".join(codes), ordinary, starts,
                    sentences, position == len(article.passages) - 1)


def _words(text: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(t.start + start, t.text) for t in tokenize(text[start:end]) if t.is_word]


def _shingles(codes: str) -> set[str]:
    if len(codes) < SHINGLE_SIZE:
        return {codes} if codes else set()
    return {codes[i:i + SHINGLE_SIZE] for i in range(len(codes) - SHINGLE_SIZE + 1)}


def _best_sentence_ratio(x: _Passage, y: _Passage) -> float:
    best = 0.0
    for sx in x.sentences:
        if len(sx) < MIN_SENTENCE_WORDS:
            continue
        for sy in y.sentences:
            if len(sy) >= MIN_SENTENCE_WORDS:
                best = max(best, fuzz.ratio(sx, sy))
    return best


@dataclass
class _Chain:
    """A local alignment: matched word positions on each side, and how many are ordinary."""

    x_start: int
    x_end: int
    y_start: int
    y_end: int
    matched: int
    ordinary: int
    longest_run: int


def _chains(x: _Passage, y: _Passage) -> list[_Chain]:
    chains: list[_Chain] = []
    for op in LCSseq.opcodes(x.codes, y.codes):
        if op.tag != "equal":
            continue
        a, b, size = op.src_start, op.dest_start, op.src_end - op.src_start
        ordinary = sum(x.ordinary[a:a + size])
        run = _longest_ordinary_run(x.ordinary[a:a + size])
        last = chains[-1] if chains else None
        if last and a - last.x_end <= MAX_CHAIN_GAP and b - last.y_end <= MAX_CHAIN_GAP:
            last.x_end, last.y_end = a + size, b + size
            last.matched += size
            last.ordinary += ordinary
            last.longest_run = max(last.longest_run, run)
        else:
            chains.append(_Chain(a, a + size, b, b + size, size, ordinary, run))
    return chains


def _longest_ordinary_run(flags: list[bool]) -> int:
    best = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        best = max(best, current)
    return best


def _truncated_inside(x: _Passage, y: _Passage) -> bool:
    """x is a short last passage (a page cut off) whose words all appear, in a row, in y."""
    return (x.is_last and MIN_TRUNCATED_WORDS <= len(x.codes) <= MAX_TRUNCATED_WORDS
            and len(x.codes) < len(y.codes) and x.codes in y.codes)


def _match(x: _Passage, y: _Passage) -> tuple[float, _Chain | None] | None:
    """(score, best chain) when x and y report the same thing, else None."""
    ratio = _best_sentence_ratio(x, y)
    chains = _chains(x, y)
    best = max(chains, key=lambda c: c.ordinary, default=None)
    shorter = min(len(x.codes), len(y.codes)) or 1
    coverage = 100.0 * best.matched / shorter if best else 0.0
    local = best is not None and best.ordinary >= MIN_ORDINARY_MATCHED and coverage >= 100 * MIN_COVERAGE
    run = any(c.longest_run >= MIN_EXACT_RUN for c in chains)
    if ratio >= MIN_SENTENCE_RATIO or local or run or _truncated_inside(x, y) or _truncated_inside(y, x):
        return round(max(ratio, min(coverage, 100.0)), 1), best
    return None


def _candidate_groups(groups: list[list[_Passage]]) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for g, members in enumerate(groups):
        for shingle in _shingles(members[0].codes):
            index[shingle].append(g)
    candidates = set()
    for holders in index.values():
        for i, left in enumerate(holders):
            for right in holders[i + 1:]:
                candidates.add((left, right))
    return candidates


def _group_identical(passages: list[_Passage]) -> list[list[_Passage]]:
    groups: dict[str, list[_Passage]] = {}
    for passage in passages:
        if passage.codes:
            groups.setdefault(passage.codes, []).append(passage)
    return list(groups.values())


@dataclass
class _Match:
    x: _Passage
    y: _Passage
    score: float
    chain: _Chain | None


def _matches(passages: list[_Passage]) -> list[_Match]:
    groups = _group_identical(passages)
    found: list[_Match] = []
    for members in groups:
        found += [_Match(p, q, 100.0, None) for i, p in enumerate(members) for q in members[i + 1:]]
    for g, h in _candidate_groups(groups):
        if all(p.ref.article == q.ref.article for p in groups[g] for q in groups[h]):
            continue
        result = _match(groups[g][0], groups[h][0])
        if result:
            found += [_Match(p, q, result[0], result[1]) for p in groups[g] for q in groups[h]]
    return [m for m in found if m.x.ref.article != m.y.ref.article]


def _sentence_range(passage: _Passage, first_word: int, last_word: int) -> tuple[int, int]:
    """The character range of the whole sentences holding words first..last."""
    start, end = passage.word_starts[first_word], passage.word_starts[last_word]
    spans = sentence_spans(passage.text)
    s = max((a for a, b in spans if a <= start), default=0)
    e = min((b for a, b in spans if b > end), default=len(passage.text))
    return s, e


def _split_ranges(match: _Match, split: set[PassageRef]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    chain = match.chain
    if chain is None:
        return None, None
    x_range = _sentence_range(match.x, chain.x_start, chain.x_end - 1) if match.x.ref in split else None
    y_range = _sentence_range(match.y, chain.y_start, chain.y_end - 1) if match.y.ref in split else None
    return x_range, y_range


def _split_passages(matches: list[_Match]) -> set[PassageRef]:
    """Passages aligned with two or more passages of the same other article."""
    counts: dict[tuple[PassageRef, str], int] = defaultdict(int)
    for m in matches:
        counts[(m.x.ref, m.y.ref.article)] += 1
        counts[(m.y.ref, m.x.ref.article)] += 1
    return {ref for (ref, _), n in counts.items() if n > 1}


def _pair(match: _Match, split: set[PassageRef], rank: dict[str, int], family_of: dict[str, str]) -> AlignedPair:
    x_range, y_range = _split_ranges(match, split)
    x, y = match.x, match.y
    if rank[x.ref.article] > rank[y.ref.article]:
        x, y, x_range, y_range = y, x, y_range, x_range
    relation = EDITED_COPY if family_of[x.ref.article] == family_of[y.ref.article] else SAME_FACT
    return AlignedPair(x.ref, y.ref, match.score, differences(x.text, y.text, x_range, y_range), relation)


def _fact_pair(found: FactPair, rank: dict[str, int]) -> AlignedPair:
    """A same-fact pair (analysis.same_fact) as an aligned pair, in corpus order, figures side by side."""
    a, b, figures = PassageRef(*found.a), PassageRef(*found.b), list(found.figures)
    if rank[a.article] > rank[b.article]:
        a, b, figures = b, a, [(theirs, mine) for mine, theirs in figures]
    return AlignedPair(a, b, found.score, [], SAME_FACT, figures)


def _prepare_all(articles: Sequence[Article]) -> list[_Passage]:
    vocabulary = _Vocabulary()
    return [_prepare(article, i, vocabulary) for article in articles for i in range(len(article.passages))]


def align_story(articles: Sequence[Article]) -> Alignment:
    """Align the passages of the articles of one story."""
    from caravan_tui.analysis.families import families
    from caravan_tui.analysis.same_fact import same_fact_pairs

    articles = list(articles)
    rank = {a.id: i for i, a in enumerate(articles)}
    family_of = {a: family.id for family in families(articles) for a in family.article_ids}
    matches = _matches(_prepare_all(articles))
    split = _split_passages(matches)
    pairs = [_pair(m, split, rank, family_of) for m in matches]
    taken = {((p.a.article, p.a.passage), (p.b.article, p.b.passage)) for p in pairs}
    aligned = {(p.a.article, p.a.passage, p.b.article) for p in pairs} | {(p.b.article, p.b.passage, p.a.article)
                                                                            for p in pairs}
    for found in same_fact_pairs(articles, family_of, taken):
        if (*found.a, found.b[0]) not in aligned and (*found.b, found.a[0]) not in aligned:
            pairs.append(_fact_pair(found, rank))
    pairs.sort(key=lambda p: (rank[p.a.article], p.a.passage, rank[p.b.article], p.b.passage))
    return Alignment(pairs, [a.id for a in articles])


def align_corpus(articles: Sequence[Article], stories: dict[str, str] | None = None) -> Alignment:
    """Align every story of a corpus (stories from `analysis.stories` unless given)."""
    articles = list(articles)
    from caravan_tui.analysis.stories import members_by_story, story_of_each

    if stories is None:
        stories = story_of_each(articles)
    groups = members_by_story(articles, stories).values()
    pairs = [pair for group in groups if len(group) > 1 for pair in align_story(group).pairs]
    return Alignment(pairs, [a.id for a in articles])
