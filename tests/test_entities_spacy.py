"""The optional spaCy engine: label mapping, lazy loading, shared corrections (skipped without spaCy)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from caravan_tui.analysis.entities import get_engine
from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.linking import RawMention, link
from caravan_tui.analysis.entities.spacy_engine import CONFIDENCE, spans_from_entities

HAS_SPACY = importlib.util.find_spec("spacy") is not None


def test_labels_map_onto_our_types_and_unused_labels_are_dropped():
    text = "Amina Yusuf paid $5 in Kano."
    spans = spans_from_entities([(0, 11, "PERSON"), (17, 19, "MONEY"), (23, 27, "GPE"), (0, 5, "NORP")], text)
    assert [(s.text, s.type) for s in spans] == [("Amina Yusuf", "person"), ("$5", "figure"), ("Kano", "place")]
    assert all(s.confidence == CONFIDENCE for s in spans)


def test_engine_output_goes_through_the_same_corrections():
    # spaCy-like output: a common word as a person, a place the gazetteer knows typed as a person.
    raw = [RawMention("a", 0, Span(0, 7, "person", "Updated", CONFIDENCE)),
           RawMention("a", 1, Span(0, 10, "person", "Bangladesh", CONFIDENCE))]
    assert [(m.text, m.type) for m in link(raw)] == [("Bangladesh", "place")]


def test_importing_the_analysis_does_not_import_spacy():
    code = "import sys, caravan_tui.analysis.entities as e; e.get_engine('rules'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.skipif(HAS_SPACY, reason="spaCy is installed here")
def test_missing_spacy_is_an_import_error():
    with pytest.raises(ImportError):
        get_engine("spacy")


@pytest.mark.skipif(not HAS_SPACY, reason="spaCy not installed (pip install caravan-tui[spacy])")
def test_spacy_engine_finds_people_and_places():
    from caravan_tui.analysis.entities import entities_in_text

    engine = get_engine("spacy")
    assert engine._nlp is None  # loaded lazily, on first use
    mentions = entities_in_text("Angela Merkel met Emmanuel Macron in Berlin on Dec. 3, 2019.", engine)
    found = {(m.text, m.type) for m in mentions}
    assert {("Angela Merkel", "person"), ("Emmanuel Macron", "person"), ("Berlin", "place")} <= found
