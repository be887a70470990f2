"""Acceptance: the default engine on the two raw samples, scored against the reference annotation."""

from __future__ import annotations

import json

import pytest

import entity_scoring
from caravan_tui.analysis.entities import analyse_entities
from caravan_tui.corpus.loader import load_corpus
from fixture_paths import FIXTURES


@pytest.fixture(scope="module")
def scores():
    corpus = load_corpus([FIXTURES / "seeds"])
    assert len(corpus.articles) == 2
    mentions = [m.to_json() for m in analyse_entities(corpus.articles).mentions]
    gold = json.loads((FIXTURES / "gold" / "seeds.json").read_text(encoding="utf-8"))
    return entity_scoring.score(gold, mentions, lenient_figures=True)


@pytest.mark.parametrize("type_,minimum", [("person", 0.95), ("place", 0.95), ("figure", 0.90)])
def test_recall(scores, type_, minimum):
    assert scores[type_]["recall"] >= minimum, scores[type_]["misses"]


@pytest.mark.parametrize("type_", ["person", "place", "figure"])
def test_precision(scores, type_):
    assert scores[type_]["precision"] >= 0.90, scores[type_]["errors"]


def test_scorer_matching_rules():
    scorer = entity_scoring
    assert scorer.normalise("Mr. Lopez Obrador's") == "lopez obrador"
    assert scorer.same("lopez obrador", "andres manuel lopez obrador")
    assert not scorer.same("obrador", "andres manuel lopez obrador")
    assert not scorer.same("10,000", "as many as 10,000")
    assert scorer.same("10,000", "as many as 10,000", lenient_figure=True)
    assert not scorer.same("lopez", "lopezobrador")


def test_scorer_counts_forbidden_forms_as_errors():
    gold = {"entities": {"a": {"required": {"person": ["Jane Roe"]}, "allowed": ["Updated"],
                               "not_entities": ["Updated"]}}}
    mentions = [{"article": "a", "type": "person", "text": "Jane Roe"},
                {"article": "a", "type": "person", "text": "Updated"}]
    result = entity_scoring.score(gold, mentions)
    assert result["person"]["recall"] == 1.0
    assert result["person"]["precision"] == 0.5
