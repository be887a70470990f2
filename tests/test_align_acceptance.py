"""Acceptance: alignment of the two sample articles against the reference annotation.

The gold quotes each passage by its opening words and each difference by its
words on each side; a difference quoted with shared context ("Nicaragua, and
Cuba" / "Nicaragua and Cuba") is matched by its changed words alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from caravan_tui.analysis.align import align_corpus
from caravan_tui.corpus.loader import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN = re.compile(r"\w+(?:['.]\w+)*\.?|[^\w\s]")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES).split())


def holds(text: str, words: str) -> bool:
    words = norm(words).strip(" .,;:\"'")
    return not words or re.search(rf"(?<!\w){re.escape(words)}(?!\w)", norm(text)) is not None


def changed_core(a: str, b: str) -> tuple[str, str]:
    """The gold sides without the tokens both share at the start and at the end."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    while ta and tb and ta[0] == tb[0]:
        ta, tb = ta[1:], tb[1:]
    while ta and tb and ta[-1] == tb[-1]:
        ta, tb = ta[:-1], tb[:-1]
    return " ".join(ta), " ".join(tb)


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((FIXTURES / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predicted() -> list[dict]:
    corpus = load_corpus([FIXTURES / "seeds"])
    texts = {(a.id, p.index): p.text for a in corpus.articles for p in a.passages}
    alignment = align_corpus(corpus.articles)
    return [{"a": texts[(p.a.article, p.a.passage)], "b": texts[(p.b.article, p.b.passage)],
             "a_article": p.a.article, "differences": p.differences} for p in alignment.pairs]


def matches(pair: dict, gold_pair: dict, first_article: str) -> bool:
    a, b = (pair["a"], pair["b"]) if pair["a_article"] == first_article else (pair["b"], pair["a"])
    return norm(a).count(norm(gold_pair["a"])) > 0 and norm(b).count(norm(gold_pair["b"])) > 0


def test_every_gold_pair_is_found(gold, predicted):
    first = next(iter(gold["articles"]))
    missed = [g for g in gold["aligned"] if not any(matches(p, g, first) for p in predicted)]
    assert missed == []


def test_no_pair_outside_the_gold(gold, predicted):
    first = next(iter(gold["articles"]))
    known = gold["aligned"] + gold["allowed_pairs"]
    false = [(p["a"][:50], p["b"][:50]) for p in predicted if not any(matches(p, g, first) for g in known)]
    assert false == []


def test_every_gold_difference_is_reported_with_its_class(gold, predicted):
    first = next(iter(gold["articles"]))
    pairs_by_opening = {g["a"]: g for g in gold["aligned"]}
    wrong = []
    for item in gold["differences"]:
        gold_pair = pairs_by_opening[item["pair"]]
        found = [p for p in predicted if matches(p, gold_pair, first)]
        candidates = {(item["a"], item["b"]), changed_core(item["a"], item["b"])}
        hits = [
            d.cls for p in found for d in p["differences"] for ga, gb in candidates
            if holds(d.a if p["a_article"] == first else d.b, ga)
            and holds(d.b if p["a_article"] == first else d.a, gb)
        ]
        if item["class"] not in hits:
            wrong.append((item["a"], item["b"], item["class"], hits))
    assert wrong == []
