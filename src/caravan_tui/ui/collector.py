"""Full garbage collections on the reader's schedule, not in the middle of a keypress.

Python's collector runs a full collection after so many young ones, that is
after so many allocations, and a keypress that opens an article allocates
enough to trigger one: it then walks everything the reader keeps (recent
articles laid out and drawn, notes, screens), 10-30 ms added to that key
(measured with bench/keypress_latency.py). The corpus and its analysis are
frozen out of the collector once loaded (`gc.freeze`, in the app).

`QuietCollector` keeps the young collections as they are, stops the automatic
full ones, and runs a full one from a timer instead, between keys in
practice. The previous thresholds come back when it stops (the app's unmount),
so that nothing outlives the reader.

`STARTUP` makes young collections rarer from the start of the process to the
first paint: loading 100,000 articles allocates millions of objects that all
live on, and the collections they set off (a thousand young ones, a hundred
middle ones, a few full ones) cost 0.6 s of a 3 s start. Collections still
happen, so a cold load that makes garbage cycles stays bounded.
"""

from __future__ import annotations

import gc

#: Seconds between full collections while the reader runs.
FULL_COLLECTION_EVERY = 8.0
_NEVER = 1 << 30  # a full-collection threshold that is never reached


#: Allocations between young collections while the reader starts (Python's default is 700).
STARTUP_YOUNG_THRESHOLD = 50_000


class StartupCollections:
    """Rarer young collections until the first paint; then the corpus is frozen out of the collector."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    @property
    def active(self) -> bool:
        return self._saved is not None

    def begin(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(STARTUP_YOUNG_THRESHOLD, *self._saved[1:])

    def end(self) -> None:
        """Back to the thresholds before `begin`; what was loaded is kept out of later collections (it lives
        as long as the reader: walking it again at every full collection would stall keys)."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        gc.freeze()


#: The one startup setting of the process (`ui.launch` begins it, the main screen's first paint ends it).
STARTUP = StartupCollections()


class QuietCollector:
    """Takes full collections over from the automatic collector while started."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._timer = None

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self, app) -> None:
        """Stop automatic full collections; run one every FULL_COLLECTION_EVERY seconds on `app`'s loop."""
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, _NEVER)
        self._timer = app.set_interval(FULL_COLLECTION_EVERY, self.collect, name="full garbage collection")

    def collect(self) -> None:
        """One full collection (the timer's callback)."""
        gc.collect()

    def stop(self) -> None:
        """Give full collections back to the automatic collector."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
