"""Story grouping on made-up articles: shared wording links, boilerplate and labels do not."""

from __future__ import annotations

from pathlib import Path

from caravan_tui.analysis.stories import group_stories, slugify, story_of_each
from caravan_tui.corpus.model import Article, Passage

FLOOD = [
    "Heavy rain flooded the lower town on Monday, forcing hundreds of families to leave their homes before dawn.",
    "The river rose two metres in six hours, the regional water board said in a statement.",
    "Schools stayed closed and the main bridge was shut to traffic until engineers could inspect it.",
]
ELECTION = [
    "Voters in the northern province chose a new council on Sunday after a campaign dominated by housing costs.",
    "Turnout was the highest in twenty years, according to the electoral commission.",
    "The governing party lost four seats to independents who promised cheaper rents.",
]
BOILERPLATE = "Sign up for our daily newsletter to get the top stories delivered to your inbox every morning."


def make(article_id: str, title: str, paragraphs: list[str], story: str | None = None) -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(paragraphs))
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=title, source=article_id,
                   passages=passages, story=story)


def test_versions_sharing_passages_form_one_story():
    a = make("a", "River floods lower town", FLOOD)
    b = make("b", "Families flee as river floods", [FLOOD[1], "Officials urged calm.", FLOOD[0].replace("Monday", "Monday night")])
    c = make("c", "New council elected", ELECTION)
    stories = story_of_each([a, b, c])
    assert stories["a"] == stories["b"]
    assert stories["c"] != stories["a"]
    assert stories["a"] == "river-floods-lower-town"


def test_boilerplate_alone_does_not_link_stories():
    articles = [make(f"f{i}", "Flood", FLOOD + [BOILERPLATE]) for i in range(2)]
    articles += [make(f"e{i}", "Vote", ELECTION + [BOILERPLATE]) for i in range(2)]
    # A corpus large enough that the boilerplate shingles exceed the frequency limit.
    fillers = [make(f"x{i}", f"Brief {i}", [f"Item number {i} " * 3, BOILERPLATE]) for i in range(40)]
    stories = story_of_each(articles + fillers)
    assert stories["f0"] == stories["f1"]
    assert stories["e0"] == stories["e1"]
    assert stories["f0"] != stories["e0"]


def test_front_matter_story_overrides_and_ids_are_unique():
    a = make("a", "Same title", FLOOD, story="floods-2024")
    b = make("b", "Same title", FLOOD)
    c = make("c", "Same title", ELECTION)
    d = make("d", "Same title", ["Something else entirely, about a cat show in the capital city."])
    stories = story_of_each([a, b, c, d])
    assert stories["a"] == "floods-2024"
    assert stories["b"] == "floods-2024"
    assert stories["c"] == "same-title"
    assert stories["d"] == "same-title-2"


def test_group_stories_keeps_corpus_order():
    a, b, c = make("a", "Flood", FLOOD), make("b", "Vote", ELECTION), make("c", "Flood again", FLOOD)
    groups = group_stories([a, b, c])
    assert [g.article_ids for g in groups] == [("a", "c"), ("b",)]
    assert groups[0].title == "Flood"


def test_slugify_is_short_ascii():
    assert slugify("'Exodus from poverty': Café caravan slogs on through the south today") == \
        "exodus-from-poverty-cafe-caravan-slogs"
    assert slugify("!!!") == "story"
