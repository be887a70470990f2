"""Entity analysis through the cache: a second run does no analysis; changes and new engines miss."""

from __future__ import annotations

from caravan_tui.analysis.entities import analyse_entities
from caravan_tui.analysis.entities.rules import RulesEngine
from caravan_tui.storage.cache import AnalysisCache
from factories import make_article


class CountingEngine(RulesEngine):
    def __init__(self, version: str = "1") -> None:
        super().__init__()
        self.version = version
        self.calls = 0

    def recognise(self, text):
        self.calls += 1
        return super().recognise(text)


ARTICLES = [make_article("a", ["President Lula spoke in Brasilia.", "He met 20 governors on Monday."]),
            make_article("b", ["Lula said inflation fell."])]


def test_second_run_does_no_analysis(monkeypatch, tmp_path):
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(tmp_path))
    engine = CountingEngine()
    first = analyse_entities(ARTICLES, engine=engine, cache=AnalysisCache())
    assert engine.calls == 3
    second = analyse_entities(ARTICLES, engine=engine, cache=AnalysisCache())
    assert engine.calls == 3
    assert second.mentions == first.mentions
    assert any(m.entity == "Lula" and m.article == "b" for m in second.mentions)


def test_changed_article_and_new_engine_version_miss(monkeypatch, tmp_path):
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(tmp_path))
    cache = AnalysisCache()
    engine = CountingEngine()
    analyse_entities(ARTICLES, engine=engine, cache=cache)
    changed = [ARTICLES[0], make_article("b", ["Lula said inflation fell in Recife."])]
    analyse_entities(changed, engine=engine, cache=cache)
    assert engine.calls == 4
    newer = CountingEngine(version="2")
    analyse_entities(ARTICLES, engine=newer, cache=cache)
    assert newer.calls == 3
