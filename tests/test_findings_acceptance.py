"""Issue #14 acceptance on the invented dam-failure story (tests/fixtures/findings): a few findings end to end.

bench/score_findings.py scores the whole hand annotation (reference.json); these tests pin what a
reader must see whatever else changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.analysis.figures import story_figures
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.quotes import story_quotes
from caravan_tui.corpus.loader import load_corpus

FINDINGS = Path(__file__).parent / "fixtures" / "findings"


@pytest.fixture(scope="module")
def story():
    articles = sorted(load_corpus([FINDINGS]).articles, key=lambda a: a.id)
    analysis = analyse_corpus(articles, {a.id: "dam" for a in articles})
    return analysis, articles, story_quotes(analysis, articles), story_figures(analysis, articles)


def test_the_sheriff_is_one_speaker_in_every_outlet(story):
    _, _, quotes, _ = story
    names = {q.speaker for q in quotes if q.speaker and "Whitcomb" in q.speaker}
    assert names == {"Dale Whitcomb"}
    assert {q.article for q in quotes if q.speaker == "Dale Whitcomb"} >= {"01_continental_press", "06_the_ledger"}


def test_outlets_and_credit_lines_never_speak(story):
    _, articles, quotes, _ = story
    outlets = {a.outlet for a in articles} | {"Anna Feld", "Mark Tolle", "Sam Oduya", "Clare Benn"}
    assert not {q.speaker for q in quotes} & outlets


def test_a_quote_credited_to_another_speaker_elsewhere_is_flagged(story):
    _, _, quotes, _ = story
    herald = next(q for q in quotes if q.article == "03_morning_herald" and q.text.startswith("The dam did exactly"))
    assert herald.speaker == "Dale Whitcomb" and "Priya Raman" in herald.other_speakers


def test_the_death_toll_conflicts_and_the_water_volume_agrees(story):
    _, _, _, figures = story
    deaths = {f.article: f for f in figures if f.quantity == "people killed"}
    assert deaths["01_continental_press"].status == "conflicting"
    assert ("06_the_ledger", 0, "Seventeen") in deaths["01_continental_press"].conflicts_with
    volumes = [f for f in figures if f.value == 4e9]
    assert len(volumes) == 5 and all(f.status == "shared" for f in volumes)


def test_differences_between_the_wire_and_a_rewrite_have_their_classes(story):
    analysis, _, _, _ = story
    pairs = [p for p in analysis.alignment.pairs
             if {p.a.article, p.b.article} == {"01_continental_press", "03_morning_herald"}]
    classes = {(d.a, d.b): d.cls for p in pairs for d in p.differences}
    assert classes[("14", "16")] == "figure" and classes[("300", "3,000")] == "figure"
    assert classes[("U.S.", "US")] == "style"


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from caravan_tui.analysis.differences import differences  # noqa: E402
from caravan_tui.corpus.model import Article, Passage  # noqa: E402

_PIECES = st.sampled_from(['"', "''", "\u201c", "\u201d", ",", ".", " said ", " told ", " according to ", "He ",
                           " Jane Roe", " officials", " 12", " between 3 and 4", " could reach $5 million",
                           "KESTREL BAY, Maine (Reuters) - ", " the ", "\u2014", "(", ")", " a day", "U.S."])


@given(st.lists(_PIECES, max_size=40), st.lists(_PIECES, max_size=40))
def test_any_text_is_read_without_error(left, right):
    a_text, b_text = "".join(left), "".join(right)
    article = Article(id="x", path=Path("x.md"), title="x", source="X", passages=(Passage(0, "paragraph", a_text),))
    analysis = analyse_corpus([article], {"x": "s"})
    for quote in story_quotes(analysis, [article]):
        assert 0 <= quote.start <= quote.end <= len(a_text)
    story_figures(analysis, [article])
    for diff in differences(a_text, b_text):
        assert a_text[diff.a_start:diff.a_end] == diff.a and b_text[diff.b_start:diff.b_end] == diff.b
