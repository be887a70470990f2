"""The .txt loader: the two raw samples (acceptance) and general rules on made-up pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.corpus import cleaning
from caravan_tui.corpus.loader import load_article
from caravan_tui.corpus.text_loader import parse_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FIRST = SEEDS / "000_749070dece7ac021.txt"
SECOND = SEEDS / "004_bdaef11c943deee3.txt"


def kinds(parsed) -> list[str]:
    return [kind for kind, _ in parsed.blocks]


def texts(parsed) -> list[str]:
    return [text for _, text in parsed.blocks]


# --- acceptance on the raw samples -------------------------------------------------------------


def test_first_sample_drops_player_debris_and_repeated_headline():
    article = load_article(FIRST)
    assert article.title == "Migrant Caravan Advances North as US Officials Head to Mexico"
    passage_texts = [p.text for p in article.passages]
    assert "Updated:" not in passage_texts
    assert "0:00" not in passage_texts
    assert article.title not in passage_texts


def test_first_sample_caption_keeps_its_credit():
    article = load_article(FIRST)
    captions = [p for p in article.passages if p.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text.startswith("Migrants walk in a caravan")
    assert captions[0].text.endswith("Jose Torres/Reuters")


def test_first_sample_paragraphs_split_by_blank_lines():
    article = load_article(FIRST)
    paragraphs = [p for p in article.passages if p.kind == "paragraph"]
    assert paragraphs[0].text.startswith("Thousands of migrants moved slowly north")
    assert paragraphs[-1].text == "Reuters and The Associated Press contributed to this report."
    assert all("\n" not in p.text for p in paragraphs)


def test_second_sample_standfirst_and_subheading():
    article = load_article(SECOND)
    assert article.title == "'Exodus from poverty': Migrant caravan slogs on through southern Mexico"
    assert article.passages[0].kind == "standfirst"
    assert article.passages[0].text.startswith("Thousands of migrants in caravan continue")
    headings = [p.text for p in article.passages if p.kind == "heading"]
    assert headings == ["Blinken-Lopez Obrador meeting"]
    assert sum(p.kind == "paragraph" for p in article.passages) == 19


def test_samples_keep_curly_quotes_and_accents_exactly():
    source = FIRST.read_text(encoding="utf-8")
    article = load_article(FIRST)
    for passage in article.passages:
        assert passage.text in source
    assert any("Comaltitlán" in p.text and "“Exodus from poverty.”" in p.text for p in article.passages)


def test_txt_has_no_source_so_outlet_falls_back_to_id():
    article = load_article(SECOND)
    assert article.source == ""
    assert article.outlet == "004_bdaef11c943deee3"
    assert [p.index for p in article.passages] == list(range(len(article.passages)))


# --- general rules on made-up pages ------------------------------------------------------------

LINE_PAGE = """\
Council approves new harbour budget after long debate
Councillors voted to fund repairs to the old harbour wall, ending a year of arguments over cost.
The council voted nine to four on Monday evening.
Opponents said the plan would raise local taxes.
What happens next
Work is due to start in the spring and last two years.
"""

BLANK_LINE_PAGE = """\
Storm closes mountain pass

Listen to this article:
3 min read
By Maria Ostrowska and Tom Field

Snow blocked the road for a second day,
and crews worked through the night.

Share

