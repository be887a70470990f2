"""Issue #14, quotes: the grammar of attribution, groups and governments as speakers, outlets never speakers."""

from __future__ import annotations

from pathlib import Path

from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.quotes import quote_spans, story_quotes
from caravan_tui.corpus.model import Article, Passage


def make(article_id: str, paragraphs: list[str], source: str = "Hill Courier") -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(paragraphs))
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=article_id, source=source, passages=passages)


def quotes_of(*articles: Article):
    analysis = analyse_corpus(list(articles), {a.id: "story" for a in articles})
    return story_quotes(analysis, list(articles))


def only(quotes, needle: str):
    [quote] = [q for q in quotes if needle in q.text]
    return quote


def test_closing_attribution_by_a_group():
    quote = only(quotes_of(make("a", ["The bridge will reopen in May, transport officials said."])), "bridge")
    assert (quote.speaker, quote.speaker_kind, quote.kind) == ("transport officials", "group", "reported")
    assert quote.text == "The bridge will reopen in May"


def test_told_a_news_agency_the_speaker_is_the_one_who_told():
    quotes = quotes_of(make("a", ['Maria Lenz told Agence France-Presse: "We saw the smoke at dawn."']))
    assert only(quotes, "smoke").speaker == "Maria Lenz"


def test_told_the_outlet_that_reported_speech():
    quotes = quotes_of(make("a", ["Oskar Brandt told the Gazette that the mill would close in June."],
                            source="The Gazette"))
    quote = only(quotes, "mill")
    assert quote.speaker == "Oskar Brandt" and quote.text == "the mill would close in June"


def test_two_apostrophes_close_a_quote_and_the_words_never_run_into_the_attribution():
    text = "\"Nobody leaves until the last truck is loaded,'' she insisted."
    assert [text[s:e] for s, e in quote_spans(text)] == ["Nobody leaves until the last truck is loaded,"]
    quotes = quotes_of(make("a", ["Dana Whitlock runs the depot.", text]))
    quote = only(quotes, "Nobody")
    assert quote.speaker == "Dana Whitlock" and "insisted" not in quote.text


def test_according_to_in_mid_sentence_keeps_the_words_on_both_sides():
    quote = only(quotes_of(make("a", ["Water levels, according to the river authority, fell overnight."])),
                 "Water")
    assert quote.speaker == "river authority" and quote.text == "Water levels fell overnight"


def test_apposition_and_auxiliary_between_speaker_and_verb():
    quotes = quotes_of(make("a", ["Ines Mwangi, who runs the clinic in the old market, has warned that "
                                  "supplies of insulin are short."]))
    quote = only(quotes, "insulin")
    assert quote.speaker == "Ines Mwangi" and quote.text == "supplies of insulin are short"


def test_a_country_speaks_for_its_government():
    quote = only(quotes_of(make("a", ["Peru says it will reopen the northern border crossing."])), "reopen")
    assert quote.speaker == "Peru"


def test_outlets_news_agencies_and_credit_lines_never_speak():
    quotes = quotes_of(make("a", [
        "The Gazette said the mill would close in June.",
        "Reuters reported that two barges had sunk near the lock.",
        "Reuters and the Associated Press contributed to this report.",
    ], source="The Gazette"))
    assert all(q.speaker not in ("The Gazette", "Gazette", "Reuters", "Associated Press") for q in quotes)


def test_honorific_and_surname_resolve_to_the_full_name():
    quotes = quotes_of(make("a", ["Daniel Okoro, the harbour master, inspected the quay.",
                                  "Mr Okoro said the cranes would be moved by Friday."]))
    assert only(quotes, "cranes").speaker == "Daniel Okoro"


def test_organisation_variants_are_one_speaker():
    quotes = quotes_of(make("a", ["The Department of Labor said the figures would be revised.",
                                  "The Labor Department said the survey had been delayed by the storm."]))
    assert only(quotes, "figures").speaker == only(quotes, "survey").speaker


def test_one_statement_credited_to_different_speakers_is_shown():
    a = make("a", ['"The levee will hold through the night," said Paula Greer.'])
    b = make("b", ['"The levee will hold through the night," said Tom Hadley.'], source="Valley Post")
    quotes = quotes_of(a, b)
    first = next(q for q in quotes if q.article == "a")
    assert first.speaker == "Paula Greer" and first.other_speakers == ("Tom Hadley",)


def test_follow_on_quote_after_he_added():
    quotes = quotes_of(make("a", ['"We lost the harvest," said Emeka Obi. "The river took it all," he added.']))
    assert only(quotes, "river").speaker == "Emeka Obi"
