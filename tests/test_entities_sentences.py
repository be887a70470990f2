"""The default engine on made-up sentences unlike the samples: other regions, name shapes, numbers."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.entities import entities_in_text

# (sentence, expected (text, type) spans, strings that must not be person/place/figure)
CASES = [
    ("Prime Minister Narendra Modi arrived in Nairobi on Monday for talks with President William Ruto.",
     [("Narendra Modi", "person"), ("Nairobi", "place"), ("Monday", "date"), ("William Ruto", "person")],
     ["Prime Minister"]),
    ("Ludwig van Beethoven was born in Bonn in 1770.",
     [("Ludwig van Beethoven", "person"), ("Bonn", "place"), ("1770", "date")], []),
    ("Osama bin Laden was killed in Abbottabad, Pakistan, in May 2011.",
     [("Osama bin Laden", "person"), ("Abbottabad", "place"), ("Pakistan", "place"), ("May 2011", "date")], []),
    ("Jean-Pierre Dupont, 63, said the harvest had failed for a third year.",
     [("Jean-Pierre Dupont", "person"), ("63", "figure")], []),
    ("The Ministry of Health in Lagos reported 1,200 new cases, up 15% from last week.",
     [("Ministry of Health", "organization"), ("Lagos", "place"), ("1,200", "figure"), ("15%", "figure"),
      ("last week", "date")], []),
    ("Shares of Toyota Motor Corporation fell 3.2 percent in Tokyo on Friday.",
     [("Toyota Motor Corporation", "organization"), ("3.2 percent", "figure"), ("Tokyo", "place"),
      ("Friday", "date")], ["Shares"]),
    ("The World Bank approved a $2.5 billion loan to Ethiopia last month.",
     [("World Bank", "organization"), ("$2.5 billion", "figure"), ("Ethiopia", "place"), ("last month", "date")],
     []),
    ("Farmers in the Mekong Delta lost nearly half a million tonnes of rice.",
     [("Mekong Delta", "place"), ("nearly half a million", "figure")], ["Farmers"]),
    ("Maria de la Cruz, a nurse from Quito, said twenty-five patients were waiting.",
     [("Maria de la Cruz", "person"), ("Quito", "place"), ("twenty-five", "figure")], []),
    ("Hundreds of protesters gathered outside the Kremlin in Moscow.",
     [("Hundreds", "figure"), ("Kremlin", "organization"), ("Moscow", "place")], []),
    ("The Labour Party won 412 seats, according to the BBC.",
     [("Labour Party", "organization"), ("412", "figure"), ("BBC", "organization")], []),
    ("Angela Merkel met Emmanuel Macron in Berlin on Dec. 3, 2019.",
     [("Angela Merkel", "person"), ("Emmanuel Macron", "person"), ("Berlin", "place"), ("Dec. 3, 2019", "date")],
     []),
    ("More than 3,000 people fled across the Rio Grande into Texas.",
     [("More than 3,000", "figure"), ("Rio Grande", "place"), ("Texas", "place")], []),
    ("Thousands of pilgrims reached Mecca ahead of Eid al-Fitr.",
     [("Thousands", "figure"), ("Mecca", "place"), ("Eid al-Fitr", "date")], []),
    ("The company, Johnson & Johnson, said it would pay $700 million.",
     [("Johnson & Johnson", "organization"), ("$700 million", "figure")], ["Johnson"]),
    ("Sheikh Mohammed bin Rashid Al Maktoum visited Abu Dhabi this week.",
     [("Mohammed bin Rashid Al Maktoum", "person"), ("Abu Dhabi", "place"), ("this week", "date")], []),
    ("Inflation in Argentina reached 211 percent last year, the central bank said.",
     [("Argentina", "place"), ("211 percent", "figure"), ("last year", "date")], ["Inflation"]),
    ("Ngozi Okonjo-Iweala, the head of the World Trade Organization, spoke in Geneva.",
     [("Ngozi Okonjo-Iweala", "person"), ("World Trade Organization", "organization"), ("Geneva", "place")],
     ["Ngozi"]),
    ("Mr. Kowalski told reporters that about 40 families had been evacuated.",
     [("Kowalski", "person"), ("about 40", "figure")], []),
    ("Residents of Mariupol said shelling had continued for two weeks.",
     [("Mariupol", "place"), ("two weeks", "date")], ["Residents"]),
    ("The Amazon River basin lost 11,000 square kilometres of forest in the first six months of 2022.",
     [("Amazon River", "place"), ("the first six months of 2022", "date")], []),
    ("Nguyen Van Thieu flew to Hanoi in April 1975.",
     [("Nguyen Van Thieu", "person"), ("Hanoi", "place"), ("April 1975", "date")], []),
    ("The United Nations says one in five children in Yemen is malnourished.",
     [("United Nations", "organization"), ("five", "figure"), ("Yemen", "place")], []),
    ("Stanford University researchers surveyed 2 million voters in California.",
     [("Stanford University", "organization"), ("2 million", "figure"), ("California", "place")], []),
    ("On Christmas Day, Pope Francis addressed crowds in Rome.",
     [("Christmas Day", "date"), ("Francis", "person"), ("Rome", "place")], ["Pope"]),
    ("Kofi Annan, a former diplomat, died in Bern at 80.",
     [("Kofi Annan", "person"), ("Bern", "place"), ("80", "figure")], []),
    ("Spokeswoman Karine Jean-Pierre declined to comment on Tuesday.",
     [("Karine Jean-Pierre", "person"), ("Tuesday", "date")], ["Spokeswoman"]),
    ("The firm's revenue rose to €4.1 billion in the fiscal year ending in March.",
     [("€4.1 billion", "figure"), ("March", "date")], []),
    ("Dozens of fishermen from Senegal were rescued off the Canary Islands.",
     [("Dozens", "figure"), ("Senegal", "place"), ("Canary Islands", "place")], []),
    ("Chancellor Olaf Scholz said Germany would send 14 tanks to Ukraine.",
     [("Olaf Scholz", "person"), ("Germany", "place"), ("14", "figure"), ("Ukraine", "place")], []),
    ("Gabriel García Márquez grew up in Aracataca, Colombia.",
     [("Gabriel García Márquez", "person"), ("Aracataca", "place"), ("Colombia", "place")], []),
    ("The Department of Homeland Security said 250,000 migrants were detained in September.",
     [("Department of Homeland Security", "organization"), ("250,000", "figure"), ("September", "date")], []),
    ("Analyst Priya Raman said oil prices could rise by 10% next year.",
     [("Priya Raman", "person"), ("10%", "figure"), ("next year", "date")], ["Analyst"]),
    ("Aid workers in Khartoum said the army had shelled the city of Omdurman.",
     [("Khartoum", "place"), ("Omdurman", "place")], []),
    ("The Bank of Japan kept interest rates unchanged on Wednesday.",
     [("Bank of Japan", "organization"), ("Wednesday", "date")], []),
    ("Some 1.5 million refugees live in the Bekaa Valley, said Ahmed al-Hassan, a local official.",
     [("Some 1.5 million", "figure"), ("Bekaa Valley", "place"), ("Ahmed al-Hassan", "person")], []),
    ("Updated Results Show Turnout Rose Sharply",
     [], ["Updated", "Results", "Turnout"]),
    ("He was 46-year-old when he moved to Kenya with two children.",
     [("46-year-old", "figure"), ("Kenya", "place"), ("two", "figure")], []),
]


@pytest.mark.parametrize("sentence,expected,rejected", CASES, ids=[c[0][:40] for c in CASES])
def test_engine_finds_expected_spans(sentence, expected, rejected):
    found = {(m.text, m.type) for m in entities_in_text(sentence)}
    missing = [item for item in expected if item not in found]
    assert not missing, f"missing {missing}; found {sorted(found)}"
    wrong = [m.text for m in entities_in_text(sentence)
             if m.text in rejected and m.type in ("person", "place", "figure")]
    assert not wrong


def test_offsets_point_into_the_text():
    sentence = CASES[0][0]
    for mention in entities_in_text(sentence):
        assert sentence[mention.start:mention.end] == mention.text
