"""The overview of a story: who carries what, the words for its people, who is quoted, figures side by side.

Voices are grouped by the story's canonical speaker and by outlet; figures are
one row per quantity ("people killed": 14 in one outlet, 12 in another), each
row a verdict: ``agree``, ``differ`` (with the ratio of the largest value to
the smallest) or ``only one`` outlet. Ages, years and small counts are not
story figures and get no row.

    overview = story_overview(analysis, articles, story_id)
    overview.to_dict()

Coverage: for each outlet, which passages it shares and which it carries
alone, and where the exclusive content sits (``lede`` = first 20% of the
article's passages, ``end`` = last 20%, ``body`` between).

Terms (`people_terms`): the words for the people at the centre of the story,
found without any fixed list:

1. *seeds* — in the framing differences of aligned passages where both sides
   changed (a swap), the noun phrases whose head denotes people
   (`differences.denotes_people`, WordNet's noun.person): "migrants" swapped
   for "refugees and asylum seekers";
2. *family* — the heads of the seeds, plus every people noun of the story's
   texts that shares a stem with one ("immigrants" with "migrants");
3. every outlet's full text is scanned for noun phrases headed by a family
   word, with their modifiers (a modifier seen in a seed, or an adjective by
   its form: "-al", "-ous", "-ive", an "un-...-ed" participle, an evaluative
   adjective) and "X and Y" coordination; each phrase is counted per outlet,
   the longest phrase winning ("refugees and asylum seekers" is not also
   counted as "refugees").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from caravan_tui.analysis.differences import FRAMING, denotes_people, evaluative_adjectives
from caravan_tui.analysis.figures import CONFLICTING, Figure, agree, lemma, ratio, story_figures
from caravan_tui.analysis.quotes import Quote, story_quotes
from caravan_tui.analysis.text import fold

if TYPE_CHECKING:
    from caravan_tui.analysis.align import AlignedPair, Alignment
    from caravan_tui.analysis.pipeline import CorpusAnalysis
    from caravan_tui.corpus.model import Article

LEDE_SHARE = 0.2
END_SHARE = 0.2
MIN_STEM = 5
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|\d[\d,.]*|[^\w\s]")
_ADJECTIVE_SUFFIXES = ("al", "ous", "ive", "ic", "ful", "less", "able", "ible", "ary", "ish")
#: Words that never modify or head a people term: function words, quantifiers, verbs of saying.
NON_MODIFIERS = frozenset("""
a an the this that these those of in on at to for from by with into over under about after before since during
through across along among between against near than as and or but so if while when where who whom whose which
what is are was were be been being has have had do does did will would shall should can could may might must not
no it its they them their he him his she her we us our you your i me my each every all some any both either such
more most less least other another only also just still even very many several few much said says told added
nobody somebody someone anyone anybody everyone everybody one ones
""".split())
#: A swap is a short change: longer rewrites mention people in passing.
MAX_SWAP_WORDS = 6


# --- coverage --------------------------------------------------------------------------------------


def position_of(index: int, total: int) -> str:
    """'lede', 'body' or 'end' for the passage at `index` (0-based position) of `total`.

    The lede is the first 20% of the passages and the end the last 20%, each
    at least one passage.
    """
    lede = max(1, math.ceil(LEDE_SHARE * total))
    end = max(1, math.ceil(END_SHARE * total))
    if index < lede:
        return "lede"
    return "end" if index >= total - end else "body"


def coverage(article: Article, alignment: Alignment) -> dict[str, Any]:
    """Which passages of one article other outlets carry, and where its exclusive passages sit."""
    passages: list[dict[str, Any]] = []
    exclusive: Counter[str] = Counter()
    total = len(article.passages)
    for position, passage in enumerate(article.passages):
        carriers = alignment.carriers(article.id, passage.index)
        where = position_of(position, total)
        passages.append({"passage": passage.index, "kind": passage.kind, "carriers": carriers,
                         "exclusive": len(carriers) == 1, "position": where})
        if len(carriers) == 1:
            exclusive[where] += 1
    shared = sum(not p["exclusive"] for p in passages)
    return {"article": article.id, "outlet": article.outlet, "passages": total, "shared": shared,
            "exclusive": total - shared, "exclusive_by_position": {k: exclusive[k] for k in ("lede", "body", "end")},
            "coverage": passages}


# --- terms for the people of the story -------------------------------------------------------------


@dataclass
class Term:
    """One phrase for the story's people and how often each article uses it."""

    term: str
    key: str
    counts: dict[str, int]
    occurrences: list[tuple[str, int, int, int]] = field(default_factory=list)   # article, passage, start, end
    swapped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "counts": self.counts, "swapped": self.swapped,
                "occurrences": [{"article": a, "passage": p, "start": s, "end": e}
                                for a, p, s, e in self.occurrences]}


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    opens_sentence: bool

    @property
    def key(self) -> str:
        return fold(self.text)


