"""The analysis pipeline: one call for alignment and entities, cached by content hash."""

from __future__ import annotations

import dataclasses

from caravan_tui.analysis import pipeline
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.storage.cache import AnalysisCache
from fixture_paths import SEEDS


def _corpus():
    corpus = load_corpus([SEEDS])
    return corpus.articles, story_of_each(corpus.articles)


def test_pipeline_aligns_and_recognises_the_samples(tmp_path):
    articles, story_of = _corpus()
    result = pipeline.analyse_corpus(articles, story_of, cache=AnalysisCache(tmp_path / "c.sqlite3"))
    first = articles[0].id
    aligned = [p for p in range(len(articles[0].passages)) if not result.alignment.is_unique(first, p)]
    assert len(aligned) >= 8
    assert any(m.type == "person" for m in result.entities.mentions)


def test_second_run_uses_the_cache_and_gives_the_same_result(tmp_path, monkeypatch):
    articles, story_of = _corpus()
    cache = AnalysisCache(tmp_path / "c.sqlite3")
    first = pipeline.analyse_corpus(articles, story_of, cache=cache)
    calls = []
    real_align = pipeline.align_story
    monkeypatch.setattr(pipeline, "align_story", lambda members: calls.append(members) or real_align(members))
    second = pipeline.analyse_corpus(articles, story_of, cache=cache)
    assert calls == []
    assert [p.to_dict() for p in second.alignment.pairs] == [p.to_dict() for p in first.alignment.pairs]


def test_a_changed_article_realigns_its_story(tmp_path, monkeypatch):
    articles, story_of = _corpus()
    cache = AnalysisCache(tmp_path / "c.sqlite3")
    pipeline.analyse_corpus(articles, story_of, cache=cache)
    changed = dataclasses.replace(articles[1], content_hash="different")
    calls = []
    real_align = pipeline.align_story
    monkeypatch.setattr(pipeline, "align_story", lambda members: calls.append(members) or real_align(members))
    pipeline.analyse_corpus([articles[0], changed], story_of, cache=cache)
    assert len(calls) == 1


def test_articles_alone_in_their_story_are_not_aligned():
    articles, _ = _corpus()
    apart = {article.id: article.id for article in articles}
    result = pipeline.analyse_corpus(articles, apart)
    assert result.alignment.pairs == []
