"""Per-passage display data is computed for the passages drawn, and equals the eager definition."""

from __future__ import annotations

import re

from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.ui import analysis_view
from caravan_tui.ui.lazy_mapping import LazyMapping
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from fixture_paths import SEEDS
from test_ui_reading_pane import PaneApp
from ui_helpers import many_passages_corpus


def test_a_lazy_mapping_computes_each_key_once_and_only_when_asked():
    asked: list[int] = []

    def square_of_even(key: int) -> int | None:
        asked.append(key)
        return key * key if key % 2 == 0 else None

    squares = LazyMapping(range(6), square_of_even)
    assert squares.get(4) == 16 and squares.get(4) == 16 and asked == [4]
    assert 3 not in squares and squares.get(3, "none") == "none"
    assert squares == {0: 0, 2: 4, 4: 16} and list(squares) == [0, 2, 4] and len(squares) == 3
    assert sorted(asked) == [0, 1, 2, 3, 4, 5]  # each key once, though looked up again by the comparison


def test_highlights_and_gutter_marks_equal_their_eager_definition_on_the_samples():
    corpus = load_corpus([SEEDS])
    story_of = story_of_each(corpus.articles)
    analysis = analyse_corpus(corpus.articles, story_of)
    enabled = {"person", "place"}
    for article in corpus.articles:
        size = sum(1 for other in corpus.articles if story_of[other.id] == story_of[article.id])
        expected_marks, expected_spans = {}, {}
        for passage in article.passages:
            if size > 1 and analysis.alignment.is_unique(article.id, passage.index):
                expected_marks[passage.index] = analysis_view.UNIQUE_MARK
            elif analysis.alignment.is_changed(article.id, passage.index):
                expected_marks[passage.index] = analysis_view.CHANGED_MARK
            spans = [(m.start, m.end) for m in analysis.entities.mentions_in(article.id, passage.index)
                     if m.type in enabled]
            if spans:
                expected_spans[passage.index] = spans
        assert expected_marks and expected_spans
        assert analysis_view.gutter_marks(analysis.alignment, article, size) == expected_marks
        highlights = analysis_view.highlight_spans(analysis.entities, article, enabled)
        assert {index: [(start, end) for start, end, _ in spans] for index, spans in highlights.items()} \
            == expected_spans


async def test_a_long_article_computes_marks_only_for_the_passages_it_draws():
    article = many_passages_corpus(300).articles[0]
    asked: set[int] = set()

    def mark_of(index: int) -> str | None:
        asked.add(index)
        return "+" if index % 3 == 0 else None

    app = PaneApp(article)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.set_gutter_marks(LazyMapping(range(300), mark_of))
        await pilot.pause()
        drawn = [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]
        assert 0 < len(asked) < 20  # the passages on screen, not the 300
        numbered = [(line, int(found.group(1))) for line in drawn
                    if (found := re.search(r"Passage number (\d+)\.", line))]
        assert len(numbered) > 2
        assert all(line[1] == ("+" if number % 3 == 0 else " ") for line, number in numbered)
