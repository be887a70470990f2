"""Entity recognition and cross-article linking: people, places, organisations, figures, dates.

    index = analyse_entities(corpus.articles)            # default rules engine, cached
    index.mentions_in("004_bdaef11c943deee3", 12)        # what the reading pane highlights
    index.mentions_of("Andres Manuel Lopez Obrador")     # every mention, every article
    index.entities()                                     # Entity(name, type, mentions), most mentioned first

Engines (`get_engine("rules")`, `get_engine("spacy")`) find spans per
passage; spans are cached per article (content hash + engine version) and
linked across all articles on every call, since linking is cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caravan_tui.analysis.entities.base import ENTITY_TYPE_NAMES, Engine, Mention, Span
from caravan_tui.analysis.entities.linking import RawMention, link
from caravan_tui.corpus.model import Article, hash_text

if TYPE_CHECKING:
    from caravan_tui.storage.cache import AnalysisCache

ENGINES = ("rules", "spacy")

__all__ = ["ENGINES", "ENTITY_TYPE_NAMES", "Engine", "Entity", "EntityIndex", "Mention", "Span",
           "analyse_entities", "article_key", "cache_kind", "entities_in_text", "get_engine", "resolve_engine"]


@dataclass(frozen=True)
class Entity:
    """One linked entity: its canonical name, voted type and every mention of it."""

    name: str
    type: str
    mentions: tuple[Mention, ...]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))


class EntityIndex:
    """Linked mentions, looked up by passage or by entity."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.article, m.passage, m.start))
        self._by_passage: dict[tuple[str, int], list[Mention]] = defaultdict(list)
        self._by_entity: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        for mention in self.mentions:
            self._by_passage[(mention.article, mention.passage)].append(mention)
            self._by_entity[(mention.entity, mention.type)].append(mention)

    def mentions_in(self, article_id: str, passage: int) -> list[Mention]:
        """The mentions in one passage, in reading order."""
        return list(self._by_passage.get((article_id, passage), ()))

    def mentions_of(self, entity: str, type: str | None = None) -> list[Mention]:
        """Every mention of an entity (by canonical name), across all articles."""
        return [m for (name, t), ms in self._by_entity.items() if name == entity and type in (None, t) for m in ms]

    def entities(self, types: Sequence[str] | None = None) -> list[Entity]:
        """Every entity, most mentioned first."""
        found = [Entity(name, t, tuple(ms)) for (name, t), ms in self._by_entity.items()
                 if types is None or t in types]
        return sorted(found, key=lambda e: (-len(e.mentions), e.type, e.name.casefold()))

    def __len__(self) -> int:
        return len(self.mentions)


def get_engine(name: str = "rules") -> Engine:
    """The engine of that name; "spacy" needs the optional extra (caravan-tui[spacy])."""
    if name == "rules":
        return _shared_rules_engine()
    if name == "spacy":
        from caravan_tui.analysis.entities.spacy_engine import SpacyEngine

        return SpacyEngine()
    raise ValueError(f"unknown entity engine {name!r}; known: {', '.join(ENGINES)}")


def resolve_engine(engine: Engine | str | None) -> Engine:
    """An engine given by name (None: the default rules engine), or the engine itself."""
    return get_engine(engine or "rules") if engine is None or isinstance(engine, str) else engine


_RULES_ENGINE = None


def _shared_rules_engine() -> Engine:
    global _RULES_ENGINE
    if _RULES_ENGINE is None:
        from caravan_tui.analysis.entities.rules import RulesEngine

        _RULES_ENGINE = RulesEngine()
    return _RULES_ENGINE


def article_key(article: Article) -> str:
    """The cache key of an article's passages (exactly the texts the spans point into)."""
    return hash_text("\x00".join(p.text for p in article.passages))


def recognise_article(article: Article, engine: Engine) -> list[list[Span]]:
    """Spans of each passage of an article, in passage order."""
    texts = [passage.text for passage in article.passages]
    batch = getattr(engine, "recognise_many", None)
    return batch(texts) if batch else [engine.recognise(text) for text in texts]


def analyse_entities(articles: Sequence[Article], engine: Engine | str | None = None,
                     cache: AnalysisCache | None = None) -> EntityIndex:
    """Recognise (or fetch from `cache`) every article's spans, then link them across articles."""
    engine = resolve_engine(engine)
    spans_by_article = _spans_with_cache(articles, engine, cache)
    raw = [
        RawMention(article.id, passage.index, span)
        for article in articles
        for passage, spans in zip(article.passages, spans_by_article[article.id])
        for span in spans
    ]
    return EntityIndex(link(raw))


def entities_in_text(text: str, engine: Engine | str | None = None) -> list[Mention]:
    """Linked mentions of one free-standing text (article "text", passage 0): handy for tests and tools."""
    engine = resolve_engine(engine)
    return link(RawMention("text", 0, span) for span in engine.recognise(text))


def cache_kind(engine: Engine) -> str:
    """The analysis-cache kind of an engine's spans (its name and version)."""
    return f"entities/{engine.name}/{engine.version}"


def _spans_with_cache(articles: Sequence[Article], engine: Engine,
                      cache: AnalysisCache | None) -> dict[str, list[list[Span]]]:
    keys = {article.id: article_key(article) for article in articles}
    cached = cache.get_many(cache_kind(engine), keys.values()) if cache is not None else {}
    result: dict[str, list[list[Span]]] = {}
    fresh: dict[str, list[list[list[int | str | float]]]] = {}
    for article in articles:
        rows = cached.get(keys[article.id])
        if rows is not None and len(rows) == len(article.passages):
            result[article.id] = [[Span.from_row(r, p.text) for r in passage_rows]
                                  for p, passage_rows in zip(article.passages, rows)]
            continue
        spans = recognise_article(article, engine)
        result[article.id] = spans
        fresh[keys[article.id]] = [[s.to_row() for s in passage_spans] for passage_spans in spans]
    if cache is not None and fresh:
        cache.put_many(cache_kind(engine), fresh)
    return result
