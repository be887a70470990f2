"""Story grouping on made-up articles: shared wording links, boilerplate and labels do not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from caravan_tui.analysis.stories import day_of, group_stories, names_in, slugify, story_of_each
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
    b = make("b", "Families flee as river floods",
             [FLOOD[1], "Officials urged calm.", FLOOD[0].replace("Monday", "Monday night")])
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
    a = make("a", "What we know so far about the water", FLOOD, story="floods-2024")
    b = make("b", "What we know so far about the rivers", FLOOD)
    c = make("c", "What we know so far about the council", ELECTION)
    d = make("d", "What we know so far about the pets", ["Something else entirely, about a cat show in the capital."])
    stories = story_of_each([a, b, c, d])
    assert stories["a"] == "floods-2024"
    assert stories["b"] == "floods-2024"
    assert stories["c"] == "what-we-know-so-far-about"
    assert stories["d"] == "what-we-know-so-far-about-2"


def test_group_stories_keeps_corpus_order():
    a, b, c = make("a", "Flood", FLOOD), make("b", "Vote", ELECTION), make("c", "Flood again", FLOOD)
    groups = group_stories([a, b, c])
    assert [g.article_ids for g in groups] == [("a", "c"), ("b",)]
    assert groups[0].title == "Flood"


def test_slugify_is_short_ascii():
    assert slugify("'Exodus from poverty': Café caravan slogs on through the south today") == \
        "exodus-from-poverty-cafe-caravan-slogs"
    assert slugify("!!!") == "story"


# --- grouping by passages, names and dates; the cache (issue 6) ----------------------------

BACKGROUND = ("The dispute over the northern dam began three years ago when the provincial government "
              "approved the project despite objections from farmers downstream.")
DAM_VOTE = [
    "Lawmakers in Keltar voted on Tuesday to halt work on the northern dam until an inquiry reports.",
    "Minister Anja Roswell said the vote was a setback but promised to respect the decision of the assembly.",
    "Farmers who had camped outside the assembly for a week cheered as the result was announced.",
]
DAM_PROTEST = [
    "Hundreds of farmers blocked the road to the dam site in Keltar on Friday, demanding compensation.",
    "Police cleared the blockade by evening and detained a dozen protesters, officials said.",
    "Organisers vowed to return next week with more tractors and a petition for the governor.",
]


def dated(article_id: str, title: str, paragraphs: list[str], published: str | None) -> Article:
    article = make(article_id, title, paragraphs)
    return Article(**{**article.__dict__, "published": published})


def test_a_shared_background_paragraph_alone_does_not_make_one_story():
    vote = dated("vote-a", "Assembly halts dam", [BACKGROUND, *DAM_VOTE], "2024-05-07")
    vote_b = dated("vote-b", "Dam work halted", [DAM_VOTE[1], BACKGROUND, DAM_VOTE[0]], "2024-05-08")
    protest = dated("protest", "Farmers block dam road", [*DAM_PROTEST, BACKGROUND], "2024-05-21")
    stories = story_of_each([vote, vote_b, protest])
    assert stories["vote-a"] == stories["vote-b"]
    assert stories["protest"] != stories["vote-a"]


OWN_WORDING = [
    "Engineers at the site described months of delays caused by shortages of cement, steel and qualified welders "
    "that had already pushed the opening of the first turbine hall back to the following spring.",
    "Residents of the valley villages told reporters that they had heard little from the authorities about "
    "resettlement, and several families said they had not been offered any alternative land at all.",
    "A committee of the chamber of commerce published figures suggesting that local shops had lost trade "
    "since the protests began, though traders disagreed about who was to blame for the decline.",
    "Teachers at the regional college organised an evening of lectures on water rights, attended by students, "
    "pensioners and a handful of officials who declined to speak on the record afterwards.",
]


def test_dates_far_apart_veto_a_link_that_wording_alone_would_make():
    first = dated("first", "Dam vote", [*DAM_VOTE[:2], *OWN_WORDING[:2]], "2024-05-07")
    again = dated("again", "Dam vote, again", [*DAM_VOTE[:2], *OWN_WORDING[2:]], "2024-05-08")
    much_later = dataclasses.replace(again, id="later", published="2024-09-30")
    together = story_of_each([first, again])
    assert together["first"] == together["again"]
    apart = story_of_each([first, much_later])
    assert apart["first"] != apart["later"]


def test_names_that_disagree_keep_apart_what_one_shared_passage_would_join():
    shared = [DAM_PROTEST[1]]
    one = make("one", "Holdings silent on plans", [
        *shared, OWN_WORDING[0],
        "Spokesman Tarik Benno of Velgrad Holdings declined to comment on the plans, as did Mira Osk."])
    two = make("two", "Mining firm says nothing", [
        *shared, OWN_WORDING[1],
        "Speaking for Ostria Mining, director Lina Quell said nothing, and Pavo Ranick was not available."])
    same_people = make("three", "Holdings will wait", [*shared, OWN_WORDING[2], "Spokesman Tarik Benno said Velgrad "
                                                "Holdings would wait for Mira Osk."])
    stories = story_of_each([one, two, same_people])
    assert stories["one"] == stories["three"]
    assert stories["two"] != stories["one"]


def test_near_duplicates_are_one_story_whatever_the_dates():
    wire = dated("wire", "Dam vote", DAM_VOTE, "2024-05-07")
    reprint = dated("reprint", "Dam vote", DAM_VOTE, "2024-07-01")
    stories = story_of_each([wire, reprint])
    assert stories["wire"] == stories["reprint"]


def test_result_does_not_depend_on_corpus_order():
    articles = [make("b", "Flood", FLOOD), make("a", "Flood too", FLOOD[::-1]), make("c", "Vote", ELECTION)]
    assert story_of_each(articles) == story_of_each(articles[::-1])


def test_grouping_is_cached_by_ids_and_content_and_a_change_is_added_without_regrouping(tmp_path, monkeypatch):
    from caravan_tui.analysis import stories as stories_module
    from caravan_tui.storage.cache import AnalysisCache

    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    articles = [make("a", "Flood", FLOOD), make("b", "Flood too", FLOOD), make("c", "Vote", ELECTION)]
    first = story_of_each(articles, cache=cache)
    calls = []
    real = stories_module._group
    monkeypatch.setattr(stories_module, "_group", lambda found: calls.append(found) or real(found))
    assert story_of_each(articles[::-1], cache=cache) == first
    assert calls == []
    changed = [*articles[:2], make("c", "Vote", ELECTION[:2])]
    assert story_of_each(changed, cache=cache) == first  # the changed article re-joins incrementally
    assert calls == []
    other_cache = AnalysisCache(tmp_path / "other.sqlite3")
    assert story_of_each(changed, cache=other_cache) == first  # from cold: one full grouping
    assert len(calls) == 1


def test_a_folder_given_by_a_relative_path_reads_the_grouping_cached_for_its_absolute_path(tmp_path, monkeypatch):
    import dataclasses

    from caravan_tui.analysis import stories as stories_module
    from caravan_tui.storage.cache import AnalysisCache

    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = [make("a", "Flood", FLOOD), make("b", "Flood too", FLOOD), make("c", "Vote", ELECTION)]
    absolute = [dataclasses.replace(a, path=folder / a.path) for a in articles]
    first = story_of_each(absolute, cache=cache)
    calls = []
    monkeypatch.setattr(stories_module, "_group", lambda found: calls.append(found))
    monkeypatch.chdir(tmp_path)
    relative = [dataclasses.replace(a, path=Path("articles") / a.path) for a in articles]
    assert story_of_each(relative, cache=cache) == first and calls == []
    monkeypatch.chdir(folder)
    assert story_of_each(articles, cache=cache) == first and calls == []  # ./a.md: the same folder


def test_names_in_skips_sentence_openers_and_calendar_words():
    assert names_in("The minister met Anja Roswell in Keltar on Monday. Police said so.") == \
        {"anja", "roswell", "keltar"}


def test_day_of_reads_iso_dates_only():
    assert day_of("2024-05-07T10:00:00Z") == day_of("2024-05-07")
    assert day_of("last Tuesday") is None
    assert day_of(None) is None


def test_generated_corpus_is_grouped_with_high_precision_and_recall():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from clustering import pairwise_scores
    from generate_corpus import generate

    articles, truth = generate(300, seed=3)
    precision, recall = pairwise_scores(story_of_each(articles), truth)
    assert precision >= 0.95 and recall >= 0.95