def _tokens(text: str) -> list[_Tok]:
    found, previous = [], None
    for match in _TOKEN.finditer(text):
        opens = previous is None or previous in ".!?\"\u201c:"
        found.append(_Tok(match.group(), match.start(), match.end(), opens))
        previous = match.group()
    return found


def _is_word(tok: _Tok) -> bool:
    return tok.text[0].isalpha()


def _lowercase_or_opening(tok: _Tok) -> bool:
    return tok.text[0].islower() or tok.opens_sentence


def _is_head(tok: _Tok, family: set[str] | None) -> bool:
    if not _is_word(tok) or not _lowercase_or_opening(tok) or tok.key in NON_MODIFIERS:
        return False
    if family is None:
        return denotes_people(tok.key)
    return lemma(tok.key) in family


def _looks_adjective(word: str) -> bool:
    if word in evaluative_adjectives():
        return True
    if word.startswith(("un", "non")) and word.endswith("ed"):
        return True
    return len(word) > 4 and word.endswith(_ADJECTIVE_SUFFIXES)


def _modifiers_before(tokens: list[_Tok], head: int, allowed: set[str] | None, family: set[str] | None) -> int:
    """Index of the first modifier of the head at `head` (``allowed=None``: any content word)."""
    first = head
    while first > 0:
        tok = tokens[first - 1]
        if not _is_word(tok) or tok.key in NON_MODIFIERS or not _lowercase_or_opening(tok):
            break
        if tok.key.endswith("ing") or _is_head(tok, family):
            break
        if allowed is not None and tok.key not in allowed and not _looks_adjective(tok.key):
            break
        first -= 1
        if tok.opens_sentence:
            break
    return first


def _is_modifier_use(tokens: list[_Tok], i: int) -> bool:
    """'migrant rights activist': a singular head followed by another content word is a modifier."""
    if i + 1 >= len(tokens) or lemma(tokens[i].key) != tokens[i].key:
        return False
    nxt = tokens[i + 1]
    return _is_word(nxt) and nxt.text[0].islower() and nxt.key not in NON_MODIFIERS and not nxt.key.endswith("ed")


def _phrases(tokens: list[_Tok], family: set[str] | None, allowed: set[str] | None) -> list[tuple[int, int]]:
    """(first, last) token indexes of people phrases, coordinated heads joined ("X and Y")."""
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if not _is_head(tok, family) or _is_modifier_use(tokens, i):
            continue
        first = _modifiers_before(tokens, i, allowed, family)
        if spans and first >= 2 and tokens[first - 1].key == "and" and spans[-1][1] == first - 2:
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((first, i))
    return spans


def _phrase_key(tokens: list[_Tok], first: int, last: int) -> str:
    return " ".join(lemma(t.key) if t.key != "and" else "and" for t in tokens[first:last + 1])


def _seeds(pairs: Iterable[AlignedPair]) -> tuple[list[list[_Tok]], set[str]]:
    """The people phrases swapped in framing differences, and the modifiers they carry."""
    seeds: list[list[_Tok]] = []
    modifiers: set[str] = set()
    for pair in pairs:
        for diff in pair.differences:
            if diff.cls != FRAMING or not _is_swap(diff.a, diff.b):
                continue
            for tokens in (_tokens(diff.a), _tokens(diff.b)):
                for first, last in _phrases(tokens, None, None):
                    seeds.append(tokens[first:last + 1])
                    modifiers.update(t.key for t in tokens[first:last + 1] if not _is_head(t, None))
    return seeds, modifiers - {"and"}


