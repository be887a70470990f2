"""Findings: what the analysis says about a passage across the outlets of its story.

The notes panel shows them for the passage under the cursor, `caravan-tui
notes` prints them all, the export groups them by story:

    findings_for_passage(analysis, corpus.articles, "004_bdaef11c943deee3", 8)
    all_findings(analysis, corpus.articles)

A `Finding` has a `kind`, the passages it is about (`refs`, the passage the
finding is for first), a short human `text` and `details`, a dataclass per kind:

* ``counterpart`` (`Counterpart`) — another outlet's version of the passage
  and what it changed, or that the outlet does not carry it (``carried`` false);
* ``exclusive`` (`Exclusive`) — no other outlet carries the passage;
* ``figure`` (`FigureFinding`) — a story figure, the quantity it counts, and
  whether other outlets share it, contradict it (each rival value and its
  ratio) or lack it; ages, years and small counts get no finding;
* ``quote`` (`QuoteFinding`) — who is quoted (the story's canonical name and
  its kind), which other outlets carry the same words, and who else they
  credit it to;
* ``term`` (`TermFinding`) — a phrase for the story's people and how often
  each outlet uses it.

"Notes" are what the reader writes (`storage.notes`); the UI shows both. Every
record here has one `to_dict` / `from_dict` pair: `to_dict` is the JSON line
of `caravan-tui notes --json` (kind, refs, text, then the details' fields),
and `from_dict` reads it back. The analyses behind the findings run once per
corpus analysis (`FindingsIndex`); the last index is kept, so asking for a
passage's findings as the cursor moves is cheap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from caravan_tui.analysis.align import AlignedPair, PassageRef
from caravan_tui.analysis.figures import CONFLICTING, SHARED, Figure, ratio, story_figures
from caravan_tui.analysis.overview import Term, people_terms, position_of
from caravan_tui.analysis.quotes import Quote, story_quotes
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article

if TYPE_CHECKING:
    from caravan_tui.analysis.pipeline import CorpusAnalysis

FINDING_KINDS = ("counterpart", "figure", "quote", "exclusive", "term")
MAX_QUOTE_CHARS = 80

_R = TypeVar("_R", bound="Record")


class Record:
    """A dataclass with `to_dict` (its fields, nested records as dicts) and `from_dict` (the reverse)."""

    NESTED: ClassVar[dict[str, type[Record]]] = {}  # field -> record type of each item of that list

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[_R], data: dict[str, Any]) -> _R:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        values = {name: value for name, value in data.items() if name in names}
        for name, record in cls.NESTED.items():
            if name in values:
                values[name] = [record.from_dict(item) for item in values[name]]
        return cls(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@dataclass
class Change(Record):
    """One difference between this passage and the other outlet's: this side's words, the other's, its class."""

    this: str
    other: str
    cls: str

    def to_dict(self) -> dict[str, Any]:
        return {"this": self.this, "other": self.other, "class": self.cls}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return cls(data["this"], data["other"], data["class"])


@dataclass
class Counterpart(Record):
    NESTED: ClassVar[dict[str, type[Record]]] = {"differences": Change}

    outlet: str
    article: str
    carried: bool
    score: float | None = None
    differences: list[Change] = field(default_factory=list)
    relation: str | None = None  # "edited copy" (same text, edited) or "same fact" (same fact, own words)


@dataclass
class Exclusive(Record):
    outlet: str
    position: str
    missing_from: list[str] = field(default_factory=list)


@dataclass
class Rival(Record):
    """Another outlet's value for the same quantity."""

    outlet: str
    article: str
    passage: int
    figure: str
    value: float | None
    ratio: float | None


@dataclass
class FigureFinding(Record):
    NESTED: ClassVar[dict[str, type[Record]]] = {"conflicts": Rival}

    figure: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    figure_kind: str
    qualifier: str | None
    rate: str | None
    counts: str | None
    quantity: str | None
    event: str | None
    aspect: str | None
    status: str
    outlets: list[str] = field(default_factory=list)
    conflicts: list[Rival] = field(default_factory=list)


@dataclass
class QuoteFinding(Record):
    speaker: str | None
    speaker_kind: str | None
    quote: str
    quote_kind: str
    cue: str | None
    other_speakers: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


@dataclass
class TermFinding(Record):
    term: str
    counts: dict[str, int] = field(default_factory=dict)
    by_article: dict[str, int] = field(default_factory=dict)
    swapped: bool = False


Details = Counterpart | Exclusive | FigureFinding | QuoteFinding | TermFinding
DETAILS_OF_KIND: dict[str, type[Record]] = {
    "counterpart": Counterpart, "exclusive": Exclusive, "figure": FigureFinding, "quote": QuoteFinding,
    "term": TermFinding,
}


