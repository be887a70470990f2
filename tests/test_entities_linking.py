"""Linking across articles: name variants, surnames, place aliases, accents, type voting, the index."""

from __future__ import annotations

from caravan_tui.analysis.entities import EntityIndex, analyse_entities
from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.linking import RawMention, link
from factories import make_article


def test_surname_and_honorific_link_to_the_full_name_across_articles():
    index = analyse_entities([
        make_article("a", ["Finance Minister Kwame Mensah-Boateng visited Accra on Friday."]),
        make_article("b", ["Mr. Mensah-Boateng said the budget was balanced.",
                           "Mensah-Boateng, 58, declined to say more."]),
    ])
    mentions = index.mentions_of("Kwame Mensah-Boateng")
    assert [(m.article, m.passage, m.text) for m in mentions] == [
        ("a", 0, "Kwame Mensah-Boateng"), ("b", 0, "Mensah-Boateng"), ("b", 1, "Mensah-Boateng")]
    assert {m.type for m in mentions} == {"person"}


def test_country_short_forms_share_one_entity():
    index = analyse_entities([
        make_article("a", ["Officials in the U.S. and the UK disagreed."]),
        make_article("b", ["The United States and Britain signed the accord.", "US troops left."]),
    ])
    assert {m.text for m in index.mentions_of("United States")} == {"U.S.", "United States", "US"}
    assert {m.text for m in index.mentions_of("United Kingdom")} == {"UK", "Britain"}


def test_accents_folded_for_matching_but_kept_for_display():
    index = analyse_entities([
        make_article("a", ["Protesters marched in the city of Sánchez Ramírez."]),
        make_article("b", ["Protesters marched in the city of Sanchez Ramirez.",
                           "Protesters also marched in the city of Sánchez Ramírez."]),
    ])
    names = {m.entity for m in index.mentions if m.type == "place"}
    assert names == {"Sánchez Ramírez"}


def test_type_is_voted_across_mentions():
    raw = [
        RawMention("a", 0, Span(0, 6, "person", "Ambler", 0.9)),
        RawMention("b", 0, Span(0, 6, "person", "Ambler", 0.8)),
        RawMention("c", 0, Span(4, 10, "place", "Ambler", 0.4)),
    ]
    mentions = link(raw)
    assert [m.type for m in mentions] == ["person", "person", "person"]
    assert {m.entity for m in mentions} == {"Ambler"}


def test_weak_lone_guesses_are_dropped_and_common_words_rejected():
    raw = [
        RawMention("a", 0, Span(0, 7, "person", "Zorbath", 0.3)),
        RawMention("a", 1, Span(0, 7, "person", "Updated", 1.0)),
        RawMention("a", 2, Span(0, 5, "figure", "2,000", 1.0)),
    ]
    assert [(m.text, m.type) for m in link(raw)] == [("2,000", "figure")]


def test_index_lookups():
    index = analyse_entities([make_article("a", ["Ms. Ingrid Solberg met 300 farmers in Bergen.", "Solberg said no."])])
    assert isinstance(index, EntityIndex)
    first = index.mentions_in("a", 0)
    assert [m.start for m in first] == sorted(m.start for m in first)
    assert {(m.text, m.type) for m in first} >= {("Ingrid Solberg", "person"), ("300", "figure"),
                                                  ("Bergen", "place")}
    assert [m.text for m in index.mentions_in("a", 1)] == ["Solberg"]
    entities = index.entities(types=["person"])
    assert [(e.name, len(e.mentions), e.articles) for e in entities] == [("Ingrid Solberg", 2, ["a"])]
    assert index.mentions_in("missing", 0) == []


def test_mentions_carry_exact_offsets_into_the_passage():
    text = "In Peru, “Lima” officials said 40 percent of 1,000 homes lacked power."
    index = analyse_entities([make_article("a", [text])])
    assert index.mentions
    for mention in index.mentions:
        assert text[mention.start:mention.end] == mention.text
        assert set(mention.to_json()) == {"article", "passage", "type", "text", "start", "end", "entity"}