Police urged drivers to stay at home.
"""


def test_line_paragraphs_when_no_blank_lines():
    parsed = parse_text(LINE_PAGE)
    assert parsed.title == "Council approves new harbour budget after long debate"
    assert kinds(parsed) == ["standfirst", "paragraph", "paragraph", "heading", "paragraph"]


def test_blank_line_paragraphs_keep_inner_line_breaks():
    parsed = parse_text(BLANK_LINE_PAGE)
    assert parsed.title == "Storm closes mountain pass"
    assert texts(parsed) == [
        "Snow blocked the road for a second day,\nand crews worked through the night.",
        "Police urged drivers to stay at home.",
    ]


def test_crlf_page_passages_are_exact_slices():
    source = LINE_PAGE.replace("\n", "\r\n")
    parsed = parse_text(source)
    assert kinds(parsed) == kinds(parse_text(LINE_PAGE))
    assert all(text in source and "\r" not in text for text in texts(parsed))


@pytest.mark.parametrize("line", [
    "0:00", "12:41", "1:02:03", "0:00 / 3:45", "Updated:", "Published:", "Listen to this article:",
    "Updated: Dec. 3, 2021 10:14 a.m. ET", "Tuesday, March 5, 2024", "2024-03-05T10:00:00Z",
    "Advertisement", "SHARE", "Read more", "Story continues below advertisement", "5 min read",
    "3 hours ago", "By Jane Roe", "By Jane Roe and John Doe", "Photo 3 of 12",
])
def test_debris_shapes(line):
    assert cleaning.is_debris(line)


@pytest.mark.parametrize("line", [
    "The council met on Monday.", "Prices rose 3% in May, the agency said.", "Work starts in March",
    "What happens next", "He said: “We will see.”", "US", "Reuters and AFP contributed to this report.",
])
def test_text_is_not_debris(line):
    assert not cleaning.is_debris(line)


@pytest.mark.parametrize("line", [
    "Firefighters tackle a blaze near the port on Friday. Anna Kowalska/AFP",
    "A child waves a flag at the parade. REUTERS/Kim Lee",
    "Voters queue outside a polling station. (AP Photo/Rafael Mendes)",
    "Voters queue outside a polling station. (AP Photo/Rafael Mendes, File)",
    "The bridge after the flood (Photo: City Council)",
    "The bridge after the flood. Photograph: Ian Black/The Guardian",
    "Supporters cheer during the rally. Getty Images",
    "Supporters cheer during the rally. John Smith/AFP via Getty Images",
])
def test_caption_credit_shapes(line):
    assert cleaning.has_photo_credit(line)


@pytest.mark.parametrize("line", [
    "The minister said the deal was fair to both sides.",
    "Growth reached 2.5% this year, according to the bank.",
    "He works 24/7 on the farm.",
    "The agency licenses its pictures from Getty Images",
    "Prices at Shutterstock rose (Reuters)",
    "She said the port would reopen next week, officials added.",
])
def test_prose_has_no_photo_credit(line):
    assert not cleaning.has_photo_credit(line)


def test_caption_inside_a_block_is_split_from_debris_and_paragraph():
    page = (
        "Floods hit river towns\n\n"
        "Floods hit river towns\n"
        "Residents wade through a flooded street. Lena Berg/Reuters\n"
        "Updated:\n"
        "12:05\n\n"
        "Rivers burst their banks after three days of rain.\n\n"
        "More rain is forecast.\n"
    )
    parsed = parse_text(page)
    assert parsed.blocks == [
        ("caption", "Residents wade through a flooded street. Lena Berg/Reuters"),
        ("paragraph", "Rivers burst their banks after three days of rain."),
        ("paragraph", "More rain is forecast."),
    ]


def test_standfirst_needs_one_sentence_right_under_the_headline():
    two_sentences = ("Headline here\nThe first sentence is here. The second one follows it now.\n"
                     "Body text.\nMore body.\n")
    assert "standfirst" not in kinds(parse_text(two_sentences))
    after_blank = "Headline here\n\nA single summary sentence sits under the headline.\n\nBody text.\n"
    assert "standfirst" not in kinds(parse_text(after_blank))
    directly = "Headline here\nA single summary sentence sits under the headline.\n\nBody text here.\n"
    assert kinds(parse_text(directly))[0] == "standfirst"


def test_short_line_is_heading_only_between_paragraphs():
    ending = "Headline\nFirst paragraph of the story.\nSecond paragraph of the story.\nSee you soon\n"
    assert "heading" not in kinds(parse_text(ending))
    middle = "Headline\nFirst paragraph of the story.\nA new section\nSecond paragraph of the story.\n"
    assert kinds(parse_text(middle))[1:] == ["heading", "paragraph"]


def test_only_a_headline_gives_no_passages():
    assert parse_text("Just a headline\n\n\n").blocks == []
    assert parse_text("").blocks == []
