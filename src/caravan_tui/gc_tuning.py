"""Fewer garbage collections while a large corpus is loaded, and none over what forked workers share.

Python's collector runs a young collection every 700 allocations and, after
enough of those, older ones that walk everything that survived. Loading
100,000 articles makes millions of objects that all live on, so the
collector walks them again and again for nothing: about 0.6 s of the reader's
start and 1.3 s of `caravan-tui list --json` at 100,000 articles (measured
with the thresholds set by hand). While `fewer_collections` is in force,
young collections run every LOAD_YOUNG_THRESHOLD allocations instead:
collections still happen, so garbage cycles made meanwhile stay bounded.

Textual-free: the commands use it around their loads, and the reader's
start (`ui.collector.STARTUP`) keeps the same threshold until its first paint.

`frozen_while_forking` keeps what is alive when worker processes are forked
(the gazetteers, the corpus) out of every collection while they run: a
collection in a worker would otherwise walk those objects and write to their
pages, which the fork shares with this process until they are written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between young collections while a corpus loads (Python's default is 700).
LOAD_YOUNG_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Young collections every LOAD_YOUNG_THRESHOLD allocations inside the block; the thresholds as they were
    after it (a block inside another one changes nothing)."""
    saved = gc.get_threshold()
    if saved[0] < LOAD_YOUNG_THRESHOLD:
        gc.set_threshold(LOAD_YOUNG_THRESHOLD, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@contextmanager
def frozen_while_forking() -> Iterator[None]:
    """Everything alive now in the collector's permanent generation inside the block (`gc.freeze`), back in the
    oldest generation after it; left frozen when the process had frozen objects already (the reader's loaded
    corpus): they cannot be told apart."""
    already = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()
