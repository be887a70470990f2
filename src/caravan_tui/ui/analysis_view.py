"""What the reader shows of the analysis: highlight spans, gutter marks, note texts.

Pure functions from analysis results to display data (Rich Text, style
spans), so the app only dispatches and these can be tested without a screen.
Article text always goes through `safe()`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.safe_text import safe
from caravan_tui.ui.lazy_mapping import LazyMapping

if TYPE_CHECKING:  # the analysis modules are heavy to import; the app loads them in its worker
    from caravan_tui.analysis.align import Alignment, PassageRef
    from caravan_tui.analysis.entities import EntityIndex, Mention
    from caravan_tui.analysis.findings import Finding

#: The cross-article note kinds the "Figures, voices, terms" section shows (counterparts have their own).
CROSS_NOTE_KINDS = ("exclusive", "figure", "quote", "term")

#: How an aligned passage relates to this one, in the reader's words (analysis.align's relations).
RELATION_LABELS = {"edited copy": "same text, edited", "same fact": "same fact, own words"}

#: Gutter marks: one character, meaningful without colour.
UNIQUE_MARK = "+"
CHANGED_MARK = "~"
NOTE_MARK = "*"
GUTTER_LEGEND = ((UNIQUE_MARK, "only here"), (CHANGED_MARK, "changed elsewhere"), (NOTE_MARK, "your note"))

Span = tuple[int, int, str]


def highlight_spans(entities: EntityIndex, article: Article, enabled: Collection[str],
                    dark: bool = True) -> Mapping[int, list[Span]]:
    """Passage index -> [(start, end, style)] for the entity types that are switched on (styles of the theme).

    Computed for a passage when it is first looked up (see `LazyMapping`): the reader asks for the passages it draws.
    """
    def spans_of(index: int) -> list[Span] | None:
        found = [(m.start, m.end, ENTITY_TYPES[m.type].style_on(dark))
                 for m in entities.mentions_in(article.id, index)
                 if m.type in enabled and m.type in ENTITY_TYPES]
        return found or None

    return LazyMapping(_passage_indexes(article), spans_of)


def gutter_marks(alignment: Alignment, article: Article, story_size: int) -> Mapping[int, str]:
    """Mark passages only this outlet carries (when its story has others) and passages others changed.

    Computed for a passage when it is first looked up, like `highlight_spans`.
    """
    def mark_of(index: int) -> str | None:
        counterparts = alignment.counterparts(article.id, index)
        if not counterparts:
            return UNIQUE_MARK if story_size > 1 else None
        return CHANGED_MARK if any(pair.changed for _, pair in counterparts) else None

    return LazyMapping(_passage_indexes(article), mark_of)


def _passage_indexes(article: Article) -> list[int]:
    return [passage.index for passage in article.passages]


def source_target(alignment: Alignment, article_id: str, passage: int, step: int) -> PassageRef | None:
    """The same passage in the next (step=+1) or previous (-1) outlet carrying it, or None."""
    carriers = alignment.carriers(article_id, passage)
    if len(carriers) < 2:
        return None
    target_article = carriers[(carriers.index(article_id) + step) % len(carriers)]
    refs = [ref for ref, _ in alignment.counterparts(article_id, passage) if ref.article == target_article]
    return min(refs, key=lambda ref: ref.passage)


def carriers_line(alignment: Alignment, article_id: str, passage: int, story_size: int) -> str:
    """"2 of 3 outlets carry this" (or that only this outlet does)."""
    carried = len(alignment.carriers(article_id, passage))
    if story_size < 2:
        return "no other outlet in this story"
    if carried == 1:
        return f"only this outlet of {story_size} carries this"
    return f"{carried} of {story_size} outlets carry this"


def counterparts_text(findings: Sequence[Finding]) -> Text:
    """Each other outlet's version of the passage with its differences, or that it is not carried.

    Drawn from the passage's "counterpart" findings (analysis.findings), one or more per other outlet.
    """
    from caravan_tui.analysis.findings import Counterpart

    text = Text()
    previous = None
    for finding in findings:
        details = finding.details
        if not isinstance(details, Counterpart):
            continue
        if details.article != previous:
            if text:
                text.append("\n")
            text.append(safe(details.outlet), style="bold")
            previous = details.article
        if not details.carried:
            text.append(": not carried", style="italic")
            continue
        how = RELATION_LABELS.get(details.relation or "", "")
        text.append(f" ¶{finding.refs[1].passage + 1} ({how + '; ' if how else ''}score {details.score or 0:.0f})")
        for change in details.differences:
            text.append(f"\n  {change.cls}: ", style="bold" if change.cls == "framing" else "")
            text.append(f"{safe(change.this) or '∅'} → {safe(change.other) or '∅'}")
    return text or Text("no other outlet in this story", style="italic")


def entity_text(corpus: Corpus, entities: EntityIndex, mention: Mention, dark: bool = True) -> Text:
    """The entity under the cursor and its mentions in this article and the others."""
    kind = ENTITY_TYPES.get(mention.type)
    text = Text()
    text.append(safe(mention.entity), style=kind.style_on(dark) if kind else "bold")
    text.append(f" ({kind.label if kind else mention.type})")
    others = [m for m in entities.mentions_of(mention.entity, mention.type) if m != mention]
    if not others:
        text.append("\nno other mention", style="italic")
        return text
    for other in others:
        article = corpus.by_id(other.article)
        outlet = article.outlet if article else other.article
        text.append(f"\n• {safe(outlet)} ¶{other.passage + 1}: ")
        text.append(safe(other.text), style="italic")
    text.append("\nenter: jump to the next mention", style="dim")
    return text


def next_mention(entities: EntityIndex, mention: Mention, article_order: Sequence[str]) -> Mention | None:
    """The entity's next mention after `mention`, in corpus order, wrapping around."""
    rank = {article_id: number for number, article_id in enumerate(article_order)}
    mentions = sorted(entities.mentions_of(mention.entity, mention.type),
                      key=lambda m: (rank.get(m.article, len(rank)), m.passage, m.start))
    if len(mentions) < 2 or mention not in mentions:
        return None
    return mentions[(mentions.index(mention) + 1) % len(mentions)]


def cross_notes_text(notes: Sequence[Finding]) -> Text:
    """Exclusive content, figures, quotes and terms of the passage, one bullet each."""
    text = Text()
    for note in (n for n in notes if n.kind in CROSS_NOTE_KINDS):
        if text:
            text.append("\n")
        text.append(f"{note.kind}: ", style="bold")
        text.append(safe(note.text))
    return text or Text("nothing to compare here", style="italic")
