"""Recognise a corpus's entities in this process and in processes forked from it, each a share of the articles.

The `entities` command recognises everything its cache lacks before it prints.
With two idle cores, it forks one child: the child takes the second half of
the text, this process the first half, and the child sends its spans back
through a pipe. The child starts with everything this process has loaded (the
gazetteers, the articles), so nothing is sent to it, and this process works
instead of waiting. A pool of worker processes (`batch.PoolExecutor`) cost
about 40 ms to start and kept this process idle.

Shares are contiguous runs of articles with about the same number of words.
A child that fails (it is killed, it runs out of memory) sends nothing whole:
its share is then recognised here, so the result is always every article's
spans, the same as in one process. Only for a process that runs no other
thread, and where `os.fork` exists (elsewhere everything runs here).
"""

from __future__ import annotations

import os
import pickle
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from caravan_tui.analysis.entities import Engine, recognise_article
from caravan_tui.analysis.entities.base import Span
from caravan_tui.corpus.model import Article
from caravan_tui.gc_tuning import frozen_while_forking

#: Per article, per passage, each span as `Span.to_row` gives it.
SpanRows = list[list[list[list[int | str | float]]]]


@dataclass(frozen=True)
class _Child:
    pid: int
    results: int  # the read end of the pipe the child writes its rows into
    start: int
    end: int


def recognise_in_shares(articles: Sequence[Article], words: Sequence[int], engine: Engine, processes: int
                        ) -> list[list[list[Span]]]:
    """Spans of each article's passages, in article order: `processes` shares (by `words`, each article's word
    count), all but the first in forked children (everything here when `os.fork` is missing or there is one share)."""
    shares = balanced_shares(words, processes)
    if len(shares) < 2 or not hasattr(os, "fork"):
        return [recognise_article(article, engine) for article in articles]
    with frozen_while_forking():  # the children's collections then neither walk nor copy what they share
        children = [_fork(articles, start, end, engine) for start, end in shares[1:]]
        first, end = shares[0]
        spans = [recognise_article(article, engine) for article in articles[first:end]]
        for child, (start, end) in zip(children, shares[1:]):
            if child is None:  # it could not be forked: its share is done here
                spans.extend(recognise_article(article, engine) for article in articles[start:end])
            else:
                spans.extend(_collect(child, articles, engine))
    return spans


def balanced_shares(words: Sequence[int], processes: int) -> list[tuple[int, int]]:
    """At most `processes` contiguous (start, end) runs covering every index in order, none empty: each ends at
    the article boundary nearest to its even part of the total of `words`."""
    cumulative = list(accumulate(words))
    total = cumulative[-1] if cumulative else 0
    shares, start = [], 0
    for share in range(1, processes):
        target = total * share / processes
        cut = bisect_right(cumulative, target)  # articles [0, cut) hold no more than the target
        if cut < len(words) and cumulative[cut] - target < target - (cumulative[cut - 1] if cut else 0):
            cut += 1  # taking the next article too lands nearer the target
        if start < cut < len(words):
            shares.append((start, cut))
            start = cut
    if start < len(words):
        shares.append((start, len(words)))
    return shares


def _fork(articles: Sequence[Article], start: int, end: int, engine: Engine) -> _Child | None:
    """A child recognising articles[start:end]; None when no process can be made now (out of processes)."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: recognise its share, send the rows, leave without running this process's exits
        status = 1
        try:
            os.close(read_end)
            rows = [[[span.to_row() for span in spans] for spans in recognise_article(article, engine)]
                    for article in articles[start:end]]
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(rows, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Child(pid, read_end, start, end)


def _collect(child: _Child, articles: Sequence[Article], engine: Engine) -> list[list[list[Span]]]:
    """The child's spans; its share recognised here when it sent nothing whole."""
    with os.fdopen(child.results, "rb") as results:
        data = results.read()
    _, status = os.waitpid(child.pid, 0)
    share = articles[child.start:child.end]
    rows = _rows(data) if os.waitstatus_to_exitcode(status) == 0 else None
    if rows is None or len(rows) != len(share) or any(len(r) != len(a.passages) for r, a in zip(rows, share)):
        return [recognise_article(article, engine) for article in share]
    return [[[Span.from_row(row, passage.text) for row in passage_rows]
             for passage, passage_rows in zip(article.passages, article_rows)]
            for article, article_rows in zip(share, rows)]


def _rows(data: bytes) -> SpanRows | None:
    """The rows a child of this process pickled (only this program's children write to the pipe)."""
    try:
        rows = pickle.loads(data)  # noqa: S301 - written by a child forked from this very process
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return rows if isinstance(rows, list) else None