def _is_swap(a: str, b: str) -> bool:
    """Both sides short and both naming people: one outlet's word for them put in place of another's."""
    sides = [_tokens(a), _tokens(b)]
    if any(not 0 < sum(map(_is_word, side)) <= MAX_SWAP_WORDS for side in sides):
        return False
    return all(_phrases(side, None, None) for side in sides)


def _family(seeds: list[list[_Tok]], passages: list[tuple[str, int, str]]) -> set[str]:
    heads = {lemma(t.key) for seed in seeds for t in seed if denotes_people(t.key)}
    family = set(heads)
    for _, _, text in passages:
        for tok in _tokens(text):
            word = lemma(tok.key)
            if word not in family and _is_word(tok) and denotes_people(tok.key) and _same_stem(word, heads):
                family.add(word)
    return family


def _same_stem(word: str, heads: set[str]) -> bool:
    return any(len(min(word, h, key=len)) >= MIN_STEM and (word.endswith(h) or h.endswith(word)) for h in heads)


def people_terms(alignment: Alignment, articles: Sequence[Article]) -> list[Term]:
    """The phrases for the story's people, counted in every article (see the module docstring)."""
    ids = {a.id for a in articles}
    pairs = [p for p in alignment.pairs if p.a.article in ids and p.b.article in ids]
    passages = [(a.id, p.index, p.text) for a in articles for p in a.passages]
    seeds, modifiers = _seeds(pairs)
    if not seeds:
        return []
    family = _family(seeds, passages)
    seed_keys = {_phrase_key(seed, 0, len(seed) - 1) for seed in seeds}
    terms: dict[str, Term] = {}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id, passage, text in passages:
        tokens = _tokens(text)
        for first, last in _phrases(tokens, family, modifiers):
            key = _phrase_key(tokens, first, last)
            term = terms.setdefault(key, Term(key, key, {a.id: 0 for a in articles}))
            term.counts[article_id] += 1
            term.occurrences.append((article_id, passage, tokens[first].start, tokens[last].end))
            forms[key][fold(text[tokens[first].start:tokens[last].end])] += 1
    for key, term in terms.items():
        term.term = forms[key].most_common(1)[0][0]
        term.swapped = key in seed_keys
    return sorted(terms.values(), key=lambda t: (-sum(t.counts.values()), t.term))


# --- voices and figures ----------------------------------------------------------------------------


def voices(quotes: Sequence[Quote], articles: Sequence[Article]) -> dict[str, list[dict[str, Any]]]:
    """Article id -> the speakers it quotes, most quoted first, with how many quotes other outlets share."""
    result = {}
    for article in articles:
        by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for quote in quotes:
            if quote.article == article.id and quote.speaker:
                by_speaker[quote.speaker].append(quote)
        result[article.id] = [
            {"speaker": speaker, "quotes": len(qs), "direct": sum(q.kind == "direct" for q in qs),
             "shared": sum(bool(q.carried_by) for q in qs)}
            for speaker, qs in sorted(by_speaker.items(), key=lambda item: (-len(item[1]), item[0]))
        ]
    return result


