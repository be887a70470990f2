"""Issue #15: one group of made-up sentences per error class seen on real news (no benchmark or sample text).

Each case: a sentence, the (text, type) spans the default engine must find, and
texts that must not come out as a person (or, for headline words, as any name).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.analysis.entities import analyse_entities, entities_in_text
from caravan_tui.analysis.entities.lexicons import lexicons
from caravan_tui.analysis.entities.tagger import shipped_model, tokenise
from caravan_tui.corpus.model import Article, Passage

NAMES = ("person", "place", "organization")

ORGANISATIONS = [  # 1. companies, broadcasters, charities, clubs typed as people
    ("Shares of Kellbrook Mining Corp fell after the miner cut its forecast.",
     [("Kellbrook Mining Corp", "organization")], ["Kellbrook"]),
    ("The broadcaster Ravenna Television said it would air the debate.",
     [("Ravenna Television", "organization")], ["Ravenna Television"]),
    ("Volunteers from Hands Across Rivers Foundation handed out water.",
     [("Hands Across Rivers Foundation", "organization")], ["Hands Across Rivers"]),
    ("Fans of Dunmore Rovers FC celebrated late into the night.",
     [("Dunmore Rovers FC", "organization")], ["Dunmore Rovers"]),
    ("Gangs seized two workers of Christian Relief Ministries near the border.",
     [("Christian Relief Ministries", "organization")], ["Christian", "Christian Relief Ministries"]),
]
INITIALS = [  # 3. initials
    ("The visitors were 45 for two when R. Pemberton was caught behind.", [("R. Pemberton", "person")], []),
    ("Ms Delacroix-Nunes met J. K. Abernathy in the capital.",
     [("Delacroix-Nunes", "person"), ("J. K. Abernathy", "person")], []),
]
DATELINES = [  # 4. datelines in capitals
    ("ULAANBAATAR, Mongolia - Heavy snow closed roads on Tuesday.",
     [("ULAANBAATAR", "place"), ("Mongolia", "place")], ["ULAANBAATAR"]),
    ("SAN PEDRO SULA (Reuters) - Flooding forced hundreds from their homes.",
     [("SAN PEDRO SULA", "place")], ["SAN PEDRO SULA"]),
]
GROUPS = [  # 5. demonyms and groups typed as people
    ("The Bolivian and Paraguayan delegations signed the accord.", [], ["Bolivian", "Paraguayan"]),
    ("Several Norwegians and two Chileans were among the climbers.", [], ["Norwegians", "Chileans"]),
]
GLUED = [  # 6. headline and role words glued to names
    ("Defender Tomasz Wierzbicki signed a two-year contract.", [("Tomasz Wierzbicki", "person")],
     ["Defender Tomasz Wierzbicki"]),
    ("Goalkeeper Anders Lyngstad was injured in training.", [("Anders Lyngstad", "person")],
     ["Goalkeeper Anders Lyngstad"]),
    ("PERU IN SHOCK WIN OVER HOSTS", [("PERU", "place")], ["SHOCK", "WIN", "HOSTS", "PERU IN SHOCK WIN"]),
]
COMPOUNDS = [  # 7. "-based" compounds and a place after a sentence-initial preposition
    ("The Oregon-based company makes bicycles.", [("Oregon", "place")], ["Oregon-based"]),
    ("A Nairobi-born chef opened a restaurant.", [("Nairobi", "place")], ["Nairobi-born"]),
    ("In Campo Largo, the river burst its banks.", [("Campo Largo", "place")], ["In Campo Largo"]),
    ("Near Pedernales, fishermen pulled their boats ashore.", [("Pedernales", "place")], ["Near Pedernales"]),
]
SMALL_PLACES = [  # 8. populated places of any size, other and unaccented spellings
    ("The bus stopped in Ouanaminthe before crossing the border.", [("Ouanaminthe", "place")], ["Ouanaminthe"]),
    ("Pilgrims travelled to Mecca for the feast.", [("Mecca", "place")], ["Mecca"]),
    ("Flood water reached Sao Jose dos Campos overnight.", [("Sao Jose dos Campos", "place")], []),
]
CASES = ORGANISATIONS + INITIALS + DATELINES + GROUPS + GLUED + COMPOUNDS + SMALL_PLACES


@pytest.mark.parametrize("sentence,expected,not_people", CASES, ids=[c[0][:40] for c in CASES])
def test_error_classes(sentence, expected, not_people):
    mentions = entities_in_text(sentence)
    found = {(m.text, m.type) for m in mentions}
    missing = [item for item in expected if item not in found]
    assert not missing, f"missing {missing}; found {sorted(found)}"
    wrong = [(m.text, m.type) for m in mentions if m.text in not_people and m.type == "person"]
    assert not wrong, f"typed as people: {wrong}"


def test_headline_words_are_no_names():
    mentions = entities_in_text("PERU IN SHOCK WIN OVER HOSTS")
    assert [(m.text, m.type) for m in mentions if m.type in NAMES] == [("PERU", "place")]


def _article(*texts: str) -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(texts))
    return Article("a", Path("a.md"), "t", "s", passages)


def test_lone_surnames_after_the_full_name():  # 2. lone surnames, even ordinary words
    article = _article("Coach Dariusz Lemanski praised the squad after training.",
                       "Harriet Mills, the captain, scored twice.",
                       "Lemanski said the team was ready. Mills agreed.",
                       "Later Mills thanked the fans.")
    mentions = [m for m in analyse_entities([article]).mentions if m.type in NAMES]
    assert [(m.passage, m.text, m.type, m.entity) for m in mentions] == [
        (0, "Dariusz Lemanski", "person", "Dariusz Lemanski"),
        (1, "Harriet Mills", "person", "Harriet Mills"),
        (2, "Lemanski", "person", "Dariusz Lemanski"),
        (2, "Mills", "person", "Harriet Mills"),
        (3, "Mills", "person", "Harriet Mills"),
    ]


def test_an_ordinary_word_alone_is_still_no_surname():
    article = _article("Crowds filled the Mills district.", "Mills said nothing.")
    assert [m.text for m in analyse_entities([article]).mentions if m.type == "person"] == []


def test_a_surname_that_is_a_place_becomes_the_person():
    article = _article("Defender Marcus Jordan Phillips joined on loan.", "Phillips played the full match.")
    found = {(m.text, m.type) for m in analyse_entities([article]).mentions}
    assert ("Phillips", "person") in found


def test_towns_and_spellings_are_shipped():
    lex = lexicons()
    assert len(lex.towns) > 50_000
    assert "ouanaminthe" in lex.towns
    assert lex.place_kinds.get("mecca") == "city"


def test_the_tagger_model_is_shipped():
    assert shipped_model() is not None


@pytest.mark.parametrize("text,tokens", [
    ("St. Louis, Mo., and Fla. Keys", ["St.", "Louis", ",", "Mo.", ",", "and", "Fla.", "Keys"]),
    ("BRAZIL'S Lula and Haiti's", ["BRAZIL", "'S", "Lula", "and", "Haiti", "'s"]),
    ("the Ohio-based firm", ["the", "Ohio", "-", "based", "firm"]),
    ("U.S. and M. Waugh", ["U.S.", "and", "M.", "Waugh"]),
])
def test_tokens(text, tokens):
    assert [t.text for t in tokenise(text)] == tokens
