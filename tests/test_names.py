"""Issue #14, names: one key for every way a story writes a person or an organisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.analysis.entities.names import (
    NameResolver,
    acronym,
    organization_key,
    person_display,
    person_key,
)
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.corpus.model import Article, Passage


@pytest.mark.parametrize("form", [
    "Imogen K. Farrow", "Imogen Farrow", "Transport Minister Imogen Farrow", "Lakeside County Coroner Imogen Farrow",
    "Epidemiologist Imogen Farrow",
])
def test_person_variants_meet_on_one_key(form):
    assert person_key(form) == "imogen farrow"


def test_honorific_with_surname_keeps_the_surname():
    assert person_key("Mr. Farrow") == person_key("Ms Farrow") == "farrow"


def test_display_form_drops_roles_but_keeps_the_name_as_written():
    assert person_display("Epidemiologist Imogen Farrow") == "Imogen Farrow"


@pytest.mark.parametrize("forms", [
    ("Department of Energy", "Energy Department", "U.S. Department of Energy", "the U.S. Energy Department"),
    ("Ministry of Fisheries", "Fisheries Ministry"),
])
def test_organisation_variants_meet_on_one_key(forms):
    assert len({organization_key(f) for f in forms}) == 1


def test_acronym_of_an_organisation():
    assert acronym("National Transport Safety Board") == "ntsb"
    assert acronym("Bureau of the Census") == "bc"


def test_resolver_links_surname_honorific_and_acronym():
    resolver = NameResolver()
    resolver.add("Imogen K. Farrow", "Imogen Farrow", "person")
    resolver.add("National Transport Safety Board", "National Transport Safety Board", "organization")
    assert resolver.resolve("Farrow") == resolver.resolve("Ms. Farrow") == "Imogen Farrow"
    assert resolver.resolve("NTSB") == "National Transport Safety Board"
    assert resolver.resolve("Wexley") is None


def test_role_and_lone_surname_go_to_the_one_full_name_even_when_each_is_an_entity_of_its_own():
    resolver = NameResolver()
    resolver.add("Orrin", "Orrin", "person")                       # a surname the recogniser linked to nothing
    resolver.add("Marshal Orrin", "Marshal Orrin", "person")       # role + surname kept as its own entity
    resolver.add("Tamsin Orrin", "Tamsin Orrin", "person")
    assert resolver.resolve("Orrin") == resolver.resolve("Marshal Orrin") == "Tamsin Orrin"
    assert resolver.resolve("Governor Orrin") == "Tamsin Orrin"


def test_a_lone_surname_shared_by_two_full_names_stays_itself():
    resolver = NameResolver()
    for name in ("Orrin", "Tamsin Orrin", "Bram Orrin"):
        resolver.add(name, name, "person")
    assert resolver.resolve("Orrin") == "Orrin"
    assert resolver.resolve("Bram Orrin") == "Bram Orrin"


def test_linking_gives_one_entity_to_every_variant_in_a_story():
    text = [
        "Energy Secretary Imogen K. Farrow toured the plant on Monday with the Department of Energy.",
        "Farrow said the Energy Department would fund repairs.",
        "Later, Ms. Farrow met staff from the National Transport Safety Board, and the NTSB opened a file.",
    ]
    article = Article(id="a", path=Path("a.md"), title="a", source="Courier",
                      passages=tuple(Passage(i, "paragraph", t) for i, t in enumerate(text)))
    analysis = analyse_corpus([article], {"a": "s"})
    mentions = [m for i in range(3) for m in analysis.entities.mentions_in("a", i)]
    farrow = {m.entity for m in mentions if "Farrow" in m.text}
    energy = {m.entity for m in mentions if "Energy" in m.text and "Secretary" not in m.text}
    board = {m.entity for m in mentions if m.text in ("National Transport Safety Board", "NTSB")}
    assert len(farrow) == 1 and "Secretary" not in next(iter(farrow))
    assert len(energy) == 1 and len(board) == 1
