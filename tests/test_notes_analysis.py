"""Cross-article notes of a passage: counterparts, exclusive passages, figures, quotes, terms."""

from __future__ import annotations

import pytest

from caravan_tui.analysis.align import PassageRef
from caravan_tui.analysis.findings import FINDING_KINDS, all_findings, findings_for_passage
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from factories import make_article
from fixture_paths import SEEDS

FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"
MARCH = ("marched through the capital on Tuesday to demand higher wages for hospital staff, blocking the main "
         "avenue for hours.")


A = make_article("alpha", [
    f"Thousands of protesters {MARCH}",
    "Police said a crowd of 6,000 gathered outside the parliament building before the speeches began in the "
    "early afternoon.",
    '"We will keep marching until they hear us," said Ellen Hartley, a nurse from the northern district.',
], source="Northern Ledger")
B = make_article("beta", [
    f"Thousands of demonstrators {MARCH}",
    "Police said a crowd of 8,000 gathered outside the parliament building before the speeches began in the "
    "early afternoon.",
    "Hospital managers said the wards would stay open through the weekend.",
], source="Southern Courier")


@pytest.fixture(scope="module")
def strike():
    articles = [A, B]
    return analyse_corpus(articles, {"alpha": "strike", "beta": "strike"}), articles


def by_kind(notes, kind):
    return [n for n in notes if n.kind == kind]


def test_counterpart_note_shows_the_other_version_and_its_differences(strike):
    analysis, articles = strike
    [note] = by_kind(findings_for_passage(analysis, articles, "alpha", 0), "counterpart")
    assert note.details.outlet == "Southern Courier" and note.details.carried is True
    assert note.refs == [PassageRef("alpha", 0), PassageRef("beta", 0)]
    assert {"this": "protesters", "other": "demonstrators", "class": "framing"} in [
        change.to_dict() for change in note.details.differences]
    assert "demonstrators" in note.text


def test_passage_not_carried_gets_not_carried_and_exclusive_notes(strike):
    analysis, articles = strike
    notes = findings_for_passage(analysis, articles, "alpha", 2)
    [missing] = by_kind(notes, "counterpart")
    assert missing.details.carried is False and missing.text == "Not carried by Southern Courier"
    [exclusive] = by_kind(notes, "exclusive")
    assert exclusive.details.position == "end" and "Northern Ledger" in exclusive.text


def test_conflicting_figure_note(strike):
    analysis, articles = strike
    [figure] = by_kind(findings_for_passage(analysis, articles, "beta", 1), "figure")
    assert figure.details.status == "conflicting" and figure.details.value == 8000
    assert figure.details.conflicts[0].figure == "6,000"
    assert PassageRef("alpha", 1) in figure.refs


def test_quote_note_names_the_speaker(strike):
    analysis, articles = strike
    [quote] = by_kind(findings_for_passage(analysis, articles, "alpha", 2), "quote")
    assert quote.details.speaker == "Ellen Hartley" and quote.details.outlets == ["Northern Ledger"]


def test_term_note_counts_each_outlet(strike):
    analysis, articles = strike
    terms = {n.details.term: n for n in by_kind(findings_for_passage(analysis, articles, "beta", 0), "term")}
    assert terms["demonstrators"].details.by_article == {"alpha": 0, "beta": 1}


def test_all_notes_lists_each_aligned_pair_once(strike):
    analysis, articles = strike
    notes = all_findings(analysis, articles)
    carried = [n for n in by_kind(notes, "counterpart") if n.details.carried]
    pairs = [frozenset((r.article, r.passage) for r in n.refs) for n in carried]
    assert len(pairs) == len(set(pairs)) == len(analysis.alignment.pairs)
    assert {n.kind for n in notes} <= set(FINDING_KINDS)


def test_unknown_article_has_no_notes(strike):
    analysis, articles = strike
    assert findings_for_passage(analysis, articles, "nowhere", 0) == []


@pytest.fixture(scope="module")
def seed_notes():
    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    return all_findings(analysis, corpus.articles)


def test_acceptance_figure_notes(seed_notes):
    figures = {(n.refs[0].article, n.details.value): n.details.status for n in by_kind(seed_notes, "figure")}
    assert figures[(FIRST, 680_000)] == figures[(SECOND, 680_000)] == "shared"
    assert figures[(FIRST, 500_000)] == figures[(SECOND, 500_000)] == "shared"
    assert figures[(FIRST, 10_000)] == figures[(FIRST, 2_000_000)] == "exclusive"
    assert (SECOND, 46) not in figures   # an age is not a story figure


def test_acceptance_term_notes(seed_notes):
    terms = {n.details.term: n.details.by_article for n in by_kind(seed_notes, "term")}
    assert terms["illegal immigrants"][FIRST] > 0 and terms["illegal immigrants"][SECOND] == 0
    assert terms["refugees and asylum seekers"][SECOND] > 0 and terms["refugees and asylum seekers"][FIRST] == 0


def test_every_finding_round_trips_through_to_dict_and_from_dict():
    from caravan_tui.analysis.findings import Finding
    from caravan_tui.analysis.pipeline import analyse_corpus
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.corpus.loader import load_corpus
    from fixture_paths import SEEDS

    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    findings = all_findings(analysis, corpus.articles)
    assert {finding.kind for finding in findings} == set(FINDING_KINDS)
    for finding in findings:
        data = finding.to_dict()
        assert Finding.from_dict(data) == finding
        assert data["kind"] == finding.kind and data["refs"][0] == finding.refs[0].to_dict()
