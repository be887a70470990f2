"""Full garbage collections on the reader's schedule, not in the middle of a keypress.

Python's collector runs a full collection after so many young ones, that is
after so many allocations, and a keypress that opens an article allocates
enough to trigger one: it then walks everything the reader keeps (recent
articles laid out and drawn, notes, screens), 10-30 ms added to that key
(measured with bench/keypress_latency.py). The corpus and its analysis are
frozen out of the collector once loaded (`gc.freeze`, in the app).

`QuietCollector` keeps the young collections as they are, stops the automatic
full ones, and runs a full one from a timer instead: every FULL_COLLECTION_EVERY
seconds, but only once no key or click has come for QUIET_AFTER_INPUT seconds
(a full collection takes up to 100 ms: landing in the middle of a burst of
keys, it stalled one of them), unless MOST_DEFERRED seconds have passed. The
previous thresholds come back when it stops (the app's unmount), so that
nothing outlives the reader.

`STARTUP` makes young collections rarer from the start of the process to the
first paint: loading 100,000 articles allocates millions of objects that all
live on, and the collections they set off (a thousand young ones, a hundred
middle ones, a few full ones) cost 0.6 s of a 3 s start. Collections still
happen, so a cold load that makes garbage cycles stays bounded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import ExitStack

from caravan_tui.gc_tuning import fewer_collections

#: Seconds between full collections while the reader runs, at the least.
FULL_COLLECTION_EVERY = 8.0
#: A full collection waits until no input has come for this long...
QUIET_AFTER_INPUT = 1.0
#: ...unless the last one is this many seconds old.
MOST_DEFERRED = 60.0
#: Seconds between two looks at whether a full collection is due.
LOOK_EVERY = 0.5
_NEVER = 1 << 30  # a full-collection threshold that is never reached


class StartupCollections:
    """Rarer young collections (`gc_tuning.fewer_collections`) from `begin` to `end`, the first paint; then
    the corpus is frozen out of the collector."""

    def __init__(self) -> None:
        self._fewer: ExitStack | None = None

    @property
    def active(self) -> bool:
        return self._fewer is not None

    def begin(self) -> None:
        if self._fewer is None:
            self._fewer = ExitStack()
            self._fewer.enter_context(fewer_collections())

    def end(self) -> None:
        """Back to the thresholds before `begin`; what was loaded is kept out of later collections (it lives
        as long as the reader: walking it again at every full collection would stall keys)."""
        if self._fewer is None:
            return
        self._fewer.close()
        self._fewer = None
        gc.freeze()


#: The one startup setting of the process (`ui.launch` begins it, the main screen's first paint ends it).
STARTUP = StartupCollections()


class QuietCollector:
    """Takes full collections over from the automatic collector while started."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._timer = None
        self._clock = clock
        self._last_input = self._last_collection = clock()

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self, app) -> None:
        """Stop automatic full collections; run them from a timer on `app`'s loop, between bursts of input."""
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, _NEVER)
        self._last_collection = self._clock()
        self._timer = app.set_interval(LOOK_EVERY, self.collect_if_due, name="full garbage collection")

    def input_seen(self) -> None:
        """A key, click or other input arrived (the app calls this for each)."""
        self._last_input = self._clock()

    def is_due(self) -> bool:
        """Whether a full collection should run now."""
        now = self._clock()
        since_last = now - self._last_collection
        if since_last >= MOST_DEFERRED:
            return True
        return since_last >= FULL_COLLECTION_EVERY and now - self._last_input >= QUIET_AFTER_INPUT

    def collect_if_due(self) -> None:
        """The timer's callback: one full collection, when it is due."""
        if self.is_due():
            self.collect()

    def collect(self) -> None:
        """One full collection."""
        gc.collect()
        self._last_collection = self._clock()

    def stop(self) -> None:
        """Give full collections back to the automatic collector."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
