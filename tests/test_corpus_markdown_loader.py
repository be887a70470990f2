"""The Markdown loader: front matter, passage kinds and their exact text."""

from __future__ import annotations

import pytest

from caravan_tui.corpus.front_matter import FrontMatterError
from caravan_tui.corpus.markdown_loader import parse_markdown

ARTICLE = """\
---
title: Harbour wall to be rebuilt
source: Coast Gazette
url: https://example.org/harbour
published: 2023-12-26
language: en
story: harbour
---

_The council has agreed to pay for the repairs after a long debate._

![Waves break over the old harbour wall. Photo: Ana Ruiz](wall.jpg)

The vote was **nine to four**, with [two](https://example.org) absences.

## What comes next

> Work will start in spring,
> the mayor said.

- first phase: the north pier
- second phase: the slipway

```
code is not article text
```
"""


def test_front_matter_fields_and_iso_date():
    parsed = parse_markdown(ARTICLE)
    assert parsed.title == "Harbour wall to be rebuilt"
    assert parsed.fields == {
        "title": "Harbour wall to be rebuilt", "source": "Coast Gazette", "url": "https://example.org/harbour",
        "published": "2023-12-26", "language": "en", "story": "harbour",
    }


def test_passage_kinds_follow_the_documented_conventions():
    parsed = parse_markdown(ARTICLE)
    assert parsed.blocks == [
        ("standfirst", "The council has agreed to pay for the repairs after a long debate."),
        ("caption", "Waves break over the old harbour wall. Photo: Ana Ruiz"),
        ("paragraph", "The vote was **nine to four**, with [two](https://example.org) absences."),
        ("heading", "What comes next"),
        ("quote", "Work will start in spring,\nthe mayor said."),
        ("list_item", "first phase: the north pier"),
        ("list_item", "second phase: the slipway"),
    ]


def test_datetime_becomes_iso_string():
    parsed = parse_markdown("---\npublished: 2023-12-26 14:30:00\n---\nText.\n")
    assert parsed.fields["published"] == "2023-12-26T14:30:00"


def test_first_heading_is_the_headline_without_front_matter_title():
    parsed = parse_markdown("# Bridge reopens\n\nTraffic flows again.\n\n## Delays\n\nSome remain.\n")
    assert parsed.title == "Bridge reopens"
    assert parsed.blocks == [("paragraph", "Traffic flows again."), ("heading", "Delays"),
                             ("paragraph", "Some remain.")]


def test_heading_repeating_front_matter_title_is_not_a_passage():
    parsed = parse_markdown("---\ntitle: Bridge reopens\n---\n# Bridge reopens\n\n*A summary in one line.*\n\nBody.\n")
    assert parsed.blocks == [("standfirst", "A summary in one line."), ("paragraph", "Body.")]


def test_emphasised_paragraph_later_is_an_ordinary_paragraph():
    parsed = parse_markdown("# Title\n\nBody first.\n\n*An aside in italics.*\n")
    assert parsed.blocks[1] == ("paragraph", "*An aside in italics.*")


def test_partly_emphasised_first_paragraph_is_not_a_standfirst():
    parsed = parse_markdown("# Title\n\n*One* and *two*\n")
    assert parsed.blocks == [("paragraph", "*One* and *two*")]


def test_image_without_alt_text_gives_no_passage():
    parsed = parse_markdown("# Title\n\n![](photo.jpg)\n\nBody.\n")
    assert parsed.blocks == [("paragraph", "Body.")]


@pytest.mark.parametrize("front_matter", [
    "title: [unclosed", "title: a: b: c", "- just\n- a list", "just a string", "title: {a: 1}",
])
def test_bad_front_matter_raises(front_matter):
    with pytest.raises(FrontMatterError):
        parse_markdown(f"---\n{front_matter}\n---\nBody.\n")


def test_malformed_yaml_names_the_line():
    with pytest.raises(FrontMatterError, match=r"line 3"):
        parse_markdown("---\ntitle: ok\nsource: [unclosed\n---\nBody.\n")


def test_empty_front_matter_is_no_fields():
    parsed = parse_markdown("---\n---\n# Title\n\nBody.\n")
    assert parsed.fields == {} and parsed.title == "Title"


def test_author_in_front_matter_reaches_the_article(tmp_path):
    from caravan_tui.corpus.loader import load_article

    path = tmp_path / "piece.md"
    path.write_text("---\ntitle: A headline\nsource: Some Outlet\nauthor: Ana María Pérez\n---\n\n"
                    "A paragraph of text.\n",
                    encoding="utf-8")
    article = load_article(path)
    assert (article.author, article.source, article.title) == ("Ana María Pérez", "Some Outlet", "A headline")
    assert load_article(tmp_path.joinpath("piece.md")).passages[0].text == "A paragraph of text."
