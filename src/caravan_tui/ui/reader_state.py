"""What the reader is showing, kept apart from how it is shown: no Textual here.

`ReaderState` holds the loaded corpus, its stories and their order, the open
article, the analysis once it is ready and the reader's display choices
(which entity types are highlighted). Its methods answer the questions the
main screen asks on every key: the next article, the story's members, the
highlight spans and gutter marks of an article, the passage the source switch
goes to. It can be built and tested without a screen, as toolong keeps the
state of a log file in `log_file.py`.

`generation` counts the corpora loaded: a worker's result carries the
generation it was started for, and a result for an older corpus is dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article, Corpus
from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.ui import analysis_view
from caravan_tui.ui.search import Match, find_in_article

if TYPE_CHECKING:
    from caravan_tui.analysis.align import PassageRef
    from caravan_tui.analysis.entities import Mention
    from caravan_tui.analysis.pipeline import CorpusAnalysis

MARKS_CACHED = 16  # articles whose highlight spans and gutter marks are kept
#: Up to this many articles the reader analyses the whole corpus once; above it, each story when it is
#: opened (from the cache `caravan-tui index` filled): memory then follows the stories read, not the
#: folder. 10,000 is the largest size whose whole-corpus start was measured within its targets.
WHOLE_CORPUS_ANALYSIS_UP_TO = 10_000

Marks = tuple[Mapping[int, list[analysis_view.Span]], Mapping[int, str]]


class ReaderState:
    """The corpus, stories, open article, analysis and display choices of one reader."""

    def __init__(self) -> None:
        self.corpus = Corpus()
        self.story_of: dict[str, str] = {}
        self.article_order: list[str] = []
        self._position: dict[str, int] = {}  # article id -> its place in `article_order`
        self.current_article: Article | None = None
        self.analysis: CorpusAnalysis | None = None
        self.analysed: list[Article] = []  # the articles `analysis` covers (all, or one story's on large corpora)
        self._analysed_ids: set[str] = set()
        self.enabled_types: set[str] = set(ENTITY_TYPES)
        self.dark = True  # the theme is dark: entity styles differ on a light one
        self.generation = 0
        self.story_names: dict[str, str] = {}  # story id -> the name the reader gave it
        self.search_query = ""  # the last search; > and < step through its matches
        self.read: dict[str, str] = {}  # article id -> content hash of the text that was read
        self._unread: set[str] = set()  # kept in step with `read`, so a key never recounts the corpus
        self._members: dict[str, list[str]] = {}
        self._marks: OrderedDict[tuple[str, frozenset[str], bool], Marks] = OrderedDict()

    # Corpus and analysis ---------------------------------------------------

    def set_corpus(self, corpus: Corpus, story_of: dict[str, str], story_names: dict[str, str] | None = None,
                   groups: dict[str, list[Article]] | None = None) -> None:
        """A newly loaded corpus (`groups`: its `members_by_story`, when already known): no analysis yet."""
        self.corpus, self.story_of = corpus, story_of
        self.story_names = dict(story_names or {})
        groups = groups if groups is not None else members_by_story(corpus.articles, story_of)
        self._members = {story: [article.id for article in members] for story, members in groups.items()}
        self._clear_analysis()
        self._count_unread()

    def new_generation(self) -> int:
        """Start loading another corpus; results of earlier workers are stale from now on."""
        self.generation += 1
        self._clear_analysis()
        return self.generation

    def _clear_analysis(self) -> None:
        self.analysis, self.analysed, self._analysed_ids = None, [], set()
        self._marks.clear()

    @property
    def by_story(self) -> bool:
        """Whether the corpus is too large to analyse at once: then each story is analysed when opened."""
        return len(self.corpus.articles) > WHOLE_CORPUS_ANALYSIS_UP_TO

    def analysis_scope(self, article_id: str | None) -> list[Article]:
        """The articles to analyse: the whole corpus, or (on a large one) the story of `article_id`."""
        if not self.by_story:
            return list(self.corpus.articles)
        if article_id is None:
            return []
        members = self._members.get(self.story_of.get(article_id, article_id), [article_id])
        return [article for member in members if (article := self.corpus.by_id(member)) is not None]

    def is_analysed(self, article_id: str) -> bool:
        """Whether the analysis at hand covers that article."""
        return self.analysis is not None and article_id in self._analysed_ids

    def set_analysis(self, analysis: CorpusAnalysis, articles: Sequence[Article] | None = None) -> None:
        """The analysis of `articles` (default: the whole corpus)."""
        self.analysis = analysis
        self.analysed = list(self.corpus.articles if articles is None else articles)
        self._analysed_ids = {article.id for article in self.analysed}
        self._marks.clear()

    def set_order(self, article_ids: Sequence[str]) -> None:
        """The order articles are stepped through (the article list's, stories grouped)."""
        self.article_order = list(article_ids)
        self._position = {article_id: n for n, article_id in enumerate(self.article_order)}

    # Articles --------------------------------------------------------------

    def open(self, article_id: str) -> Article | None:
        """Make `article_id` the open article; None when there is no such article."""
        article = self.corpus.by_id(article_id)
        if article is not None:
            self.current_article = article
        return article

    def neighbour(self, delta: int) -> str | None:
        """The id of the article `delta` steps from the open one in list order (wrapping)."""
        if not self.article_order:
            return None
        current = self.current_article.id if self.current_article else self.article_order[0]
        position = self._position.get(current, 0)
        return self.article_order[(position + delta) % len(self.article_order)]

    def is_unread(self, article: Article) -> bool:
        """Not read yet, or changed since it was read."""
        return self.read.get(article.id) != article.content_hash

    def unread_ids(self) -> set[str]:
        """The ids of the unread articles (the state's own set: do not change it)."""
        return self._unread

    def set_read_state(self, read: dict[str, str]) -> None:
        """What the reader read: article id -> the content hash of the text read."""
        self.read = dict(read)
        self._count_unread()

    def set_read(self, article: Article, read: bool) -> None:
        """Mark one article read (this text of it) or unread."""
        if read:
            self.read[article.id] = article.content_hash
            self._unread.discard(article.id)
        else:
            self.read.pop(article.id, None)
            self._unread.add(article.id)

    def _count_unread(self) -> None:
        self._unread = {article.id for article in self.corpus.articles if self.is_unread(article)}

    def next_unread(self) -> str | None:
        """The first unread article after the open one in list order (wrapping), other than the open one."""
        order = self.article_order
        if not order:
            return None
        current = self.current_article.id if self.current_article else None
        start = self._position[current] + 1 if current in self._position else 0
        for article_id in order[start:] + order[:start]:
            article = self.corpus.by_id(article_id)
            if article is not None and article_id != current and self.is_unread(article):
                return article_id
        return None

    def story_members(self, article_id: str) -> list[str]:
        """Ids of the articles in the story of `article_id`, in corpus order."""
        return self._members.get(self.story_of.get(article_id, article_id), [article_id])

    def other_members(self, article_id: str) -> list[Article]:
        """The other articles of `article_id`'s story."""
        others = (self.corpus.by_id(other) for other in self.story_members(article_id) if other != article_id)
        return [article for article in others if article is not None]

    def story_name(self, story: str) -> str:
        """The reader's name for a story, else the headline of its first article, else its id."""
        if story in self.story_names:
            return self.story_names[story]
        members = self._members.get(story)
        first = self.corpus.by_id(members[0]) if members else None
        return first.title if first is not None and first.title else story

    def outlet_of(self, article_id: str) -> str:
        article = self.corpus.by_id(article_id)
        return article.outlet if article else article_id

    # Display choices and what the analysis says ------------------------------

    def set_dark(self, dark: bool) -> None:
        """The theme changed between dark and light: highlights take the other styles."""
        self.dark = dark

    def toggle_type(self, name: str) -> None:
        """Switch highlighting of one entity type on or off."""
        self.enabled_types ^= {name}

    def marks(self, article: Article) -> Marks:
        """(entity highlight spans, gutter marks) of an article; empty until the analysis is ready.

        Kept per article for the analysis and the switched-on types they were made for:
        switching back and forth between outlets (s/S, [/]) then recomputes nothing.
        """
        if self.analysis is None:
            return {}, {}
        key = (article.id, frozenset(self.enabled_types), self.dark)
        marks = self._marks.get(key)
        if marks is None:
            marks = (analysis_view.highlight_spans(self.analysis.entities, article, self.enabled_types, self.dark),
                     analysis_view.gutter_marks(self.analysis.alignment, article,
                                                len(self.story_members(article.id))))
            self._marks[key] = marks
            while len(self._marks) > MARKS_CACHED:
                self._marks.popitem(last=False)
        else:
            self._marks.move_to_end(key)
        return marks

    def counterpart_refs(self, article_id: str, passage_index: int) -> list[tuple[str, int]]:
        """(article, passage) of each passage aligned with this one; none before the analysis."""
        if self.analysis is None:
            return []
        return [(ref.article, ref.passage)
                for ref, _ in self.analysis.alignment.counterparts(article_id, passage_index)]

    def source_target(self, article_id: str, passage_index: int, step: int) -> PassageRef | None:
        """The same passage in the next (+1) or previous (-1) outlet that carries it."""
        if self.analysis is None:
            return None
        return analysis_view.source_target(self.analysis.alignment, article_id, passage_index, step)

    def mention_at(self, article_id: str, passage: int, span: tuple[int, int] | None) -> Mention | None:
        """The highlighted mention at `span` of a passage, if its type is switched on."""
        if self.analysis is None or span is None:
            return None
        return next((m for m in self.analysis.entities.mentions_in(article_id, passage)
                     if (m.start, m.end) == span and m.type in self.enabled_types), None)

    def next_mention(self, mention: Mention) -> Mention | None:
        """The next mention of the same entity, in list order."""
        if self.analysis is None:
            return None
        return analysis_view.next_mention(self.analysis.entities, mention, self.article_order)

    def search_matches(self, article: Article) -> list[Match]:
        """The matches of the current search in an article (none without a search)."""
        return find_in_article(article, self.search_query) if self.search_query else []

    def passage_findings(self, article_id: str, passage_index: int) -> list[Any]:
        """The findings the analysis has for a passage across outlets (imported late: heavy modules)."""
        if self.analysis is None:
            return []
        from caravan_tui.analysis.findings import findings_for_passage

        return findings_for_passage(self.analysis, self.analysed, article_id, passage_index)
