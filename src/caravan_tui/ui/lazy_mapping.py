"""A read-only mapping whose values are computed when first looked up.

The reader's per-passage display data (entity highlight spans, gutter marks)
is needed only for the passages drawn: a first visit to a 600-passage
article draws a dozen of them. A `LazyMapping` is given the keys that may
exist and a function computing one key's value (None: the key is absent);
each value is computed once, when asked for. Iterating over it, taking its
length or comparing it with a dict computes every value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LazyMapping(Mapping[K, V]):
    """`compute(key)` for each key of `keys` on first lookup; a key whose value is None is absent."""

    def __init__(self, keys: Iterable[K], compute: Callable[[K], V | None]) -> None:
        self._keys = keys
        self._compute = compute
        self._known: dict[K, V | None] = {}

    def __getitem__(self, key: K) -> V:
        try:
            value = self._known[key]
        except KeyError:
            value = self._known[key] = self._compute(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[K]:
        return (key for key in self._keys if key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"LazyMapping({dict(self.items())!r})"
