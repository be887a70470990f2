"""Cross-article notes: what the notes panel shows for a passage, and what `caravan-tui notes` prints.

    notes_for_passage(analysis, corpus.articles, "004_bdaef11c943deee3", 8)
    all_notes(analysis, corpus.articles)

A `Note` has a `kind`, the passages it is about (`refs`, the passage the
note is for first), a short human `text` and kind-specific `details`:

* ``counterpart`` — another outlet's version of the passage and what it
  changed (``outlet``, ``carried``, ``score``, ``differences``), or that the
  outlet does not carry it (``carried: false``);
* ``exclusive`` — no other outlet carries the passage (``outlet``, ``position``);
* ``figure`` — a story figure and whether other outlets share it, contradict it
  or lack it (``value``, ``low``/``high`` for a range, ``unit``, ``counts``,
  ``quantity``, ``event``, ``aspect``, ``status``, ``outlets``, ``conflicts``
  with each rival ``value`` and ``ratio``...); ages, years and small counts
  get no note;
* ``quote`` — who is quoted (``speaker``, the story's canonical name, and
  ``speaker_kind``), which other outlets carry the same words, and
  ``other_speakers`` when they credit it to someone else;
* ``term`` — a phrase for the story's people and how often each outlet uses it.

Reader notes (kind ``reader``) come from storage and are merged by the UI.
The analyses behind the notes run once per corpus analysis (`NotesIndex`);
the last index is kept, so calling `notes_for_passage` as the cursor moves is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from caravan_tui.analysis.figures import CONFLICTING, SHARED, Figure, ratio, story_figures
from caravan_tui.analysis.overview import people_terms, position_of
from caravan_tui.analysis.quotes import Quote, story_quotes
from caravan_tui.analysis.stories import members_by_story

NOTE_KINDS = ("counterpart", "figure", "quote", "exclusive", "term")
MAX_QUOTE_CHARS = 80


@dataclass
class Note:
    """One cross-article note."""

    kind: str
    refs: list[dict]
    text: str
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "refs": self.refs, "text": self.text, **self.details}


def _ref(article: str, passage: int) -> dict:
    return {"article": article, "passage": passage}


def _short(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


class NotesIndex:
    """The analyses the notes draw on, computed once for a corpus analysis."""

    def __init__(self, analysis, articles: Sequence) -> None:
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

    def others(self, article_id: str) -> list:
        return [a for a in self.story_members.get(self._story(article_id), []) if a.id != article_id]

    # --- the notes of one passage -------------------------------------------------------------------

    def for_passage(self, article_id: str, passage: int) -> list[Note]:
        if article_id not in self.articles:
            return []
        notes = self._counterparts(article_id, passage) + self._exclusive(article_id, passage)
        notes += [self._figure_note(f) for f in self._figures_at.get((article_id, passage), ())
                  if f.story and (f.kind != "weekday" or f.status == CONFLICTING)]
        notes += [self._quote_note(q) for q in self._quotes_at.get((article_id, passage), ())]
        return notes + self._term_notes(article_id, passage)

    def _counterparts(self, article_id: str, passage: int) -> list[Note]:
        found = self.analysis.alignment.counterparts(article_id, passage)
        notes = []
        for other in self.others(article_id):
            pairs = [(ref, pair) for ref, pair in found if ref.article == other.id]
            if not pairs:
                notes.append(Note("counterpart", [_ref(article_id, passage)], f"Not carried by {other.outlet}",
                                  {"outlet": other.outlet, "article": other.id, "carried": False}))
            for ref, pair in pairs:
                notes.append(self._counterpart_note(article_id, passage, ref, pair))
        return notes

    def _counterpart_note(self, article_id: str, passage: int, ref, pair) -> Note:
        mine_is_a = pair.a.article == article_id and pair.a.passage == passage
        diffs = [{"this": d.a if mine_is_a else d.b, "other": d.b if mine_is_a else d.a, "class": d.cls}
                 for d in pair.differences]
        changes = [d for d in diffs if d["class"] != "style"]
        summary = "; ".join(f"{d['class']}: {d['this'] or '(none)'!r} -> {d['other'] or '(none)'!r}"
                            for d in changes[:3]) or "same wording"
        text = f"{self.outlet(ref.article)} \u00b6{ref.passage + 1}: {summary}"  # people count from 1
        return Note("counterpart", [_ref(article_id, passage), ref.to_dict()], text,
                    {"outlet": self.outlet(ref.article), "article": ref.article, "carried": True,
                     "score": pair.score, "differences": diffs})

    def _exclusive(self, article_id: str, passage: int) -> list[Note]:
        others = self.others(article_id)
        if not others or not self.analysis.alignment.is_unique(article_id, passage):
            return []
        article = self.articles[article_id]
        position = next((i for i, p in enumerate(article.passages) if p.index == passage), 0)
        where = position_of(position, len(article.passages))
        text = f"Only {article.outlet} carries this passage ({where})"
        return [Note("exclusive", [_ref(article_id, passage)], text,
                     {"outlet": article.outlet, "position": where,
                      "missing_from": [o.outlet for o in others]})]

    def _figure_note(self, figure: Figure) -> Note:
        what = figure.label + (f" ({figure.quantity or figure.counts})" if figure.quantity or figure.counts else "")
        refs = [_ref(figure.article, figure.passage)]
        refs += [_ref(a, p) for a, p in figure.shared_with] + [_ref(a, p) for a, p, _ in figure.conflicts_with]
        outlets = list(dict.fromkeys([self.outlet(figure.article)] + [self.outlet(a) for a, _ in figure.shared_with]))
        conflicts = [self._rival(figure, a, p, t) for a, p, t in figure.conflicts_with]
        if figure.status == CONFLICTING:
            rivals = ", ".join(f"{c['outlet']} says {c['figure']!r}" + (f" (x{c['ratio']:g})" if c["ratio"] else "")
                               for c in conflicts)
            text = f"{what}: conflicting \u2014 {rivals}"
        elif figure.status == SHARED:
            text = f"{what}: shared with {', '.join(outlets[1:])}"
        else:
            text = f"{what}: only {self.outlet(figure.article)}"
        return Note("figure", refs, text, {
            "figure": figure.text, "value": figure.value, "low": figure.low, "high": figure.high, "unit": figure.unit,
            "figure_kind": figure.kind, "qualifier": figure.qualifier, "rate": figure.rate, "counts": figure.counts,
            "quantity": figure.quantity, "event": figure.event, "aspect": figure.aspect, "status": figure.status,
            "outlets": outlets, "conflicts": conflicts})

    def _rival(self, figure: Figure, article: str, passage: int, text: str) -> dict[str, Any]:
        other = next((f for f in self._figures_at.get((article, passage), ()) if f.text == text), None)
        return {"outlet": self.outlet(article), "article": article, "passage": passage, "figure": text,
                "value": other.value if other else None, "ratio": ratio(figure, other) if other else None}

    def _quote_note(self, quote: Quote) -> Note:
        others = list(dict.fromkeys(self.outlet(a) for a, _ in quote.carried_by))
        who = quote.speaker or "unattributed"
        verb = "quoted" if quote.kind == "direct" else "reported"
        also = f" \u2014 also in {', '.join(others)}" if others else f" \u2014 only {self.outlet(quote.article)}"
        credited = f" (credited elsewhere to {', '.join(quote.other_speakers)})" if quote.other_speakers else ""
        refs = [_ref(quote.article, quote.passage)] + [_ref(a, p) for a, p in quote.carried_by]
        return Note("quote", refs, f"{who} ({verb}): \u201c{_short(quote.text)}\u201d{also}{credited}", {
            "speaker": quote.speaker, "speaker_kind": quote.speaker_kind, "quote": quote.text,
            "quote_kind": quote.kind, "cue": quote.cue, "other_speakers": list(quote.other_speakers),
            "outlets": [self.outlet(quote.article)] + others})

    def _term_notes(self, article_id: str, passage: int) -> list[Note]:
        terms = self.terms.get(self._story(article_id), [])
        return [self._term_note(t, (article_id, passage)) for t in terms
                if any((a, p) == (article_id, passage) for a, p, _, _ in t.occurrences)]

    def _term_note(self, term, anchor: tuple[str, int] | None = None) -> Note:
        places = list(dict.fromkeys((a, p) for a, p, _, _ in term.occurrences))
        if anchor in places:
            places.remove(anchor)
            places.insert(0, anchor)
        counts = {self.outlet(a): n for a, n in term.counts.items()}
        text = f"\u201c{term.term}\u201d: " + ", ".join(f"{outlet} {n}" for outlet, n in counts.items())
        return Note("term", [_ref(a, p) for a, p in places], text,
                    {"term": term.term, "counts": counts, "by_article": term.counts, "swapped": term.swapped})

    # --- every note ----------------------------------------------------------------------------------

    def all(self) -> list[Note]:
        """Every note of the corpus once: a counterpart pair once, a term once per story."""
        notes, seen = [], set()
        for article in self.articles.values():
            for passage in article.passages:
                for note in self.for_passage(article.id, passage.index):
                    if note.kind == "term":
                        continue
                    key = _dedupe_key(note)
                    if key not in seen:
                        seen.add(key)
                        notes.append(note)
        for terms in self.terms.values():
            notes.extend(self._term_note(t) for t in terms)
        return notes


def _dedupe_key(note: Note) -> tuple:
    if note.kind == "counterpart" and note.details.get("carried"):
        return ("counterpart", frozenset((r["article"], r["passage"]) for r in note.refs))
    return (note.kind, id(note))


_LAST: list = []


def notes_index(analysis, articles: Sequence) -> NotesIndex:
    """The index for this analysis and these articles (the last one is reused)."""
    key = (id(analysis), tuple(a.id for a in articles), tuple(a.content_hash for a in articles))
    if _LAST and _LAST[0] == key and _LAST[1].analysis is analysis:
        return _LAST[1]
    index = NotesIndex(analysis, articles)
    _LAST[:] = [key, index]
    return index


def notes_for_passage(analysis, corpus_articles: Sequence, article_id: str, passage: int) -> list[Note]:
    """The cross-article notes of one passage (counterparts first, then exclusive, figures, quotes, terms)."""
    return notes_index(analysis, corpus_articles).for_passage(article_id, passage)


def all_notes(analysis, corpus_articles: Sequence) -> list[Note]:
    """Every cross-article note of the corpus."""
    return notes_index(analysis, corpus_articles).all()
