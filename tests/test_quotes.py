"""Voices: direct quotes and reported speech, their speakers, and which outlets carry the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.quotes import quote_spans, same_words, speakers_by_article, story_quotes
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.corpus.model import Article, Passage
from fixture_paths import SEEDS

FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"


def make(article_id: str, paragraphs: list[str]) -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(paragraphs))
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=article_id, source=article_id.title(),
                   passages=passages)


def quotes_of(*articles: Article):
    analysis = analyse_corpus(list(articles), {a.id: "story" for a in articles})
    return story_quotes(analysis, list(articles))


def texts(quotes, speaker):
    return [q.text for q in quotes if q.speaker == speaker]


def test_quote_spans_straight_curly_and_mixed():
    text = 'He called it \u201ca disgrace,\u201d and added: "We will fight." Then \u201cmore" came.'
    assert [text[s:e] for s, e in quote_spans(text)] == ["a disgrace,", "We will fight.", "more"]


def test_apostrophes_and_inch_marks_are_not_quotes():
    assert quote_spans("The nurses' union said it's over.") == []


def test_pronoun_speaker_and_follow_on_paragraph():
    quotes = quotes_of(make("clinic", [
        "Ellen Hartley, a nurse from the northern district, said the wards had been short of staff for months.",
        '"We have nothing left to give our patients," she said. "Nobody is listening."',
        '"We will keep marching until they hear us."',
    ]))
    said = texts(quotes, "Ellen Hartley")
    assert said == ["the wards had been short of staff for months", "We have nothing left to give our patients",
                    "Nobody is listening.", "We will keep marching until they hear us."]
    cues = [q.cue for q in quotes]
    assert cues == ["x-said", "pronoun", "continued", "follow-on"]


def test_said_x_with_surname_links_to_the_full_name():
    quotes = quotes_of(make("union", [
        "Tomas Berger, who leads the drivers' union, spoke to reporters at the depot.",
        "\u201cThis is the worst staffing crisis in decades,\u201d said Berger.",
    ]))
    assert texts(quotes, "Tomas Berger") == ["This is the worst staffing crisis in decades"]


def test_according_to_names_the_speaker():
    quotes = quotes_of(make("river", [
        "The river rose two metres overnight, according to Helen Brandt, a hydrologist at the regional office.",
    ]))
    [quote] = quotes
    assert quote.speaker == "Helen Brandt" and quote.cue == "according-to" and quote.kind == "reported"
    assert quote.text == "The river rose two metres overnight"


def test_saying_after_a_named_subject():
    quotes = quotes_of(make("port", [
        "Harbour pilot Anders Lindqvist criticised the new rules, saying they would slow every ship in the bay.",
    ]))
    [quote] = quotes
    assert quote.speaker == "Anders Lindqvist" and quote.text.startswith("they would slow")


def test_groups_speak_but_things_do_not():
    quotes = quotes_of(make("vague", [
        "The two leaders said that more checks were needed at the crossing before the holidays.",
        "The crossing would stay open all winter, the timetable said.",
    ]))
    by_text = {q.text: q for q in quotes}
    leaders = by_text["more checks were needed at the crossing before the holidays"]
    assert (leaders.speaker, leaders.speaker_kind) == ("two leaders", "group")
    assert all(q.speaker is None for q in quotes if "winter" in q.text)


def test_same_quote_in_another_outlet_is_carried():
    a = make("left", ['"We have nothing left to give our patients," she said, according to Ellen Hartley.'])
    b = make("right", ['\u201cWe have nothing left to give our patients,\u201d said Ellen Hartley, a nurse.'])
    quotes = quotes_of(a, b)
    direct = {q.article: q for q in quotes if q.kind == "direct"}
    assert direct["left"].carried_by == (("right", 0),) and direct["right"].carried_by == (("left", 0),)
    assert same_words("We will not go back.", "\u201cwe will NOT go back\u201d")
    assert not same_words("We will not go back.", "They have nowhere else to go.")


@pytest.fixture(scope="module")
def seed_quotes():
    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    return story_quotes(analysis, corpus.articles)


def test_acceptance_the_second_article_quotes_three_people(seed_quotes):
    speakers = speakers_by_article(seed_quotes)
    assert {"Rosa", "Norbey Diaz Rios", "Luis Garcia Villagran"} <= set(speakers[SECOND])
    assert not {"Rosa", "Norbey Diaz Rios", "Luis Garcia Villagran"} & set(speakers.get(FIRST, {}))


def test_acceptance_both_carry_the_statement_from_the_spokesman(seed_quotes):
    statement = [q for q in seed_quotes if q.speaker == "Matthew Miller"]
    assert {q.article for q in statement} == {FIRST, SECOND}
    assert all(q.carried_by for q in statement)


def test_acceptance_pronoun_and_follow_on_quotes_go_to_the_named_speaker(seed_quotes):
    second = [q for q in seed_quotes if q.article == SECOND and q.kind == "direct"]
    assert all(q.speaker for q in second)
    assert {q.cue for q in second if q.speaker == "Norbey Diaz Rios"} >= {"pronoun", "said-x"}
