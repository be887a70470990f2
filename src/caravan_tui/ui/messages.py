"""Messages the main screen's workers post when their work is done.

Each carries the corpus generation it was started for (`ReaderState.generation`),
so a result that arrives after a newer corpus was loaded is recognised as stale
and dropped. Progress messages replace each other while queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from caravan_tui.analysis.pipeline import CorpusAnalysis
    from caravan_tui.corpus.model import Article
    from caravan_tui.ui.preload import LoadResult


class WorkerResult(Message):
    """The result of a worker started for one corpus generation."""

    def __init__(self, generation: int) -> None:
        super().__init__()
        self.generation = generation


class CorpusLoaded(WorkerResult):
    def __init__(self, generation: int, loaded: LoadResult) -> None:
        super().__init__(generation)
        self.loaded = loaded


class CorpusChecked(WorkerResult):
    """The files were checked against a provisional load: `loaded` is the fresh load, or None when it is the
    same (or when the check failed: `failure` says why)."""

    def __init__(self, generation: int, loaded: LoadResult | None, failure: str | None = None) -> None:
        super().__init__(generation)
        self.loaded = loaded
        self.failure = failure


class LoadFailed(WorkerResult):
    def __init__(self, generation: int, reason: str) -> None:
        super().__init__(generation)
        self.reason = reason


class AnalysisReady(WorkerResult):
    """The analysis of `articles` (the whole corpus, or one story of a large one)."""

    def __init__(self, generation: int, analysis: CorpusAnalysis, articles: list[Article] | None = None) -> None:
        super().__init__(generation)
        self.analysis = analysis
        self.articles = articles


class AnalysisFailed(WorkerResult):
    def __init__(self, generation: int, reason: str) -> None:
        super().__init__(generation)
        self.reason = reason


class AnalysisProgress(WorkerResult):
    """How far the analysis is; a newer one replaces a queued older one."""

    def __init__(self, generation: int, text: str) -> None:
        super().__init__(generation)
        self.text = text

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnalysisProgress)


class OverviewReady(WorkerResult):
    def __init__(self, generation: int, overview: Any, article_id: str, families: str = "") -> None:
        super().__init__(generation)
        self.overview = overview
        self.article_id = article_id
        self.families = families


class SourcesAdded(Message):
    """What `add` made of a source the reader gave (results of caravan_tui.corpus.ingest.add_sources)."""

    def __init__(self, results: list[Any] | None, error: str | None = None) -> None:
        super().__init__()
        self.results = results or []
        self.error = error


class FeedsRefreshed(Message):
    """What a refresh of the subscriptions brought (a caravan_tui.corpus.ingest.refresh.RefreshReport)."""

    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report


class CorpusSearched(WorkerResult):
    """The matches of a search of every article."""

    def __init__(self, generation: int, query: str, matches: list[Any]) -> None:
        super().__init__(generation)
        self.query = query
        self.matches = matches
