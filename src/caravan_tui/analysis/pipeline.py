"""Every analysis the reader shows, in one call, cached by content hash.

    analysis = analyse_corpus(corpus.articles, story_of, cache=AnalysisCache())
    analysis.alignment.counterparts(article_id, passage)
    analysis.entities.mentions_in(article_id, passage)

Entity spans are cached per article by the entities package; alignments are
cached per story, keyed by the content hashes of the story's articles and the
alignment algorithm's version, so a second start does no analysis and a
changed file re-aligns only its own story.

An optional `progress(stage, done, total)` callback is called after each
story aligned ("align") and each article recognised ("entities"); `total`
counts only the work the cache did not answer (see `caravan-tui index`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from caravan_tui.analysis.align import ALGORITHM_VERSION, Alignment, align_story
from caravan_tui.analysis.differences import CLASSES_VERSION
from caravan_tui.analysis.entities import Engine, EntityIndex, analyse_entities, article_key, cache_kind, resolve_engine
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.corpus.model import Article, hash_text

ALIGNMENT_KIND = f"alignment/{ALGORITHM_VERSION}.{CLASSES_VERSION}"

Progress = Callable[[str, int, int], None]


@dataclass
class CorpusAnalysis:
    """The results the reader, the notes and the commands work from."""

    story_of: dict[str, str]
    alignment: Alignment
    entities: EntityIndex


def analyse_corpus(articles: Sequence[Article], story_of: dict[str, str], *, cache=None,
                   engine=None, progress: Progress | None = None) -> CorpusAnalysis:
    """Align every story and recognise every entity (reusing `cache` where it has results)."""
    articles = list(articles)
    alignment = align_stories(articles, story_of, cache=cache, progress=progress)
    if progress is not None:
        engine = resolve_engine(engine)
        engine = _CountingEngine(engine, progress, _entities_to_recognise(articles, engine, cache))
    entities = analyse_entities(articles, engine=engine, cache=cache)
    return CorpusAnalysis(story_of, alignment, entities)


def align_stories(articles: Sequence[Article], story_of: dict[str, str], *, cache=None,
                  progress: Progress | None = None) -> Alignment:
    """Align the articles of each story, story by story, through the cache."""
    groups = {story: members for story, members in members_by_story(articles, story_of).items() if len(members) > 1}
    keys = {story: story_key(members) for story, members in groups.items()}
    cached = cache.get_many(ALIGNMENT_KIND, keys.values()) if cache is not None else {}
    pairs, fresh = [], {}
    to_align = sum(1 for story in groups if keys[story] not in cached)
    for story, members in groups.items():
        found = cached.get(keys[story])
        story_alignment = Alignment.from_dict(found) if found is not None else align_story(members)
        if found is None:
            fresh[keys[story]] = story_alignment.to_dict()
            if progress is not None:
                progress("align", len(fresh), to_align)
        pairs.extend(story_alignment.pairs)
    if cache is not None and fresh:
        cache.put_many(ALIGNMENT_KIND, fresh)
    return Alignment(pairs, [article.id for article in articles])


def story_key(members: Sequence[Article]) -> str:
    """The cache key of one story: its articles, in order, by id and content."""
    return hash_text("\n".join(f"{a.id}\t{a.content_hash}" for a in members))


def _entities_to_recognise(articles: list[Article], engine: Engine, cache) -> int:
    """How many articles the entity cache does not answer (for progress totals)."""
    if cache is None:
        return len(articles)
    keys = [article_key(article) for article in articles]
    return len(articles) - len(cache.present(cache_kind(engine), keys))


class _CountingEngine:
    """An entity engine that reports each article it recognises (one `recognise_many` per article)."""

    def __init__(self, engine, progress: Progress, total: int) -> None:
        self._engine, self._progress, self._total, self._done = engine, progress, total, 0
        self.name, self.version = engine.name, engine.version

    def recognise(self, text: str):
        return self._engine.recognise(text)

    def recognise_many(self, texts: list[str]):
        batch = getattr(self._engine, "recognise_many", None)
        spans = batch(texts) if batch else [self._engine.recognise(text) for text in texts]
        self._done += 1
        self._progress("entities", self._done, max(self._total, self._done))
        return spans
