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


def _recognise_articles(articles: Sequence[Article], engine: Engine, workers: int) -> list[list[list[Span]]]:
    """Spans of each article, in order: in a pool of processes when allowed and the engine is a shared one."""
    if workers > 1 and articles and engine.name == "rules" and engine is get_engine("rules"):
        from caravan_tui.analysis.batch import recognise_in_processes

        return recognise_in_processes(articles, engine.name, workers)
    return [recognise_article(article, engine) for article in articles]


def analyse_entities(articles: Sequence[Article], engine: Engine | str | None = None,
                     cache: AnalysisCache | None = None, workers: int = 1) -> EntityIndex:
    """Recognise (or fetch from `cache`) every article's spans, then link them across articles.

    `workers` > 1: a lot of text not cached is recognised by that many processes forked from this one
    (`batch.recognise_in_processes`; the same spans): only from a process that runs no other thread."""
    engine = resolve_engine(engine)
    spans_by_article = _spans_with_cache(articles, engine, cache, workers)
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


#: What the rules engine's output depends on: its code and its shipped data.
RULES_MODULES = ("caravan_tui.analysis.entities", "caravan_tui.analysis.sentences", "caravan_tui.analysis.text")
RULES_DATA = ("gazetteers", "lexicons")


def cache_kind(engine: Engine) -> str:
    """The analysis-cache kind of an engine's spans: its name, version and the fingerprint of its code.

    An engine may name the modules and data folders its output depends on
    (`fingerprint_modules`, `fingerprint_data`); the rules engine's are
    RULES_MODULES and RULES_DATA. Changing any of them makes every cached span a miss.
    """
    from caravan_tui.analysis.fingerprint import code_fingerprint

    modules = tuple(getattr(engine, "fingerprint_modules", RULES_MODULES))
    data = tuple(getattr(engine, "fingerprint_data", RULES_DATA))
    return f"entities/{engine.name}/{engine.version}/{code_fingerprint(modules, data)}"


def _spans_from_rows(rows: object, article: Article) -> list[list[Span]] | None:
    """An article's cached spans, or None when absent or not of the stored shape (then it is recognised again)."""
    if not isinstance(rows, list) or len(rows) != len(article.passages):
        return None
    spans: list[list[Span]] = []
    for passage, passage_rows in zip(article.passages, rows):
        if not isinstance(passage_rows, list) or not all(_valid_row(row, len(passage.text)) for row in passage_rows):
            return None
        spans.append([Span.from_row(row, passage.text) for row in passage_rows])
    return spans


def _valid_row(row: object, text_length: int) -> bool:
    """[start, end, type, confidence] within the passage, with a known type."""
    if not isinstance(row, list) or len(row) != 4:
        return False
    start, end, type_, confidence = row
    return (type(start) is int and type(end) is int and 0 <= start <= end <= text_length
            and type_ in ENTITY_TYPE_NAMES and type(confidence) in (int, float))


def _spans_with_cache(articles: Sequence[Article], engine: Engine, cache: AnalysisCache | None,
                      workers: int = 1) -> dict[str, list[list[Span]]]:
    keys = {article.id: article_key(article) for article in articles}
    cached = cache.get_many(cache_kind(engine), keys.values()) if cache is not None else {}
    result: dict[str, list[list[Span]]] = {}
    fresh: dict[str, list[list[list[int | str | float]]]] = {}
    missing = []
    for article in articles:
        from_cache = _spans_from_rows(cached.get(keys[article.id]), article)
        if from_cache is not None:
            result[article.id] = from_cache
        else:
            missing.append(article)
    for article, spans in zip(missing, _recognise_articles(missing, engine, workers)):
        result[article.id] = spans
        fresh[keys[article.id]] = [[s.to_row() for s in passage_spans] for passage_spans in spans]
    if cache is not None and fresh:
        cache.put_many(cache_kind(engine), fresh)
    return result