@dataclass
class Finding:
    """One cross-article finding about a passage."""

    kind: str
    refs: list[PassageRef]
    text: str
    details: Details

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "refs": [ref.to_dict() for ref in self.refs], "text": self.text,
                **self.details.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        details = DETAILS_OF_KIND[data["kind"]].from_dict(data)
        refs = [PassageRef(ref["article"], ref["passage"]) for ref in data["refs"]]
        return cls(data["kind"], refs, data["text"], details)  # type: ignore[arg-type]


def _short(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


class FindingsIndex:
    """The analyses the findings draw on, computed once for a corpus analysis."""

    def __init__(self, analysis: CorpusAnalysis, articles: Sequence[Article]) -> None:
        self.analysis = analysis
        self.articles = {a.id: a for a in articles}
        self.story_members = members_by_story(articles, analysis.story_of)
        self.figures = story_figures(analysis, articles)
        self.quotes = story_quotes(analysis, articles)
        self._figures_at: dict[tuple[str, int], list[Figure]] = {}
        for figure in self.figures:
            self._figures_at.setdefault((figure.article, figure.passage), []).append(figure)
        self._quotes_at: dict[tuple[str, int], list[Quote]] = {}
        for quote in self.quotes:
            self._quotes_at.setdefault((quote.article, quote.passage), []).append(quote)
        self.terms = {story: people_terms(analysis.alignment, members)
                      for story, members in self.story_members.items() if len(members) > 1}

    def _story(self, article_id: str) -> str:
        return self.analysis.story_of.get(article_id, article_id)

    def outlet(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return article.outlet if article else article_id

    def others(self, article_id: str) -> list[Article]:
        return [a for a in self.story_members.get(self._story(article_id), []) if a.id != article_id]

    # --- the findings of one passage ------------------------------------------------------------------

    def for_passage(self, article_id: str, passage: int) -> list[Finding]:
        if article_id not in self.articles:
            return []
        found = self._counterparts(article_id, passage) + self._exclusive(article_id, passage)
        found += [self._figure(f) for f in self._figures_at.get((article_id, passage), ())
                  if f.story and (f.kind != "weekday" or f.status == CONFLICTING)]
        found += [self._quote(q) for q in self._quotes_at.get((article_id, passage), ())]
        return found + self._terms(article_id, passage)

    def _counterparts(self, article_id: str, passage: int) -> list[Finding]:
        pairs_here = self.analysis.alignment.counterparts(article_id, passage)
        found = []
        here = PassageRef(article_id, passage)
        for other in self.others(article_id):
            pairs = [(ref, pair) for ref, pair in pairs_here if ref.article == other.id]
            if not pairs:
                found.append(Finding("counterpart", [here], f"Not carried by {other.outlet}",
                                     Counterpart(other.outlet, other.id, carried=False)))
            for ref, pair in pairs:
                found.append(self._counterpart(here, ref, pair))
        return found

    def _counterpart(self, here: PassageRef, ref: PassageRef, pair: AlignedPair) -> Finding:
        mine_is_a = pair.a.article == here.article and pair.a.passage == here.passage
        changes = [Change(d.a if mine_is_a else d.b, d.b if mine_is_a else d.a, d.cls) for d in pair.differences]
        changes += [Change(a if mine_is_a else b, b if mine_is_a else a, "figure") for a, b in pair.figures]
        shown = [c for c in changes if c.cls != "style"][:3]
        summary = "; ".join(f"{c.cls}: {c.this or '(none)'!r} -> {c.other or '(none)'!r}" for c in shown)
        summary = summary or "same wording"
        text = f"{self.outlet(ref.article)} \u00b6{ref.passage + 1}: {summary}"  # people count from 1
        return Finding("counterpart", [here, ref], text,
                       Counterpart(self.outlet(ref.article), ref.article, True, pair.score, changes, pair.relation))

    def _exclusive(self, article_id: str, passage: int) -> list[Finding]:
        others = self.others(article_id)
        if not others or not self.analysis.alignment.is_unique(article_id, passage):
            return []
        article = self.articles[article_id]
        position = next((i for i, p in enumerate(article.passages) if p.index == passage), 0)
        where = position_of(position, len(article.passages))
        text = f"Only {article.outlet} carries this passage ({where})"
        return [Finding("exclusive", [PassageRef(article_id, passage)], text,
                        Exclusive(article.outlet, where, [o.outlet for o in others]))]

    def _figure(self, figure: Figure) -> Finding:
        what = figure.label + (f" ({figure.quantity or figure.counts})" if figure.quantity or figure.counts else "")
        refs = [PassageRef(figure.article, figure.passage)]
        refs += [PassageRef(a, p) for a, p in figure.shared_with] + [PassageRef(a, p) for a, p, _ in
                                                                    figure.conflicts_with]
        outlets = list(dict.fromkeys([self.outlet(figure.article)] + [self.outlet(a) for a, _ in figure.shared_with]))
        rivals = [self._rival(figure, a, p, t) for a, p, t in figure.conflicts_with]
        if figure.status == CONFLICTING:
            said = ", ".join(f"{r.outlet} says {r.figure!r}" + (f" (x{r.ratio:g})" if r.ratio else "") for r in rivals)
            text = f"{what}: conflicting \u2014 {said}"
        elif figure.status == SHARED:
            text = f"{what}: shared with {', '.join(outlets[1:])}"
        else:
            text = f"{what}: only {self.outlet(figure.article)}"
        return Finding("figure", refs, text, FigureFinding(
            figure.text, figure.value, figure.low, figure.high, figure.unit, figure.kind, figure.qualifier,
            figure.rate, figure.counts, figure.quantity, figure.event, figure.aspect, figure.status, outlets, rivals))

    def _rival(self, figure: Figure, article: str, passage: int, text: str) -> Rival:
        other = next((f for f in self._figures_at.get((article, passage), ()) if f.text == text), None)
        return Rival(self.outlet(article), article, passage, text, other.value if other else None,
                     ratio(figure, other) if other else None)

    def _quote(self, quote: Quote) -> Finding:
        others = list(dict.fromkeys(self.outlet(a) for a, _ in quote.carried_by))
        who = quote.speaker or "unattributed"
        verb = "quoted" if quote.kind == "direct" else "reported"
        also = f" \u2014 also in {', '.join(others)}" if others else f" \u2014 only {self.outlet(quote.article)}"
        credited = f" (credited elsewhere to {', '.join(quote.other_speakers)})" if quote.other_speakers else ""
        refs = [PassageRef(quote.article, quote.passage)] + [PassageRef(a, p) for a, p in quote.carried_by]
        return Finding("quote", refs, f"{who} ({verb}): \u201c{_short(quote.text)}\u201d{also}{credited}",
                       QuoteFinding(quote.speaker, quote.speaker_kind, quote.text, quote.kind, quote.cue,
                                    list(quote.other_speakers), [self.outlet(quote.article), *others]))

    def _terms(self, article_id: str, passage: int) -> list[Finding]:
        terms = self.terms.get(self._story(article_id), [])
        return [self._term(t, (article_id, passage)) for t in terms
                if any((a, p) == (article_id, passage) for a, p, _, _ in t.occurrences)]

    def _term(self, term: Term, anchor: tuple[str, int] | None = None) -> Finding:
        places = list(dict.fromkeys((a, p) for a, p, _, _ in term.occurrences))
        if anchor in places:
            places.remove(anchor)
            places.insert(0, anchor)
        counts = {self.outlet(a): n for a, n in term.counts.items()}
        text = f"\u201c{term.term}\u201d: " + ", ".join(f"{outlet} {n}" for outlet, n in counts.items())
        return Finding("term", [PassageRef(a, p) for a, p in places], text,
                       TermFinding(term.term, counts, dict(term.counts), term.swapped))

    # --- every finding ------------------------------------------------------------------------------

    def all(self) -> list[Finding]:
        """Every finding of the corpus once: a counterpart pair once, a term once per story."""
        found: list[Finding] = []
        seen: set[object] = set()
        for article in self.articles.values():
            for passage in article.passages:
                for finding in self.for_passage(article.id, passage.index):
                    if finding.kind == "term":
                        continue
                    key = _dedupe_key(finding)
                    if key not in seen:
                        seen.add(key)
                        found.append(finding)
        for terms in self.terms.values():
            found.extend(self._term(t) for t in terms)
        return found


def _dedupe_key(finding: Finding) -> object:
    if isinstance(finding.details, Counterpart) and finding.details.carried:
        return ("counterpart", frozenset((ref.article, ref.passage) for ref in finding.refs))
    return (finding.kind, id(finding))


_LAST: list[Any] = []


def findings_index(analysis: CorpusAnalysis, articles: Sequence[Article]) -> FindingsIndex:
    """The index for this analysis and these articles (the last one is reused)."""
    key = (id(analysis), tuple(a.id for a in articles), tuple(a.content_hash for a in articles))
    if _LAST and _LAST[0] == key and _LAST[1].analysis is analysis:
        index: FindingsIndex = _LAST[1]
        return index
    index = FindingsIndex(analysis, articles)
    _LAST[:] = [key, index]
    return index


def findings_for_passage(analysis: CorpusAnalysis, corpus_articles: Sequence[Article], article_id: str,
                         passage: int) -> list[Finding]:
    """The findings of one passage (counterparts first, then exclusive, figures, quotes, terms)."""
    return findings_index(analysis, corpus_articles).for_passage(article_id, passage)


def all_findings(analysis: CorpusAnalysis, corpus_articles: Sequence[Article]) -> list[Finding]:
    """Every finding of the corpus."""
    return findings_index(analysis, corpus_articles).all()