def speakers(quotes: Sequence[Quote], articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Each canonical speaker of the story with how often each outlet quotes them, most quoted first."""
    outlet = {a.id: a.outlet for a in articles}
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker is not None and quote.article in outlet:
            by_speaker[quote.speaker].append(quote)
    rows = []
    for speaker, qs in by_speaker.items():
        counts = Counter(outlet[q.article] for q in qs)
        rows.append({"speaker": speaker, "kind": qs[0].speaker_kind, "quotes": len(qs), "outlets": dict(counts),
                     "credited_elsewhere_to": sorted({o for q in qs for o in q.other_speakers})})
    return sorted(rows, key=lambda row: (-row["quotes"], row["speaker"]))


def figure_rows(figures: Sequence[Figure], articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Figures side by side: one row per quantity (a figure with no known quantity: per value), with a verdict."""
    rows: list[dict[str, Any]] = []
    members: list[list[Figure]] = []
    row_of: dict[tuple[Any, ...], int] = {}
    for figure in figures:
        if not figure.story or (figure.kind == "weekday" and figure.status != CONFLICTING):
            continue
        keys = _row_keys(figure, figures)
        index = next((row_of[k] for k in keys if k in row_of), None)
        if index is None:
            index = len(rows)
            rows.append({"quantity": figure.quantity, "counts": figure.counts, "kind": figure.kind,
                         "value": figure.value, "unit": figure.unit, "rate": figure.rate, "aspect": figure.aspect,
                         "status": figure.status, "articles": {a.id: [] for a in articles},
                         "values": {a.id: [] for a in articles}})
            members.append([])
        row = rows[index]
        row["articles"].setdefault(figure.article, []).append(figure.label)
        row["values"].setdefault(figure.article, []).append(figure.value if figure.low == figure.high
                                                            else [figure.low, figure.high])
        members[index].append(figure)
        if figure.status == CONFLICTING:
            row["status"] = CONFLICTING
        for k in keys:
            row_of.setdefault(k, index)
    for row, group in zip(rows, members, strict=True):
        row.update(_verdict(group))
    return rows


def _row_keys(figure: Figure, figures: Sequence[Figure]) -> list[tuple[Any, ...]]:
    if figure.quantity:
        return [("quantity", figure.quantity, figure.kind, figure.unit)]
    refs = set(figure.shared_with)
    linked = [(f.article, f.passage, f.start) for f in figures
              if (f.article, f.passage) in refs and f.match_key == figure.match_key]
    return [(figure.article, figure.passage, figure.start), *linked]


def _verdict(group: list[Figure]) -> dict[str, Any]:
    """'agree', 'differ' (with the largest ratio between two outlets' values) or 'only one'."""
    if len({f.article for f in group}) < 2:
        return {"verdict": "only one", "ratio": None}
    pairs = [(x, y) for i, x in enumerate(group) for y in group[i + 1:] if x.article != y.article]
    differing = [(x, y) for x, y in pairs if not agree(x, y)]
    if not differing:
        return {"verdict": "agree", "ratio": None}
    ratios = [r for r in (ratio(x, y) for x, y in differing) if r]
    return {"verdict": "differ", "ratio": max(ratios) if ratios else None}


# --- the overview ----------------------------------------------------------------------------------


@dataclass
class StoryOverview:
    """Everything the overview shows for one story."""

    story: str
    articles: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    terms: list[Term]
    voices: dict[str, list[dict[str, Any]]]
    figures: list[dict[str, Any]]
    speakers: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "articles": self.articles, "coverage": self.coverage,
                "terms": [t.to_dict() for t in self.terms], "voices": self.voices, "speakers": self.speakers,
                "figures": self.figures}


def story_overview(analysis: CorpusAnalysis, articles: Sequence[Article], story: str, *,
                   figures: Sequence[Figure] | None = None, quotes: Sequence[Quote] | None = None) -> StoryOverview:
    """The overview of one story; `figures`/`quotes` may be passed when already computed."""
    members = [a for a in articles if analysis.story_of.get(a.id, a.id) == story]
    ids = {a.id for a in members}
    figures = [f for f in (figures if figures is not None else story_figures(analysis, members)) if f.article in ids]
    quotes = [q for q in (quotes if quotes is not None else story_quotes(analysis, members)) if q.article in ids]
    return StoryOverview(
        story=story,
        articles=[{"article": a.id, "outlet": a.outlet, "title": a.title, "url": a.url} for a in members],
        coverage=[coverage(a, analysis.alignment) for a in members],
        terms=people_terms(analysis.alignment, members),
        voices=voices(quotes, members),
        figures=figure_rows(figures, members),
        speakers=speakers(quotes, members),
    )


def story_ids(analysis: CorpusAnalysis, articles: Sequence[Article]) -> list[str]:
    """The stories of the corpus, in the order their first article appears."""
    return list(dict.fromkeys(analysis.story_of.get(a.id, a.id) for a in articles))
