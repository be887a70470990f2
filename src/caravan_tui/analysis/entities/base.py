"""The entity recognition interface: spans from an engine, mentions after linking.

An engine turns one passage of text into `Span`s; linking (linking.py) turns
the spans of every article into `Mention`s that share a canonical `entity`.
`Mention` has exactly the fields of `caravan-tui entities --json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

#: The types an engine may give a span (the registry in caravan_tui.entity_types).
ENTITY_TYPE_NAMES = ("person", "place", "organization", "figure", "date")


@dataclass(frozen=True, init=False)
class Span:
    """A stretch of passage text recognised as an entity.

    `confidence` is the engine's evidence for `type` (1.0 = certain, e.g. a
    gazetteer hit; about 0.3 = only the shape of a name). Linking weighs it
    when it decides one type for every mention of an entity.
    """

    start: int
    end: int
    type: str
    text: str
    confidence: float = 1.0

    def __init__(self, start: int, end: int, type: str, text: str, confidence: float = 1.0) -> None:
        # what the frozen dataclass's own __init__ does (one object.__setattr__ a field), in half the time: an
        # engine makes several spans per passage
        fields = self.__dict__
        fields["start"], fields["end"], fields["type"], fields["text"], fields["confidence"] = (
            start, end, type, text, confidence)

    def to_row(self) -> list[Any]:
        return [self.start, self.end, self.type, self.confidence]

    @classmethod
    def from_row(cls, row: list[Any], passage_text: str) -> Span:
        start, end, type_, confidence = row
        return cls(start, end, type_, passage_text[start:end], confidence)


@dataclass(frozen=True)
class Mention:
    """One linked mention of an entity in one passage of one article."""

    article: str
    passage: int
    type: str
    text: str
    start: int
    end: int
    entity: str

    def to_json(self) -> dict[str, Any]:
        # a plain dict: dataclasses.asdict deep-copies field by field, a tenth of a second per 10,000 mentions
        return {"article": self.article, "passage": self.passage, "type": self.type, "text": self.text,
                "start": self.start, "end": self.end, "entity": self.entity}


@runtime_checkable
class Engine(Protocol):
    """Anything that finds entity spans in a text."""

    name: str

    @property
    def version(self) -> str:
        """Changes when the engine's output may change (its code is fingerprinted too)."""
        ...

    def recognise(self, text: str) -> list[Span]:
        """Spans of `text`, sorted by start, not overlapping."""
        ...
