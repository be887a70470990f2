"""Entities recognised in shares by forked children: balanced shares, and every article's spans whatever a
child does."""

from __future__ import annotations

import os
import signal

import pytest

from caravan_tui.analysis import forked_shares
from caravan_tui.analysis.entities import get_engine, recognise_article
from caravan_tui.analysis.forked_shares import balanced_shares, recognise_in_shares
from corpus_generator import generate

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


@pytest.fixture(scope="module")
def articles():
    return generate(24, seed=5)[0]


@pytest.fixture(scope="module")
def expected(articles):
    engine = get_engine("rules")
    return [recognise_article(article, engine) for article in articles]


def shared(articles, processes: int):
    return recognise_in_shares(articles, [article.words for article in articles], get_engine("rules"), processes)


def test_shares_cover_every_article_in_order_with_about_the_same_words():
    words = [100, 300, 50, 50, 200, 100, 100, 100]
    shares = balanced_shares(words, 2)
    assert shares == [(0, 4), (4, 8)]
    assert [sum(words[a:b]) for a, b in shares] == [500, 500]
    assert balanced_shares([10], 4) == [(0, 1)]  # never an empty share
    assert balanced_shares([], 2) == []
    assert balanced_shares([0, 0, 0], 2) == [(0, 3)]
    many = [(n * 37) % 50 + 1 for n in range(500)]  # many small articles: every share near its even part
    for processes in (2, 3, 5):
        shares = balanced_shares(many, processes)
        assert len(shares) == processes
        assert shares[0][0] == 0 and shares[-1][1] == len(many)
        assert all(end == next_start for (_, end), (next_start, _) in zip(shares, shares[1:]))
        assert all(abs(sum(many[a:b]) - sum(many) / processes) <= max(many) for a, b in shares)


def test_children_give_the_spans_of_one_process(articles, expected):
    assert shared(articles, 2) == expected
    assert shared(articles, 4) == expected


def test_a_child_that_fails_leaves_its_share_to_this_process(articles, expected, monkeypatch):
    parent = os.getpid()
    real = forked_shares.recognise_article

    def fails_in_the_child(article, engine):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # killed, as by the out-of-memory killer
        return real(article, engine)

    monkeypatch.setattr(forked_shares, "recognise_article", fails_in_the_child)
    assert shared(articles, 3) == expected


def test_a_child_that_sends_half_its_rows_is_not_believed(articles, expected, monkeypatch):
    real = forked_shares.pickle.dump
    monkeypatch.setattr(forked_shares.pickle, "dump", lambda rows, out, protocol: real(rows[:1], out, protocol))
    assert shared(articles, 2) == expected


def test_no_process_to_fork_means_everything_here(articles, expected, monkeypatch):
    def no_fork():
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(forked_shares.os, "fork", no_fork)
    assert shared(articles, 2) == expected
